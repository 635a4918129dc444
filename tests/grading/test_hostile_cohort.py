"""A hostile cohort hands in assessment 01: nothing they add or edit raises a mark.

Every attacker below answers every question wrongly (the answers in ``WRONG`` earn 0 of the 12
automatic marks, worked out by hand) and adds code that, in the old design (answers and hidden
tests in one kernel), bought full marks. Marking now reads the typed text in the grader, so
each must score exactly 0, be graded (not fail), and be flagged in the table for the trainer.
Honest participants around them are marked as their answers deserve.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.grading.conftest import (
    OTHER,
    auto_total,
    autograded_nb,
    hand_in,
    release_nb,
    with_answers,
)

pytestmark = pytest.mark.grading

AUTO_MAX = 12.0

#: Wrong answers, worth 0 whatever the participant's personal case (no count, share or time
#: is negative; q6, q7 and q9 are the same for everyone, q9 reversed: every pair out of order).
WRONG = {
    "q1": "-1", "q2": "-1", "q3": "-1", "q4": "-1", "q5": "-1", "q6": "B, D", "q7": "A",
    "q8": "-1", "q9": "A, C, B", "q10": "-1",
}


def right(course: Path, student: str) -> dict[str, str]:
    """The right answers to the student's own case, worked out independently of cxlab."""
    from cxlab.cases import code_for
    from cxlab.grading._course import open_course
    from tests.grading.test_personal_cases import right_answers

    return right_answers(code_for(open_course(course).secret(), student))




def code_cell(source: str, **metadata) -> dict:
    return {"cell_type": "code", "metadata": metadata, "outputs": [], "execution_count": None,
            "source": source}


def with_added(nb: dict, *cells: dict, after: str = "setup") -> dict:
    nb = json.loads(json.dumps(nb))
    index = next(i for i, c in enumerate(nb["cells"])
                 if c["metadata"].get("nbgrader", {}).get("grade_id") == after)
    nb["cells"][index + 1:index + 1] = list(cells)
    return nb


ATTACKS = {
    "points_redefined": "from cxlab import quiz\nquiz.points = lambda *a, **k: 2",
    "points_nan": "from cxlab import quiz\nquiz.points = lambda *a, **k: float('nan')",
    "points_negative": "from cxlab import quiz\nquiz.points = lambda *a, **k: -5",
    "round_replaced": "import builtins\nbuiltins.round = lambda x, n=None: 99",
    "modules_swapped": ("import sys, types\nfake = types.ModuleType('cxlab.quiz')\n"
                        "fake.points = lambda *a, **k: 2\nsys.modules['cxlab.quiz'] = fake"),
    "transformer": ("ip = get_ipython()\nip.input_transformers_post.append("
                    "lambda lines: [l for l in lines if 'quiz' not in l])"),
    "interactivity": "get_ipython().ast_node_interactivity = 'none'",
    "score_patched": ("from cxlab.quiz import Question\n"
                      "Question.score = lambda self, answer: 1.0"),
    "assertion_patched": "import builtins\nbuiltins.AssertionError = type('X', (Exception,), {})",
}


