"""The participant's JupyterLab (``make lab``): a workspace with the course and nothing else.

``make lab`` runs this script. It

1. fills the participant's workspace (``workspace/``, git-ignored) with a copy of ``course/``
   (as ``workspace/course/``): everything on the first run; on later runs only what the
   workspace does not have yet (a notebook new in the course), so a participant's own work is
   never overwritten. ``workspace/.cxlab-workspace.json`` records the digest of each file as
   delivered, so a course update can be told from the participant's edits;
2. writes the participant's Jupyter configuration (``jupyter/participant/``) into the
   workspace's own config folder ``workspace/.jupyter``: nbgrader's trainer tools (Formgrader,
   Create Assignment, Course List) and terminals are off, the Jupyter news pop-up is off.
   That folder comes first, so these settings win; the usual ``~/.jupyter`` is still read
   after it (a participant's nbgrader exchange, say) and never written to;
3. starts JupyterLab with the workspace as its root, so nothing else of the repository (model
   answers, hidden tests, plain-text question banks) can be browsed or opened from the Lab.

This keeps the keys out of the participant's view, not off their disk: whoever has the whole
repository can read it with other tools (or with code in a notebook). Participants who must
not see the answers get Binder, or a copy of ``course/`` alone.

The browser test (``tests/browser/test_keys.py``) starts the server with :func:`command`, the
same way. Binder's ``postBuild`` installs the same configuration with ``--install-config``.

Usage::

    python tools/participant_lab.py [--workspace DIR] [--sync-only] [-- JUPYTER-LAB-ARGS...]
    python tools/participant_lab.py --install-config DIR   # merge the config into DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
WORKSPACE = ROOT / "workspace"
#: The participant's Jupyter configuration (JSON files laid out as in a Jupyter config dir).
CONFIG = ROOT / "jupyter" / "participant"
#: Where the course lands inside the workspace (the same path as on Binder).
COURSE_IN_WORKSPACE = "course"
START = f"{COURSE_IN_WORKSPACE}/00-start-here/00.01-welcome.ipynb"
#: Records, per delivered file, the digest of the course version it was copied from.
MANIFEST = ".cxlab-workspace.json"
#: Text that only trainer files hold: a course file containing it is never copied.
TRAINER_MARKERS = ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION")
_SKIP_PARTS = {".ipynb_checkpoints", "__pycache__"}


@dataclass
class Sync:
    """What :func:`sync_workspace` did, as paths relative to the workspace."""

    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # present already, left alone
    updated_in_course: list[str] = field(default_factory=list)  # kept, though the course changed
    refused: list[str] = field(default_factory=list)  # held trainer markers: not copied

    def summary(self) -> str:
        lines = []
        if self.added:
            lines.append(f"added {len(self.added)} file(s) from course/")
        if self.updated_in_course:
            lines.append(
                f"{len(self.updated_in_course)} file(s) changed in course/ since you got them;"
                " your copies are kept: " + ", ".join(self.updated_in_course)
            )
        if self.refused:
            lines.append("NOT copied (they hold answers or hidden tests): "
                         + ", ".join(self.refused))
        return "; ".join(lines) or "up to date"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _course_files(course: Path) -> list[Path]:
    return sorted(
        p for p in course.rglob("*")
        if p.is_file()
        and not _SKIP_PARTS.intersection(p.relative_to(course).parts)
        and not any(part.startswith(".") for part in p.relative_to(course).parts)
    )


def holds_trainer_markers(data: bytes) -> bool:
    """True when ``data`` holds a solution or hidden-test block (nbgrader source material)."""
    text = data.decode("utf-8", errors="replace")
    return any(marker in text for marker in TRAINER_MARKERS)


def sync_workspace(workspace: Path = WORKSPACE, course: Path = COURSE) -> Sync:
    """Copy into ``workspace/course/`` every file of ``course`` the workspace does not have.

    A file already in the workspace is never touched, whatever its content. A course file
    holding a solution or hidden-test block is refused (and reported), never copied.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     first = sync_workspace(Path(tmp) / "ws")
    ...     again = sync_workspace(Path(tmp) / "ws")
    >>> bool(first.added), again.added
    (True, [])
    """
    workspace.mkdir(parents=True, exist_ok=True)
    manifest_path = workspace / MANIFEST
    try:
        delivered: dict[str, str] = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        delivered = {}
    result = Sync()
    for source in _course_files(course):
        rel = f"{COURSE_IN_WORKSPACE}/{source.relative_to(course).as_posix()}"
        target = workspace / rel
        data = source.read_bytes()
        if target.exists():
            result.kept.append(rel)
            if rel in delivered and delivered[rel] != _digest(data):
                result.updated_in_course.append(rel)
            continue
        if holds_trainer_markers(data):
            result.refused.append(rel)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("xb") as out:  # "x": never overwrite, even in a race
                out.write(data)
        except FileExistsError:
            result.kept.append(rel)
            continue
        delivered[rel] = _digest(data)
        result.added.append(rel)
    manifest_path.write_text(json.dumps(delivered, indent=1, sort_keys=True) + "\n",
                             encoding="utf-8")
    return result


def _merge(base: dict, extra: dict) -> dict:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def install_config(config_dir: Path, source: Path = CONFIG) -> list[Path]:
    """Merge the participant configuration (``source``'s JSON files) into ``config_dir``, a
    Jupyter config folder: keys of ``source`` win, other keys already there are kept. Returns
    the files written."""
    written = []
    for src in sorted(source.rglob("*.json")):
        target = config_dir / src.relative_to(source)
        try:
            current = json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            current = {}
        merged = _merge(current, json.loads(src.read_text(encoding="utf-8")))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
        written.append(target)
    return written


def config_dir(workspace: Path = WORKSPACE) -> Path:
    """The participant server's JUPYTER_CONFIG_DIR (hidden in the workspace, never served)."""
    return workspace / ".jupyter"


def server_args(workspace: Path = WORKSPACE) -> list[str]:
    """JupyterLab's command-line options for the participant server."""
    args = [
        f"--ServerApp.root_dir={workspace.resolve()}",
        f"--LabApp.default_url=/lab/tree/{START}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")  # Jupyter refuses root without it (containers, CI)
    return args


@dataclass(frozen=True)
class Launch:
    """How to start the participant server: ``subprocess.Popen(argv, env=env, cwd=cwd)``."""

    argv: list[str]
    env: dict[str, str]
    cwd: Path


def command(workspace: Path = WORKSPACE, extra: list[str] | None = None,
            env: dict[str, str] | None = None) -> Launch:
    """The participant server's command line, environment and folder (after :func:`prepare`).

    Its Jupyter config folder is the workspace's own (highest priority, so hiding the trainer
    tools wins over any other setting); the usual one (``JUPYTER_CONFIG_DIR`` or
    ``~/.jupyter``) is still read after it, for the participant's nbgrader exchange and the
    like, and never written to.
    """
    env = {**(os.environ if env is None else env)}
    usual = env.get("JUPYTER_CONFIG_DIR") or str(Path.home() / ".jupyter")
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        p for p in (usual, env.get("JUPYTER_CONFIG_PATH", "")) if p
    )
    env["JUPYTER_CONFIG_DIR"] = str(config_dir(workspace).resolve())
    argv = [sys.executable, "-m", "jupyterlab", *server_args(workspace), *(extra or [])]
    return Launch(argv, env, workspace.resolve())


