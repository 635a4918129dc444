"""The participant's JupyterLab (``make lab``): a workspace with the course and nothing else.

``make lab`` runs this script. It

1. brings ``course/`` into the participant's workspace (``workspace/``, git-ignored) as
   ``workspace/course/``, with :func:`cxlab.workspace.sync`: everything on the first run; on
   later runs the course's updates merge in without overwriting the participant's work (the
   rules, after nbgitpuller's, are in that module: a notebook they changed is kept and a new
   course version of it is put beside it). Binder and the cohort hub call the same function;
2. writes the participant's Jupyter configuration (``jupyter/participant/``) into the
   workspace's own config folder ``workspace/.jupyter``: nbgrader's trainer tools (Formgrader,
   Create Assignment, Course List) and terminals are off, the Jupyter news pop-up is off.
   That folder comes first, so these settings win; the usual ``~/.jupyter`` is still read
   after it (a participant's nbgrader exchange, say) and never written to;
3. starts JupyterLab with the workspace as its root, so nothing else of the repository (model
   answers, hidden tests, plain-text question banks) can be browsed or opened from the Lab.
   Its kernels get ``CXLAB_WORKSPACE``, so their progress (:mod:`cxlab.progress`) is kept in
   ``workspace/.cxlab/progress.jsonl``. Run as root (a container, a cloud machine), it says so
   and passes ``--allow-root``, which JupyterLab needs there.

This keeps the keys out of the participant's view, not off their disk: whoever has the whole
repository can read it with other tools (or with code in a notebook). Participants who must
not see the answers get Binder, or a copy of ``course/`` alone.

The browser tests (``tests/browser/test_keys.py``, ``tests/browser/test_workspace_lab.py``)
start the server with :func:`command`, the same way. Binder's ``postBuild`` installs the same
configuration with ``--install-config``.

Usage::

    python tools/participant_lab.py [--workspace DIR] [--sync-only] [-- JUPYTER-LAB-ARGS...]
    python tools/participant_lab.py --install-config DIR   # merge the config into DIR
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from cxlab.workspace import SyncReport

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
WORKSPACE = ROOT / "workspace"
#: The participant's Jupyter configuration (JSON files laid out as in a Jupyter config dir).
CONFIG = ROOT / "jupyter" / "participant"
#: Where the course lands inside the workspace (the same path as on Binder).
COURSE_IN_WORKSPACE = "course"
START = f"{COURSE_IN_WORKSPACE}/00-start-here/00.01-welcome.ipynb"


def _workspace_module():
    """:mod:`cxlab.workspace`, imported when needed: ``--print-args`` (``make lab-args``) runs
    with any Python, before cxlab is installed."""
    try:
        from cxlab import workspace
    except ImportError:  # run from a checkout without the package installed
        sys.path.insert(0, str(ROOT / "src"))
        from cxlab import workspace
    return workspace


def sync_workspace(workspace: Path = WORKSPACE, course: Path = COURSE) -> SyncReport:
    """Bring ``course`` into ``workspace`` (:func:`cxlab.workspace.sync`)."""
    return _workspace_module().sync(course, workspace)


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
    # The kernels keep the participant's progress in this workspace (cxlab.progress).
    env["CXLAB_WORKSPACE"] = str(workspace.resolve())
    argv = [sys.executable, "-m", "jupyterlab", *server_args(workspace), *(extra or [])]
    return Launch(argv, env, workspace.resolve())


def prepare(workspace: Path = WORKSPACE, course: Path = COURSE) -> SyncReport:
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
    try:
        result = prepare(args.workspace, args.course)
    except ValueError as exc:  # cxlab.CxlabValueError: a course folder that is not one
        print(f"make lab: {exc}", file=sys.stderr)
        return 1
    where = os.path.relpath(args.workspace)
    if where.startswith(".."):
        where = str(args.workspace.resolve())
    if fresh:
        print(f"Your workspace is {where}/: the course is in {where}/{COURSE_IN_WORKSPACE}/. "
              "Your work stays there; later runs bring course updates without overwriting it.")
    else:
        print(f"Your workspace is {where}/: {result.summary()}")
    if args.sync_only:
        return 0
    launch = command(args.workspace, args.jupyter_args)
    if "--allow-root" in launch.argv:
        print("You are running as root (a container or a cloud machine, say): JupyterLab is "
              "started with --allow-root, which it needs there.")
    print("Starting JupyterLab on it: it opens in your browser (or open the address it prints "
          "below, with its token). Press Ctrl+C twice here to stop.", flush=True)
    os.chdir(launch.cwd)  # nothing of the repository (nbgrader_config.py) is read from here
    os.execve(launch.argv[0], launch.argv, launch.env)
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main())
