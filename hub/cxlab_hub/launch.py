"""The single-user launcher of the cohort hub: runs as the participant (or trainer), then execs
``jupyterhub-singleuser``.

JupyterHub's spawner runs ``python <hub>/lib/cxlab_hub/launch.py ARGS...`` as the account,
with ``CXLAB_HUB_ROLE`` (``participant`` or ``trainer``) and ``CXLAB_HUB_ROOT`` set. Then:

* **participant**: the course copy (``<hub>/course``) is delivered into the home folder, the
  participant's workspace, as ``course/`` (new notebooks added, the participant's own files
  never overwritten: the same sync as ``make lab``); the participant Jupyter settings
  (trainer tools and terminals off) are merged into ``~/.jupyter``; JupyterLab opens the
  welcome notebook;
* **trainer**: nothing is copied; ``~/.jupyter/nbgrader_config.py`` (written when the hub is
  configured) points nbgrader at the trainer's course folder, so Formgrader works there.

Both read ``<hub>/etc/jupyter`` (nbgrader's exchange and course id) after their own folder.
Only the standard library and the workspace sync are imported, so the launch costs little.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

START = "course/00-start-here/00.01-welcome.ipynb"


def deliver(home: Path, course: Path, config: Path) -> str:
    """Fill the participant's workspace (``home``) from ``course`` and merge the participant
    settings ``config`` into ``home/.jupyter``; returns the sync's one-line summary."""
    try:  # the reusable workspace sync, where the package provides it
        from cxlab.workspace import sync  # type: ignore[import-not-found]
    except ImportError:
        sync = None
    import participant_lab  # copied beside this package when the hub is configured

    if sync is not None:
        result = sync(course, home)
    else:
        result = participant_lab.sync_workspace(home, course)
    participant_lab.install_config(home / ".jupyter", config)
    summary = getattr(result, "summary", None)
    return summary() if callable(summary) else str(result)


def main(argv: list[str]) -> None:
    role = os.environ.get("CXLAB_HUB_ROLE", "participant")
    root = Path(os.environ["CXLAB_HUB_ROOT"])
    sys.path.insert(0, str(root / "lib"))
    home = Path.home()
    args = list(argv)
    if role == "participant":
        summary = deliver(home, root / "course", root / "etc" / "participant")
        print(f"cxlab hub: workspace {home}: {summary}", file=sys.stderr, flush=True)
        args.append(f"--ServerApp.default_url=/lab/tree/{START}")
    else:
        args.append("--ServerApp.default_url=/lab")
    env = dict(os.environ)
    env["JUPYTER_CONFIG_DIR"] = str(home / ".jupyter")
    env["JUPYTER_CONFIG_PATH"] = str(root / "etc" / "jupyter")
    env["IPYTHONDIR"] = str(home / ".ipython")
    program = Path(sys.executable).parent / "jupyterhub-singleuser"
    os.execve(str(program), [str(program), *args], env)


if __name__ == "__main__":
    main(sys.argv[1:])
