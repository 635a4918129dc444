"""Sealed questions: answer keys participants can check against but not read.

A sealed question keeps only salted SHA-256 digests of its answer, so a bank file or a
notebook can be shipped to participants and still check answers offline, with no server:

* single choice: the digest of the right letter;
* multiple choice: one digest per option, of the letter and whether it is right;
* short text: one digest per accepted answer (after normalisation);
* ordering: one digest per position, of the position and the letter that belongs there;
* numeric: the number line is cut into cells as wide as the tolerance (for a relative
  tolerance, cells of equal ratio); the key is the digest of the cell holding the answer,
  plus the exact answer locked with that cell's digest. A typed number tries the few cells
  within reach; only an answer within about two tolerances unlocks the exact value, which
  is then compared with the tolerance exactly. So a near miss still hears "a little too
  low", and a far one learns nothing.

Explanations usually give the answer away, so they are locked the same way and shown once
the question is answered correctly. This is protection against reading, not against a
programmer who tries every option: four letters are quickly tried. That is the point of a
practice quiz; graded assessments keep their keys in nbgrader's hidden tests instead.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .feedback import _fmt
from .questions import (
    Question,
    QuestionError,
    _pair_share,
    _percent_note,
    _QuestionView,
    _unit,
)

__all__ = ["SealedQuestion", "seal"]

_DIGEST_CHARS = 32


def _digest(salt: str, qid: str, *parts: str) -> str:
    data = "\x1f".join(["cxlab-quiz-v1", salt, qid, *parts]).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:_DIGEST_CHARS]


def _keystream(key: str, length: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < length:
        out += hashlib.sha256(f"{key}\x1f{counter}".encode()).digest()
        counter += 1
    return out[:length]


def _lock(text: str, key: str) -> str:
    raw = text.encode("utf-8")
    return base64.b64encode(bytes(a ^ b for a, b in zip(raw, _keystream(key, len(raw)),
                                                         strict=True))).decode("ascii")


def _unlock(box: str, key: str) -> str:
    raw = base64.b64decode(box)
    return bytes(a ^ b for a, b in zip(raw, _keystream(key, len(raw)), strict=True)).decode(
        "utf-8"
    )


# -- numeric cells ---------------------------------------------------------------------------
def _abs_cell(value: float, tol: float) -> str:
    return f"a{math.floor(value / tol)}"


def _rel_cell(value: float, tol: float) -> str:
    if value == 0:
        return "r0"
    step = math.log1p(tol)
    sign = "+" if value > 0 else "-"
    return f"r{sign}{math.floor(math.log(abs(value)) / step)}"


def _candidate_cells(value: float, mode: str, tol: float) -> list[str]:
    """Every cell an answer within tolerance of ``value`` could lie in (a few extra)."""
    if mode == "abs":
        low, high = math.floor((value - tol) / tol), math.floor((value + tol) / tol)
        return [f"a{k}" for k in range(low - 1, high + 2)]
    if value == 0:
        return ["r0"]
    step = math.log1p(tol)
    sign = "+" if value > 0 else "-"
    size = abs(value)
    low = math.floor(math.log(size * (1 - tol)) / step)
    high = math.floor(math.log(size / (1 - tol)) / step)
    return [f"r{sign}{k}" for k in range(low - 1, high + 2)]


@dataclass(frozen=True)
class SealedQuestion(_QuestionView):
    """A question whose key is sealed (see the module docstring). Checks like the original."""

    salt: str = ""
    keys: Mapping[str, Any] = field(default_factory=dict)

    # -- reading the sealed key -------------------------------------------------------------
    def _explanation(self, canonical: str) -> str:
        box = self.keys.get("explanations", {}).get(_digest(self.salt, self.id, "explain-id",
                                                            canonical))
        if not box:
            return ""
        return _unlock(box, _digest(self.salt, self.id, "explain", canonical))

    def _numeric_key(self, value: float) -> tuple[float, str] | None:
        mode, tol = self.keys["mode"], float(self.keys["tol"])
        for cell in _candidate_cells(value, mode, tol):
            if _digest(self.salt, self.id, "tag", cell) == self.keys["tag"]:
                exact = float(_unlock(self.keys["box"], _digest(self.salt, self.id, "box", cell)))
                return exact, cell
        return None

    def _numeric_close(self, value: float, exact: float) -> bool:
        mode, tol = self.keys["mode"], float(self.keys["tol"])
        if mode == "abs":
            return math.isclose(value, exact, rel_tol=0.0, abs_tol=tol)
        return math.isclose(value, exact, rel_tol=tol, abs_tol=0.0)

    def _order(self) -> tuple[str, ...]:
        positions = self.keys["positions"]
        order = []
        for i, digest in enumerate(positions):
            found = [a for a in self.letters if _digest(self.salt, self.id, "position", str(i),
                                                        a) == digest]
            order.append(found[0] if found else "?")
        return tuple(order)

    def _correct_set(self) -> frozenset[str]:
        return frozenset(
            letter
            for letter, digest in zip(self.letters, self.keys["options"], strict=True)
            if _digest(self.salt, self.id, "option", letter, "1") == digest
        )

    # -- scoring ----------------------------------------------------------------------------
    def _evaluate(self, value: Any) -> tuple[float, str]:
        """(score, canonical form of the answer for unlocking the explanation)."""
        if self.kind == "single":
            ok = _digest(self.salt, self.id, "answer", value) == self.keys["digest"]
            return float(ok), value
        if self.kind == "text":
            ok = _digest(self.salt, self.id, "answer", value) in self.keys["digests"]
            return float(ok), value
        if self.kind == "multiple":
            correct = self._correct_set()
            hits, wrong = len(value & correct), len(value - correct)
            return max(0.0, (hits - wrong) / len(correct)), ",".join(sorted(value))
        if self.kind == "ordering":
            return _pair_share(value, self._order()), ",".join(value)
        found = self._numeric_key(value)
        if found is None:
            return 0.0, ""
        exact, cell = found
        return float(self._numeric_close(value, exact)), cell

    def _right_options(self) -> frozenset[str]:
        return self._correct_set()

    def _right_order(self) -> tuple[str, ...]:
        return self._order()

    def _numeric_miss(self, value: float) -> str:
        found = self._numeric_key(value)
        if found is not None:
            direction = "too low" if value < found[0] else "too high"
            return (f"Close, but not within the tolerance: {_fmt(value)}{_unit(self.unit)} "
                    f"is a little {direction}.")
        return (f"Not right yet: {_fmt(value)}{_unit(self.unit)} is not it."
                + _percent_note(value, self.unit))

    # -- data -------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "prompt": self.prompt}
        if self.options:
            data["options"] = list(self.options)
        for key in ("unit", "hint"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        data["sealed"] = dict(self.keys)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, salt: str) -> SealedQuestion:
        return cls(
            kind=data["kind"],
            options=tuple(data.get("options", ())),
            id=data["id"],
            prompt=data.get("prompt", ""),
            hint=data.get("hint", ""),
            unit=data.get("unit", ""),
            salt=salt,
            keys=data["sealed"],
        )


def seal(question: Question, salt: str) -> SealedQuestion:
    """Seal ``question``'s key with ``salt`` (use one salt per bank).

    >>> from cxlab.quiz import single_choice
    >>> sealed = seal(single_choice("B", ["Target", "Result"], id="t"), salt="demo")
    >>> "B" in str(sealed.keys), sealed.score("b"), sealed.score("A")
    (False, 1.0, 0.0)
    """
    if not question.id:
        raise QuestionError("a question needs an id before it can be sealed")
    if not salt:
        raise QuestionError("sealing needs a salt")
    qid = question.id
    keys: dict[str, Any] = {}
    canonical: list[str] = []
    if question.kind == "single":
        keys["digest"] = _digest(salt, qid, "answer", question.answer)
        canonical = [question.answer]
    elif question.kind == "text":
        keys["digests"] = sorted(_digest(salt, qid, "answer", a) for a in question.answer)
        canonical = list(question.answer)
    elif question.kind == "multiple":
        keys["options"] = [
            _digest(salt, qid, "option", letter, "1" if letter in question.answer else "0")
            for letter in question.letters
        ]
        canonical = [",".join(sorted(question.answer))]
    elif question.kind == "ordering":
        keys["positions"] = [
            _digest(salt, qid, "position", str(i), letter)
            for i, letter in enumerate(question.answer)
        ]
        canonical = [",".join(question.answer)]
    else:
        if question.abs_tol is not None and question.rel_tol is not None:
            raise QuestionError(
                f"question {qid!r}: give abs_tol or rel_tol, not both, for a sealed number"
            )
        if question.abs_tol is not None:
            mode, tol = "abs", float(question.abs_tol)
            cell = _abs_cell(question.answer, tol)
        else:
            mode, tol = "rel", float(question.rel_tol if question.rel_tol is not None else 0.005)
            cell = _rel_cell(question.answer, tol)
        keys.update(
            mode=mode,
            tol=tol,
            tag=_digest(salt, qid, "tag", cell),
            box=_lock(repr(question.answer), _digest(salt, qid, "box", cell)),
        )
        canonical = [cell]
    if question.explanation:
        keys["explanations"] = {
            _digest(salt, qid, "explain-id", c): _lock(
                question.explanation, _digest(salt, qid, "explain", c)
            )
            for c in canonical
        }
    return SealedQuestion(
        kind=question.kind,
        options=question.options,
        id=qid,
        prompt=question.prompt,
        hint=question.hint,
        unit=question.unit,
        salt=salt,
        keys=keys,
    )