@pytest.fixture(scope="module")
def cohort(released_template, tmp_path_factory):
    import shutil

    from cxlab.grading import grade, report

    course = tmp_path_factory.mktemp("hostile") / "course"
    shutil.copytree(released_template, course)
    base = release_nb(course, OTHER)
    half = right(course, "half")
    subs: dict[str, object] = {
        "honest": with_answers(base, right(course, "honest")),
        "wrong": with_answers(base, WRONG),
        "half": with_answers(base, {**WRONG, **{q: half[q]
                                                for q in ("code", "q1", "q2", "q3", "q6")}}),
        "blank": base,
    }
    for name, code in ATTACKS.items():
        subs[name] = with_added(with_answers(base, WRONG), code_cell(code))
    # the same code, folded away in a collapsed, hidden cell
    subs["hidden_cell"] = with_added(
        with_answers(base, WRONG),
        code_cell(ATTACKS["points_redefined"], collapsed=True, jupyter={"source_hidden": True}))
    # the same code after 300 spaces on an answer line
    subs["long_line"] = with_answers(base, {**WRONG, "q1": "-1" + " " * 300
                                     + "; from cxlab import quiz; quiz.points = lambda *a: 2"})
    # edited nbgrader metadata, with right answers: marked from the answers, never above 12
    edited = with_answers(base, right(course, "metadata_edited"))
    for cell in edited["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade_id") == "q1_test":
            meta["points"] = 100
        elif meta.get("grade_id") == "q2_test":
            cell["cell_type"] = "markdown"
            cell.pop("outputs"), cell.pop("execution_count")
        elif meta.get("grade_id") == "q3":
            meta["grade_id"] = "renamed"
    edited["cells"].append(code_cell("bonus = 1", nbgrader={
        "grade": True, "grade_id": "bonus", "locked": False, "points": 50, "schema_version": 3,
        "solution": False, "task": False}))
    subs["metadata_edited"] = edited
    # every graded and answer cell deleted
    subs["all_deleted"] = {**base, "cells": [
        c for c in base["cells"]
        if not (c["metadata"].get("nbgrader", {}).get("grade")
                or c["metadata"].get("nbgrader", {}).get("solution"))]}
    # files that used to stop the whole run
    numbered = with_answers(base, right(course, "number_in_source"))
    numbered["cells"][0]["source"] = ["# Assessment 01\n", 7, "\n"]  # a number in a source list
    subs["number_in_source"] = numbered
    subs["deep"] = '{"cells": [], "metadata": ' + "[" * 100_000 + "]" * 100_000 + "}"
    subs["huge"] = {**base, "cells": [code_cell("x = 1") for _ in range(20_000)]}
    subs["v3"] = {"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                  "worksheets": [{"cells": [{"cell_type": "code", "input": "1 + 1",
                                             "outputs": [], "language": "python"}]}]}
    # escape sequences that would clear the trainer's screen and fake a summary line
    subs["escapes"] = with_answers(base, {**WRONG, "q1": "-1\x1b[2J\x1b[H30 graded, 0 failed"})
    for student, content in subs.items():
        hand_in(course, student, content, assignment=OTHER)
    summary = grade(course, OTHER, jobs=2, progress=False)
    results = {r.student: r for r in summary.results}
    rep = report(OTHER, course)
    return course, summary, results, rep


def total(course: Path, student: str) -> float:
    return auto_total(course, student, OTHER)


def test_honest_participants_get_what_their_answers_deserve(cohort) -> None:
    course, _, results, _ = cohort
    assert total(course, "honest") == AUTO_MAX
    assert total(course, "wrong") == 0
    # q1, q2, q3 right (1 mark each), q6 right (2 marks)
    assert total(course, "half") == 5
    assert total(course, "blank") == 0
    assert not results["honest"].notes, results["honest"].notes


@pytest.mark.parametrize("student", [*ATTACKS, "hidden_cell", "long_line"])
def test_added_code_buys_nothing_and_is_flagged(cohort, student) -> None:
    course, _, results, _ = cohort
    result = results[student]
    assert result.status == "graded", result.reason
    assert total(course, student) == 0
    assert any("code" in note for note in result.notes), result.notes


def test_hidden_cells_are_named_as_hidden(cohort) -> None:
    _, _, results, _ = cohort
    assert any("collapsed or hidden" in note for note in results["hidden_cell"].notes)


def test_edited_metadata_is_marked_from_the_answers_and_reported(cohort) -> None:
    course, _, results, _ = cohort
    result = results["metadata_edited"]
    assert result.status == "graded"
    assert total(course, "metadata_edited") == AUTO_MAX  # not 100 + 50
    assert result.max_score == 15  # 12 automatic + 3 written, as released
    notes = " ".join(result.notes)
    assert "nbgrader settings of cell q1_test were edited" in notes
    assert "q2_test was changed from code to markdown" in notes
    assert "answer cell q3 had lost its nbgrader id" in notes
    assert "bonus carries nbgrader marks that were never released" in notes


