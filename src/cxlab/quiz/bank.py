"""Question banks: trainers write YAML with the answers; participants get sealed JSON.

A bank source lives in ``banks/NN-topic.yml`` at the top of the repository (trainer files,
not shipped in the package)::

    id: 00-start-here
    title: Contact-centre basics
    questions:
      - id: asa-meaning
        kind: text                # single | multiple | numeric | text | ordering
        prompt: What does ASA stand for?
        answer: [average speed of answer, average speed to answer]
        explanation: ASA is the average wait of answered calls...
        hint: It measures how quickly calls are answered.

``python -m cxlab.quiz build`` (or ``make notebooks``) seals every source into
``src/cxlab/quiz/banks/NN-topic.json`` (package data); ``check`` says if any is stale.
:func:`load_bank` loads a shipped bank by name, or any YAML/JSON bank file by path.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from .feedback import Feedback
from .questions import Question, QuestionError
from .sealing import SealedQuestion, seal

__all__ = ["Bank", "BankError", "list_banks", "load_bank"]

_PACKAGE_BANKS = "cxlab.quiz.banks"


class BankError(QuestionError):
    """A bank file is missing, unreadable or has a bad question; the message says where."""


@dataclass(frozen=True)
class Bank:
    """An ordered set of questions (plain or sealed), looked up by id."""

    id: str
    title: str
    questions: tuple[Question | SealedQuestion, ...]
    salt: str = ""

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for q in self.questions:
            if not q.id:
                raise BankError(f"bank {self.id!r}: every question needs an id")
            if q.id in seen:
                raise BankError(f"bank {self.id!r}: the id {q.id!r} is used twice")
            seen.add(q.id)

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self) -> Iterator[Question | SealedQuestion]:
        return iter(self.questions)

    def __getitem__(self, qid: str) -> Question | SealedQuestion:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(f"bank {self.id!r} has no question {qid!r}; "
                       f"it has {', '.join(q.id for q in self.questions)}")

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]

    @property
    def is_sealed(self) -> bool:
        return all(isinstance(q, SealedQuestion) for q in self.questions)

    def select(self, ids: list[str] | None) -> Bank:
        """A bank with just these questions, in this order (all when ``ids`` is None)."""
        if ids is None:
            return self
        return Bank(self.id, self.title, tuple(self[i] for i in ids), self.salt)

    def check(self, qid: str, answer: object) -> Feedback:
        """Check one answer offline, without widgets: ``bank.check("asa-meaning", "...")``."""
        return self[qid].check(answer)

    def render_text(self) -> str:
        """Every question as plain text, numbered."""
        body = "\n\n".join(q.render_text(i) for i, q in enumerate(self.questions, start=1))
        return f"{self.title}\n{'=' * len(self.title)}\n\n{body}"

    def sealed(self) -> Bank:
        """The same bank with every key sealed under the bank's salt."""
        salt = self.salt or _default_salt(self)
        return Bank(
            self.id,
            self.title,
            tuple(q if isinstance(q, SealedQuestion) else seal(q, salt) for q in self.questions),
            salt,
        )

    def to_json(self) -> str:
        """Serialise a sealed bank (stable text: sorted keys, two-space indent)."""
        if not self.is_sealed:
            raise BankError(f"bank {self.id!r}: seal it before writing it out (bank.sealed())")
        data = {
            "format": "cxlab-sealed-bank-1",
            "id": self.id,
            "title": self.title,
            "salt": self.salt,
            "questions": [q.to_dict() for q in self.questions],
        }
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _default_salt(bank: Bank) -> str:
    """A salt that depends on the bank's content, so rebuilding gives the same file."""
    text = "\x1f".join([bank.id, *(f"{q.id}\x1e{q.prompt}" for q in bank.questions)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _from_mapping(data: Any, where: str) -> Bank:
    if not isinstance(data, Mapping):
        raise BankError(f"{where}: a bank must be a mapping with id, title and questions")
    for key in ("id", "questions"):
        if key not in data:
            raise BankError(f"{where}: the field {key!r} is missing")
    questions = data["questions"]
    if not isinstance(questions, list) or not questions:
        raise BankError(f"{where}: 'questions' must be a non-empty list")
    bank_id, title = str(data["id"]), str(data.get("title", data["id"]))
    if data.get("format") == "cxlab-sealed-bank-1":
        salt = str(data["salt"])
        parsed = tuple(SealedQuestion.from_dict(q, salt=salt) for q in questions)
        return Bank(bank_id, title, parsed, salt)
    parsed_plain = []
    for number, q in enumerate(questions, start=1):
        try:
            parsed_plain.append(Question.from_dict(q, where=f"{where}, question {number}"))
        except QuestionError as exc:
            raise BankError(str(exc)) from None
    try:
        return Bank(bank_id, title, tuple(parsed_plain))
    except BankError as exc:
        raise BankError(f"{where}: {exc}") from None


def read_bank_file(path: str | Path) -> Bank:
    """Read a bank from a YAML (plain) or JSON (plain or sealed) file."""
    path = Path(path)
    if not path.exists():
        raise BankError(f"there is no bank file {str(path)!r}")
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() in {".yml", ".yaml"}:
            import yaml

            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except Exception as exc:  # yaml.YAMLError, json.JSONDecodeError
        raise BankError(f"{path.name} could not be read: {exc}") from None
    return _from_mapping(data, path.name)


def list_banks() -> list[str]:
    """Names of the sealed banks shipped with cxlab.

    >>> "00-start-here" in list_banks()
    True
    """
    return sorted(
        entry.name.removesuffix(".json")
        for entry in files(_PACKAGE_BANKS).iterdir()
        if entry.name.endswith(".json")
    )


def load_bank(name_or_path: str | Path) -> Bank:
    """A shipped bank by name (``"00-start-here"``), or a bank file by path.

    >>> bank = load_bank("00-start-here")
    >>> bank.is_sealed and len(bank) >= 10
    True
    """
    text = str(name_or_path)
    if text in list_banks():
        resource = files(_PACKAGE_BANKS).joinpath(f"{text}.json")
        return _from_mapping(json.loads(resource.read_text(encoding="utf-8")), f"{text}.json")
    if isinstance(name_or_path, Path) or text.endswith((".yml", ".yaml", ".json")):
        return read_bank_file(name_or_path)
    raise BankError(f"there is no bank called {text!r}; the banks are "
                    f"{', '.join(list_banks())} (or give the path of a bank file)")


# -- build -----------------------------------------------------------------------------------
def expected_outputs(root: Path) -> dict[Path, str]:
    """Each sealed bank file and the text it should have, from ``root/banks/*.yml``."""
    out_dir = root / "src" / "cxlab" / "quiz" / "banks"
    outputs = {}
    for source in sorted((root / "banks").glob("*.y*ml")):
        bank = read_bank_file(source)
        if bank.id != source.stem:
            raise BankError(f"{source.name}: its id is {bank.id!r}; name the file {bank.id}.yml")
        outputs[out_dir / f"{bank.id}.json"] = bank.sealed().to_json()
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cxlab.quiz",
                                     description="Seal the question banks in banks/.")
    parser.add_argument("command", choices=["build", "check"])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        outputs = expected_outputs(root)
    except BankError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    stale = [p for p, text in outputs.items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    out_dir = root / "src" / "cxlab" / "quiz" / "banks"
    orphans = [p for p in sorted(out_dir.glob("*.json")) if p not in outputs]
    if args.command == "build":
        for path in stale:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(outputs[path], encoding="utf-8")
            print(f"wrote {path.relative_to(root)}")
        for path in orphans:
            path.unlink()
            print(f"removed {path.relative_to(root)} (no source in banks/)")
        return 0
    for path in stale:
        print(f"out of date: {path.relative_to(root)} (run `make notebooks`)", file=sys.stderr)
    for path in orphans:
        print(f"no source in banks/ for {path.relative_to(root)}", file=sys.stderr)
    if not stale and not orphans:
        print(f"all {len(outputs)} sealed bank(s) match their sources")
    return 1 if stale or orphans else 0
