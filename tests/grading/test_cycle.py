"""The full trainer cycle through the ``cxlab`` command, and nothing lost (issue 9 point 4)."""

from __future__ import annotations

import csv
import html
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from cxlab.grading import grade
from cxlab.grading.cli import main
from tests.nbgrader.test_pipeline import _region_lines

from .conftest import (
    ASSIGNMENT,
    MAX_TOTAL,
    auto_scores,
    hand_in,
    perfect,
    release_nb,
    with_answers,
)

pytestmark = pytest.mark.grading


def _gradebook_grade(course: Path, student: str, cell: str):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        g = gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, student)
        c = gb.find_comment(cell, ASSIGNMENT, ASSIGNMENT, student)
        return g.manual_score, g.score, c.manual_comment, gb.find_submission(ASSIGNMENT,
                                                                              student).score


def _page_text(path: Path) -> str:
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", path.read_text())
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _hidden_and_solution_lines(source: Path) -> tuple[list[str], list[str]]:
    """Lines of the source's hidden tests and of its solutions, read independently of cxlab."""
    hidden, solution = [], []
    for cell in json.loads(source.read_text())["cells"]:
        text = "".join(cell["source"])
        meta = cell["metadata"].get("nbgrader", {})
        hidden += _region_lines(text, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
        if text.startswith("%%answer"):
            continue  # a typed answer's right value is told in feedback, by design
        solution += _region_lines(text, "BEGIN SOLUTION", "END SOLUTION")
        if cell["cell_type"] == "markdown" and meta.get("solution"):
            solution += [ln.strip() for ln in text.splitlines() if len(ln.strip()) > 20]
    return hidden, solution


def _erlangs(course: Path, student: str) -> float:
    """The workload of ``student``'s own question 1 (from :func:`perfect`)."""
    return float(perfect(course, student)["q1"].split()[0])


WRITTEN = "Hire two more agents for the Monday peak and train the new team on the FAQ."


def test_full_cycle(course: Path, tmp_path: Path, capsys) -> None:
    from nbgrader.api import Gradebook

    # release: participant version and a zip for the LMS
    assert main(["release", ASSIGNMENT, "--course-dir", str(course)]) == 0
    with zipfile.ZipFile(course / "release" / f"{ASSIGNMENT}.zip") as zf:
        assert zf.namelist() == [f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"]
        released = json.loads(zf.read(f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"))
    assert "BEGIN HIDDEN TESTS" not in json.dumps(released)

    # collect: an LMS zip with three naming conventions, a roster and a stray file
    base = release_nb(course)
    download = tmp_path / "download.zip"
    with zipfile.ZipFile(download, "w") as zf:
        zf.writestr(f"Ann Lee_101_assignsubmission_file_/{ASSIGNMENT}.ipynb",
                    json.dumps(with_answers(base, {**perfect(course, "ann"),
                                                   "q6_written": WRITTEN})))
        # lee's own queue is 120 calls of 330 s, 22 Erlangs: 8 is wrong (and no known slip)
        zf.writestr(f"lee_LATE_202_9_{ASSIGNMENT}.ipynb",
                    json.dumps(with_answers(base, {"code": perfect(course, "lee")["code"],
                                                   "q1": "q1 = 8", "q2": 'q2 = "A"',
                                                   "q5": 'q5 = "A, B"'})))
        # bob's own queue is 120 calls of 360 s: 24 Erlangs, typed the old way (right)
        zf.writestr(f"Quiz 0_bob_attempt_2026-11-20-10-00-00_{ASSIGNMENT}.ipynb",
                    json.dumps(with_answers(base, {"code": perfect(course, "bob")["code"],
                                                   "q1": f"q1 = {_erlangs(course, 'bob'):g}",
                                                   "q2": 'q2 = " c) "'})))
        zf.writestr("notes.txt", "hello")
    roster = tmp_path / "roster.csv"
    roster.write_text("participant_id,name,lms_id\nann,Ann Lee,101\nlee,Sam Lee,202\nbob,,bob\n")
    assert main(["collect", str(download), "--roster", str(roster),
                 "--course-dir", str(course)]) == 0
    out = capsys.readouterr().out
    assert "NOT USED notes.txt: not a notebook" in out
    for student in ("ann", "lee", "bob"):
        assert (course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
    stamp = (course / "submitted" / "bob" / ASSIGNMENT / "timestamp.txt").read_text()
    assert stamp.startswith("2026-11-20 10:00:00")

    # grade in parallel
    assert main(["grade", ASSIGNMENT, "--jobs", "2", "--quiet",
                 "--course-dir", str(course)]) == 0
    assert sum(v or 0 for v in auto_scores(course, "ann").values()) == 6  # written: unmarked
    assert sum(auto_scores(course, "lee").values()) == 0
    assert sum(auto_scores(course, "bob").values()) == 1

    # a report before the written answers are marked says it is not final
    assert main(["report", ASSIGNMENT, "--course-dir", str(course)]) == 0
    with open(course / "reports" / ASSIGNMENT / "grades.csv") as fh:
        early = {r["participant_id"]: int(r["to_mark_by_hand"]) for r in csv.DictReader(fh)}
    assert early == {"ann": 1, "bob": 0, "lee": 0}
    assert "1 of 3 participants have answers still to mark by hand" in \
        (course / "reports" / ASSIGNMENT / "report.html").read_text()

    # the trainer marks the written answer in the gradebook (as formgrader does)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        g = gb.find_grade("q6_written", ASSIGNMENT, ASSIGNMENT, "ann")
        g.manual_score = 2
        c = gb.find_comment("q6_written", ASSIGNMENT, ASSIGNMENT, "ann")
        c.manual_comment = "Clear and complete."
        gb.db.commit()
    assert _gradebook_grade(course, "ann", "q6_written")[3] == MAX_TOTAL

    # re-grade everything: the manual grade and comment stay
    summary = grade(course, ASSIGNMENT, jobs=2, force=True, progress=False)
    assert [r.status for r in summary.results] == ["graded"] * 3
    manual, score, comment, total = _gradebook_grade(course, "ann", "q6_written")
    assert (manual, score, comment, total) == (2, 2, "Clear and complete.", MAX_TOTAL)

    # feedback: no hidden test, no solution the participant did not write
    assert main(["feedback", ASSIGNMENT, "--course-dir", str(course)]) == 0
    hidden, solutions = _hidden_and_solution_lines(
        course / "assessments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    assert hidden and solutions
    for student in ("ann", "lee", "bob"):
        page = course / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html"
        text = _page_text(page)
        own = json.dumps(json.loads((course / "submitted" / student / ASSIGNMENT /
                                     f"{ASSIGNMENT}.ipynb").read_text()))
        assert "BEGIN HIDDEN TESTS" not in page.read_text()
        for line in hidden:
            assert line not in text, f"{student}'s feedback shows the hidden test {line!r}"
        for line in solutions:
            if json.dumps(line)[1:-1] not in own:
                assert line not in text, f"{student}'s feedback shows the solution {line!r}"
    # lee's wrong q1: the feedback says so, with the right value and how it follows
    lee = _page_text(course / "feedback" / "lee" / ASSIGNMENT / f"{ASSIGNMENT}.html")
    assert "Question 1: your answer 8 Erlangs is not right, 0 of 1 mark." in lee
    # worked by hand: lee's own queue, 120 calls x 330 s / 1,800 s = 22 Erlangs
    assert _erlangs(course, "lee") == 120 * 330 / 1800 == 22
    assert "The right answer is 22 Erlangs. 120 calls x 330 s / 1,800 s = 22 Erlangs." in lee

    # cohort report
    assert main(["report", ASSIGNMENT, "--course-dir", str(course)]) == 0
    folder = course / "reports" / ASSIGNMENT
    with open(folder / "grades.csv") as fh:
        grades = {r["participant_id"]: r for r in csv.DictReader(fh)}
    assert {k: (float(r["total"]), float(r["max"]), float(r["percent"]))
            for k, r in grades.items()} == {
        "ann": (8.0, 8.0, 100.0), "bob": (1.0, 8.0, 12.5), "lee": (0.0, 8.0, 0.0)}
    # every written answer is marked now (bob's and lee's were blank: nbgrader scores 0)
    assert {k: int(r["to_mark_by_hand"]) for k, r in grades.items()} == {
        "ann": 0, "bob": 0, "lee": 0}
    assert "Not final yet" not in (folder / "report.html").read_text()
    with open(folder / "questions.csv") as fh:
        questions = {r["cell"]: r for r in csv.DictReader(fh)}
    # q1: ann and bob right, lee wrong -> difficulty 2/3; top 27% of 3 = 1 participant (ann,
    # total 8) scored 1, bottom (lee, total 0) scored 0 -> discrimination 1
    assert float(questions["q1_test"]["difficulty"]) == pytest.approx(2 / 3, abs=1e-4)
    assert float(questions["q1_test"]["discrimination"]) == 1.0
    assert float(questions["q6_written"]["difficulty"]) == pytest.approx(2 / 6, abs=1e-4)
    with open(folder / "wrong_answers.csv") as fh:
        wrong = {(r["question"], r["answer"]): int(r["participants"]) for r in csv.DictReader(fh)}
    # q1 is personal (lee's 8 Erlangs is wrong for lee's case, matches no named slip): wrong
    # values of different cases are not counted together
    assert wrong[("q1", "another wrong value")] == 1
    assert wrong[("q3", "(no answer)")] == 2  # lee and bob left it empty
    assert wrong[("q2", "A")] == 1 and wrong[("q2", "C")] == 1  # " c) " read as C
    assert wrong[("q4", "(no answer)")] == 2  # lee and bob left it empty
    page = (folder / "report.html").read_text()
    assert page.count("data:image/png;base64,") == 2


def test_regrade_is_idempotent_and_resumes(course: Path) -> None:
    base = release_nb(course)
    # each types their own code; p2 their own right workload, p1 one Erlang too few, p3 one
    # too many (the tolerance is 0.05)
    for i, student in enumerate(["p1", "p2", "p3"]):
        own = perfect(course, student)
        hand_in(course, student, with_answers(base, {
            "code": own["code"], "q1": f"q1 = {_erlangs(course, student) - 1 + i:g}"}))
    first = grade(course, ASSIGNMENT, jobs=2, students=["p1"], progress=False)
    assert [(r.student, r.status) for r in first.results] == [("p1", "graded")]
    autograded = course / "autograded" / "p1" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    mtime = autograded.stat().st_mtime_ns

    # resume: only the two not yet graded run
    second = grade(course, ASSIGNMENT, jobs=2, progress=False)
    assert sorted((r.student, r.status) for r in second.results) == [
        ("p1", "skipped"), ("p2", "graded"), ("p3", "graded")]
    assert autograded.stat().st_mtime_ns == mtime
    scores = {s: sum(auto_scores(course, s).values()) for s in ("p1", "p2", "p3")}
    assert scores == {"p1": 0, "p2": 1, "p3": 0}

    # idempotent: nothing changed, nothing runs, the gradebook is the same
    third = grade(course, ASSIGNMENT, jobs=2, progress=False)
    assert {r.status for r in third.results} == {"skipped"}
    assert {s: sum(auto_scores(course, s).values()) for s in scores} == scores

    # a changed submission is graded again
    hand_in(course, "p3", with_answers(base, {"code": perfect(course, "p3")["code"],
                                              "q1": f"q1 = {_erlangs(course, 'p3'):g}"}))
    fourth = grade(course, ASSIGNMENT, jobs=2, progress=False)
    assert sorted((r.student, r.status) for r in fourth.results) == [
        ("p1", "skipped"), ("p2", "skipped"), ("p3", "graded")]
    assert sum(auto_scores(course, "p3").values()) == 1


def test_a_killed_run_leaves_a_sound_gradebook_and_resumes(course: Path) -> None:
    base = release_nb(course)
    students = [f"k{i}" for i in range(4)]
    for student in students:
        slow = with_answers(base, perfect(course, student))
        # a cell of the participant's own that takes 3 s to run (run because of --execute)
        slow["cells"].append({"cell_type": "code", "metadata": {}, "outputs": [],
                              "execution_count": None, "source": "import time\ntime.sleep(3)"})
        hand_in(course, student, slow)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cxlab.grading.cli", "grade", ASSIGNMENT, "--jobs", "1",
         "--execute", "--quiet", "--course-dir", str(course)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    state = course / ".cxlab" / f"grading-{ASSIGNMENT}.json"
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if state.exists() and any(v.get("status") == "graded"
                                      for v in json.loads(state.read_text()).values()):
                break
            time.sleep(0.2)
        else:
            pytest.fail("no submission was graded within 120 s")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    done = {k for k, v in json.loads(state.read_text()).items() if v.get("status") == "graded"}
    assert 0 < len(done) < len(students)
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    resumed = grade(course, ASSIGNMENT, jobs=2, execute=True, progress=False)
    statuses = {r.student: r.status for r in resumed.results}
    assert {s for s, st in statuses.items() if st == "skipped"} == done
    assert all(statuses[s] == "graded" for s in students if s not in done)
    assert all(sum(auto_scores(course, s).values()) == 6 for s in students)


def test_without_the_sandbox_the_summary_says_so_and_grading_works(course: Path) -> None:
    hand_in(course, "solo", with_answers(release_nb(course), perfect(course, "solo")))
    summary = grade(course, ASSIGNMENT, jobs=1, execute=True, sandbox=False, progress=False)
    assert summary.sandbox.startswith("Sandbox: LIMITED (sandbox switched off (--no-sandbox))")
    assert "can read and write what that user can" in str(summary).splitlines()[0]
    assert summary.results[0].status == "graded"
    assert sum(auto_scores(course, "solo").values()) == 6
