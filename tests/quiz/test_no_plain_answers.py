"""Nothing a participant can open gives an answer away in plain text.

Participant-facing: the course notebooks, the sealed banks shipped in the package, and the
released assessments (checked in tests/nbgrader/test_pipeline.py). Trainer files (banks/,
solutions/, assessments/) hold the keys.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from cxlab.quiz.bank import read_bank_file
from tests.conftest import ROOT, notebooks_under

PARTICIPANT_FILES = notebooks_under("course") + sorted(
    (ROOT / "src" / "cxlab" / "quiz" / "banks").glob("*.json")
)


def _participant_text() -> dict[Path, str]:
    texts = {}
    for path in PARTICIPANT_FILES:
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            raw = "\n".join("".join(c["source"]) for c in json.loads(raw)["cells"])
        texts[path] = raw
    return texts


def _bank_secrets() -> list[tuple[str, str, str]]:
    """(module, where, secret): explanations and accepted text answers of every bank."""
    secrets = []
    for source in sorted((ROOT / "banks").glob("*.yml")):
        for q in read_bank_file(source):
            if q.explanation:
                secrets.append((source.stem, f"{source.name}:{q.id} explanation",
                                q.explanation[:60]))
            if q.kind == "text":
                secrets += [(source.stem, f"{source.name}:{q.id} answer", a)
                            for a in q.extra["accepted"]]
    return secrets


@pytest.mark.parametrize(("module", "where", "secret"), _bank_secrets())
def test_bank_answers_and_explanations_are_not_in_participant_files(module: str, where: str,
                                                                    secret: str) -> None:
    """A bank's keys stay out of its own module's lessons and its sealed copy.

    Later modules may teach what an earlier quiz asked (module 01 spells out ASA).
    """
    for path, text in _participant_text().items():
        owner = path.parent.name if path.suffix == ".ipynb" else path.stem
        if owner != module:
            continue
        assert secret.lower() not in text.lower(), f"{where} is readable in {path.name}"


def _solution_literals(nb: dict) -> list[str]:
    """Model answers inside solution blocks of a worked notebook (numbers and strings).

    In an answer cell (``%%answer ...``) the block is the answer as typed; elsewhere, the
    values assigned in it.
    """
    found = []
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        for block in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", text, re.S):
            if text.startswith("%%answer"):
                found += [line.strip() for line in block.splitlines() if line.strip()]
                continue
            for node in ast.walk(ast.parse(block)):
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                    found.append(str(node.value.value))
    return found


@pytest.mark.parametrize("solution", notebooks_under("solutions"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_course_notebook_does_not_state_its_exercise_answers(solution: Path) -> None:
    student = ROOT / "course" / solution.relative_to(ROOT / "solutions")
    text = "\n".join("".join(c["source"]) for c in json.loads(student.read_text())["cells"])
    for literal in _solution_literals(json.loads(solution.read_text())):
        if len(literal) < 2:
            continue  # a single digit (a day or option number) appears in any text
        pattern = rf"(?<![\w.]){re.escape(literal)}(?![\w]|\.\d)"
        assert not re.search(pattern, text), (
            f"{student.name} shows {literal!r}, the answer of one of its exercises"
        )


def test_the_check_can_fail() -> None:
    """The scan above really looks: an answer planted in a notebook is found."""
    nb = {"cells": [{"source": ["### BEGIN SOLUTION\n", "x = 16\n", "### END SOLUTION\n"]}]}
    assert _solution_literals(nb) == ["16"]
    typed = {"cells": [{"source": ["%%answer answer_erlangs number Erlangs\n", "# Type...\n",
                                   "### BEGIN SOLUTION\n", "16\n", "### END SOLUTION"]}]}
    assert _solution_literals(typed) == ["16"]
    pattern = r"(?<![\w.])16(?![\w]|\.\d)"
    assert re.search(pattern, "those 16 Erlangs")
    assert not re.search(pattern, "x16, 116 and 16.5")
