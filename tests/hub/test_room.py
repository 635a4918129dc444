"""The room at a glance (``cxlab room``, ``hub/cohort.py room``): each participant's progress,
read from their workspace's progress file.

On the real hub two participants work on the welcome lesson's exercise in their own servers,
through a kernel started for that notebook as JupyterLab starts one; the trainer (root) then
sees who opened it, who has it right and where answers go wrong. The other tests need no hub:
the checks a participant's own file gets before it is read, and the messages for bad input.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from cxlab import CxlabValueError, progress
from cxlab.grading.cli import main
from cxlab.grading.room import room, workspaces_from_roster
from tests.hub.hubtools import cohort, in_parallel

WELCOME = "course/00-start-here/00.01-welcome.ipynb"


def _code_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.mark.hub
@pytest.mark.xdist_group("hub")
def test_the_trainer_sees_who_did_what_and_where_answers_go_wrong(hub, people, capfd) -> None:
    ann, ben = (people[name] for name in hub.participants[:2])
    cy, dee = hub.participants[2:]
    # the lesson as it is in the participant's own workspace: its code up to the exercise's
    # check (parameters, set-up, ..., the answer cell, the check)
    cells = _code_cells(hub.home(ann.name) / WELCOME)
    answer = next(i for i, c in enumerate(cells) if c.startswith("%%answer answer_erlangs"))
    first_line = cells[answer].split("\n", 1)[0]

    def work(person, typed: str) -> None:
        with person.kernel(WELCOME) as kernel:
            for code in [*cells[:answer], f"{first_line}\n{typed}", cells[answer + 1]]:
                result = kernel.run(code, timeout=180)
                assert result["status"] == "ok", (code, result)

    # 120 calls x 240 s / 1,800 s = 16 Erlangs (the exercise's numbers); ben slips
    in_parallel(lambda: work(ann, "16 Erlangs"), lambda: work(ben, "12 Erlangs"))

    table = hub.base / "room.csv"
    assert cohort.room(hub.root, "--csv", str(table)) == 0
    shown = capfd.readouterr().out
    with open(table, newline="") as fh:
        rows = {row["Participant"]: row for row in csv.DictReader(fh)}
    lessons = len(list((hub.root / "course").glob("[0-9][0-9]-*/[0-9][0-9].[0-9][0-9]-*.ipynb")))
    assert rows[ann.name]["Lessons opened"] == f"1 of {lessons}"
    assert rows[ann.name]["Exercises right"].startswith("1 of ")
    assert rows[ann.name]["Wrong now"] == "none"
    assert rows[ben.name]["Lessons opened"] == f"1 of {lessons}"
    assert rows[ben.name]["Exercises right"].startswith("0 of ")
    assert rows[ben.name]["Wrong now"] == "00.01 answer_erlangs"
    for name in (cy, dee):
        assert rows[name]["Last activity"] == "no progress yet"
        assert rows[name]["Exercises right"].startswith("0 of ")
    assert "Where answers go wrong:" in shown
    trouble = shown.split("Where answers go wrong:", 1)[1].splitlines()
    assert any(line.split()[:3] == ["00.01", "answer_erlangs", "1"] and line.split()[3] == "2"
               and line.rstrip().endswith(ben.name) for line in trouble), shown


def _workspace(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    (folder / ".cxlab").mkdir(parents=True)
    return folder


def test_a_file_that_is_not_the_participants_own_is_not_read(tmp_path: Path) -> None:
    ann, ben, cy = (_workspace(tmp_path, n) for n in ("ann", "ben", "cy"))
    lesson = ben / "course" / "01-service-level" / "01.02-erlang-c.ipynb"
    assert progress.record("exercise", lesson, workspace=ben, exercise="answer_agents",
                           correct=False)
    # ann's file is a link to ben's, cy's a pipe nobody writes (reading it would never end)
    os.symlink(progress.log_path(ben), progress.log_path(ann))
    os.mkfifo(progress.log_path(cy))
    seats = {s.participant: s for s in room({"ann": ann, "ben": ben, "cy": cy}).seats}
    assert seats["ben"].exercises_wrong == ("01.02 answer_agents",)
    assert (seats["ann"].events, seats["ann"].exercises_wrong) == (0, ())
    assert seats["ann"].note.startswith("progress file not read")
    assert seats["cy"].note == "progress file not read (not a plain file)"


def test_lines_cut_short_are_skipped_and_names_are_made_safe_to_print(tmp_path: Path) -> None:
    ann = _workspace(tmp_path, "ann")
    event = {"id": "1", "at": "2026-01-05T10:00:00+00:00", "kind": "exercise", "module": "01",
             "lesson": "01.02", "exercise": "answer\x1b[31m_agents", "correct": False}
    progress.log_path(ann).write_text(json.dumps(event) + "\n" + '{"id": "2", "at": "20')
    seat = room({"ann": ann}).seats[0]
    assert seat.events == 1
    assert seat.last_seen == "2026-01-05T10:00:00+00:00"
    row = seat.row(None, None)
    assert "\x1b" not in row["Wrong now"] and "_agents" in row["Wrong now"]
    assert row["Last activity"] == "2026-01-05 10:00 UTC"


def test_bad_input_is_named(tmp_path: Path, capsys) -> None:
    with pytest.raises(CxlabValueError, match="workspaces must map each participant id to "
                       "their workspace folder; got {}"):
        room({})
    roster = tmp_path / "roster.csv"
    roster.write_text("name\nAnn\n")
    with pytest.raises(CxlabValueError, match=r"roster must be a CSV with a participant_id "
                       r"column; got .* with columns \['name'\]"):
        workspaces_from_roster(roster)
    with pytest.raises(CxlabValueError, match="pattern must contain {participant}; got "
                       "'/srv/work'"):
        workspaces_from_roster(roster, pattern="/srv/work")
    roster.write_text("participant_id\ncxlab-nobody-here\n")
    assert main(["room", "--roster", str(roster)]) == 2
    assert "participant_id 'cxlab-nobody-here' has no account here" in capsys.readouterr().err
    assert main(["room", "--roster", str(roster), "--workspace",
                 str(tmp_path / "{participant}")]) == 0
    assert "no progress yet" in capsys.readouterr().out
