"""Per-participant memory and CPU limits for the cohort hub, enforced by the Linux kernel.

JupyterHub's ``LocalProcessSpawner`` accepts ``mem_limit`` and ``cpu_limit`` but only passes
them on as environment variables; nothing enforces them. This module enforces them with a
control group per participant, which bounds the whole server *and* every kernel it starts
together (the kernel inherits its parent's group):

* **cgroup v2** (the unified hierarchy at ``/sys/fs/cgroup``, as on Debian 12 or Ubuntu 22.04
  with systemd): ``/sys/fs/cgroup/<base>/<user>`` with ``memory.max``, ``memory.swap.max = 0``
  and ``cpu.max``;
* **cgroup v1** (the memory and cpu controllers mounted apart, as in many containers and
  micro-VMs): ``/sys/fs/cgroup/memory/<base>/<user>`` (``memory.limit_in_bytes``) and
  ``/sys/fs/cgroup/cpu/<base>/<user>`` (``cpu.cfs_quota_us`` over ``cpu.cfs_period_us``);
* **neither writable**: an address-space limit (``RLIMIT_AS``) per process, which bounds each
  process alone, not their sum, and no CPU limit. :func:`plan` says which one applies.

The hub (root) creates the group before the spawn; the spawned process moves itself into it
in its ``preexec_fn`` (still root, before dropping to the participant), so no process of the
participant ever runs outside it. Only the standard library is used.
"""

from __future__ import annotations

import os
import re
import resource
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Limits", "parse_bytes", "plan"]

CGROUP_ROOT = Path("/sys/fs/cgroup")
PERIOD_US = 100_000
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def parse_bytes(text: str | int | float | None) -> int | None:
    """Bytes from ``2G``, ``512M``, ``1.5G`` or a number (as JupyterHub's ``mem_limit``).

    >>> parse_bytes("1.5G"), parse_bytes("512M"), parse_bytes(1000), parse_bytes(None)
    (1610612736, 536870912, 1000, None)
    >>> parse_bytes("lots")
    Traceback (most recent call last):
    ...
    ValueError: mem_limit must be a number of bytes such as 2G, 512M or 1073741824; got 'lots'
    """
    if text is None or text == "":
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = int(text)
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*", str(text), re.I)
        if not match:
            raise ValueError(
                f"mem_limit must be a number of bytes such as 2G, 512M or 1073741824; "
                f"got {text!r}")
        value = int(float(match.group(1)) * _UNITS[match.group(2).upper()])
    if value <= 0:
        raise ValueError(f"mem_limit must be positive; got {text!r}")
    return value


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="ascii") as fh:
        fh.write(text)


def _v2_root(root: Path) -> Path | None:
    return root if (root / "cgroup.controllers").is_file() else None


@dataclass(frozen=True)
class Limits:
    """How one participant's limits are enforced: ``mechanism`` is ``cgroup2``, ``cgroup1`` or
    ``rlimit``; ``groups`` the control-group folders to join (empty for ``rlimit``)."""

    user: str
    mem_bytes: int | None
    cpu: float | None
    mechanism: str
    groups: tuple[Path, ...] = ()

    def create(self) -> None:
        """Create the groups and write the limits (as root, before the spawn)."""
        if self.mechanism == "cgroup2":
            group = self.groups[0]
            base = group.parent
            base.mkdir(exist_ok=True)
            for parent in (base.parent, base):
                wanted = {"memory", "cpu"} & set(
                    (parent / "cgroup.controllers").read_text().split())
                for name in sorted(wanted):
                    try:
                        _write(parent / "cgroup.subtree_control", f"+{name}")
                    except OSError:
                        pass  # already on, or the parent is not ours to change
            group.mkdir(exist_ok=True)
            if self.mem_bytes:
                _write(group / "memory.max", str(self.mem_bytes))
                if (group / "memory.swap.max").exists():
                    _write(group / "memory.swap.max", "0")
            if self.cpu:
                _write(group / "cpu.max", f"{int(self.cpu * PERIOD_US)} {PERIOD_US}")
        elif self.mechanism == "cgroup1":
            for group in self.groups:
                group.mkdir(parents=True, exist_ok=True)
                if group.parent.parent.name == "memory":
                    if self.mem_bytes:
                        _write(group / "memory.limit_in_bytes", str(self.mem_bytes))
                else:
                    _write(group / "cpu.cfs_period_us", str(PERIOD_US))
                    _write(group / "cpu.cfs_quota_us",
                           str(int(self.cpu * PERIOD_US)) if self.cpu else "-1")

    def join(self) -> None:
        """Move the calling process into the groups, or set its ``RLIMIT_AS``. Called in the
        spawned process before it drops root; only ``os`` calls, safe after ``fork``."""
        if self.mechanism == "rlimit":
            if self.mem_bytes:
                resource.setrlimit(resource.RLIMIT_AS, (self.mem_bytes, self.mem_bytes))
            return
        pid = str(os.getpid())
        for group in self.groups:
            _write(group / "cgroup.procs", pid)

    def members(self) -> set[int]:
        """The processes still in the groups (none for ``rlimit``)."""
        found: set[int] = set()
        for group in self.groups:
            try:
                found |= {int(p) for p in (group / "cgroup.procs").read_text().split()}
            except OSError:
                pass
        return found

    def remove(self) -> None:
        """Remove the groups once the server has stopped (a group still holding a process
        stays; it is reused at the next spawn)."""
        for group in self.groups:
            try:
                group.rmdir()
            except OSError:
                pass

    def describe(self) -> str:
        """One line for the hub's log."""
        mem = f"{self.mem_bytes / 1024**3:.2g} GiB" if self.mem_bytes else "no memory limit"
        cpu = f"{self.cpu:g} CPU" if self.cpu else "no CPU limit"
        how = {"cgroup2": "cgroup v2", "cgroup1": "cgroup v1",
               "rlimit": "RLIMIT_AS per process (no cgroup writable), no CPU limit"}
        where = f" at {', '.join(map(str, self.groups))}" if self.groups else ""
        return f"{self.user}: {mem}, {cpu} by {how[self.mechanism]}{where}"


def _writable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK)


def plan(user: str, *, mem_limit: str | int | None, cpu_limit: float | None,
         base: str = "cxlab-hub", root: Path = CGROUP_ROOT) -> Limits:
    """Choose how ``user``'s limits are enforced on this machine (nothing is created yet).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     plan("ann", mem_limit="1G", cpu_limit=1, root=Path(tmp)).mechanism
    'rlimit'
    """
    mem = parse_bytes(mem_limit)
    cpu = float(cpu_limit) if cpu_limit else None
    if cpu is not None and cpu <= 0:
        raise ValueError(f"cpu_limit must be positive; got {cpu_limit!r}")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", user) or user in (".", ".."):
        raise ValueError(f"user must be a plain account name; got {user!r}")
    v2 = _v2_root(root)
    if v2 is not None and _writable(v2):
        return Limits(user, mem, cpu, "cgroup2", (v2 / base / user,))
    memory, cpu_dir = root / "memory", root / "cpu"
    if _writable(memory) and (memory / "memory.limit_in_bytes").exists() or (
            _writable(memory) and (memory / "cgroup.procs").exists()):
        groups = [memory / base / user]
        if _writable(cpu_dir) and (cpu_dir / "cpu.cfs_quota_us").exists() or (
                _writable(cpu_dir) and (cpu_dir / "cgroup.procs").exists()):
            groups.append(cpu_dir / base / user)
        return Limits(user, mem, cpu if len(groups) == 2 else None, "cgroup1", tuple(groups))
    return Limits(user, mem, None, "rlimit")
