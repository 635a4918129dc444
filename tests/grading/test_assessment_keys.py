"""Every assessment's keys, read and evaluated by the grader as ``cxlab grade`` does.

* the typed model answers earn every automatic mark;
* the form on each answer cell's first line is the kind of question its key marks (so what
  the participant's check reads is what the key expects);
* no question gives its answer away: every example in a question's text ("for example
  `C, A, B`") earns no mark (an ordering example less than full marks).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cxlab.grading.marking import Key, mark
from cxlab.quiz.typed import parse_answer_cell
from tests.conftest import ROOT

SOURCES = sorted((ROOT / "assessments").glob("*/*.ipynb"))


def _text(cell: dict) -> str:
    return "".join(cell["source"])


def _model_answers(nb: dict) -> dict[str, str]:
    answers = {}
    for cell in nb["cells"]:
        parsed = parse_answer_cell(_text(cell)) if cell["cell_type"] == "code" else None
        if parsed:
            body = _text(cell).split("### BEGIN SOLUTION\n")[1].split("### END SOLUTION")[0]
            answers[parsed[0]] = body.strip()
    return answers


def _examples(nb: dict) -> dict[str, list[str]]:
    """Examples in the question text just above each answer cell."""
    found, text = {}, ""
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = _text(cell)
            continue
        parsed = parse_answer_cell(_text(cell)) if cell["cell_type"] == "code" else None
        if parsed:
            found[parsed[0]] = re.findall(r"example[^`]{0,40}`([^`]+)`", text, re.I)
    return found


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
def test_model_answers_earn_every_mark_and_forms_match_keys(source: Path) -> None:
    nb = json.loads(source.read_text())
    key = Key.from_notebook(nb)
    assert key.answers and key.tests
    answers = _model_answers(nb)
    # a personal assessment's worked copy answers the case of the code typed in it
    marks = mark(key, answers, code=answers.get("code"))
    kinds = {a.name: a.form.kind for a in key.answers}
    for m in marks:
        assert not m.problem, m.problem
        assert m.points == m.out_of, (m.grade_id, m.comment)
        assert m.kind == kinds[m.answer], (m.grade_id, m.kind, kinds[m.answer])
    marked = [a for a in key.answers if a.form.kind != "code"]  # the code is read, not marked
    assert len({m.answer for m in marks}) == len(marked)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
def test_no_example_in_a_question_earns_marks(source: Path) -> None:
    nb = json.loads(source.read_text())
    key = Key.from_notebook(nb)
    checked = 0
    for name, examples in _examples(nb).items():
        for example in examples:
            code = _model_answers(nb).get("code")
            marks = [m for m in mark(key, {name: example}, code=code) if m.answer == name]
            for m in marks:
                checked += 1
                if m.kind == "ordering":
                    assert m.points < m.out_of, (name, example)
                else:
                    assert m.points == 0, (name, example, m.comment)
    assert checked, "no example found: the parser of question texts is broken"