def test_a_notebook_without_graded_cells_is_marked_zero_and_listed(cohort) -> None:
    course, _, results, rep = cohort
    assert results["all_deleted"].status == "graded"
    assert total(course, "all_deleted") == 0
    with open(rep.html_path.parent / "grades.csv") as fh:
        ids = {row["participant_id"] for row in csv.DictReader(fh)}
    assert {"all_deleted", "honest", "blank"} <= ids


def test_the_trainer_table_flags_without_failing(cohort) -> None:
    _, summary, results, _ = cohort
    # only the two files nobody could mark are listed as failed, each with its reason
    assert {r.student for r in summary.failed} == {"deep", "huge"}, str(summary)
    assert "points_redefined" in str(summary)


def test_feedback_marks_tell_each_answer_and_the_right_value(cohort) -> None:
    course, _, _, _ = cohort
    nb = autograded_nb(course, "wrong", OTHER)
    texts = {c["metadata"]["nbgrader"]["grade_id"]: json.dumps(c.get("outputs", []))
             for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade")}
    assert "Question 1: your answer -1 Erlangs is not right, 0 of 1 mark." in texts["q1_test"]
    assert "The right answer is " in texts["q1_test"]
    nb = autograded_nb(course, "honest", OTHER)
    answer = next(c for c in nb["cells"]
                  if c["metadata"].get("nbgrader", {}).get("grade_id") == "q3")
    typed_q3 = right(course, "honest")["q3"].removesuffix(" %")
    shown = f"Question 3: your answer reads as {float(typed_q3):g}%."
    assert shown in json.dumps(answer["outputs"])


def test_files_that_used_to_stop_the_cohort_are_marked_or_listed(cohort) -> None:
    course, summary, results, _ = cohort
    assert results["number_in_source"].status == "graded"
    assert total(course, "number_in_source") == AUTO_MAX
    assert any("number" in note for note in results["number_in_source"].notes)
    assert results["deep"].status == "failed" and "deep" in results["deep"].reason
    assert results["huge"].status == "failed" and "cells" in results["huge"].reason
    assert results["v3"].status == "graded"  # converted, then marked: nothing was answered
    assert total(course, "v3") == 0
    assert total(course, "honest") == AUTO_MAX  # and nobody else was held up


def test_escape_sequences_never_reach_the_trainers_terminal(cohort) -> None:
    _, summary, results, _ = cohort
    table = str(summary)
    assert "\x1b" not in table
    assert total(cohort[0], "escapes") == 0
    assert results["escapes"].status == "graded"


def test_code_run_for_the_trainer_never_sees_hidden_tests(released_template, tmp_path) -> None:
    """A hook that prints every cell it runs, run with --execute: its output, kept in the
    trainer's copy and in the feedback, holds no hidden test (they are never in the kernel)."""
    import shutil

    from cxlab.grading import feedback, grade

    course = tmp_path / "course"
    shutil.copytree(released_template, course)
    spy = ("def spy(info):\n    print('CELL', info.raw_cell)\n"
           "get_ipython().events.register('pre_run_cell', spy)")
    hand_in(course, "spy", with_added(with_answers(release_nb(course, OTHER), right(course, "spy")),
                                      code_cell(spy)), assignment=OTHER)
    summary = grade(course, OTHER, jobs=1, execute=True, progress=False)
    assert [r.status for r in summary.results] == ["graded"], str(summary)
    nb = autograded_nb(course, "spy", OTHER)
    printed = json.dumps([c.get("outputs", []) for c in nb["cells"]])
    assert "CELL" in printed  # the hook ran and printed what it saw...
    assert "HIDDEN TESTS" not in printed and "quiz.points" not in printed  # ...no hidden test
    feedback(course, OTHER)
    page = (course / "feedback" / "spy" / OTHER / f"{OTHER}.html").read_text()
    assert "quiz.points" not in page and "HIDDEN TESTS" not in page
