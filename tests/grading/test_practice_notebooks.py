"""The practice notebooks: a fresh practice case and instant feedback, one per assessment.

Each module with an assessment has a notebook ``NN.MM-practice-a-case-of-your-own`` that asks
the assessment's questions on a practice case and checks every answer at once. Here:

* for several practice codes, the right answer every feedback cell computes (what it hands to
  ``quiz.check_number``, ``quiz.check_choice``, ``quiz.single_choice`` or
  ``quiz.multiple_choice``) is the key the grader computes for the same case, with the same
  tolerance. The key comes from the assessment's own hidden tests, evaluated by
  :func:`cxlab.grading.marking.mark` as ``cxlab grade`` does: another route, written for
  marking, not the notebook's expressions;
* every automatically marked question the notebook leaves out has the same key on every case
  (so it gives nothing personal to practise, and instant feedback on it would only hand out the
  assessment's answer), and no written question is practised;
* a personal code typed into a practice notebook draws a fresh practice case, never the graded
  one, and ``PRACTICE`` draws a new case at every run.

The notebooks run in an IPython shell in this process (the ``%%answer`` cells are read by the
real cell magic), as shipped to participants (``course/``), with the practice code put in the
cell tagged ``parameters``. That the worked copies run top to bottom and every feedback says
"Correct" is checked by tests/notebooks/test_execute.py.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from cxlab import cases
from cxlab.grading.marking import Key, mark
from cxlab.quiz.typed import parse_answer_cell
from tests.conftest import ROOT, load_notebook

pytestmark = pytest.mark.grading

#: Assessment -> (its practice notebook, the questions that notebook practises).
PRACTICE = {
    "00-start-here": ("00-start-here/00.02-practice-a-case-of-your-own.ipynb", ("q1", "q3")),
    "01-service-level": ("01-service-level/01.08-practice-a-case-of-your-own.ipynb",
                         ("q1", "q2", "q3", "q4", "q5", "q8", "q10")),
    "02-metric-interrelationships": (
        "02-metric-interrelationships/02.05-practice-a-case-of-your-own.ipynb",
        ("q1", "q2", "q3", "q5", "q8", "q9")),
    "03-coaching-scoring": ("03-coaching-scoring/03.05-practice-a-case-of-your-own.ipynb",
                            ("q1", "q2", "q3", "q4", "q6", "q7", "q8", "q10")),
    "04-prioritisation": ("04-prioritisation/04.05-practice-a-case-of-your-own.ipynb",
                          ("q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q10", "q11", "q12")),
    "05-journey-mapping": ("05-journey-mapping/05.06-practice-a-case-of-your-own.ipynb",
                           ("q1", "q2", "q3", "q4", "q5", "q6", "q9")),
    "06-making-cx-stick": ("06-making-cx-stick/06.08-practice-a-case-of-your-own.ipynb",
                           ("q1", "q2", "q3", "q4", "q7", "q9", "q10", "q11", "q12")),
    "07-planning-the-operation": (
        "07-planning-the-operation/07.05-practice-a-case-of-your-own.ipynb",
        ("q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9")),
}

#: Practice codes drawn once with ``cases.practice_code()`` and kept, so every run checks the
#: same cases (each notebook's worked code is checked too).
CODES = ("PD9X-2763-Y", "PVDW-1NGT-V", "P2BG-HYZD-V")


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _worked_code(assignment: str) -> str:
    """The fixed practice code of the worked copy (its ``solution-only`` cell)."""
    nb = load_notebook(ROOT / "solutions" / PRACTICE[assignment][0])
    cell = next(c for c in nb["cells"] if "solution-only" in c["metadata"].get("tags", []))
    return _source(cell).split('"')[1]


def _cases() -> list[tuple[str, str]]:
    return [(a, code) for a in PRACTICE for code in (_worked_code(a), *CODES)]


# -- the grader's keys ----------------------------------------------------------------------------
def _assessment_key(assignment: str) -> Key:
    path = ROOT / "assessments" / assignment / f"{assignment}.ipynb"
    return Key.from_notebook(json.loads(path.read_text(encoding="utf-8")), name=assignment)


def grader_keys(assignment: str, code: str) -> dict[str, dict]:
    """Question -> the key the hidden tests compute for the case of ``code`` (as marking does)."""
    found = {}
    for m in mark(_assessment_key(assignment), {}, code=code):
        assert not m.problem, m.problem
        assert m.key is not None, f"{assignment} {m.grade_id}: the test gives no key"
        found[m.answer] = m.key
    return found


# -- the practice notebook, run in an IPython shell ---------------------------------------------
@dataclass(frozen=True)
class Check:
    """What one feedback cell compares the answer with."""

    kind: str  # numeric, single, multiple or choice (one of named options, by number)
    right: object
    abs_tol: float | None = None


@pytest.fixture
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    from cxlab.quiz.typed import register_if_in_ipython

    ip = InteractiveShell.instance()
    ip.run_cell("from cxlab import quiz")
    # this process imported cxlab.quiz before the shell existed: register %%answer as that
    # import does in a kernel
    register_if_in_ipython()
    yield ip
    InteractiveShell.clear_instance()


def _run_cells(shell, assignment: str, code: str, *, until: str | None = None
               ) -> Iterator[tuple[str, str]]:
    """Run the participant's copy with ``code`` as its practice code, cell by cell.

    Yields (question of the answer cell last run, source) after each cell; stops after the
    first cell containing ``until``.
    """
    nb = load_notebook(ROOT / "course" / PRACTICE[assignment][0])
    question = ""
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = _source(cell)
        if "parameters" in cell["metadata"].get("tags", []):
            source = f"practice_code = {code!r}"
        parsed = parse_answer_cell(source)
        if parsed:
            question = parsed[0].removeprefix("answer_")
        result = shell.run_cell(source)
        assert result.success, (f"{assignment} practice notebook, cell {index}:\n{source}\n"
                                f"{result.error_in_exec or result.error_before_exec!r}")
        yield question, source
        if until is not None and until in source:
            return


@contextmanager
def _recording(monkeypatch) -> Iterator[list[tuple[str, Check]]]:
    """Record what every feedback check is handed as the right answer."""
    from cxlab import quiz
    from cxlab.quiz.answers import normalise_choice, normalise_choices

    calls: list[tuple[str, Check]] = []
    real = {name: getattr(quiz, name) for name in
            ("check_number", "check_choice", "single_choice", "multiple_choice")}

    def check_number(answer, expected, **options):
        calls.append(("", Check("numeric", float(expected), options.get("abs_tol"))))
        return real["check_number"](answer, expected, **options)

    def check_choice(answer, expected, options, **info):
        calls.append(("", Check("choice", str(expected))))
        return real["check_choice"](answer, expected, options, **info)

    def single_choice(answer, options="ABCD", **info):
        calls.append(("", Check("single", normalise_choice(answer, "ABCDEFGH"))))
        return real["single_choice"](answer, options, **info)

    def multiple_choice(answer, options, **info):
        letters = ", ".join(sorted(normalise_choices(answer, "ABCDEFGH"))) if answer else ""
        calls.append(("", Check("multiple", letters)))
        return real["multiple_choice"](answer, options, **info)

    with monkeypatch.context() as patch:
        for name, fake in (("check_number", check_number), ("check_choice", check_choice),
                           ("single_choice", single_choice),
                           ("multiple_choice", multiple_choice)):
            patch.setattr(quiz, name, fake)
        yield calls


def feedback_checks(shell, monkeypatch, assignment: str, code: str) -> dict[str, Check]:
    """Question -> what its feedback cell takes as the right answer, for the case of ``code``."""
    found: dict[str, Check] = {}
    with _recording(monkeypatch) as calls:
        for question, _source_text in _run_cells(shell, assignment, code):
            for _, check in calls:
                assert question and question not in found, (
                    f"{assignment}: a second check, or a check above the first answer cell "
                    f"({question!r})")
                found[question] = check
            calls.clear()
    assert shell.user_ns["case"].code == code, "the notebook did not draw the case of its code"
    return found


# -- comparing them ------------------------------------------------------------------------------
def _agree(check: Check, key: dict) -> str:
    """Empty if the feedback's right answer is the grader's key; else what differs."""
    if key["kind"] == "numeric":
        if check.kind == "choice":  # a number that names an option (03: evaluator E7 is 7)
            right = float(str(check.right).lstrip("E"))
        elif check.kind == "numeric":
            right = check.right
            # the same tolerance: a practice check stricter or looser than the marking would
            # tell a participant something the marking contradicts (27.7 agents, say)
            if check.abs_tol != key["abs_tol"]:
                return f"tolerance {check.abs_tol}, the assessment's {key['abs_tol']}"
        else:
            return f"a {check.kind} check on a numeric question"
        if not math.isclose(right, key["answer"], rel_tol=1e-9, abs_tol=1e-9):
            return f"right answer {right!r}, the grader's {key['answer']!r}"
        return ""
    if key["kind"] == "single":
        return "" if (check.kind, check.right) == ("single", key["answer"]) else (
            f"{check.kind} {check.right!r}, the grader's {key['answer']!r}")
    if key["kind"] == "multiple":
        graded = ", ".join(sorted(key["answer"]))
        return "" if (check.kind, check.right) == ("multiple", graded) else (
            f"{check.kind} {check.right!r}, the grader's {graded!r}")
    return f"a {key['kind']} question has no practice check"


@pytest.mark.parametrize(("assignment", "code"), _cases(), ids=lambda v: v)
def test_every_feedback_gives_the_graders_key(shell, monkeypatch, assignment: str,
                                             code: str) -> None:
    assert cases.read_code(code) == code and code.startswith("P")
    keys = grader_keys(assignment, code)
    checks = feedback_checks(shell, monkeypatch, assignment, code)
    practised = PRACTICE[assignment][1]
    assert tuple(checks) == practised
    differences = {q: why for q in practised if (why := _agree(checks[q], keys[q]))}
    assert not differences, f"{assignment}, practice case {code}: {differences}"


@pytest.mark.parametrize("assignment", list(PRACTICE))
def test_left_out_questions_are_the_same_for_everybody(assignment: str) -> None:
    key = _assessment_key(assignment)
    assert key.written, "every assessment has a written question, marked by the trainer"
    practised = set(PRACTICE[assignment][1])
    marked = {m.answer for m in mark(key, {}, code=CODES[0])}
    assert practised <= marked, "a practised question that the grader does not mark"
    left_out = sorted(marked - practised)
    drawn = [grader_keys(assignment, code) for code in (_worked_code(assignment), *CODES)]
    for question in left_out:
        assert all(d[question] == drawn[0][question] for d in drawn), (
            f"{assignment} {question} depends on the case: practise it too")
    # and a practised question really is personal: its key differs on some case
    for question in practised:
        assert any(d[question] != drawn[0][question] for d in drawn), (
            f"{assignment} {question}: the same key on every case drawn here")


@pytest.mark.parametrize("assignment", list(PRACTICE))
def test_a_personal_code_gets_a_fresh_practice_case(shell, capsys, assignment: str) -> None:
    """Instant feedback must never answer a graded case, whatever code is typed."""
    personal = cases.code_for(b"a course", "ann")
    list(_run_cells(shell, assignment, personal, until="quiz.case("))
    drawn = shell.user_ns["case"]
    assert drawn.practice and drawn.code != personal
    assert drawn.values != cases.draw(assignment, personal).values
    assert "practice cases only" in capsys.readouterr().out
    # PRACTICE (the shipped setting): a new case at every run
    list(_run_cells(shell, assignment, "PRACTICE", until="quiz.case("))
    first = shell.user_ns["case"]
    list(_run_cells(shell, assignment, "PRACTICE", until="quiz.case("))
    assert first.practice and shell.user_ns["case"].practice
    assert shell.user_ns["case"].code != first.code


@pytest.mark.parametrize("assignment", list(PRACTICE))
def test_practice_notebooks_keep_code_cells_short(assignment: str) -> None:
    nb = load_notebook(ROOT / "solutions" / PRACTICE[assignment][0])
    long = [i for i, c in enumerate(nb["cells"])
            if c["cell_type"] == "code" and len(_source(c).splitlines()) > 10]
    assert not long, f"cells {long} have more than 10 lines"


def test_the_practice_notebooks_are_those_in_the_course() -> None:
    shipped = {p.relative_to(ROOT / "solutions").as_posix()
               for p in (ROOT / "solutions").glob("*/*-practice-a-case-of-your-own.ipynb")}
    assert shipped == {path for path, _ in PRACTICE.values()}
    assessments = {p.parent.name for p in (ROOT / "assessments").glob("*/*.ipynb")}
    assert assessments <= set(PRACTICE), "an assessment without a practice notebook"
