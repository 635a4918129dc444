"""cxlab writes the gradebook exactly as nbgrader's own ``autograde`` does.

The same submissions (right, partly right, blank, a written answer left as released, one
handed in late under a "zero" late policy) are graded twice, in two copies of one course:
by ``nbgrader autograde`` (the reference: it runs each notebook in a kernel, where the
``%%answer`` cells and hidden tests agree with cxlab's marker) and by ``cxlab grade``
(which marks the typed text and writes through :class:`cxlab.grading._save.GradebookWriter`).
Every field nbgrader keeps per submission must match.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.grading.conftest import ASSIGNMENT, hand_in, perfect, release_nb, with_answers

pytestmark = pytest.mark.grading

QUERIES = {
    "grades": "SELECT sa.student_id, bc.name, g.auto_score, g.manual_score, "
              "g.needs_manual_grade FROM grade g JOIN base_cell bc ON g.cell_id = bc.id "
              "JOIN submitted_notebook sn ON g.notebook_id = sn.id "
              "JOIN submitted_assignment sa ON sn.assignment_id = sa.id",
    "comments": "SELECT sa.student_id, bc.name, c.auto_comment, c.manual_comment FROM comment c "
                "JOIN base_cell bc ON c.cell_id = bc.id "
                "JOIN submitted_notebook sn ON c.notebook_id = sn.id "
                "JOIN submitted_assignment sa ON sn.assignment_id = sa.id",
    "notebooks": "SELECT sa.student_id, n.name, sn.late_submission_penalty, sn.flagged "
                 "FROM submitted_notebook sn JOIN notebook n ON sn.notebook_id = n.id "
                 "JOIN submitted_assignment sa ON sn.assignment_id = sa.id",
    "submissions": "SELECT student_id, timestamp FROM submitted_assignment",
    "students": "SELECT id FROM student",
}


def _rows(course: Path) -> dict[str, list]:
    with sqlite3.connect(course / "gradebook.db") as db:
        return {name: sorted(db.execute(q).fetchall(), key=repr) for name, q in QUERIES.items()}


def _set_due_date(course: Path) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.update_or_create_assignment(ASSIGNMENT, duedate="2026-11-20 12:00:00 UTC")


def test_gradebook_rows_match_nbgrader_autograde(course: Path, tmp_path: Path) -> None:
    from cxlab.grading import grade

    with open(course / "nbgrader_config.py", "a") as fh:
        fh.write('\nc.LateSubmissionPlugin.penalty_method = "zero"\n')
    _set_due_date(course)
    base = release_nb(course)
    # each types their own personal code (nbgrader's in-kernel run draws the case from it;
    # cxlab's grader derives the same code from the participant id)
    hand_in(course, "right", with_answers(base, {**perfect(course, "right"),
                                                 "q6_written": "Ten agents would "
                                                 "be busy all the time, so calls would queue."}))
    # partly's own queue is 250 calls of 180 s, 25 Erlangs: 8 is wrong
    hand_in(course, "partly", with_answers(base, {"code": perfect(course, "partly")["code"],
                                                  "q1": "8", "q2": "b", "q5": "A"}))
    hand_in(course, "blank", base)
    late = hand_in(course, "late", with_answers(base, perfect(course, "late")))
    (late.parent / "timestamp.txt").write_text("2026-11-21 09:00:00.000000 UTC\n")
    reference = tmp_path / "reference"
    shutil.copytree(course, reference)

    env = {**os.environ,
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force"],
                          cwd=reference, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = grade(course, ASSIGNMENT, jobs=2, progress=False)
    assert not summary.failed, str(summary)

    ours, theirs = _rows(course), _rows(reference)
    for table in QUERIES:
        assert ours[table] == theirs[table], table
    # the late submission scored, then lost everything to the "zero" policy, as in nbgrader
    late_row = [r for r in ours["notebooks"] if r[0] == "late"]
    assert late_row and late_row[0][2] == 6.0
    by_student = {r.student: r.score for r in summary.results}
    # partly: q2 right (1); q5 "A" is 1 of the 3 right letters, none wrong: 1/3 x 2 = 0.67;
    # late: the score before the penalty, as nbgrader's submission score counts it
    assert by_student == {"right": 6, "blank": 0, "partly": pytest.approx(1.67), "late": 6}

    for student in ("right", "late"):
        folder = course / "autograded" / student / ASSIGNMENT
        assert (folder / "timestamp.txt").read_text() == \
            (course / "submitted" / student / ASSIGNMENT / "timestamp.txt").read_text()
        notebook = folder / f"{ASSIGNMENT}.ipynb"
        assert notebook.stat().st_mode & 0o777 == 0o444
        # the trainer's copy shows the hidden tests, as nbgrader's does
        assert "BEGIN HIDDEN TESTS" in notebook.read_text()
