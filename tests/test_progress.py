"""The participant's progress: recorded only in a workspace, never lost, summarised per module.

Expected counts are worked out by hand from the events written here (see the comments); the
hooks are exercised in a real kernel (papermill) the way a lesson, a practice quiz and an
assessment call them, and the progress page runs on a workspace with a recorded exercise.
"""

from __future__ import annotations

import base64
import json
import multiprocessing
import re
import types
from pathlib import Path

import papermill
import pytest

from cxlab import CxlabValueError, progress, workspace
from cxlab._style import figure_description
from tests.conftest import ROOT


def _notebook(*cells: str) -> dict:
    """A notebook with one code cell per source (answer cells are code cells too)."""
    return {"cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}",
                       "metadata": {}, "outputs": [], "source": source}
                      for i, source in enumerate(cells)],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def _write(path: Path, nb: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb))
    return path


@pytest.fixture
def no_workspace_env(monkeypatch: pytest.MonkeyPatch):
    for name in ("CXLAB_WORKSPACE", "JPY_SESSION_NAME"):
        monkeypatch.delenv(name, raising=False)


def _a_workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / workspace.MARKER).write_text("{}")
    return ws


# -- where it is kept ---------------------------------------------------------------------

def test_nothing_is_recorded_outside_a_workspace(tmp_path: Path, no_workspace_env,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lesson = tmp_path / "course" / "01-mod" / "01.02-b.ipynb"
    assert progress.record("opened", lesson) is False
    assert progress.record("opened", "01.02-b.ipynb") is False  # relative: looked up from here
    assert list(tmp_path.rglob("*")) == []


def test_the_workspace_is_found_above_the_notebook_or_named(tmp_path: Path, no_workspace_env,
                                                            monkeypatch) -> None:
    ws = _a_workspace(tmp_path)
    lesson = ws / "course" / "01-mod" / "01.02-b.ipynb"
    assert progress.record("opened", lesson) is True
    (event,) = progress.read_events(ws / ".cxlab" / "progress.jsonl")
    assert (event["kind"], event["lesson"], event["module"], event["notebook"]) == (
        "opened", "01.02", "01", "course/01-mod/01.02-b.ipynb")
    # CXLAB_WORKSPACE wins: "off" turns recording off even inside a workspace ...
    monkeypatch.setenv("CXLAB_WORKSPACE", "off")
    assert progress.record("opened", lesson) is False
    # ... and a folder elsewhere receives the events.
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.setenv("CXLAB_WORKSPACE", str(other))
    assert progress.record("opened", lesson) is True
    assert len(progress.read_events(progress.log_path(other))) == 1
    assert len(progress.read_events(progress.log_path(ws))) == 1


def test_a_notebook_without_a_module_number_is_not_recorded(tmp_path: Path,
                                                            no_workspace_env) -> None:
    ws = _a_workspace(tmp_path)
    assert progress.record("exercise", ws / "Untitled.ipynb", exercise="x", correct=True) is False
    assert not progress.log_path(ws).exists()
    with pytest.raises(CxlabValueError, match="kind must be one of opened, exercise, practice, "
                                              "assessment; got 'clicked'"):
        progress.record("clicked", ws / "01.01-a.ipynb")


def _append_many(args: tuple[str, int, int]) -> None:
    ws, writer, count = args
    for i in range(count):
        progress.record("exercise", Path(ws) / "course" / "01-m" / "01.01-a.ipynb",
                        workspace=ws, exercise=f"w{writer}-{i}", correct=True)


def test_kernels_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    ws = _a_workspace(tmp_path)
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(_append_many, [(str(ws), writer, 150) for writer in range(4)])
    lines = progress.log_path(ws).read_text().splitlines()
    assert len(lines) == 4 * 150  # one line per event, none torn or merged
    events = [json.loads(line) for line in lines]
    assert len({e["id"] for e in events}) == 600
    assert {e["exercise"] for e in events} == {f"w{w}-{i}" for w in range(4) for i in range(150)}


def test_a_line_cut_short_is_skipped_but_an_upload_must_be_whole(tmp_path: Path) -> None:
    ws = _a_workspace(tmp_path)
    progress.record("opened", ws / "01.01-a.ipynb", workspace=ws)
    with progress.log_path(ws).open("a") as log:
        log.write('{"id": "cut", "at": "2026-')  # the machine stopped mid-write
    assert [e["kind"] for e in progress.read_events(progress.log_path(ws))] == ["opened"]
    with pytest.raises(CxlabValueError, match=r"progress_file must be a cxlab progress file "
                                              r".*; line 2 is not: '\{\"id\": \"cut\""):
        progress.parse_log(progress.log_path(ws).read_bytes())


def test_loading_a_downloaded_file_adds_only_what_is_missing(tmp_path: Path) -> None:
    home, binder = _a_workspace(tmp_path), tmp_path / "binder"
    binder.mkdir()
    for name in ("01.01-a", "01.02-b"):
        progress.record("opened", home / f"{name}.ipynb", workspace=home)
    progress.record("opened", binder / "01.03-c.ipynb", workspace=binder)
    download = progress.log_path(home).read_bytes()
    assert progress.merge(download, binder) == 2
    assert progress.merge(download, binder) == 0  # the same file again: nothing twice
    lessons = sorted(e["lesson"] for e in progress.read_events(progress.log_path(binder)))
    assert lessons == ["01.01", "01.02", "01.03"]
    with pytest.raises(CxlabValueError, match="line 1 is not: 'name,score'"):
        progress.merge(b"name,score\nann,3\n", binder)
    with pytest.raises(CxlabValueError, match=r"progress_file must be at most 5,000,000 bytes; "
                                              r"got 5,000,001 bytes"):
        progress.parse_log(b" " * 5_000_001)
    with pytest.raises(CxlabValueError, match="must be the bytes or text of a progress file; "
                                              "got int"):
        progress.parse_log(12)


# -- the summary ----------------------------------------------------------------------------

@pytest.fixture
def course(tmp_path: Path) -> Path:
    """Module 00 with one lesson (one exercise), module 01 with two lessons (3 exercises and a
    personal-code cell, which is not an exercise) and a participant's copy of a lesson."""
    root = tmp_path / "course"
    _write(root / "00-start" / "00.01-welcome.ipynb",
           _notebook("%%answer answer_erlangs number Erlangs\n", "x = 1"))
    _write(root / "01-mod" / "01.01-a.ipynb",
           _notebook("%%answer code code\n", "%%answer q_a number\n", "%%answer q_b text\n"))
    _write(root / "01-mod" / "01.02-b.ipynb", _notebook("%%answer q_c letter ABCD\n"))
    _write(root / "01-mod" / "01.02-b (course update 2026-05-14).ipynb",
           _notebook("%%answer q_c letter ABCD\n", "%%answer q_d text\n"))
    return root


def _event(at: str, kind: str, module: str, lesson: str | None = None, **fields) -> dict:
    return {"id": f"{kind}-{at}", "at": f"2026-01-05T{at}", "kind": kind, "module": module,
            "lesson": lesson, **fields}


EVENTS = [
    _event("10:00", "opened", "01", "01.01"),
    _event("10:01", "exercise", "01", "01.01", exercise="q_a", correct=False),
    _event("10:02", "exercise", "01", "01.01", exercise="q_a", correct=True),
    _event("10:03", "exercise", "01", "01.01", exercise="q_b", correct=True),
    _event("10:04", "exercise", "01", "01.01", exercise="q_b", correct=False),
    _event("10:05", "exercise", "01", "01.02", exercise="q_c", correct=True),
    _event("10:06", "practice", "01", bank="01-mod", question="p1", score=0.5),
    _event("10:07", "practice", "01", bank="01-mod", question="p1", score=1.0),
    _event("10:08", "practice", "01", bank="01-mod", question="p2", score=0.0),
    _event("10:10", "assessment", "01", answered=10, questions=10, ready=True),
    # an older summary, loaded later from a downloaded file: the latest time wins
    _event("10:09", "assessment", "01", answered=3, questions=10, ready=False),
    # a lesson's own summary is not the assessment's
    _event("10:11", "assessment", "00", "00.01", answered=1, questions=1, ready=True),
]


def test_summary_per_module_against_the_course(course: Path) -> None:
    summary = progress.summarise(EVENTS, course_dir=course)
    assert [m.module for m in summary.modules] == ["00", "01"]
    one = summary["01"]
    # lessons: 01.01 opened, 01.02 has a checked exercise -> 2 of 2 (the "(course update)"
    # copy is not a lesson)
    assert (one.lessons_opened, one.lessons) == (2, 2)
    # exercises: q_a wrong then right (right), q_b right then wrong (not right), q_c right;
    # the course has q_a, q_b, q_c (the code cell is no exercise) -> 2 of 3, 3 tried
    assert (one.exercises_right, one.exercises_tried, one.exercises) == (2, 3, 3)
    # practice: p1 best 1.0, p2 0.0 -> 1 point of 2 questions tried
    assert (one.practice_points, one.practice_tried) == (1.0, 2)
    assert one.assessment == "ready to hand in"
    assert summary["00"].assessment == "not started"
    assert summary.table().to_dict("records") == [
        {"Module": "00 Start here", "Lessons opened": "0 of 1", "Exercises right": "0 of 1",
         "Practice quiz points": "none tried", "Assessment": "not started"},
        {"Module": "01 Service level and response time", "Lessons opened": "2 of 2",
         "Exercises right": "2 of 3", "Practice quiz points": "1 of 2",
         "Assessment": "ready to hand in"},
    ]
    half = progress.summarise(EVENTS[:-3], course_dir=course)["01"]
    assert half.assessment == "not started"
    unready = progress.summarise(EVENTS[:-3] + [EVENTS[-2]], course_dir=course)["01"]
    assert unready.assessment == "3 of 10 answered"
    with pytest.raises(CxlabValueError, match="module must be one of 00, 01; got '07'"):
        summary["07"]


def test_summary_without_the_course_lists_every_module(tmp_path: Path) -> None:
    from cxlab._authoring import MODULES

    summary = progress.summarise(EVENTS)
    assert [m.module for m in summary.modules] == [folder[:2] for folder, _, _ in MODULES]
    one = summary["01"]
    assert (one.lessons, one.exercises, one.lessons_opened, one.exercises_right) == (
        None, None, 2, 2)
    assert one.row()["Lessons opened"] == "2"
    assert progress.summarise([{"kind": "opened"}, "junk"]).events == 0  # not events


def test_the_figure_shows_the_shares_and_says_them(course: Path) -> None:
    import matplotlib.pyplot as plt

    from cxlab.progress.plots import plot_progress

    ax = plot_progress(progress.summarise(EVENTS, course_dir=course))
    # bars are drawn measure by measure, module by module: lessons 00, 01; exercises 00, 01;
    # practice 00, 01 -> 0, 2/2, 0, 2/3, 0 (nothing tried), 1/2 as percentages
    widths = [round(p.get_width(), 1) for p in ax.patches]
    assert widths == [0.0, 100.0, 0.0, 66.7, 0.0, 50.0]
    texts = [t.get_text() for t in ax.texts]
    assert "2 of 3 exercises right" in texts and "no practice question tried" in texts
    description = figure_description(ax)
    assert ("module 01 Service level and response time: 2 of 2 lessons opened, 2 of 3 "
            "exercises right, 1 of 2 practice points, assessment ready to hand in"
            ) in description
    plt.close(ax.figure)
    with pytest.raises(CxlabValueError, match="progress must be a Progress"):
        plot_progress(EVENTS)


def test_an_exercise_is_named_by_its_answer_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    from cxlab.quiz import typed

    answer = float("25")  # as the answer cell binds it
    table = pd.DataFrame({"agents": [14]})
    shell = types.SimpleNamespace(user_ns={"answer_agents": answer, "try_agents": 25,
                                           "mine": table, "_": table})
    monkeypatch.setattr(progress, "_shell", lambda: shell)
    monkeypatch.setitem(typed._RUN, "answer_agents", typed.read_typed("25", "number"))
    assert progress._answer_name(answer) == "answer_agents"
    assert progress._answer_name(float("25")) is None  # equal, but not the answer cell's
    assert progress._answer_name(25) is None  # a small number could be anybody's
    assert progress._answer_name(table) == "mine"


# -- the hooks, in a kernel ---------------------------------------------------------------

LESSON_CELLS = (
    "from cxlab import quiz\nfrom cxlab.quiz import widgets as quiz_widgets",
    "%%answer answer_agents number agents\n25",
    "quiz.check_number(answer_agents, 25, abs_tol=0, unit='agents')",
    "%%answer answer_letter letter ABCD\nA",
    "quiz.single_choice('B', 'ABCD').check(answer_letter)",
    # a practice card answered "A" (the same one-letter text as answer_letter): a practice
    # score, not an exercise
    "quiz_ = quiz_widgets.practice('00-start-here')\n"
    "card = next(c for c in quiz_.cards if c.question.kind == 'single')\n"
    "card.input.value = 'A'\ncard.submit();",
)
ASSESSMENT_CELLS = (
    "from cxlab import quiz",
    "%%answer q1 number %\n79.6",
    "%%answer q2 letter ABCD\n# Type your answer under this line, then press Shift + Enter.",
    "quiz.summary('q1 q2')",
)


def _run(path: Path, monkeypatch: pytest.MonkeyPatch, *, session: bool = True) -> None:
    if session:
        monkeypatch.setenv("JPY_SESSION_NAME", str(path))
    papermill.execute_notebook(str(path), str(path.with_name(f"out-{path.name}")),
                               cwd=str(path.parent), kernel_name="python3",
                               progress_bar=False, log_output=False)


@pytest.mark.notebook
def test_lessons_practice_and_assessments_record_in_a_kernel(
        tmp_path: Path, no_workspace_env, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = _a_workspace(tmp_path)
    lesson = _write(ws / "course" / "01-mod" / "01.02-b.ipynb", _notebook(*LESSON_CELLS))
    _run(lesson, monkeypatch)
    assessment = _write(ws / "01-mod" / "01-mod.ipynb", _notebook(*ASSESSMENT_CELLS))
    _run(assessment, monkeypatch)

    events = progress.read_events(progress.log_path(ws))
    seen = [(e["kind"], e.get("exercise"), e.get("correct")) for e in events]
    assert seen[0] == ("opened", None, None)  # the lesson's set-up
    assert ("exercise", "answer_agents", True) in seen
    assert ("exercise", "answer_letter", False) in seen  # A where B is right
    assert [s for s in seen if s[0] == "exercise"] == [
        ("exercise", "answer_agents", True), ("exercise", "answer_letter", False)]
    (practice,) = [e for e in events if e["kind"] == "practice"]
    assert (practice["module"], practice["bank"]) == ("00", "00-start-here")
    assert practice["lesson"] == "01.02" and 0.0 <= practice["score"] <= 1.0
    (status,) = [e for e in events if e["kind"] == "assessment"]
    # q1 answered, q2 left empty -> 1 of 2, not ready; the assessment opens no lesson
    assert (status["module"], status["answered"], status["questions"], status["ready"]) == (
        "01", 1, 2, False)
    assert [e["lesson"] for e in events if e["kind"] == "opened"] == ["01.02"]


@pytest.mark.notebook
def test_papermill_outside_a_workspace_writes_nothing(tmp_path: Path, no_workspace_env,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    lesson = _write(tmp_path / "course" / "01-mod" / "01.02-b.ipynb", _notebook(*LESSON_CELLS))
    _run(lesson, monkeypatch, session=False)  # as the notebook tests run it
    _run(lesson, monkeypatch)  # even with a session name
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        "01.02-b.ipynb", "out-01.02-b.ipynb"]


def _exercise_count(folder: Path) -> int:
    """Answer cells of the lessons in ``folder``, counted from the files' text (the personal
    code cell is not an exercise)."""
    count = 0
    for path in folder.glob("*.ipynb"):
        for cell in json.loads(path.read_text())["cells"]:
            first = "".join(cell["source"]).partition("\n")[0]
            if cell["cell_type"] == "code" and first.startswith("%%answer") and (
                    first.split()[2:3] != ["code"]):
                count += 1
    return count


@pytest.mark.notebook
def test_the_progress_page_shows_a_recorded_exercise(tmp_path: Path, no_workspace_env,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "ws"
    workspace.sync(ROOT / "course", ws)
    welcome = ws / "course" / "00-start-here" / "00.01-welcome.ipynb"
    progress.record("exercise", welcome, exercise="answer_erlangs", correct=True)
    page = ws / "course" / "00-start-here" / "00.03-your-progress.ipynb"
    monkeypatch.setenv("JPY_SESSION_NAME", str(page))  # as Jupyter names the page's kernel
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(page), str(out), parameters={"workspace": str(ws)},
                               cwd=str(page.parent), kernel_name="python3",
                               progress_bar=False, log_output=False)
    html = "".join("".join(o.get("data", {}).get("text/html", ""))
                   for c in json.loads(out.read_text())["cells"] for o in c.get("outputs", []))
    total = _exercise_count(ROOT / "course" / "00-start-here")
    row = re.search(r"00 Start here</td>(.*?)</tr>", html, re.S)
    assert row, "no row for module 00 in the table"
    cells = re.findall(r">([^<>]+)</td>", row.group(1))
    assert cells[1] == f"1 of {total}", cells  # lessons opened, exercises right, ...
    # the page itself counts as opened (its set-up ran in the workspace)
    assert progress.summarise(progress.read_events(progress.log_path(ws)))["00"
                                                                         ].lessons_opened == 2
    # The download link (a widget's HTML, kept in the notebook's widget state) carries the
    # progress file itself.
    state = json.dumps(json.loads(out.read_text())["metadata"]["widgets"])
    link = re.search(r'download=\\"cxlab-progress.jsonl\\" [^>]*href=\\"data:application/'
                     r'x-ndjson;base64,([A-Za-z0-9+/=]*)\\"', state)
    assert link, "no download link"
    assert base64.b64decode(link.group(1)) == progress.log_path(ws).read_bytes()
