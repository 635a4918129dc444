"""`make lab` serves the participant's workspace: a copy of course/ and nothing a trainer keeps.

The workspace is filled by ``tools/participant_lab.py`` with :func:`cxlab.workspace.sync`
(here into temporary folders): no model answers, hidden tests, nbgrader source notebooks or
plain-text question banks may reach it, and a course update merges in by nbgitpuller's rules
without ever overwriting the participant's work (one test per rule, on small notebooks built
here by hand). The participant server's configuration hides nbgrader's trainer tools; `make
lab` installs only what participants need. The server itself is started in a browser by
``tests/browser/test_keys.py`` and ``tests/browser/test_workspace_lab.py``; Binder's start
script is run here.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from cxlab import CxlabValueError, workspace
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
    for rel in course:  # delivered as they are
        assert (workspace / rel).read_bytes() == (ROOT / rel).read_bytes(), rel
    assert (workspace / participant_lab.START).is_file()
    # What the server can serve: the course copy, plus hidden folders (its configuration,
    # cxlab's own files) and the workspace record.
    assert sorted(p.name for p in workspace.iterdir()) == [
        ".cxlab", ".cxlab-workspace.json", ".jupyter", "course"
    ]
    assert_nothing_for_trainers(workspace)
    assert result.refused == ()


def test_a_course_file_holding_answers_is_never_copied(tmp_path: Path) -> None:
    course = tmp_path / "course"
    (course / "00-x").mkdir(parents=True)
    (course / "00-x" / "lesson.ipynb").write_text('{"cells": []}')
    (course / "00-x" / "leak.ipynb").write_text('{"cells": ["### BEGIN SOLUTION"]}')
    result = participant_lab.sync_workspace(tmp_path / "ws", course)
    assert result.added == ("course/00-x/lesson.ipynb",)
    assert result.refused == ("course/00-x/leak.ipynb",)
    assert not (tmp_path / "ws" / "course" / "00-x" / "leak.ipynb").exists()
    assert "NOT copied" in result.summary()


# -- a course update merges in: nbgitpuller's rules, file by file --------------------------
DAY = datetime.date(2026, 5, 14)


def _notebook(*sources: str, outputs: list | None = None, metadata: dict | None = None) -> str:
    """A small notebook as Jupyter writes one, built by hand (one code cell per source)."""
    cells = [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {},
              "outputs": outputs or [], "source": source} for i, source in enumerate(sources)]
    return json.dumps({"cells": cells, "metadata": metadata or {}, "nbformat": 4,
                       "nbformat_minor": 5}, indent=1) + "\n"


@pytest.fixture
def release(tmp_path: Path) -> Path:
    """A small course as released: two lessons and a data file."""
    course = tmp_path / "release"
    (course / "01-mod").mkdir(parents=True)
    (course / "01-mod" / "01.01-a.ipynb").write_text(_notebook("print('a, version 1')"))
    (course / "01-mod" / "01.02-b.ipynb").write_text(_notebook("print('b, version 1')"))
    (course / "01-mod" / "calls.csv").write_text("day,calls\nMon,100\n")
    return course


def _sync(release: Path, tmp_path: Path):
    return workspace.sync(release, tmp_path / "ws", today=DAY)


def test_rule_course_changed_participant_did_not_update(release: Path, tmp_path: Path) -> None:
    _sync(release, tmp_path)
    (release / "01-mod" / "01.01-a.ipynb").write_text(_notebook("print('a, version 2')"))
    result = _sync(release, tmp_path)
    mine = tmp_path / "ws" / "course" / "01-mod" / "01.01-a.ipynb"
    assert result.updated == ("course/01-mod/01.01-a.ipynb",)
    assert mine.read_text() == _notebook("print('a, version 2')")
    assert result.beside == () and result.kept == ()
    assert "1 file updated" in result.summary()


def test_rule_opening_and_running_a_notebook_is_not_a_change(release: Path,
                                                              tmp_path: Path) -> None:
    _sync(release, tmp_path)
    mine = tmp_path / "ws" / "course" / "01-mod" / "01.01-a.ipynb"
    # JupyterLab saved it after a run: outputs, an execution count and kernel metadata.
    ran = json.loads(mine.read_text())
    ran["cells"][0].update(execution_count=1, outputs=[
        {"output_type": "stream", "name": "stdout", "text": ["a, version 1\n"]}])
    ran["metadata"]["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    mine.write_text(json.dumps(ran, indent=2))
    (release / "01-mod" / "01.01-a.ipynb").write_text(_notebook("print('a, version 2')"))
    result = _sync(release, tmp_path)
    assert result.updated == ("course/01-mod/01.01-a.ipynb",)
    assert mine.read_text() == _notebook("print('a, version 2')")  # outputs go with it


def test_a_notebook_made_on_another_python_opens_unmodified_here(release: Path,
                                                                 tmp_path: Path) -> None:
    # JupyterLab writes the kernel's language_info into a notebook when the kernel starts; a
    # course built on another Python (Binder's, a laptop's) would show the "modified" dot at
    # once. The workspace copy carries what this environment's ipykernel reports.
    from ipykernel.ipkernel import IPythonKernel

    other = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
             "language_info": {"name": "python", "version": "3.9.0", "pygments_lexer": "x"}}
    lesson = release / "01-mod" / "01.01-a.ipynb"
    lesson.write_text(_notebook("print('a')", metadata=other))
    first = _sync(release, tmp_path)
    mine = tmp_path / "ws" / "course" / "01-mod" / "01.01-a.ipynb"
    delivered = json.loads(mine.read_text())
    assert delivered["metadata"]["language_info"] == dict(IPythonKernel.language_info)
    assert delivered["cells"] == json.loads(lesson.read_text())["cells"]
    assert "course/01-mod/01.01-a.ipynb" in first.added
    # nothing to merge next time, and the participant's edit is still theirs after an update
    assert not _sync(release, tmp_path).changed
    edited = json.loads(mine.read_text())
    edited["cells"][0]["source"] = "print('mine')"
    mine.write_text(json.dumps(edited, indent=1))
    lesson.write_text(_notebook("print('a, version 2')", metadata=other))
    result = _sync(release, tmp_path)
    assert result.kept == () and len(result.beside) == 1
    assert json.loads(mine.read_text())["cells"][0]["source"] == "print('mine')"


def test_rule_participant_changed_course_did_not_keep(release: Path, tmp_path: Path) -> None:
    _sync(release, tmp_path)
    mine = tmp_path / "ws" / "course" / "01-mod" / "01.02-b.ipynb"
    edited = _notebook("print('b, version 1')", "%%answer agents number\n25")
    mine.write_text(edited)
    result = _sync(release, tmp_path)
    assert mine.read_text() == edited
    assert result.kept == ("course/01-mod/01.02-b.ipynb",)
    assert not result.changed and "Your changes to 1 file are kept" in result.summary()


def test_rule_both_changed_keeps_theirs_and_puts_the_new_version_beside(
        release: Path, tmp_path: Path) -> None:
    _sync(release, tmp_path)
    folder = tmp_path / "ws" / "course" / "01-mod"
    edited = _notebook("print('b, version 1')", "%%answer agents number\n25")
    (folder / "01.02-b.ipynb").write_text(edited)
    (release / "01-mod" / "01.02-b.ipynb").write_text(_notebook("print('b, version 2')"))
    result = _sync(release, tmp_path)

    assert (folder / "01.02-b.ipynb").read_text() == edited  # never overwritten
    beside = folder / "01.02-b (course update 2026-05-14).ipynb"
    assert beside.read_text() == _notebook("print('b, version 2')")
    assert result.beside == (("course/01-mod/01.02-b.ipynb",
                              "course/01-mod/01.02-b (course update 2026-05-14).ipynb"),)
    assert ("Your course/01-mod/01.02-b.ipynb is kept as it is; the course's new version of it "
            "is beside it as course/01-mod/01.02-b (course update 2026-05-14).ipynb."
            ) in result.summary()
    # Offered once: the next run (same course) adds nothing more.
    again = workspace.sync(release, tmp_path / "ws", today=datetime.date(2026, 5, 15))
    assert again.beside == () and again.kept == ("course/01-mod/01.02-b.ipynb",)
    # A third version is offered too, under the day's name.
    (release / "01-mod" / "01.02-b.ipynb").write_text(_notebook("print('b, version 3')"))
    third = workspace.sync(release, tmp_path / "ws", today=datetime.date(2026, 5, 15))
    assert third.beside[0][1] == "course/01-mod/01.02-b (course update 2026-05-15).ipynb"
    assert (folder / "01.02-b.ipynb").read_text() == edited
    assert sorted(p.name for p in folder.iterdir()) == [
        "01.01-a.ipynb", "01.02-b (course update 2026-05-14).ipynb",
        "01.02-b (course update 2026-05-15).ipynb", "01.02-b.ipynb", "calls.csv"]


def test_rule_a_deleted_file_is_restored(release: Path, tmp_path: Path) -> None:
    _sync(release, tmp_path)
    mine = tmp_path / "ws" / "course" / "01-mod" / "01.01-a.ipynb"
    mine.unlink()  # nbgitpuller's way to start a notebook afresh
    result = _sync(release, tmp_path)
    assert result.restored == ("course/01-mod/01.01-a.ipynb",)
    assert mine.read_text() == _notebook("print('a, version 1')")


def test_rule_a_participant_file_where_the_course_adds_one_stays(release: Path,
                                                                 tmp_path: Path) -> None:
    _sync(release, tmp_path)
    folder = tmp_path / "ws" / "course" / "01-mod"
    (folder / "01.03-c.ipynb").write_text(_notebook("print('my own notes')"))
    (release / "01-mod" / "01.03-c.ipynb").write_text(_notebook("print('c, version 1')"))
    result = _sync(release, tmp_path)
    assert (folder / "01.03-c.ipynb").read_text() == _notebook("print('my own notes')")
    assert (folder / "01.03-c (course version).ipynb").read_text() == _notebook(
        "print('c, version 1')")
    assert result.beside == (("course/01-mod/01.03-c.ipynb",
                              "course/01-mod/01.03-c (course version).ipynb"),)
    assert _sync(release, tmp_path).beside == ()  # offered once
    # Once the participant deletes their file, the course's comes in.
    (folder / "01.03-c.ipynb").unlink()
    assert _sync(release, tmp_path).added == ("course/01-mod/01.03-c.ipynb",)
    assert (folder / "01.03-c.ipynb").read_text() == _notebook("print('c, version 1')")


def test_rule_removed_from_the_course(release: Path, tmp_path: Path) -> None:
    _sync(release, tmp_path)
    folder = tmp_path / "ws" / "course" / "01-mod"
    (folder / "calls.csv").write_text("day,calls\nMon,100\nTue,90\n")  # the participant's
    (release / "01-mod" / "01.01-a.ipynb").unlink()
    (release / "01-mod" / "calls.csv").unlink()
    result = _sync(release, tmp_path)
    assert result.removed == ("course/01-mod/01.01-a.ipynb",)
    assert result.left == ("course/01-mod/calls.csv",)
    assert not (folder / "01.01-a.ipynb").exists()
    assert (folder / "calls.csv").read_text() == "day,calls\nMon,100\nTue,90\n"
    assert _sync(release, tmp_path).left == ()  # said once: the file is theirs now


def test_files_a_notebook_writes_stay_in_the_workspace_untouched(release: Path,
                                                                 tmp_path: Path) -> None:
    # 02.04 saves its dashboard with a bare file name: it lands beside the notebook, which in
    # the participant's lab is the workspace's copy, never the repository's course/.
    saves = [line for path in (ROOT / "course").rglob("*.ipynb")
             for cell in json.loads(path.read_text())["cells"] if cell["cell_type"] == "code"
             for line in "".join(cell["source"]).splitlines() if ".savefig(" in line]
    assert saves, "no lesson saves a file any more: drop this check"
    for line in saves:
        target = re.search(r"savefig\(\s*[\"']([^\"']+)[\"']", line)
        assert target and "/" not in target.group(1) and "\\" not in target.group(1), line
    _sync(release, tmp_path)
    pdf = tmp_path / "ws" / "course" / "01-mod" / "weekly-dashboard.pdf"
    pdf.write_bytes(b"%PDF-1.7 the participant's dashboard")
    (release / "01-mod" / "01.01-a.ipynb").write_text(_notebook("print('a, version 2')"))
    result = _sync(release, tmp_path)
    assert pdf.read_bytes() == b"%PDF-1.7 the participant's dashboard"
    assert all("weekly-dashboard" not in path for path in
               result.added + result.updated + result.kept + result.removed + result.left)
    assert not (release / "01-mod" / "weekly-dashboard.pdf").exists()


def test_a_workspace_of_the_first_format_keeps_its_edits(release: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    _sync(release, tmp_path)
    # The first `make lab` recorded {path: sha256 of the file delivered}.
    old = {f"course/01-mod/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest()
           for p in (release / "01-mod").iterdir()}
    (ws / workspace.MARKER).write_text(json.dumps(old))
    (ws / "course" / "01-mod" / "01.02-b.ipynb").write_text(_notebook("print('mine')"))
    for name in ("01.01-a", "01.02-b"):
        (release / "01-mod" / f"{name}.ipynb").write_text(_notebook(f"print('{name} v2')"))
    result = _sync(release, tmp_path)
    assert result.updated == ("course/01-mod/01.01-a.ipynb",)
    assert [mine for mine, _ in result.beside] == ["course/01-mod/01.02-b.ipynb"]
    assert (ws / "course" / "01-mod" / "01.02-b.ipynb").read_text() == _notebook("print('mine')")


def test_two_syncs_at_once_take_turns(release: Path, tmp_path: Path) -> None:
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: _sync(release, tmp_path), range(4)))
    added = [path for result in results for path in result.added]
    assert sorted(added) == ["course/01-mod/01.01-a.ipynb", "course/01-mod/01.02-b.ipynb",
                             "course/01-mod/calls.csv"]  # each delivered exactly once
    assert all(not r.beside and not r.kept for r in results)


def test_bad_folders_are_refused_with_their_names(release: Path, tmp_path: Path) -> None:
    with pytest.raises(CxlabValueError, match=r"course_dir must be the folder of the course "
                                              r"as released; got '.*nowhere', which is not"):
        workspace.sync(tmp_path / "nowhere", tmp_path / "ws")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CxlabValueError, match="course_dir must hold the course's files"):
        workspace.sync(empty, tmp_path / "ws")
    assert not (tmp_path / "ws").exists()  # nothing was touched
    _sync(release, tmp_path)
    with pytest.raises(CxlabValueError, match="course_dir must be outside the workspace"):
        workspace.sync(tmp_path / "ws" / "course", tmp_path / "ws")
    (tmp_path / "file").write_text("x")
    with pytest.raises(CxlabValueError, match="workspace_dir must be a folder; got .*file"):
        workspace.sync(release, tmp_path / "file")


def test_the_command_line_says_what_it_did(release: Path, tmp_path: Path, capsys) -> None:
    assert workspace.main([str(release), str(tmp_path / "ws")]) == 0
    assert "3 new files from the course added." in capsys.readouterr().out
    assert workspace.main([str(tmp_path / "nowhere"), str(tmp_path / "ws")]) == 1
    assert "course_dir must be the folder" in capsys.readouterr().err


def test_binder_start_syncs_then_starts_the_server(release: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
           f"{os.environ.get('PATH', '')}", "CXLAB_COURSE_RELEASE": str(release),
           "REPO_DIR": str(tmp_path / "home")}
    env.pop("CXLAB_WORKSPACE", None)
    start = subprocess.run(["bash", str(ROOT / "binder" / "start"), "echo", "server started"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert start.returncode == 0, start.stderr
    assert start.stdout.strip().endswith("server started")
    assert (tmp_path / "home" / "course" / "01-mod" / "01.01-a.ipynb").is_file()
    # A course that cannot be read never stops the session.
    env["CXLAB_COURSE_RELEASE"] = str(tmp_path / "home" / "course")
    again = subprocess.run(["bash", str(ROOT / "binder" / "start"), "echo", "server started"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and again.stdout.strip().endswith("server started")
    assert "could not be brought up to date" in again.stderr


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
    # Its kernels keep the participant's progress in the workspace (cxlab.progress).
    assert launch.env["CXLAB_WORKSPACE"] == str((tmp_path / "ws").resolve())


@pytest.mark.parametrize("uid", [0, 1000], ids=["root", "user"])
def test_make_lab_says_what_it_does_as_root_and_as_a_user(
        uid: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    started = []
    monkeypatch.setattr(participant_lab.os, "geteuid", lambda: uid)
    monkeypatch.setattr(participant_lab.os, "chdir", lambda folder: None)
    monkeypatch.setattr(participant_lab.os, "execve",
                        lambda program, argv, env: started.append((argv, env)))
    participant_lab.main(["--workspace", str(tmp_path / "ws"), "--", "--no-browser"])
    out = capsys.readouterr().out
    (argv, env), = started
    assert "Your workspace is" in out and "the course is in" in out
    assert "Starting JupyterLab" in out and "Ctrl+C" in out
    assert ("--allow-root" in argv) == (uid == 0)
    assert ("You are running as root" in out) == (uid == 0)
    assert argv[-1] == "--no-browser" and env["CXLAB_WORKSPACE"] == str(tmp_path / "ws")
    # A second run says what the update did.
    participant_lab.main(["--workspace", str(tmp_path / "ws"), "--sync-only"])
    assert "up to date." in capsys.readouterr().out


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


def _pip_installs(dry_run: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", dry_run)  # a recipe line continued with a backslash
    return [line for line in joined.splitlines() if "pip install" in line and "-e " in line]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_lab_installs_only_what_participants_need() -> None:
    # -W pyproject.toml: as if it had just changed, so make shows each install it would run.
    lab = _make("-n", "-W", "pyproject.toml", "lab")
    installs = _pip_installs(lab)
    assert len(installs) == 1 and installs[0].rstrip().endswith("-e ."), installs
    assert "[test]" not in lab and "--quiet" not in installs[0]  # pip shows its progress
    assert "a few minutes the first time" in lab  # and says what it is doing
    test = _make("-n", "-W", "pyproject.toml", "test")
    assert [line.split(" -e ")[-1].strip() for line in _pip_installs(test)] == [
        ".", "'.[test]'"]
    # What participants get is the project's dependencies; the test tools are the extra.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {re.split(r"[<>=!~ ;\[]", d)[0].lower() for d in project["dependencies"]}
    assert not runtime & {"pytest", "pytest-xdist", "playwright", "ruff"}
