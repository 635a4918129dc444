"""Shared fixtures for the trainer-workflow tests: a released throwaway course and submissions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: The course secret of every test course: the same personal codes and cases in every run
#: (a new secret per run would draw new cases and make tests flaky).
TEST_SECRET = "cxlab test course secret\n"

ASSIGNMENT = "00-start-here"
OTHER = "01-service-level"

#: The shipped sample week question 3 of 00-start-here asks about, read here with pandas.
VOICE_WEEK = ROOT / "src" / "cxlab" / "data" / "voice_week.csv"


def calls_per_day() -> dict[str, int]:
    """Calls offered on each day of the shipped voice week, by day name (Monday 1,742, ...)."""
    import pandas as pd

    week = pd.read_csv(VOICE_WEEK, parse_dates=["interval_start"])
    return {day: int(n) for day, n in
            week.groupby(week["interval_start"].dt.day_name())["offered"].sum().items()}


def perfect(course: Path, student: str) -> dict[str, str]:
    """What ``student`` types to earn every automatic mark of 00-start-here (6 of the 8; q6 is
    marked by hand): their own personal code and the right answers to their own case.

    The course secret is fixed in ``released_template``, so the code and the case are the same
    in every run. The answers are worked out here (calls x AHT / 1,800 s; the day's row of the
    week read with pandas), not with cxlab's models.
    """
    from cxlab.cases import code_for, draw
    from cxlab.grading._course import open_course

    code = code_for(open_course(course).secret(), student)
    v = draw(ASSIGNMENT, code).values
    erlangs = v["calls1"] * v["aht1"] / 1800
    return {
        "code": code,
        "q1": f"{erlangs:g} Erlangs",
        "q2": "b)",
        "q3": f"{calls_per_day()[v['day3']]:,} calls",
        "q4": "Average speed of answer",
        "q5": "a, c and e",
    }


PERFECT_AUTO = 6.0
MAX_TOTAL = 8.0


@pytest.fixture(scope="session")
def released_template(tmp_path_factory) -> Path:
    """A course with 00-start-here and 01-service-level released once per session."""
    from cxlab import grading

    root = tmp_path_factory.mktemp("course-template")
    shutil.copy(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    for name in (ASSIGNMENT, OTHER):
        shutil.copytree(ROOT / "assessments" / name, root / "assessments" / name)
    grading.release(root)
    # a fixed course secret: every participant's personal code, and so their case, is the same
    # in every run (a new secret per run would draw new cases and make tests flaky)
    (root / ".cxlab").mkdir(exist_ok=True)
    (root / ".cxlab" / "secret").write_text(TEST_SECRET)
    return root


@pytest.fixture
def course(released_template, tmp_path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(released_template, target)
    return target


def release_nb(course: Path, assignment: str = ASSIGNMENT) -> dict:
    return json.loads((course / "release" / assignment / f"{assignment}.ipynb").read_text())


def with_answers(nb: dict, answers: dict[str, str]) -> dict:
    """A copy of ``nb`` whose cells (by grade id) hold the given text.

    In an answer cell (first line ``%%answer ...``) the text is typed under the first line,
    as a participant does, unless it starts with ``%%`` (a whole new cell).
    """
    nb = json.loads(json.dumps(nb))
    for cell in nb["cells"]:
        gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if gid in answers:
            source = "".join(cell["source"])
            text = answers[gid]
            if source.startswith("%%answer") and not text.startswith("%%"):
                text = source.split("\n", 1)[0] + "\n" + text
            cell["source"] = text
    return nb


def hand_in(course: Path, student: str, content: dict | str | bytes,
            assignment: str = ASSIGNMENT, name: str | None = None) -> Path:
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{assignment}.ipynb")
    if isinstance(content, dict):
        path.write_text(json.dumps(content))
    elif isinstance(content, str):
        path.write_text(content)
    else:
        path.write_bytes(content)
    (folder / "timestamp.txt").write_text("2026-11-20 09:00:00.000000 UTC\n")
    return path


def auto_scores(course: Path, student: str, assignment: str = ASSIGNMENT) -> dict[str, float]:
    """Automatic score per graded cell, read straight from the gradebook with nbgrader's API."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission(assignment, student)
        return {g.name: g.auto_score for nb in sub.notebooks for g in nb.grades}


def autograded_nb(course: Path, student: str, assignment: str = ASSIGNMENT) -> dict:
    path = course / "autograded" / student / assignment / f"{assignment}.ipynb"
    return json.loads(path.read_text())


def cell_output_text(nb: dict, grade_id: str) -> str:
    cell = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id")
                == grade_id)
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", "") if isinstance(out.get("text"), str)
                     else "".join(out.get("text", [])))
        parts.append(f"{out.get('ename', '')}: {out.get('evalue', '')}")
    return "\n".join(parts)

#: The participants of the personal-case tests.
PEOPLE = ("ann", "bob", "cat", "dan")


def personal_course(tmp_path_factory, assignment: str) -> tuple[Path, dict[str, str]]:
    """A throwaway course with ``assignment`` released and the fixed test secret; returns it
    and the personal codes of :data:`PEOPLE`."""
    from cxlab import grading
    from cxlab.cases import code_for
    from cxlab.grading._course import open_course

    course = tmp_path_factory.mktemp(f"personal-{assignment}") / "course"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(ROOT / "assessments" / assignment, course / "assessments" / assignment)
    grading.release(course, [assignment])
    (course / ".cxlab").mkdir(exist_ok=True)
    (course / ".cxlab" / "secret").write_text(TEST_SECRET)
    secret = open_course(course).secret()
    return course, {s: code_for(secret, s) for s in PEOPLE}


def auto_total(course: Path, student: str, assignment: str) -> float:
    """The automatic marks of a submission, from the gradebook."""
    return sum(v or 0 for k, v in auto_scores(course, student, assignment).items()
               if k.endswith("_test"))