def prepare(workspace: Path = WORKSPACE, course: Path = COURSE) -> Sync:
    """Fill the workspace and write its Jupyter configuration."""
    result = sync_workspace(workspace, course)
    install_config(config_dir(workspace))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workspace", type=Path, default=WORKSPACE)
    parser.add_argument("--course", type=Path, default=COURSE)
    parser.add_argument("--sync-only", action="store_true",
                        help="fill the workspace and write its config; do not start JupyterLab")
    parser.add_argument("--print-args", action="store_true",
                        help="print the server's command-line options and exit")
    parser.add_argument("--install-config", type=Path, metavar="DIR",
                        help="merge the participant configuration into the Jupyter config "
                             "folder DIR (Binder: <sys.prefix>/etc/jupyter) and exit")
    parser.add_argument("jupyter_args", nargs="*", help="passed on to jupyter lab (after --)")
    args = parser.parse_args(argv)

    if args.print_args:
        print(" ".join(server_args(args.workspace)))
        return 0
    if args.install_config:
        for path in install_config(args.install_config):
            print(f"wrote {path}")
        return 0
    fresh = not args.workspace.exists()
    result = prepare(args.workspace, args.course)
    where = os.path.relpath(args.workspace)
    if where.startswith(".."):
        where = str(args.workspace.resolve())
    print(f"Your workspace is {where}/ ({'created' if fresh else result.summary()}).")
    if args.sync_only:
        return 0
    launch = command(args.workspace, args.jupyter_args)
    print("Starting JupyterLab on it (Ctrl+C twice to stop).", flush=True)
    os.chdir(launch.cwd)  # nothing of the repository (nbgrader_config.py) is read from here
    os.execve(launch.argv[0], launch.argv, launch.env)
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main())
