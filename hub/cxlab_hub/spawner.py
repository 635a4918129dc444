"""The cohort hub's spawner: JupyterHub's ``LocalProcessSpawner`` plus limits and a hidden tree.

Each participant's (and the trainer's) server runs as their own Linux account, as with the
stock ``LocalProcessSpawner``. Between ``fork`` and ``exec``, still as root, the spawned process

1. joins the participant's control group (:mod:`limits`: memory and CPU for the server and
   all its kernels together), or sets an address-space limit where no cgroup is writable;
2. gets a mount namespace of its own in which each folder of ``hidden_paths`` (the cxlab
   repository: assessments with hidden tests, question banks with answers, solutions, the
   course secret) is covered by an empty read-only tmpfs, with only the entries named in its
   ``keep`` list (the virtual environment and the package of an editable install) bound back;
3. drops to the account (JupyterHub's own ``set_user_setuid``).

Everything else is plain Unix permissions: homes are ``0700``, the trainer's course folder is
in the trainer's home, the hub's state folder is root's. What a participant may read is the
course copy, the Python environment and nbgrader's exchange.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import signal
import sys

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import List, Unicode

from . import limits as _limits

__all__ = ["CxlabSpawner", "hide_paths"]

CLONE_NEWNS = 0x00020000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT = 1, 2, 4, 32
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18

_libc = ctypes.CDLL(None, use_errno=True)
if sys.platform.startswith("linux"):
    _libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]
    _libc.unshare.argtypes = [ctypes.c_int]


def _call(rc: int, what: str) -> None:
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int,
           data: str | None = None) -> None:
    rc = _libc.mount(source.encode() if source else None, target.encode(),
                     fstype.encode() if fstype else None, flags,
                     data.encode() if data else None)
    _call(rc, f"mount {source} on {target}")


def hide_paths(entries: list[dict]) -> None:
    """In a new mount namespace of the calling process, cover each ``entry["path"]`` with an
    empty read-only tmpfs and bind back the names in ``entry["keep"]`` (as they are).

    Must run as root; used in the spawned process before it drops to the participant.
    """
    entries = [e for e in entries if os.path.isdir(e["path"])]
    if not entries:
        return
    _call(_libc.unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS)")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing done here reaches the host
    for entry in entries:
        path = entry["path"]
        kept = []
        for name in entry.get("keep", []):
            source = os.path.join(path, name)
            if os.path.lexists(source):
                kept.append((name, os.open(source, os.O_PATH), os.path.isdir(source)))
        _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=64k")
        for name, fd, is_dir in kept:
            target = os.path.join(path, name)
            if is_dir:
                os.mkdir(target, 0o755)
            else:
                os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o644))
            _mount(f"/proc/self/fd/{fd}", target, None, MS_BIND | MS_REC)
            os.close(fd)
        _mount(None, path, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


class CxlabSpawner(LocalProcessSpawner):
    """``LocalProcessSpawner`` with enforced limits and the cxlab repository out of sight.

    The trainers (``trainers``) get the trainer role (nbgrader's Formgrader, their course
    folder); everyone else the participant role (the course delivered into their home on each
    start, trainer tools hidden). The single-user command (``cmd``) is the cohort's launcher,
    which reads ``CXLAB_HUB_ROLE`` and ``CXLAB_HUB_ROOT``.
    """

    hub_root = Unicode(help="The hub's folder (course copy, launcher, exchange)").tag(
        config=True)
    trainers = List(Unicode(), help="Accounts that get the trainer role").tag(config=True)
    hidden_paths = List(help="[{'path': ..., 'keep': [...]}]: folders covered for users").tag(
        config=True)
    cgroup_base = Unicode("cxlab-hub", help="Name of the control group holding the users'").tag(
        config=True)
    venv_bin = Unicode(help="bin folder of the Python environment the servers run from").tag(
        config=True)
    _plan: _limits.Limits | None = None

    @property
    def role(self) -> str:
        return "trainer" if self.user.name in self.trainers else "participant"

    def get_env(self) -> dict:
        env = super().get_env()
        env["CXLAB_HUB_ROLE"] = self.role
        env["CXLAB_HUB_ROOT"] = self.hub_root
        if self.venv_bin:
            env["PATH"] = os.pathsep.join([self.venv_bin, "/usr/local/bin", "/usr/bin", "/bin"])
        return env

    async def start(self):
        if self.role == "participant":  # the trainer grades and builds: no cap
            self._plan = _limits.plan(self.user.name, mem_limit=self.mem_limit,
                                      cpu_limit=self.cpu_limit, base=self.cgroup_base)
            self._plan.create()
            self.log.info("Limits for %s", self._plan.describe())
        return await super().start()

    def make_preexec_fn(self, name):
        drop = super().make_preexec_fn(name)
        plan, hidden = self._plan, list(self.hidden_paths)

        def preexec():
            if plan is not None:
                plan.join()
            hide_paths(hidden)
            drop()

        return preexec

    async def stop(self, now=False):
        await super().stop(now=now)
        if self._plan is None:
            return
        # the server's kernels end just after it does: give them 10 s, then end what is left
        # in the participant's group (nothing of theirs runs on after their server stopped)
        for attempt in range(200):
            left = self._plan.members()
            if not left:
                break
            if attempt == 100:
                self.log.warning("Ending %s's processes left after their server stopped: %s",
                                 self.user.name, sorted(left))
                for pid in left:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
            await asyncio.sleep(0.1)
        self._plan.remove()

