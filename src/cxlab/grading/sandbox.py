"""Where participants' code runs when a notebook is executed, and what it can reach.

Full sandbox (the grader runs as root, Linux, ``unshare`` available)
--------------------------------------------------------------------
Each kernel is started through ``unshare --mount --net --pid --ipc --uts`` and
``cxlab/grading/_jail.py``, so participants' code:

* runs as an unprivileged user ``cxlab-grader`` (``cxlab-grader1``, ... for the other
  parallel workers and for other grading runs at the same time, each user locked by one run,
  so one participant's processes never count against another's limit;
  created if missing, no login shell, no supplementary groups), with ``no_new_privs`` set
  (setuid programs such as ``sudo`` and file capabilities grant it nothing);
* sees only an allow-list of the machine's files, read-only: the system folders Python needs
  (``/usr``, ``/bin``, ``/sbin``, ``/lib*``), a short list of ``/etc`` entries (no shadow or
  sudoers files, no other tools' configuration or credentials; ``/etc/passwd`` lists only
  root, nobody and itself), the Python installation, the virtual environment and the cxlab
  package alone (for an editable install, ``src/cxlab``, never the repository: its
  assessments, banks, solutions and ``.git`` are absent), a ``/proc`` of its own process space
  and a ``/dev`` of ``null``, ``zero``, ``full``, ``random``, ``urandom`` and ``tty``.
  Everything else is absent: the course folder (gradebook, sources with hidden tests and
  solutions, other participants' files), the trainer's home, ``/home``, ``/srv``, ``/opt``,
  ``/run``, ``/sys``, any other copy of the course wherever it lies;
* writes only to its working folder (holding the assignment's support files), ``/tmp``,
  ``/var/tmp`` and ``/dev/shm``: four views of **one** tmpfs of ``Limits.disk_bytes``
  (200 MB), so the total it writes is capped and nothing of it reaches the host's disk; it is
  gone when the kernel stops;
* has no network (an empty network namespace; the kernel talks to the grader over unix
  sockets in a connection folder, which becomes read-only once the sockets exist, before any
  of the participant's code runs);
* has its own System V IPC and POSIX message queues (nothing outlives the kernel; shared
  memory is capped at ``disk_bytes`` too) and its own host name (``cxlab-sandbox``);
* runs in its own PID namespace: it cannot see or signal other processes, and when the
  notebook ends (or its time is up) every process it started is killed;
* is limited in CPU seconds, address space (memory), number of processes and file size.

What is *not* protected: the code can read the world-readable files of the system folders
above (``/usr``: do not keep course material there) and use CPU and memory up to the limits.
Inside its own kernel it can change anything that kernel later runs.

Limited sandbox (not root, or ``unshare`` refused)
--------------------------------------------------
The kernel runs as the trainer's own user, with the same resource limits (no cap on the
total written), ``no_new_privs`` and a throwaway working directory as its current folder,
but it *can* read and write whatever the trainer can, share ``/tmp`` and reach the network.
The grading summary says so in its first line.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .._validation import check_integer

__all__ = ["Limits", "Sandbox", "sandbox_user"]

SANDBOX_USER = "cxlab-grader"
_JAIL = Path(__file__).with_name("_jail.py")
_KEEP_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "NBGRADER_EXECUTION")


@dataclass(frozen=True)
class Limits:
    """Resource limits for one submission's kernel.

    >>> Limits(cpu_seconds=60).cpu_seconds
    60
    >>> Limits(memory_bytes=0)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: memory_bytes must be a whole number of at least 1, got 0
    """

    cpu_seconds: int = 300
    memory_bytes: int = 2_000_000_000
    processes: int = 64
    file_bytes: int = 50_000_000
    #: everything written (working folder, /tmp, /var/tmp, /dev/shm together); full sandbox
    disk_bytes: int = 200_000_000

    def __post_init__(self) -> None:
        for name in ("cpu_seconds", "memory_bytes", "processes", "file_bytes", "disk_bytes"):
            check_integer(name, getattr(self, name), minimum=1)

    def as_dict(self) -> dict[str, int]:
        return {
            "cpu_seconds": self.cpu_seconds,
            "memory_bytes": self.memory_bytes,
            "processes": self.processes,
            "file_bytes": self.file_bytes,
            "disk_bytes": self.disk_bytes,
        }


def sandbox_user(name: str = SANDBOX_USER) -> pwd.struct_passwd:
    """The unprivileged user kernels run as; created (no home, no login) if it is missing."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        subprocess.run(
            [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(name)


def _package_dir() -> Path:
    import cxlab

    return Path(cxlab.__file__).resolve().parent


def _repository(package: Path) -> Path | None:
    """The repository of an editable install (``<repo>/src/cxlab`` or ``<repo>/cxlab``)."""
    if any(part in ("site-packages", "dist-packages") for part in package.parts):
        return None
    return package.parents[1] if package.parent.name == "src" else package.parent


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _pth_folders(prefix: Path) -> list[Path]:
    """Folders that ``.pth`` files of the environment's site-packages add to ``sys.path``."""
    found = []
    for site in prefix.glob("lib*/python*/site-packages"):
        for pth in site.glob("*.pth"):
            try:
                lines = pth.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            for line in lines:
                line = line.strip()
                if not line or line.startswith(("#", "import ", "import\t")):
                    continue
                folder = (site / line).resolve()
                if folder.is_dir():
                    found.append(folder)
    return found


def _exposed_paths(hidden: list[str]) -> tuple[list[str], list[list[str]]]:
    """What the kernel needs to start Python and import cxlab: (folders, symbolic links).

    The Python installation, the virtual environment and the cxlab package itself; other
    folders the environment's ``.pth`` files add unless they hold the course, the repository
    or a hidden folder. For an editable install only the package folder is exposed, never
    the repository around it.
    """
    package = _package_dir()
    repository = _repository(package)
    wanted = [Path(p) for p in {sys.prefix, sys.exec_prefix, sys.base_prefix,
                                sys.base_exec_prefix}]
    wanted.append(Path(sys.executable).resolve().parent.parent)
    blocked = [Path(h).resolve() for h in hidden] + ([repository] if repository else [])
    for folder in _pth_folders(Path(sys.prefix)):
        if _within(package, folder) or any(_within(folder, b) or _within(b, folder)
                                           for b in blocked):
            continue
        wanted.append(folder)
    links: list[list[str]] = []
    resolved = {package}
    for path in wanted:
        resolved.add(path.resolve())
        current = Path(path.anchor)
        for part in path.parts[1:]:  # symbolic links on the way are re-created inside
            current = current / part
            if current.is_symlink():
                link = [str(current), os.readlink(current)]
                if link not in links:
                    links.append(link)
                current = current.resolve()
    outer: list[Path] = []
    for p in sorted(resolved, key=lambda p: len(p.parts)):
        if not any(_within(p, o) for o in outer):
            outer.append(p)
    return [str(p) for p in outer], links


#: How many sandbox users (``cxlab-grader``, ``cxlab-grader1``, ...) runs may claim in all.
MAX_SANDBOX_USERS = 32


def _claim(name: str):
    """Lock ``name`` for this process (and its workers); None if another run holds it."""
    import fcntl

    folder = Path("/run/lock") if Path("/run/lock").is_dir() else Path(tempfile.gettempdir())
    handle = open(folder / f"{name}.lock", "a")  # held open for the whole run
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


@dataclass
class Sandbox:
    """How kernels are started for one grading run; :meth:`probe` picks full or limited."""

    hidden: list[str]
    limits: Limits = field(default_factory=Limits)
    full: bool = False
    reason: str = ""
    users: list[tuple[int, int]] = field(default_factory=list)  # (uid, gid) per worker slot
    _locks: list = field(default_factory=list, repr=False)  # open lock files, one per user

    @classmethod
    def for_course(cls, course_root: Path, limits: Limits, *, enabled: bool = True) -> Sandbox:
        # Nothing outside the allow-list is visible anyway; these are also covered where an
        # exposed folder (the environment, the Python installation) would show them.
        hidden = [str(Path(course_root).resolve()), str(Path.home().resolve())]
        if os.environ.get("HOME"):
            hidden.append(str(Path(os.environ["HOME"]).resolve()))
        repository = _repository(_package_dir())
        if repository is not None:
            hidden.append(str(repository))
        box = cls(hidden=sorted(set(hidden), key=len), limits=limits)
        if not enabled:
            box.reason = "sandbox switched off (--no-sandbox)"
        elif os.name != "posix" or not sys.platform.startswith("linux"):
            box.reason = "not Linux"
        elif os.geteuid() != 0:
            box.reason = "not running as root"
        elif not shutil.which("unshare"):
            box.reason = "the unshare command is missing"
        else:
            box._probe()
        return box

    def describe(self) -> str:
        limits = self.limits
        text = (
            f"limits: {limits.cpu_seconds} s CPU, {limits.memory_bytes / 1e9:.1f} GB memory, "
            f"{limits.processes} processes, {limits.file_bytes / 1e6:.0f} MB per file"
        )
        if self.full:
            return (
                f"Sandbox: full (user {SANDBOX_USER}, no new privileges; it sees only Python, "
                "the virtual environment and the cxlab package, read-only, and its own "
                f"folders, {limits.disk_bytes / 1e6:.0f} MB written in all; no network, own "
                f"process space, own IPC); {text}"
            )
        return (
            f"Sandbox: LIMITED ({self.reason}): participants' code runs as "
            f"{pwd.getpwuid(os.geteuid()).pw_name} and can read and write what that user can, "
            "and reach the network; no cap on the total it writes, no private /tmp; only a "
            f"throwaway working folder and {text}"
        )

    def release(self) -> None:
        """Free the sandbox users this run claimed (also done when the process ends)."""
        for lock in self._locks:
            lock.close()
        self._locks = []
        self.users = []

    def prepare_slots(self, jobs: int) -> None:
        """One sandbox user per parallel worker, so process limits never interfere.

        Each user is claimed with a lock held for the whole run, so two grading runs on one
        machine at the same time (two trainers, or tests in parallel) never share a user, and
        one run's fork bomb cannot use up the other's process limit.
        """
        number = 0
        while self.full and len(self.users) < jobs:
            if number >= MAX_SANDBOX_USERS:
                raise OSError(f"all {MAX_SANDBOX_USERS} sandbox users are busy with other runs")
            name = SANDBOX_USER if number == 0 else f"{SANDBOX_USER}{number}"
            number += 1
            lock = _claim(name)
            if lock is None:
                continue  # another grading run is using this user now
            user = sandbox_user(name)
            self._locks.append(lock)
            self.users.append((user.pw_uid, user.pw_gid))

    def _probe(self) -> None:
        self.full = True
        try:
            self.prepare_slots(1)
        except (subprocess.CalledProcessError, OSError, KeyError) as exc:
            self.full = False
            self.reason = f"could not create the user {SANDBOX_USER} ({exc})"
            return
        base = self.make_workspace(0)
        try:
            cmd = self.wrap(
                [sys.executable, "-I", "-S", "-c", "import os; print(os.getuid())"], base, 0
            )
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
            if out.returncode != 0 or out.stdout.strip() != str(self.users[0][0]):
                self.full = False
                self.reason = f"unshare was refused ({(out.stderr or out.stdout).strip()[:200]})"
        except (OSError, subprocess.TimeoutExpired) as exc:
            self.full = False
            self.reason = f"unshare failed ({exc})"
        finally:
            shutil.rmtree(base, ignore_errors=True)
        if not self.full:
            self.release()

    def make_workspace(self, slot: int = 0) -> Path:
        """A fresh base folder: ``work/`` (support files), ``conn/`` (sockets), ``root/``.

        In the full sandbox the kernel never sees this folder: its working folder is a tmpfs
        the files of ``work/`` are copied into, ``root/`` is where its file system is built,
        and only ``conn/`` (owned by the sandbox user) is shared, at the same path.
        """
        base = Path(tempfile.mkdtemp(prefix=f"cxlab-grade-{os.getpid()}-"))
        os.chmod(base, 0o700)
        for sub in ("work", "conn"):
            (base / sub).mkdir(mode=0o700)
            if self.full:
                os.chown(base / sub, *self.users[slot])
        if self.full:
            (base / "root").mkdir(mode=0o700)
        return base

    def wrap(self, command: list[str], base: Path, slot: int = 0) -> list[str]:
        """The kernel command wrapped in the namespaces, limits and user switch."""
        work = str(base / "work")
        limits = self.limits.as_dict()
        if not self.full:
            # RLIMIT_NPROC counts every process of the user: only meaningful for our own user
            limits.pop("processes")
        uid, gid = self.users[slot] if self.full else (None, None)
        spec = {
            "isolate": self.full,
            "root": str(base / "root"),
            "hide": self.hidden,
            "conn": str(base / "conn"),
            "host_work": work,
            "workdir": work,
            "disk_bytes": self.limits.disk_bytes,
            "hostname": "cxlab-sandbox",
            "user": SANDBOX_USER,
            "limits": limits,
            "uid": uid,
            "gid": gid,
            "keep_env": list(_KEEP_ENV),
            "env": {
                "HOME": work,
                "USER": SANDBOX_USER if self.full else os.environ.get("USER", ""),
                "TMPDIR": "/tmp" if self.full else work,
                "IPYTHONDIR": str(Path(work) / ".ipython"),
                "MPLBACKEND": "Agg",
                "MPLCONFIGDIR": str(Path(work) / ".matplotlib"),
                "OPENBLAS_NUM_THREADS": "1",
                "OMP_NUM_THREADS": "1",
                "MKL_NUM_THREADS": "1",
                "PYTHONDONTWRITEBYTECODE": "1",
            },
        }
        if self.full:
            folders, spec["links"] = _exposed_paths(self.hidden)
            spec["expose"] = [[folder, True] for folder in folders]
        # the specification is read from a file: the jail's command line is visible inside
        spec_file = base / "jail.json"
        fd = os.open(spec_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(spec, fh)
        jail = [sys.executable, "-I", "-S", str(_JAIL), str(spec_file), "--", *command]
        if not self.full:
            return jail
        unshare = shutil.which("unshare") or "unshare"
        setpriv = shutil.which("setpriv")
        # if the grader dies, the sandbox dies with it (and the kernel with the sandbox)
        guard = [setpriv, "--pdeathsig", "KILL", "--"] if setpriv else []
        return [*guard, unshare, "--mount", "--net", "--pid", "--ipc", "--uts", "--fork",
                "--kill-child", "--mount-proc", "--", *jail]
