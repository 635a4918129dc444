"""`make lab` serves the participant's workspace: a copy of course/ and nothing a trainer keeps.

The workspace is filled by ``tools/participant_lab.py`` (here into a temporary folder): no
model answers, hidden tests, nbgrader source notebooks or plain-text question banks may reach
it, and a second run adds what is new in the course without overwriting the participant's
work. The participant server's configuration hides nbgrader's trainer tools. The server itself
is started in a browser by ``tests/browser/test_keys.py``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tools import participant_lab

MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION")
TRAINER_PLUGINS = {
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
}


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _nbgrader_cells(path: Path) -> list[str]:
    """Ids of the cells of notebook ``path`` that carry nbgrader metadata (source notebooks
    and releases do; lesson notebooks do not)."""
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    return [c.get("id", "?") for c in cells if "nbgrader" in c.get("metadata", {})]


def assert_nothing_for_trainers(served: Path) -> None:
    """No file under ``served`` is, or holds, what only trainers may see."""
    trainer_files = {
        p.read_bytes(): p.relative_to(ROOT)
        for folder in ("assessments", "banks") for p in _files(ROOT / folder)
        if p.stat().st_size
    }
    bank_names = {p.name for p in (ROOT / "banks").glob("*.yml")}
    files = _files(served)
    assert files, f"nothing under {served}"
    for path in files:
        rel = path.relative_to(served)
        data = path.read_bytes()
        text = data.decode("utf-8", errors="replace")
        found = [m for m in MARKERS if m in text]
        assert not found, f"{rel} holds {found}"
        assert data not in trainer_files, f"{rel} is a copy of {trainer_files[data]}"
        bank_like = path.suffix in (".yml", ".yaml") and re.search(
            r"^questions:", text, re.M) and re.search(r"^\s+answer:", text, re.M)
        assert path.name not in bank_names and not bank_like, (
            f"{rel} looks like a plain-text question bank"
        )
        if path.suffix == ".ipynb":
            assert not _nbgrader_cells(path), f"{rel} is an nbgrader notebook"


def test_the_workspace_gets_the_course_and_nothing_for_trainers(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    result = participant_lab.prepare(workspace)

    course = {p.relative_to(ROOT).as_posix() for p in _files(ROOT / "course")
              if ".ipynb_checkpoints" not in p.parts}
    assert set(result.added) == course
    assert {p.relative_to(workspace).as_posix() for p in _files(workspace / "course")} == course
    assert (workspace / participant_lab.START).is_file()
    # What the server can serve: the course copy, plus its own hidden config folder and record.
    assert sorted(p.name for p in workspace.iterdir()) == [
        ".cxlab-workspace.json", ".jupyter", "course"
    ]
    assert_nothing_for_trainers(workspace)
    assert result.refused == []


def test_a_second_run_adds_new_notebooks_and_keeps_the_participants(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(ROOT / "course" / "00-start-here", course / "00-start-here")
    workspace = tmp_path / "workspace"
    participant_lab.sync_workspace(workspace, course)
    mine = workspace / "course" / "00-start-here" / "00.01-welcome.ipynb"
    edited = mine.read_text(encoding="utf-8").replace('"cells": [', '"cells": [ ', 1)
    mine.write_text(edited, encoding="utf-8")

    # The course moves on: the welcome notebook changes, a module and its notebook appear.
    source = course / "00-start-here" / "00.01-welcome.ipynb"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    new = course / "01-new-module" / "01.01-new.ipynb"
    new.parent.mkdir()
    shutil.copy(source, new)
    result = participant_lab.sync_workspace(workspace, course)

    assert mine.read_text(encoding="utf-8") == edited, "the participant's notebook was overwritten"
    assert result.added == ["course/01-new-module/01.01-new.ipynb"]
    assert (workspace / "course" / "01-new-module" / "01.01-new.ipynb").read_bytes() == (
        new.read_bytes()
    )
    assert result.updated_in_course == ["course/00-start-here/00.01-welcome.ipynb"]
    assert "your copies are kept" in result.summary()
    # A third run has nothing to do.
    again = participant_lab.sync_workspace(workspace, course)
    assert again.added == [] and again.summary().startswith("1 file(s) changed")


def test_a_course_file_holding_answers_is_never_copied(tmp_path: Path) -> None:
    course = tmp_path / "course"
    (course / "00-x").mkdir(parents=True)
    (course / "00-x" / "lesson.ipynb").write_text('{"cells": []}')
    (course / "00-x" / "leak.ipynb").write_text('{"cells": ["### BEGIN SOLUTION"]}')
    result = participant_lab.sync_workspace(tmp_path / "ws", course)
    assert result.added == ["course/00-x/lesson.ipynb"]
    assert result.refused == ["course/00-x/leak.ipynb"]
    assert not (tmp_path / "ws" / "course" / "00-x" / "leak.ipynb").exists()
    assert "NOT copied" in result.summary()


def test_the_participant_config_hides_the_trainer_tools() -> None:
    config = participant_lab.CONFIG
    server = json.loads((config / "jupyter_server_config.json").read_text())
    extensions = server["ServerApp"]["jpserver_extensions"]
    assert extensions == {
        "nbgrader.server_extensions.formgrader": False,
        "nbgrader.server_extensions.course_list": False,
    }, "participants keep assignment_list (fetch, submit) and validate_assignment"
    assert server["ServerApp"]["terminals_enabled"] is False
    assert server["LabApp"]["news_url"] is None

    page = json.loads((config / "labconfig" / "page_config.json").read_text())
    assert {k for k, v in page["disabledExtensions"].items() if v} == TRAINER_PLUGINS
    assert {k for k, v in page["lockedExtensions"].items() if v} == TRAINER_PLUGINS
    overrides = json.loads((config / "labconfig" / "default_setting_overrides.json").read_text())
    # "false" (a string) is the setting's value for "never ask, never fetch".
    assert overrides["@jupyterlab/apputils-extension:notification"] == {
        "fetchNews": "false", "checkForUpdates": False
    }


def test_install_config_keeps_other_settings(tmp_path: Path) -> None:
    labconfig = tmp_path / "labconfig"
    labconfig.mkdir()
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@someone/else:plugin": True}, "other": 1})
    )
    participant_lab.install_config(tmp_path)
    page = json.loads((labconfig / "page_config.json").read_text())
    assert page["other"] == 1
    assert {k for k, v in page["disabledExtensions"].items() if v} == (
        TRAINER_PLUGINS | {"@someone/else:plugin"}
    )


def test_the_server_serves_the_workspace_alone(tmp_path: Path) -> None:
    launch = participant_lab.command(tmp_path / "ws", ["--no-browser"],
                                     env={"JUPYTER_CONFIG_DIR": "/home/x/.jupyter"})
    assert f"--ServerApp.root_dir={(tmp_path / 'ws').resolve()}" in launch.argv
    assert (f"--LabApp.default_url=/lab/tree/{participant_lab.START}") in launch.argv
    assert launch.argv[-1] == "--no-browser"
    assert ("--allow-root" in launch.argv) == (os.geteuid() == 0)
    assert launch.cwd == (tmp_path / "ws").resolve()
    assert launch.env["JUPYTER_CONFIG_DIR"] == str((tmp_path / "ws" / ".jupyter").resolve())
    assert launch.env["JUPYTER_CONFIG_PATH"] == "/home/x/.jupyter"


def _make(*args: str) -> str:
    return subprocess.run(["make", "-s", *args], cwd=ROOT, capture_output=True, text=True,
                          check=True, timeout=60).stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_lab_and_make_trainer() -> None:
    # `make lab` runs the workspace script; `make lab-args` shows its server's options.
    assert "tools/participant_lab.py" in _make("-n", "lab")
    args = _make("lab-args").split()
    assert f"--ServerApp.root_dir={ROOT / 'workspace'}" in args
    assert f"--LabApp.default_url=/lab/tree/{participant_lab.START}" in args
    # `make trainer` serves the repository with the usual configuration (Formgrader and all),
    # and says that it shows answer keys.
    trainer = _make("-n", "trainer").strip().splitlines()[-1]
    assert "jupyter lab" in trainer and "--ServerApp.root_dir=." in trainer
    assert "participant" not in trainer and "JUPYTER_CONFIG" not in trainer
    assert ("--allow-root" in trainer) == (os.geteuid() == 0)
    helps = [line for line in _make("help").splitlines() if line.startswith("make trainer")]
    assert helps and "answer keys" in helps[0]
