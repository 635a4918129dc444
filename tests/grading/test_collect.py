"""``cxlab collect``: LMS naming conventions, roster, unmatched files, newer never overwritten."""

from __future__ import annotations

import json
import os
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from cxlab.grading import GradingError, collect
from cxlab.grading.collect import parse_submission_name

from .conftest import ASSIGNMENT, OTHER, release_nb

NB = f"{ASSIGNMENT}.ipynb"


@pytest.mark.parametrize(
    ("path", "convention", "participant", "filename"),
    [
        (f"Ann Lee_12345_assignsubmission_file_/{NB}", "moodle", "12345", NB),
        (f"Ann Lee_12345_assignsubmission_file_{NB}", "moodle", "12345", NB),
        (f"lee_12345_67890_{NB}", "canvas", "12345", NB),
        (f"lee_LATE_12345_67890_{ASSIGNMENT}-2.ipynb", "canvas", "12345", NB),
        (f"Quiz_alee_attempt_2026-11-20-10-00-00_{NB}", "blackboard", "alee", NB),
        (f"alee/{NB}", "plain", "alee", NB),
        (f"alee/{ASSIGNMENT}/{NB}", "plain", "alee", NB),
        ("alee.ipynb", "plain", "alee", "alee.ipynb"),
    ],
)
def test_naming_conventions(path, convention, participant, filename) -> None:
    name = parse_submission_name(path, ASSIGNMENT)
    assert (name.convention, name.participant_keys[0], name.filename) == (
        convention, participant, filename)


def test_a_bare_notebook_cannot_be_attributed() -> None:
    assert parse_submission_name(NB, ASSIGNMENT) is None


def _zip(path: Path, files: dict[str, str], when=(2026, 11, 20, 9, 0, 0)) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=when), text)
    return path


def test_collect_from_zip_with_roster_and_reasons(course: Path, tmp_path: Path) -> None:
    nb = json.dumps(release_nb(course))
    other = json.dumps(release_nb(course, OTHER))
    download = _zip(tmp_path / "dl.zip", {
        f"Ann Lee_101_assignsubmission_file_/{NB}": nb,
        f"Zed Who_999_assignsubmission_file_/{NB}": nb,
        f"Bo Ng_102_assignsubmission_file_/{NB}": other,
        "Bo Ng_102_assignsubmission_file_/answers.docx": "x",
        "__MACOSX/._x": "x",
    })
    roster = tmp_path / "roster.csv"
    roster.write_text("participant_id,name,email\nann,Ann Lee,ann@x.org\nbo,Bo Ng,bo@x.org\n")
    result = collect(download, course_dir=course, roster=roster)
    assert result.assignment == ASSIGNMENT  # recognised from the file names
    assert [(c.participant, c.notebook, c.convention) for c in result.collected] == [
        ("ann", NB, "moodle")]
    reasons = {u.source: u.reason for u in result.unmatched}
    assert reasons[f"Zed Who_999_assignsubmission_file_/{NB}"] == "not on the roster (999, Zed Who)"
    assert f"notebook of assignment {OTHER}" in reasons[f"Bo Ng_102_assignsubmission_file_/{NB}"]
    assert reasons["Bo Ng_102_assignsubmission_file_/answers.docx"] == "not a notebook (.docx)"
    assert reasons["__MACOSX/._x"] == "system file (ignored)"
    stamp = (course / "submitted" / "ann" / ASSIGNMENT / "timestamp.txt").read_text()
    local = datetime(2026, 11, 20, 9, 0, 0).astimezone(timezone.utc)  # zip times are local
    assert stamp.strip() == local.strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def test_a_newer_submission_is_never_replaced_by_an_older_one(course: Path, tmp_path: Path) -> None:
    nb = release_nb(course)
    newer = tmp_path / "newer" / "ann"
    newer.mkdir(parents=True)
    (newer / NB).write_text(json.dumps({**nb, "metadata": {**nb["metadata"], "v": "new"}}))
    t_new = datetime(2026, 11, 20, 12, tzinfo=timezone.utc).timestamp()
    os.utime(newer / NB, (t_new, t_new))
    collect(tmp_path / "newer", course_dir=course, assignment=ASSIGNMENT)

    older = tmp_path / "older" / "ann"
    older.mkdir(parents=True)
    (older / NB).write_text(json.dumps(nb))
    t_old = datetime(2026, 11, 20, 8, tzinfo=timezone.utc).timestamp()
    os.utime(older / NB, (t_old, t_old))
    result = collect(tmp_path / "older", course_dir=course, assignment=ASSIGNMENT)
    assert result.collected == []
    (unmatched,) = result.unmatched
    assert "older than the submission already collected for ann" in unmatched.reason
    kept = json.loads((course / "submitted" / "ann" / ASSIGNMENT / NB).read_text())
    assert kept["metadata"]["v"] == "new"


def test_two_files_from_one_participant_keep_the_newest(course: Path, tmp_path: Path) -> None:
    nb = json.dumps(release_nb(course))
    folder = tmp_path / "bb"
    folder.mkdir()
    for stamp in ("2026-11-20-10-00-00", "2026-11-20-11-30-00"):
        (folder / f"Quiz_bob_attempt_{stamp}_{NB}").write_text(nb)
    result = collect(folder, course_dir=course, assignment=ASSIGNMENT)
    assert [c.handed_in.hour for c in result.collected] == [11]
    assert "older than" in result.unmatched[0].reason
    assert result.unmatched[0].source.startswith("Quiz_bob_attempt_2026-11-20-10-00-00")


def test_bad_inputs_are_named(course: Path, tmp_path: Path) -> None:
    with pytest.raises(GradingError, match="path must be a folder or a .zip file; got"):
        collect(tmp_path / "missing.zip", course_dir=course)
    (tmp_path / "d").mkdir()
    with pytest.raises(GradingError, match="assignment must be one of '00-start-here', "
                                           "'01-service-level'"):
        collect(tmp_path / "d", course_dir=course, assignment="nope")
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nAnn\n")
    with pytest.raises(GradingError, match="roster must be a CSV with a participant_id column"):
        collect(tmp_path / "d", course_dir=course, assignment=ASSIGNMENT, roster=bad)
