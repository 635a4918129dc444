"""Several trainers at once: the gradebook on a real PostgreSQL server.

The test starts its own PostgreSQL (``tests/hub/pgtools.py``: ``initdb`` and ``pg_ctl`` from
Debian's ``postgresql`` package, a unix socket only), names it in the course's
``nbgrader_config.py`` (``c.CourseDirectory.db_url``, as ``hub/cohort.py configure
--gradebook-url`` writes it), and two trainers grade their halves of
the cohort at the same moment, each with ``cxlab grade`` in a process of its own; then
``cxlab report``. The expected marks are worked out by hand from the assessment's points, and
the gradebook is read back with plain SQL (psycopg), not through cxlab or nbgrader. SQLite
stays the default: every other grading test runs on it.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.grading.conftest import (
    ASSIGNMENT,
    PERFECT_AUTO,
    TEST_SECRET,
    hand_in,
    perfect,
    release_nb,
    with_answers,
)
from tests.hub.hubtools import cohort
from tests.hub.pgtools import PostgresServer

pytestmark = pytest.mark.grading

CXLAB = [sys.executable, "-m", "cxlab.grading.cli"]


@pytest.fixture(scope="module")
def postgres():
    try:
        server = PostgresServer()
    except FileNotFoundError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        server.start()
    except Exception:
        server.stop()
        raise
    yield server
    problems = server.stop()
    assert not problems, "; ".join(problems)


def _cxlab(*args: str) -> subprocess.Popen:
    return subprocess.Popen([*CXLAB, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def _finished(process: subprocess.Popen) -> str:
    out, _ = process.communicate(timeout=600)
    assert process.returncode == 0, out
    return out


def test_two_trainers_grade_at_once_into_one_postgresql_gradebook(postgres, tmp_path) -> None:
    import psycopg

    url = postgres.create_database("cxlab_course")
    course = tmp_path / "course"
    course.mkdir()
    # the course settings the hub writes with `hub/cohort.py configure --gradebook-url URL`
    (course / "nbgrader_config.py").write_text(cohort.course_config(url))
    shutil.copytree(ROOT / "assessments" / ASSIGNMENT, course / "assessments" / ASSIGNMENT)
    (course / ".cxlab").mkdir()
    (course / ".cxlab" / "secret").write_text(TEST_SECRET)
    _finished(_cxlab("release", ASSIGNMENT, "--course-dir", str(course)))

    # four participants: two earn every automatic mark, one answers question 2 wrong, one
    # types only their personal code
    released = release_nb(course)
    answers = {name: perfect(course, name) for name in ("ann", "bob", "cat", "dan")}
    answers["cat"]["q2"] = "c)"
    answers["dan"] = {"code": answers["dan"]["code"]}
    for name, typed in answers.items():
        hand_in(course, name, with_answers(released, typed))

    # two trainers, each grading their half, at the same moment
    first = _cxlab("grade", ASSIGNMENT, "--course-dir", str(course), "--quiet",
                   "--student", "ann", "--student", "cat")
    second = _cxlab("grade", ASSIGNMENT, "--course-dir", str(course), "--quiet",
                    "--student", "bob", "--student", "dan")
    outputs = [_finished(first), _finished(second)]
    assert all("2 graded, 0 unchanged (skipped), 0 failed" in out for out in outputs), outputs
    _finished(_cxlab("report", ASSIGNMENT, "--course-dir", str(course)))

    # no SQLite file was made: everything went to the server
    assert not (course / "gradebook.db").exists()
    # question 2 is worth 1 point, so cat has every automatic mark but one; dan none
    expected = {"ann": PERFECT_AUTO, "bob": PERFECT_AUTO, "cat": PERFECT_AUTO - 1, "dan": 0.0}
    with psycopg.connect(dbname="cxlab_course", user=postgres.superuser,
                         host=str(postgres.base), port=postgres.port) as db, db.cursor() as cur:
        cur.execute("""
            select s.student_id, sum(coalesce(g.manual_score, g.auto_score, 0))
            from submitted_assignment s
            join assignment a on a.id = s.assignment_id
            join submitted_notebook n on n.assignment_id = s.id
            join grade g on g.notebook_id = n.id
            where a.name = %s group by s.student_id""", (ASSIGNMENT,))
        in_database = {student: float(total) for student, total in cur.fetchall()}
    assert in_database == expected
    with open(course / "reports" / ASSIGNMENT / "grades.csv", newline="") as fh:
        reported = {row["participant_id"]: float(row["total"]) for row in csv.DictReader(fh)}
    assert reported == expected
    # both graders' entries are kept in the shared record of what was graded
    state = json.loads((course / ".cxlab" / f"grading-{ASSIGNMENT}.json").read_text())
    assert sorted(state) == ["ann", "bob", "cat", "dan"]

    # grading again finds everything unchanged, on the same server
    again = _finished(_cxlab("grade", ASSIGNMENT, "--course-dir", str(course), "--quiet"))
    assert "0 graded, 4 unchanged (skipped), 0 failed" in again
