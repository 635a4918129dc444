"""Faults stay contained and participants' code is contained when it is run.

Marks never depend on running a participant's code (see test_hostile_cohort.py). With
``execute=True`` the grader also runs each notebook in the sandbox so the trainer can read its
outputs: one such run (2 workers) takes every crafted submission at once, beside a perfect
one, so each test also shows that a bad submission does not stop or change anyone else's
grading, and that what its code tries is blocked. The participants' code sits in cells they
added under question 1, as a participant would write a calculation.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
import uuid
from pathlib import Path

import pytest

from cxlab.grading import Limits, grade, report

from .conftest import (
    ASSIGNMENT,
    OTHER,
    PERFECT_AUTO,
    auto_scores,
    autograded_nb,
    hand_in,
    perfect,
    release_nb,
    with_answers,
)

pytestmark = pytest.mark.grading

CELL_TIMEOUT = 8
SUBMISSION_TIMEOUT = 25
HOME_PROBE = Path.home() / f"cxlab-pwned-{uuid.uuid4().hex}"


def _attack(what: str, code: str) -> str:
    """Code that tries something and prints BLOCKED or ALLOWED."""
    body = "\n".join("    " + line for line in code.strip().splitlines())
    return (
        f"try:\n{body}\n    print('ALLOWED {what}')\n"
        f"except Exception as exc:\n    print('BLOCKED {what}', type(exc).__name__)\n"
    )


def _with_code(nb: dict, *sources: str, after: str = "q1") -> dict:
    """``nb`` with code cells of the participant's own added after cell ``after``."""
    nb = json.loads(json.dumps(nb))
    index = nb["cells"].index(_cell(nb, after))
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": source} for source in sources]
    nb["cells"][index + 1:index + 1] = cells
    return nb


def _added_output(nb: dict) -> str:
    """Everything the participant's added cells printed, as the trainer's copy shows it."""
    parts = []
    for cell in nb["cells"]:
        if cell["metadata"].get("cxlab_added"):
            for out in cell.get("outputs", []):
                text = out.get("text", "")
                parts.append(text if isinstance(text, str) else "".join(text))
                parts.append(f"{out.get('ename', '')}: {out.get('evalue', '')}")
    return "\n".join(parts)


def _cells_without(nb: dict, grade_id: str) -> dict:
    nb = json.loads(json.dumps(nb))
    nb["cells"] = [c for c in nb["cells"]
                   if c["metadata"].get("nbgrader", {}).get("grade_id") != grade_id]
    return nb


