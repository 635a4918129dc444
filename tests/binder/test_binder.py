"""The Binder set-up works from its own files (no Docker here, so as far as we can go).

A fresh venv is built from ``binder/requirements.txt`` alone, ``binder/postBuild`` runs in a
copy of the repository, and the welcome notebook executes in that environment. This is what
mybinder.org does, minus the container. The folder Binder serves then holds no model answer,
hidden test, plain-text question bank or git history, and nbgrader's trainer tools are off.

The venv is filled by uv from the same file (uv reads ``-c ../constraints.txt`` from the file's
folder as pip does, downloads in parallel and, once its cache holds the wheels, only copies
files: a fraction of pip's time); pip, which Binder runs, then reads the file in that venv and
must find nothing to install, and every package in the venv must be at its version in
constraints.txt, so the environment is the one pip would build. ``constraints.txt`` (``make
lock``) pins every package; ``make lab``, ``make test`` (so CI) and Binder all install from it.
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
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


CONSTRAINTS = ROOT / "constraints.txt"
REQUIREMENTS = ROOT / "binder" / "requirements.txt"


def _pins(path: Path = CONSTRAINTS) -> dict[str, str]:
    """``{canonical name: version}`` of a pip freeze style file; every line must be a pin."""
    pins: dict[str, str] = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!_-]+)", line)
        assert match, f"{path.name} line {number} is not a name==version pin: {line!r}"
        name = canonicalize_name(match[1])
        assert name not in pins, f"{path.name} pins {name} twice"
        pins[name] = match[2]
    return pins


def _requirement_lines() -> list[str]:
    return [
        line.split("#", 1)[0].strip() for line in REQUIREMENTS.read_text().splitlines()
        if line.split("#", 1)[0].strip()
    ]


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_constraints_pin_every_dependency_at_an_allowed_version() -> None:
    """constraints.txt pins each requirement of pyproject.toml (runtime and every extra, for
    this Python) at a version its specifier allows, and not cxlab itself: a dependency added
    without `make lock` fails here."""
    pins = _pins()
    assert "cxlab" not in pins
    project = _project()
    declared = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared += extra
    environment = {**default_environment(), "extra": ""}
    checked = 0
    for text in declared:
        req = Requirement(text)
        name = canonicalize_name(req.name)
        if name == "cxlab" or (req.marker and not req.marker.evaluate(environment)):
            continue
        assert name in pins, f"{name} is not in constraints.txt: run make lock"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {name}=={pins[name]}, outside pyproject's {req}"
        )
        checked += 1
    assert checked >= len(project["dependencies"])


def test_binder_requirements_are_the_runtime_dependencies_pinned_by_constraints() -> None:
    """binder/requirements.txt names exactly the runtime dependencies and takes every version
    from constraints.txt (one place for pins), by a path pip and uv read from its folder."""
    lines = _requirement_lines()
    options = [line for line in lines if line.startswith("-")]
    assert options == ["-c ../constraints.txt"]
    assert (REQUIREMENTS.parent / "../constraints.txt").resolve() == CONSTRAINTS
    names = [line for line in lines if not line.startswith("-")]
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+", n) for n in names), (
        f"versions live in constraints.txt only: {names}"
    )
    wanted = {canonicalize_name(Requirement(d).name) for d in _project()["dependencies"]}
    assert {canonicalize_name(n) for n in names} == wanted
    pins = _pins()
    assert all(canonicalize_name(n) in pins for n in names), "pin versions so Binder builds repeat"


def test_make_installs_use_the_constraints() -> None:
    """Every install of cxlab into .venv by the Makefile (make lab, make test) reads
    constraints.txt, and the stamps depend on it, so a new lock reinstalls; make lock exists."""
    makefile = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    installs = [
        line for line in makefile.splitlines()
        if "$(BIN)/python -m pip install" in line and " -e " in line and "--upgrade " not in line
    ]
    assert len(installs) >= 2, installs
    assert all("-c constraints.txt" in line for line in installs), installs
    stamps = [line for line in makefile.splitlines() if re.match(r"\$\((LAB_)?STAMP\):", line)]
    assert len(stamps) == 2 and all("constraints.txt" in line for line in stamps), stamps
    assert re.search(r"^lock:", makefile, re.M)
    assert "make lock" in (ROOT / "README.md").read_text()


def _install_requirements(python: Path, *, cwd: Path, env: dict) -> None:
    """Install binder/requirements.txt into the venv of ``python``: with uv when the test tools
    are installed (copies from its cache, never links: postBuild rewrites files in the venv),
    else with pip. Both read the file's ``-c`` from its folder and take the same pins."""
    try:
        from uv import find_uv_bin

        cmd = [find_uv_bin(), "pip", "install", "--quiet", "--link-mode", "copy",
               "--python", str(python)]
    except (ImportError, FileNotFoundError):
        cmd = [str(python), "-m", "pip", "install", "--quiet"]
    _run([*cmd, "-r", "binder/requirements.txt"], cwd=cwd, env=env)


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
    _install_requirements(bindir / "python", cwd=repo, env=env)
    # pip, which Binder runs, reads the same file (its -c path too), resolves it against what is
    # installed (so the dependencies agree) and has nothing to add ...
    report = tmp_path / "pip-report.json"
    _run([str(bindir / "python"), "-m", "pip", "install", "--dry-run", "--no-index", "--quiet",
          "--report", str(report), "-r", "binder/requirements.txt"], cwd=repo, env=env)
    assert json.loads(report.read_text())["install"] == []
    # ... and every package in the venv is at its constraints.txt version: pip's build.
    frozen = _run([str(bindir / "python"), "-m", "pip", "freeze"], cwd=repo, env=env)
    pins = _pins()
    installed = dict(line.split("==") for line in frozen.splitlines() if "==" in line)
    installed = {canonicalize_name(name): version for name, version in installed.items()}
    assert {"numpy", "jupyterlab", "nbgrader"} <= installed.keys()
    off_pin = {name: version for name, version in installed.items() if pins.get(name) != version}
    assert off_pin == {}, "installed, but not at their version in constraints.txt"
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
