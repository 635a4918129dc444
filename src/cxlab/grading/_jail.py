"""Start a participant's kernel inside the grading sandbox (run as a script, as root).

This file is executed by the grader, never imported by notebooks::

    unshare --mount --net --pid --fork --mount-proc -- \\
        python -I -S _jail.py SPEC_JSON -- python -m ipykernel_launcher -f CONNECTION_FILE

It runs in fresh mount, network and PID namespaces created by ``unshare`` and, before
handing over to the kernel command:

1. makes every mount private to this namespace (nothing below leaks to the host);
2. hides the paths in ``hide`` behind empty, read-only tmpfs mounts (the course directory with
   the gradebook, sources and submissions; the trainer's home; ``/tmp``, ``/var/tmp``,
   ``/dev/shm`` and ``/run/lock``, which get private empty copies);
3. puts back, read-only, the paths in ``expose`` that the kernel needs (the Python
   installation, the virtual environment, the cxlab sources) and, writable, the throwaway
   working and connection directories of this one submission;
4. sets the resource limits (CPU seconds, address space, processes, file size);
5. drops to the unprivileged sandbox user (no supplementary groups), asks to be killed if
   its parent dies, replaces the environment with a minimal one, and execs the kernel.

Only the standard library is used, so the script starts in a few milliseconds.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import resource
import signal
import sys

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG = 1

_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
_libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]
_libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]


def _mount(source: str, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    rc = _libc.mount(
        source.encode(),
        target.encode(),
        fstype.encode() if fstype else None,
        flags,
        data.encode() if data else None,
    )
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {source} on {target}: {os.strerror(err)}")


def _bind(source: str, target: str, *, read_only: bool) -> None:
    _mount(source, target, None, MS_BIND | MS_REC)
    if read_only:
        _mount("none", target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _tmpfs(target: str, *, mode: str, read_only: bool) -> None:
    flags = MS_NOSUID | MS_NODEV | (MS_RDONLY if read_only else 0)
    _mount("cxlab-hidden", target, "tmpfs", flags, f"mode={mode},size=16m")


def _prepare(spec: dict) -> None:
    _mount("none", "/", None, MS_REC | MS_PRIVATE)
    # A private scratch area to keep the paths we need while their parents get hidden.
    stash = "/dev/shm"
    _tmpfs(stash, mode="700", read_only=False)
    keep = []
    for i, (path, read_only) in enumerate(spec["expose"]):
        if not os.path.exists(path):
            continue
        holder = os.path.join(stash, f"k{i}")
        if os.path.isdir(path):
            os.mkdir(holder)
        else:
            open(holder, "w").close()
        _bind(path, holder, read_only=False)
        keep.append((holder, path, read_only))
    for path in spec["hide"]:
        if not os.path.exists(path) or os.path.islink(path):
            continue
        if os.path.isdir(path):
            scratch = path in spec.get("scratch", [])
            # hidden: empty and read-only; scratch (/tmp and friends): empty and private
            _tmpfs(path, mode="1777" if scratch else "755", read_only=False)
        else:
            _bind("/dev/null", path, read_only=True)
    for holder, path, read_only in keep:
        parent = os.path.dirname(path)
        if not os.path.isdir(parent):
            os.makedirs(parent, mode=0o755)
        if os.path.isdir(holder) and not os.path.isdir(path):
            os.mkdir(path, 0o755)
        elif not os.path.exists(path):
            open(path, "w").close()
        _bind(holder, path, read_only=read_only)
    for holder, _, _ in keep:
        _libc.umount2(holder.encode(), MNT_DETACH)
    # Hidden directories become read-only now that the kept paths sit inside them.
    for path in spec["hide"]:
        if os.path.isdir(path) and path not in spec.get("scratch", []):
            try:
                _mount("none", path, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
            except OSError:
                pass
    _tmpfs(stash, mode="1777", read_only=False)


def _limits(spec: dict) -> None:
    names = {
        "cpu_seconds": resource.RLIMIT_CPU,
        "memory_bytes": resource.RLIMIT_AS,
        "processes": resource.RLIMIT_NPROC,
        "file_bytes": resource.RLIMIT_FSIZE,
    }
    for key, which in names.items():
        value = spec["limits"].get(key)
        if value:
            resource.setrlimit(which, (int(value), int(value)))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: list[str]) -> None:
    split = argv.index("--")
    spec = json.loads(argv[split - 1])
    command = argv[split + 1 :]
    if spec.get("isolate", True):
        _prepare(spec)
    _limits(spec)
    if spec.get("uid") is not None:
        os.setgroups([])
        os.setgid(spec["gid"])
        os.setuid(spec["uid"])
    # die with the grader (credentials changed above, which clears an earlier setting)
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    os.chdir(spec["workdir"])
    env = {k: v for k, v in os.environ.items() if k in spec["keep_env"] or k.startswith("JPY_")}
    env.update(spec["env"])
    os.execve(command[0], command, env)


if __name__ == "__main__":
    main(sys.argv)