def _cell(nb: dict, grade_id: str) -> dict:
    return next(c for c in nb["cells"]
                if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: The fork bomb's children run ``sleep FORK_MARK``: an odd length no other process uses, so
#: other grading tests running at the same time (pytest -n) do not count as survivors.
FORK_MARK = "119.37"


def _sandbox_processes(mark: str | None = None) -> list[int]:
    """Processes of the sandbox users (only ``sleep <mark>`` ones when a mark is given)."""
    import pwd

    uids = set()
    for entry in pwd.getpwall():
        if entry.pw_name.startswith("cxlab-grader"):
            uids.add(entry.pw_uid)
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.stat(f"/proc/{pid}").st_uid not in uids:
                continue
            if mark is not None:
                with open(f"/proc/{pid}/cmdline", "rb") as fh:
                    if fh.read().split(b"\0")[:2] != [b"sleep", mark.encode()]:
                        continue
            found.append(int(pid))
        except OSError:
            pass
    return found


@pytest.fixture(scope="module")
def graded(released_template, tmp_path_factory):
    import shutil

    course = tmp_path_factory.mktemp("faults") / "course"
    shutil.copytree(released_template, course)
    base = release_nb(course)

    def right(student: str) -> dict:
        """``student``'s notebook with their own code and right answers to their own case."""
        return with_answers(base, perfect(course, student))

    gradebook = course / "gradebook.db"
    source = course / "assessments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    port = listener.getsockname()[1]

    subs: dict[str, object] = {"good": right("good")}
    subs["loop"] = _with_code(right("loop"), "while True:\n    pass")
    subs["raises"] = _with_code(right("raises"), 'raise RuntimeError("boom")')
    subs["noisy"] = _with_code(right("noisy"), 'print("x" * 5_000_000)')
    subs["deleted"] = _cells_without(right("deleted"), "q1_test")
    dup = right("duplicated")
    i = dup["cells"].index(_cell(dup, "q2_test"))
    dup["cells"].insert(i + 1, json.loads(json.dumps(dup["cells"][i])))
    subs["duplicated"] = dup
    retyped = right("retyped")
    cell = _cell(retyped, "q1_test")
    cell.update(cell_type="markdown")
    cell.pop("outputs", None)
    cell.pop("execution_count", None)
    subs["retyped"] = retyped
    # 8 Erlangs is not edited's own workload (checked in the test below)
    edited = with_answers(base, {**perfect(course, "edited"), "q1": "8",
                                 "q1_test": "pass  # no check here"})
    subs["edited"] = edited
    subs["badjson"] = '{"cells": [{"cell_type": "code", '
    subs["empty"] = ""
    subs["wrongassign"] = with_answers(release_nb(course, OTHER), {})
    subs["slow"] = _with_code(right("slow"), *["import time\ntime.sleep(6)"] * 5)

    good_file = course / "submitted" / "good" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    connect = f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=3)"
    attacks = {
        "pwn_gradebook": ("gradebook", f"open({str(gradebook)!r}, 'ab').write(b'x' * 100)"),
        "pwn_source": ("source", f"open({str(source)!r}, 'a').write('hacked')"),
        "pwn_source_read": ("reading source",
                            f"print(open({str(source)!r}).read()[:5000])\n"
                            "assert 'HIDDEN' in open(" + repr(str(source)) + ").read()"),
        "pwn_other": ("other participant",
                      f"open({str(good_file)!r}, 'w').write('{{}}')"),
        "pwn_home": ("home", f"open({str(HOME_PROBE)!r}, 'w').write('x')"),
        "pwn_net": ("network", connect),
        "pwn_fork": ("fork", "import os\nn = 0\nfor _ in range(300):\n"
                             "    pid = os.fork()\n    if pid == 0:\n"
                             f"        os.execv('/bin/sleep', ['sleep', '{FORK_MARK}'])\n"
                             "    n += 1\nprint('forked', n)"),
        "pwn_memory": ("memory", "block = bytearray(6 * 10**9)"),
        "pwn_file": ("file size", "open('big.bin', 'wb').write(b'0' * 200_000_000)"),
    }
    for student, (what, code) in attacks.items():
        subs[student] = _with_code(right(student), _attack(what, code))
    for student, content in subs.items():
        hand_in(course, student, content)
    before = {
        "gradebook_exists": gradebook.exists(),
        "source": _sha(source),
        "good": _sha(course / "submitted" / "good" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
    }
    try:
        summary = grade(course, ASSIGNMENT, jobs=2, execute=True, cell_timeout=CELL_TIMEOUT,
                        submission_timeout=SUBMISSION_TIMEOUT, progress=False)
    finally:
        listener.close()
    results = {r.student: r for r in summary.results}
    return course, summary, results, before


def test_the_sandbox_is_full_here(graded) -> None:
    _, summary, _, _ = graded
    if os.geteuid() == 0:
        assert summary.sandbox.startswith("Sandbox: full"), summary.sandbox
    else:  # pragma: no cover - CI and this machine run as root
        assert "LIMITED" in summary.sandbox


def test_the_good_submission_is_unaffected(graded) -> None:
    course, _, results, _ = graded
    assert results["good"].status == "graded"
    scores = auto_scores(course, "good")
    assert sum(scores.get(f"q{i}_test", 0) for i in range(1, 6)) == PERFECT_AUTO


def test_infinite_loop_is_interrupted_and_marks_are_untouched(graded) -> None:
    course, _, results, _ = graded
    assert results["loop"].status == "graded"
    assert sum(auto_scores(course, "loop").values()) == PERFECT_AUTO
    text = _added_output(autograded_nb(course, "loop"))
    assert "CellTimeoutError" in text or "KeyboardInterrupt" in text, text[:500]
    # the trainer's table says which cell hit the time limit
    assert any("was stopped after the" in note for note in results["loop"].notes), \
        results["loop"].notes
    assert not any("time limit" in note for note in results["good"].notes)


def test_an_error_in_added_code_costs_nothing(graded) -> None:
    course, _, _, _ = graded
    assert sum(auto_scores(course, "raises").values()) == PERFECT_AUTO
    assert "boom" in _added_output(autograded_nb(course, "raises"))


def test_megabytes_of_output_are_cut_and_graded(graded) -> None:
    course, _, results, _ = graded
    assert results["noisy"].status == "graded"
    assert sum(auto_scores(course, "noisy").values()) == PERFECT_AUTO
    size = len(json.dumps(autograded_nb(course, "noisy")))
    assert size < 1_000_000, f"autograded notebook still holds {size} characters"


@pytest.mark.parametrize(
    ("student", "note"),
    [
        ("deleted", "test cell q1_test was deleted (put back)"),
        ("duplicated", "cell q2_test appears 2 times"),
        ("retyped", "cell q1_test was changed from code to markdown"),
        ("edited", "read-only cell q1_test was edited"),
    ],
)
def test_tampered_cells_are_restored_graded_and_reported(graded, student, note) -> None:
    course, _, results, _ = graded
    result = results[student]
    assert result.status == "graded"
    assert any(note in n for n in result.notes), result.notes
    scores = auto_scores(course, student)
    expected_q1 = 0 if student == "edited" else 1  # "edited" answered 8 and removed the check
    assert perfect(course, "edited")["q1"] != "8 Erlangs"
    assert scores["q1_test"] == expected_q1
    assert scores["q2_test"] == 1 and scores["q5_test"] == 2


@pytest.mark.parametrize(
    ("student", "reason"),
    [
        ("badjson", "is not valid JSON"),
        ("empty", "is empty"),
        ("wrongassign", f"is the notebook of assignment {OTHER}"),
    ],
)
def test_unreadable_or_wrong_files_are_reported(graded, student, reason) -> None:
    course, _, results, _ = graded
    assert results[student].status == "failed"
    assert reason in results[student].reason
    assert not (course / "autograded" / student).exists()


def test_whole_submission_time_limit(graded) -> None:
    course, _, results, _ = graded
    result = results["slow"]
    assert result.status == "graded"
    assert any(f"longer than the {SUBMISSION_TIMEOUT:g} s" in n for n in result.notes), result.notes
    # running stopped, marking did not: every typed answer is marked
    assert sum(auto_scores(course, "slow").values()) == PERFECT_AUTO


def _blocked(course: Path, student: str, what: str) -> str:
    text = _added_output(autograded_nb(course, student))
    assert f"ALLOWED {what}" not in text, text[:2000]
    assert f"BLOCKED {what}" in text, text[:2000]
    assert sum(auto_scores(course, student).values()) == PERFECT_AUTO
    return text


def test_code_cannot_write_the_gradebook(graded) -> None:
    import sqlite3

    course, _, _, _ = graded
    _blocked(course, "pwn_gradebook", "gradebook")
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_code_cannot_write_or_read_the_source(graded) -> None:
    course, _, _, before = graded
    _blocked(course, "pwn_source", "source")
    source = course / "assessments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert _sha(source) == before["source"]
    text = _blocked(course, "pwn_source_read", "reading source")
    assert "BEGIN HIDDEN TESTS" not in text


def test_code_cannot_touch_another_participant(graded) -> None:
    course, _, _, before = graded
    _blocked(course, "pwn_other", "other participant")
    good = course / "submitted" / "good" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert _sha(good) == before["good"]


def test_code_cannot_write_the_trainers_home(graded) -> None:
    course, _, _, _ = graded
    _blocked(course, "pwn_home", "home")
    assert not HOME_PROBE.exists()


def test_code_has_no_network(graded) -> None:
    course, _, _, _ = graded
    _blocked(course, "pwn_net", "network")


def test_process_limit_and_no_process_survives(graded) -> None:
    course, _, _, _ = graded
    text = _blocked(course, "pwn_fork", "fork")
    assert "BlockingIOError" in text
    # the forked sleepers (120 s) were killed with their kernel; allow the kernel a moment to
    # finish killing them
    deadline = time.monotonic() + 10
    while _sandbox_processes(FORK_MARK) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _sandbox_processes(FORK_MARK) == []


def test_memory_limit(graded) -> None:
    course, _, _, _ = graded
    assert "MemoryError" in _blocked(course, "pwn_memory", "memory")


def test_file_size_limit(graded) -> None:
    course, _, _, _ = graded
    _blocked(course, "pwn_file", "file size")


def test_cpu_limit_stops_a_kernel_that_ignores_interrupts(graded) -> None:
    course, _, _, _ = graded
    burn = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"
    hand_in(course, "pwn_cpu", _with_code(with_answers(release_nb(course),
                                                       perfect(course, "pwn_cpu")), burn))
    summary = grade(course, ASSIGNMENT, jobs=1, students=["pwn_cpu"], execute=True,
                    cell_timeout=60, submission_timeout=60, limits=Limits(cpu_seconds=8),
                    progress=False)
    (result,) = summary.results
    assert result.status == "graded"
    assert any("died" in n and "8 s of CPU" in n for n in result.notes), result.notes
    # the CPU limit stopped it, not a time limit (read from the notes, not from a clock)
    timed_out = ("longer than", "stopped answering", "time limit")
    assert not any(t in n for n in result.notes for t in timed_out), result.notes
    assert sum(auto_scores(course, "pwn_cpu").values()) == PERFECT_AUTO


def test_report_lists_what_could_not_be_graded(graded) -> None:
    course, _, results, _ = graded
    rep = report(ASSIGNMENT, course)
    missing = {row["participant_id"]: row["reason"] for row in rep.not_graded}
    assert set(missing) == {s for s, r in results.items() if r.status == "failed"}
    assert {"badjson", "empty", "wrongassign"} <= set(missing)
    assert "not valid JSON" in missing["badjson"]
    assert "badjson" not in {g["participant_id"] for g in rep.grades}
    page = rep.html_path.read_text()
    assert "Not graded (not in grades.csv)" in page and "wrongassign" in page
    assert (rep.folder / "not_graded.csv").read_text().startswith("participant_id,reason")
