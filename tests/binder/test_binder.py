"""The Binder set-up works from its own files (no Docker here, so as far as we can go).

A fresh venv is built from ``binder/requirements.txt`` alone, ``binder/postBuild`` runs in a
copy of the repository, and the welcome notebook executes in that environment. This is what
mybinder.org does, minus the container. The folder Binder serves then holds no model answer,
hidden test, plain-text question bank or git history, and nbgrader's trainer tools are off.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

pytestmark = pytest.mark.binder

WELCOME = "course/00-start-here/00.01-welcome.ipynb"
#: What postBuild must leave out of the served folder (trainer and maintainer files).
REMOVED = ("assessments", "solutions", "banks", "tests", "benchmarks", "src", "tools", ".git")
MARKERS = ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION")


def _answers_left(served: Path) -> list[str]:
    """Files under ``served`` holding a solution or hidden-test block, or a copy of a trainer
    file (an assessment source or a question bank with its answers)."""
    trainer_files = {
        p.read_bytes() for folder in ("assessments", "banks")
        for p in (ROOT / folder).rglob("*") if p.is_file() and p.stat().st_size
    }
    found = []
    for path in sorted(p for p in served.rglob("*") if p.is_file()):
        rel = path.relative_to(served).as_posix()
        data = path.read_bytes()
        text = data.decode("utf-8", errors="replace")
        # README.md and postBuild only name the markers (README tells authors how to use them).
        if rel not in ("README.md", "binder/postBuild") and any(m in text for m in MARKERS):
            found.append(f"{rel} (markers)")
        elif data in trainer_files:
            found.append(f"{rel} (a trainer file)")
    return found


def _tracked_files() -> list[str]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT, capture_output=True, check=True,
        ).stdout.decode()
        return [f for f in out.split("\0") if f and (ROOT / f).is_file()]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout
        return [
            str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
            if p.is_file() and ".venv" not in p.parts and ".git" not in p.parts
        ]


def _run(cmd: list[str], *, cwd: Path, env: dict, timeout: int = 1200) -> str:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(cmd)} exited {result.returncode}\n--- stdout ---\n"
            f"{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}",
            pytrace=False,
        )
    return result.stdout + result.stderr


def test_requirements_match_pyproject() -> None:
    """binder/requirements.txt pins exactly the project's runtime dependencies."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {re.split(r"[<>=!~ ;\[]", d)[0].lower() for d in project["dependencies"]}
    lines = [
        line.strip() for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    pinned = {line.split("==")[0].lower() for line in lines}
    assert pinned == wanted
    assert all("==" in line for line in lines), "pin versions so Binder builds repeat"


def test_readme_launch_link_opens_the_welcome_notebook() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "mybinder.org/badge_logo.svg" in readme
    assert f"urlpath=lab/tree/{WELCOME}" in readme


def test_binder_build_runs_the_welcome_notebook(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    for name in _tracked_files():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bindir = venv / "bin"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}},
        "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(venv),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "home" / ".jupyter"),
        "JUPYTER_DATA_DIR": str(tmp_path / "home" / "data"),
        "IPYTHONDIR": str(tmp_path / "home" / ".ipython"),
        "MPLCONFIGDIR": str(tmp_path / "home" / "mpl"),
        "REPO_DIR": str(repo),  # repo2docker sets it; postBuild runs only there
    }
    (repo / ".git" / "objects").mkdir(parents=True)  # a clone's history holds every answer
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    _run([str(bindir / "python"), "-m", "pip", "install", "--quiet", "-r",
          "binder/requirements.txt"], cwd=repo, env=env)
    _run(["bash", "binder/postBuild"], cwd=repo, env=env)

    assert (repo / "my-assessments" / "00-start-here" / "00-start-here.ipynb").exists()
    assert (repo / WELCOME).exists()
    left = [name for name in REMOVED if (repo / name).exists()]
    assert not left, f"trainer or maintainer files must not reach participants: {left}"
    released = (repo / "my-assessments" / "00-start-here" / "00-start-here.ipynb").read_text()
    assert "BEGIN SOLUTION" not in released and "HIDDEN TESTS" not in released
    assert _answers_left(repo) == []

    labext = _run([str(bindir / "jupyter"), "labextension", "list"], cwd=repo, env=env)
    disabled = labext.split("Disabled extensions:")[-1] if "Disabled extensions:" in labext else ""
    for plugin in ("formgrader", "create-assignment", "course-list", "assignment-list"):
        assert f"@jupyter/nbgrader:{plugin}" in disabled, labext
        assert re.search(rf"plugins:[^)]*@jupyter/nbgrader:{plugin}\b[^)]*locked", labext), labext
    assert "@jupyter/nbgrader:validate-assignment" not in disabled, "participants keep Validate"
    assert re.search(r"@jupyter-widgets/jupyterlab-manager.*enabled", labext), labext
    serverext = _run([str(bindir / "jupyter"), "server", "extension", "list"], cwd=repo, env=env)
    for ext in ("formgrader", "course_list", "assignment_list"):
        assert re.search(rf"nbgrader\.server_extensions\.{ext}\s+\S*disabled", serverext), serverext
    assert re.search(r"nbgrader\.server_extensions\.validate_assignment\s+\S*enabled", serverext)
    # The participant configuration `make lab` uses: no news pop-up, no terminals.
    config = venv / "etc" / "jupyter"
    overrides = json.loads((config / "labconfig" / "default_setting_overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    server = json.loads((config / "jupyter_server_config.json").read_text())
    assert server["ServerApp"]["terminals_enabled"] is False

    # cxlab is installed as a package, not just importable from the repo folder.
    where = _run([str(bindir / "python"), "-c", "import cxlab; print(cxlab.__file__)"],
                 cwd=tmp_path, env=env)
    assert str(venv) in where

    _run([str(bindir / "papermill"), WELCOME, str(tmp_path / "welcome-out.ipynb"),
          "--cwd", str(repo / "course" / "00-start-here"), "--kernel", "python3",
          "--no-progress-bar", "--execution-timeout", "240"], cwd=repo, env=env)
