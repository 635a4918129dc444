"""``grades_by_question.csv``: one row per participant, one column per graded cell, for an LMS
that takes a grade item per question (issue 20). A written answer not yet marked by hand is an
empty cell, never a zero; once marked in the gradebook its points appear and the total follows.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from cxlab.grading import grade, report
from tests.conftest import ROOT
from tests.grading.conftest import ASSIGNMENT, hand_in, perfect, release_nb, with_answers

pytestmark = pytest.mark.grading


def _points_in_source() -> dict[str, float]:
    """Points of each graded cell, read from the assessment's source notebook metadata."""
    nb = json.loads((ROOT / "assessments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    return {c["metadata"]["nbgrader"]["grade_id"]: float(c["metadata"]["nbgrader"]["points"])
            for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("points")}


def _rows(course: Path) -> tuple[list[str], dict[str, dict[str, str]]]:
    with open(course / "reports" / ASSIGNMENT / "grades_by_question.csv", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = {r["participant_id"]: r for r in reader}
        return list(reader.fieldnames or []), rows


def test_one_column_per_question_blank_until_marked_by_hand(course: Path) -> None:
    from nbgrader.api import Gradebook

    points = _points_in_source()
    written = [cell for cell in points if cell.endswith("_written")]
    assert written, "00-start-here has a written answer marked by hand"
    base = release_nb(course)
    hand_in(course, "ann", with_answers(base, {**perfect(course, "ann"),
                                               written[0]: "Because the queue is random."}))
    hand_in(course, "cy", with_answers(base, {"code": perfect(course, "cy")["code"]}))
    grade(course, ASSIGNMENT, jobs=1, progress=False)
    report(ASSIGNMENT, course)

    fields, rows = _rows(course)
    assert fields == ["participant_id", *sorted(points), "total", "max"]
    ann, cy = rows["ann"], rows["cy"]
    # ann answered every automatic question right: each cell holds its full points
    for cell, top in points.items():
        if cell not in written:
            assert float(ann[cell]) == top, cell
    assert ann[written[0]] == ""  # waiting for the trainer
    assert float(ann["total"]) == sum(v for k, v in points.items() if k not in written)
    assert float(ann["max"]) == sum(points.values())
    # cy typed only the code: no automatic points
    assert all(float(cy[cell]) == 0 for cell in points if cell not in written)
    assert float(cy["total"]) == 0

    # the trainer marks ann's written answer (as formgrader does): the column and total follow
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        g = gb.find_grade(written[0], ASSIGNMENT, ASSIGNMENT, "ann")
        g.manual_score = points[written[0]]
        gb.db.commit()
    report(ASSIGNMENT, course)
    _, rows = _rows(course)
    assert float(rows["ann"][written[0]]) == points[written[0]]
    assert float(rows["ann"]["total"]) == sum(points.values())
