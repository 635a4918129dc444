"""Every question type through nbgrader: typed answers in a submission give the expected points.

A throwaway assignment asks one question of each type. Submissions that answer it right,
sloppily (but readably), partly, unreadably and not at all are marked twice: by nbgrader's own
in-kernel autograde (the ``%%answer`` cells and hidden tests run in a kernel) and by
``cxlab grade`` (which reads the typed text and runs nothing). Each cell's points are compared
with what the scoring rules give, worked out by hand below.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.nbgrader.test_pipeline import _nbgrader

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = "types"

# (name, points, hidden test, the answer form on the %%answer line)
QUESTIONS = [
    ("q_single", 1, 'quiz.points(q_single, quiz.single_choice("B", "ABCD"), out_of=1)',
     "letter ABCD"),
    ("q_multi", 2, 'quiz.points(q_multi, quiz.multiple_choice("A, C", "ABCD"), out_of=2)',
     "letters ABCD"),
    ("q_number", 1, "quiz.points(q_number, quiz.numeric(14, abs_tol=0.5), out_of=1)",
     "number agents"),
    ("q_text", 1, 'quiz.points(q_text, quiz.short_text("average speed of answer"), out_of=1)',
     "text"),
    ("q_order", 2, 'quiz.points(q_order, quiz.ordering("C, A, B", "ABC"), out_of=2)',
     "order ABC"),
]

SUBMISSIONS = {
    "right": {"q_single": "B", "q_multi": "A, C", "q_number": "14",
              "q_text": "average speed of answer", "q_order": "C, A, B"},
    "sloppy": {"q_single": " b) ", "q_multi": "a and c", "q_number": "14 agents",
               "q_text": "  Average Speed of Answer. ", "q_order": "cab"},
    "partial": {"q_single": "A", "q_multi": "A", "q_number": "15",
                "q_text": "AVERAGE SPEED OF ANSWER", "q_order": "A, C, B"},
    "unreadable": {"q_single": "5", "q_multi": "A, Z", "q_number": "fourteen",
                   "q_text": "average wait", "q_order": "A, B"},
}

# Worked by hand from the rules in cxlab.quiz.questions:
# partial: single wrong 0; multiple 1 right tick of 2, none wrong -> 1/2 x 2 = 1.0;
# number 15 is 1 off with tolerance 0.5 -> 0; text right -> 1;
# ordering A, C, B against C, A, B: pairs (A,C) wrong, (A,B) right, (C,B) right -> 2/3 x 2.
EXPECTED = {
    "right": {"q_single": 1, "q_multi": 2, "q_number": 1, "q_text": 1, "q_order": 2},
    "sloppy": {"q_single": 1, "q_multi": 2, "q_number": 1, "q_text": 1, "q_order": 2},
    "partial": {"q_single": 0, "q_multi": 1.0, "q_number": 0, "q_text": 1, "q_order": 1.33},
    "unreadable": {"q_single": 0, "q_multi": 0, "q_number": 0, "q_text": 0, "q_order": 0},
    "blank": {"q_single": 0, "q_multi": 0, "q_number": 0, "q_text": 0, "q_order": 0},
}


def _cell(cell_type: str, source: str, cell_id: str, **nbgrader) -> dict:
    cell = {"cell_type": cell_type, "id": cell_id, "metadata": {}, "source": source}
    if nbgrader:
        cell["metadata"]["nbgrader"] = {"schema_version": 3, "grade": False, "solution": False,
                                        "locked": False, "task": False, **nbgrader}
    if cell_type == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


def _source_notebook() -> dict:
    cells = [_cell("code", "from cxlab import quiz", "setup", grade_id="setup", locked=True)]
    right = SUBMISSIONS["right"]
    for name, points, hidden, form in QUESTIONS:
        cells.append(_cell(
            "code",
            f"%%answer {name} {form}\n# Type your answer under this line.\n"
            f"### BEGIN SOLUTION\n{right[name]}\n### END SOLUTION",
            name, grade_id=name, solution=True))
        cells.append(_cell(
            "code",
            f"# Marked after you hand in.\n"
            f"### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS",
            f"{name}_test", grade_id=f"{name}_test", grade=True, locked=True, points=points))
    return {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"},
                         "language_info": {"name": "python"}}}


def _answered(release: dict, answers: dict[str, str]) -> dict:
    nb = json.loads(json.dumps(release))
    for cell in nb["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            first = "".join(cell["source"]).split("\n", 1)[0]
            cell["source"] = f"{first}\n{answers[grade_id]}\n"
    return nb


def test_every_question_type_round_trips_through_nbgrader(tmp_path: Path) -> None:
    from nbgrader.api import Gradebook

    shutil.copy(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    source_dir = tmp_path / "assessments" / ASSIGNMENT
    source_dir.mkdir(parents=True)
    (source_dir / "types.ipynb").write_text(json.dumps(_source_notebook()))
    _nbgrader(tmp_path, "generate_assignment", ASSIGNMENT, "--force")
    release = json.loads((tmp_path / "release" / ASSIGNMENT / "types.ipynb").read_text())

    for student, answers in {**SUBMISSIONS, "blank": {}}.items():
        folder = tmp_path / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / "types.ipynb").write_text(json.dumps(_answered(release, answers)))
    _nbgrader(tmp_path, "autograde", ASSIGNMENT, "--create", "--force")

    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:
        for student, expected in EXPECTED.items():
            nb = gb.find_submission_notebook("types", ASSIGNMENT, student)
            got = {g.name.removesuffix("_test"): g.auto_score for g in nb.grades}
            assert got == pytest.approx(expected, abs=0.01), student

    # cxlab's marker, from the typed text alone, gives the same points
    from cxlab.grading import grade

    summary = grade(tmp_path, ASSIGNMENT, jobs=2, force=True, progress=False)
    assert {r.status for r in summary.results} == {"graded"}, str(summary)
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:
        for student, expected in EXPECTED.items():
            nb = gb.find_submission_notebook("types", ASSIGNMENT, student)
            got = {g.name.removesuffix("_test"): g.auto_score for g in nb.grades}
            assert got == pytest.approx(expected, abs=0.01), student

    # An unreadable answer is told what to type, in one plain line, never with a traceback.
    graded = json.loads(
        (tmp_path / "autograded" / "unreadable" / ASSIGNMENT / "types.ipynb").read_text()
    )
    outputs = [o for c in graded["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    messages = " ".join("".join(o["text"]) for o in outputs if o["output_type"] == "stream")
    assert "could not find a number" in messages and "not one of the options" in messages
    assert "Traceback" not in json.dumps(graded)
