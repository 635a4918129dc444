"""Where participants' code runs while it is graded, and what it can reach.

Full sandbox (the grader runs as root, Linux, ``unshare`` available)
--------------------------------------------------------------------
Each submission's kernel is started through ``unshare --mount --net --pid`` and
``cxlab/grading/_jail.py``, so participants' code:

* runs as an unprivileged user ``cxlab-grader`` (``cxlab-grader1``, ... for the other
  parallel workers and for other grading runs at the same time, each user locked by one run,
  so one participant's processes never count against another's limit;
  created if missing, no login shell, no supplementary groups) in a throwaway working
  directory owned by that user and deleted after the submission;
* sees the course directory (gradebook, ``nbgrader_config.py``, assessment sources with their
  hidden tests and solutions, other participants' submissions, autograded and feedback
  folders, git history) and the trainer's home as **empty read-only folders**; only the Python
  installation, the virtual environment and the cxlab sources are put back, read-only;
* gets private, empty ``/tmp``, ``/var/tmp``, ``/dev/shm`` and ``/run/lock``, so it cannot
  read or leave files for another participant's code;
* has no network (an empty network namespace; the kernel talks to the grader over unix
  sockets in the working directory);
* runs in its own PID namespace: it cannot see or signal other processes, and when the
  submission ends (or its time is up) every process it started is killed;
* is limited in CPU seconds, address space (memory), number of processes and file size.

What is *not* protected: the code can read world-readable files outside the hidden folders
(``/etc``, ``/usr``, other folders of the machine that every user may read) and use CPU and
memory up to the limits. Inside its own kernel it can also tamper with the tests that run
after it (for example by redefining ``quiz.points``): nbgrader runs answers and tests in the
same kernel, so review any submission whose code does more than answer the questions (the
autograded notebook shows all of it). Because the assessment sources are hidden, code cannot
copy the hidden tests into its own output, and feedback is scrubbed again afterwards.

Limited sandbox (not root, or ``unshare`` refused)
--------------------------------------------------
The kernel runs as the trainer's own user, with the same resource limits and a throwaway
working directory as its current folder, but it *can* read and write whatever the trainer
can, and reach the network. The grading summary says so in its first line.
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
    cxlab._validation.CxlabValueError: memory_bytes must be a whole number of at least 1, got 0
    """

    cpu_seconds: int = 300
    memory_bytes: int = 2_000_000_000
    processes: int = 64
    file_bytes: int = 50_000_000

    def __post_init__(self) -> None:
        for name in ("cpu_seconds", "memory_bytes", "processes", "file_bytes"):
            check_integer(name, getattr(self, name), minimum=1)

    def as_dict(self) -> dict[str, int]:
        return {
            "cpu_seconds": self.cpu_seconds,
            "memory_bytes": self.memory_bytes,
            "processes": self.processes,
            "file_bytes": self.file_bytes,
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


def _exposed_paths() -> list[str]:
    """The folders the kernel needs to start Python and import cxlab, outermost only."""
    import cxlab

    wanted = {sys.prefix, sys.base_prefix, str(Path(cxlab.__file__).resolve().parents[1])}
    wanted |= {p for p in sys.path if p and os.path.isdir(p)}
    exe = Path(sys.executable).resolve()
    wanted.add(str(exe.parent.parent))
    paths = sorted({str(Path(p).resolve()) for p in wanted}, key=len)
    outer: list[str] = []
    for p in paths:
        if not any(p == o or p.startswith(o.rstrip("/") + "/") for o in outer):
            outer.append(p)
    return outer


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
        hidden = [str(course_root), str(Path.home().resolve())]
        if os.environ.get("HOME"):
            hidden.append(str(Path(os.environ["HOME"]).resolve()))
        hidden += ["/tmp", "/var/tmp", "/run/lock", tempfile.gettempdir()]
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
                f"Sandbox: full (user {SANDBOX_USER}, course folder and home hidden, "
                f"no network, own process space); {text}"
            )
        return (
            f"Sandbox: LIMITED ({self.reason}): participants' code runs as "
            f"{pwd.getpwuid(os.geteuid()).pw_name} and can read and write what that user can, "
            f"and reach the network; only a throwaway working folder and {text}"
        )

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
            self.users = []
            for lock in self._locks:
                lock.close()
            self._locks = []

    def make_workspace(self, slot: int = 0) -> Path:
        """A fresh base folder holding ``work/`` (the kernel's folder) and ``conn/`` (sockets)."""
        base = Path(tempfile.mkdtemp(prefix=f"cxlab-grade-{os.getpid()}-"))
        os.chmod(base, 0o755 if self.full else 0o700)
        for sub in ("work", "conn"):
            (base / sub).mkdir(mode=0o700)
            if self.full:
                os.chown(base / sub, *self.users[slot])
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
            "hide": self.hidden,
            "scratch": ["/tmp", "/var/tmp", "/run/lock", tempfile.gettempdir()],
            "expose": [[p, True] for p in _exposed_paths()]
            + [[work, False], [str(base / "conn"), False]],
            "limits": limits,
            "uid": uid,
            "gid": gid,
            "workdir": work,
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
        jail = [sys.executable, "-I", "-S", str(_JAIL), json.dumps(spec), "--", *command]
        if not self.full:
            return jail
        unshare = shutil.which("unshare") or "unshare"
        setpriv = shutil.which("setpriv")
        # if the grader dies, the sandbox dies with it (and the kernel with the sandbox)
        guard = [setpriv, "--pdeathsig", "KILL", "--"] if setpriv else []
        return [*guard, unshare, "--mount", "--net", "--pid", "--fork", "--kill-child",
                "--mount-proc", "--", *jail]

