"""Start a participant's kernel inside the grading sandbox (run as a script, as root).

This file is executed by the grader, never imported by notebooks::

    unshare --mount --net --pid --ipc --uts --fork --kill-child --mount-proc -- \\
        python -I -S _jail.py SPEC_FILE -- python -m ipykernel_launcher -f CONNECTION_FILE

It runs in fresh mount, network, PID, IPC and host-name namespaces created by ``unshare``
and builds the only file system the kernel will see (an allow-list, not a list of things to
hide):

1. a new, empty root (a small tmpfs) is mounted on the workspace's ``root`` folder;
2. into it go, read-only: the system folders Python needs (``/usr``, ``/bin``, ``/sbin``,
   ``/lib*``), a short list of ``/etc`` entries (no shadow files, no credentials or
   configuration of other tools; ``/etc/passwd`` and ``/etc/group`` are replaced by three
   lines), and the paths in ``expose`` (the Python installation, the virtual environment, the
   cxlab package alone); a fresh ``/proc`` of the new PID namespace and a ``/dev`` holding only
   ``null``, ``zero``, ``full``, ``random``, ``urandom`` and ``tty``;
3. one tmpfs of ``disk_bytes`` (one cap for all of it) provides the writable working folder
   (the support files of the assignment copied in), ``/tmp``, ``/var/tmp`` and ``/dev/shm``;
4. the connection folder (unix sockets shared with the grader) is bound in at the same path;
   it becomes read-only as soon as the kernel's sockets exist, before any of the
   participant's code can run;
5. paths in ``hide`` that an exposed folder would reveal (the course, the repository of an
   editable install, the trainer's home) are covered by empty read-only folders;
6. the process moves into the new root (``pivot_root``; the old root is detached), sets the
   System V IPC limits of its namespace, and forks: the child sets the resource limits and
   ``no_new_privs``, drops to the unprivileged user (no supplementary groups), asks to be
   killed if its parent dies, replaces the environment and execs the kernel; the parent stays
   as the namespace's init (reaping orphans) and exits with the kernel's status, which ends
   every process left in the namespace.

Without ``isolate`` (the limited sandbox: no root) only the limits, ``no_new_privs``, the
working folder and the environment are applied. Only the standard library is used, so the
script starts in a few milliseconds.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import resource
import signal
import sys
import time

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "riscv64": 41, "loongarch64": 41,
                  "ppc64le": 203, "ppc64": 203, "s390x": 217, "i686": 217, "i386": 217,
                  "armv7l": 218, "armv6l": 218}

#: Top-level system folders, bound read-only (or re-created as the symbolic links they are).
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
#: The /etc entries a Python kernel may need; everything else in /etc stays out.
ETC_ALLOW = (
    "alternatives", "ca-certificates", "ca-certificates.conf", "crypto-policies",
    "debian_version", "fonts", "gai.conf", "host.conf", "hosts", "inputrc", "ipython",
    "jupyter", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "locale.alias", "locale.conf",
    "localtime", "lsb-release", "magic", "magic.mime", "matplotlibrc", "mime.types", "mtab",
    "networks", "nsswitch.conf", "os-release", "pki", "protocols", "rpc", "services", "ssl",
    "system-release", "terminfo", "timezone",
)
#: Inside the exposed folders, covered by empty read-only folders all the same.
ALWAYS_HIDE = ("/etc/ssl/private", "/etc/pki/tls/private", "/usr/src", "/usr/local/src")
DEVICES = ("null", "zero", "full", "random", "urandom", "tty")

_libc = ctypes.CDLL(None, use_errno=True)
if sys.platform.startswith("linux"):
    _libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]
    _libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
    _libc.sethostname.argtypes = [ctypes.c_char_p, ctypes.c_size_t]


def _check(rc: int, what: str) -> None:
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _mount(source: str, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    rc = _libc.mount(source.encode(), target.encode(), fstype.encode() if fstype else None,
                     flags, data.encode() if data else None)
    _check(rc, f"mount {source} on {target}")


def _submounts(target: str) -> list[str]:
    """``target`` and every mount point below it (from /proc/self/mountinfo)."""
    found = []
    prefix = target.rstrip("/") + "/"
    with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            point = line.split()[4]
            point = (point.replace("\\040", " ").replace("\\011", "\t")
                     .replace("\\012", "\n").replace("\\134", "\\"))
            if point == target or point.startswith(prefix):
                found.append(point)
    return found


def _bind(source: str, target: str, *, read_only: bool) -> None:
    _mount(source, target, None, MS_BIND | MS_REC)
    if read_only:
        # a recursive bind keeps the flags of the mounts below it: make each read-only
        for point in _submounts(target):
            try:
                _mount("none", point, None,
                       MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
            except OSError:
                if point == target:
                    raise


def _tmpfs(target: str, options: str, flags: int = MS_NOSUID | MS_NODEV) -> None:
    _mount("cxlab-sandbox", target, "tmpfs", flags, options)


def _inside(root: str, path: str) -> None:
    """Refuse to create or mount anything a symbolic link would lead out of the new root."""
    real = os.path.realpath(path)
    if real != root and not real.startswith(root + "/"):
        raise OSError(errno.EXDEV, f"{path} leads out of the sandbox's root (to {real})")


def _make_target(path: str, *, directory: bool) -> None:
    if directory:
        os.makedirs(path, mode=0o755, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
        if not os.path.lexists(path):
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o644))


def _chown(path: str, uid: int | None, gid: int | None) -> None:
    """Give ``path`` to ``uid`` when there is one (the group too when given; -1 keeps it)."""
    if uid is not None:
        os.chown(path, uid, -1 if gid is None else gid)


def _copy_tree(source: str, target: str, uid: int | None, gid: int | None) -> None:
    """Copy the support files into the working folder (regular files and folders only)."""
    for folder, dirs, files in os.walk(source):
        rel = os.path.relpath(folder, source)
        dest = target if rel == "." else os.path.join(target, rel)
        if rel != ".":
            os.mkdir(dest, 0o700)
            _chown(dest, uid, gid)
        for name in files:
            src = os.path.join(folder, name)
            if os.path.islink(src) or not os.path.isfile(src):
                continue
            out = os.path.join(dest, name)
            with open(src, "rb") as fin, open(out, "wb") as fout:
                while chunk := fin.read(1 << 20):
                    fout.write(chunk)
            _chown(out, uid, gid)
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]


def _plan(spec: dict, scratch: str, files: str) -> list[tuple]:
    """Every mount of the new root as (path, rank, kind, argument), outer paths first."""
    plan: list[tuple] = []
    for path in SYSTEM:
        if os.path.islink(path):
            plan.append((path, 0, "link", os.readlink(path)))
        elif os.path.isdir(path):
            plan.append((path, 1, "bind", (path, True)))
    plan.append(("/etc", 1, "etc", None))
    for path, read_only in spec["expose"]:
        plan.append((path, 1, "bind", (path, read_only)))
    for path, target in spec.get("links", []):
        plan.append((path, 0, "link", target))
    plan += [
        ("/proc", 1, "proc", None),
        ("/dev", 1, "dev", None),
        ("/tmp", 1, "bind", (os.path.join(scratch, "tmp"), False)),
        ("/var/tmp", 1, "bind", (os.path.join(scratch, "var_tmp"), False)),
        ("/dev/shm", 1, "bind", (os.path.join(scratch, "shm"), False)),
        (spec["workdir"], 1, "bind", (os.path.join(scratch, "work"), False)),
        (spec["conn"], 1, "bind", (spec["conn"], False)),
        ("/etc/passwd", 3, "file", os.path.join(files, "passwd")),
        ("/etc/group", 3, "file", os.path.join(files, "group")),
    ]
    for path in list(spec.get("hide", [])) + list(ALWAYS_HIDE):
        plan.append((path, 2, "mask", None))
    return sorted(plan, key=lambda item: (item[0].rstrip("/").count("/"), item[1]))


def _covered(applied: list[tuple[str, str, str]], path: str) -> tuple[str, str, str] | None:
    """The deepest mount already made at ``path`` or above it: (path, kind, source)."""
    best = None
    for point, kind, source in applied:
        if path == point or path.startswith(point.rstrip("/") + "/"):
            if best is None or len(point) >= len(best[0]):
                best = (point, kind, source)
    return best


def _etc(root: str) -> None:
    target = root + "/etc"
    os.makedirs(target, mode=0o755, exist_ok=True)
    names = list(ETC_ALLOW) + sorted(n for n in os.listdir("/etc") if n.startswith("python3"))
    for name in names:
        source = os.path.join("/etc", name)
        if os.path.islink(source):
            os.symlink(os.readlink(source), os.path.join(target, name))
        elif os.path.isdir(source) or os.path.isfile(source):
            dest = os.path.join(target, name)
            _make_target(dest, directory=os.path.isdir(source))
            _bind(source, dest, read_only=True)


def _dev(root: str, scratch: str) -> None:
    target = root + "/dev"
    os.makedirs(target, mode=0o755, exist_ok=True)
    _tmpfs(target, "mode=755,size=64k,nr_inodes=64", MS_NOSUID | MS_NOEXEC)
    for name in DEVICES:
        if os.path.exists(f"/dev/{name}"):
            _make_target(f"{target}/{name}", directory=False)
            _mount(f"/dev/{name}", f"{target}/{name}", None, MS_BIND)
    for name, link in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                       ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        os.symlink(link, f"{target}/{name}")
    os.mkdir(f"{target}/shm", 0o755)


def _prepare(spec: dict) -> None:
    """Build the new root under ``spec['root']`` and move into it."""
    uid, gid = spec.get("uid"), spec.get("gid")
    root = os.path.realpath(spec["root"])
    _mount("none", "/", None, MS_REC | MS_PRIVATE)
    _tmpfs(root, "mode=755,size=1m,nr_inodes=4096")
    scratch = root + "/.scratch"
    files = root + "/.files"
    os.mkdir(scratch, 0o700)
    os.mkdir(files, 0o700)
    disk = int(spec["disk_bytes"])
    _tmpfs(scratch, f"mode=755,size={disk},nr_inodes={max(1000, disk // 10_000)}")
    for name, mode, owner in (("work", 0o700, True), ("tmp", 0o1777, False),
                              ("var_tmp", 0o1777, False), ("shm", 0o1777, False)):
        path = os.path.join(scratch, name)
        os.mkdir(path)
        os.chmod(path, mode)
        if owner:
            _chown(path, uid, gid)
    _copy_tree(spec["host_work"], os.path.join(scratch, "work"), uid, gid)
    user = spec.get("user") or "participant"
    home = spec["workdir"]
    with open(os.path.join(files, "passwd"), "w", encoding="utf-8") as fh:
        fh.write("root:x:0:0:root:/root:/usr/sbin/nologin\n"
                 "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n")
        if uid is not None:
            fh.write(f"{user}:x:{uid}:{gid}:{user}:{home}:/usr/sbin/nologin\n")
    with open(os.path.join(files, "group"), "w", encoding="utf-8") as fh:
        fh.write("root:x:0:\nnogroup:x:65534:\n" + (f"{user}:x:{gid}:\n" if gid is not None
                                                      else ""))

    applied: list[tuple[str, str, str]] = []
    masks: list[str] = []
    for path, _, kind, arg in _plan(spec, scratch, files):
        target = root + path
        _inside(root, os.path.dirname(target))
        if kind == "link":
            if not os.path.lexists(target):
                os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
                if os.path.isabs(arg):  # relative, so it resolves inside the new root now too
                    arg = os.path.relpath(arg, os.path.dirname(path))
                os.symlink(arg, target)
        elif kind == "bind":
            source, read_only = arg
            if not os.path.exists(source):
                continue
            above = _covered(applied, path)
            if (read_only and source == path and above and above[1] == "bind"
                    and above[2] == above[0]):
                continue  # already visible, read-only, through a bind of a folder above it
            _make_target(target, directory=os.path.isdir(source))
            _inside(root, target)
            _bind(source, target, read_only=read_only)
            applied.append((path, "bind", source))
        elif kind == "mask":
            # only what an exposed folder would show needs covering (not symbolic links)
            if not os.path.lexists(target) or os.path.realpath(target) != target:
                continue
            if os.path.isdir(target):
                _tmpfs(target, "mode=755,size=16k,nr_inodes=64")
                masks.append(target)
            else:
                _bind("/dev/null", target, read_only=True)
            applied.append((path, "mask", ""))
        elif kind == "file":
            _make_target(target, directory=False)
            _bind(arg, target, read_only=True)
        elif kind == "etc":
            _etc(root)
            applied.append((path, "etc", ""))
        elif kind == "proc":
            os.makedirs(target, mode=0o555, exist_ok=True)
            _mount("proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
            applied.append((path, "proc", ""))
        elif kind == "dev":
            _dev(root, scratch)
            applied.append((path, "dev", ""))
    for target in masks:
        _mount("none", target, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    _mount("none", root + "/dev", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC)
    _check(_libc.umount2(scratch.encode(), MNT_DETACH), f"umount {scratch}")
    os.rmdir(scratch)
    for name in ("passwd", "group"):
        os.unlink(os.path.join(files, name))  # still mounted on /etc; the copy goes
    os.rmdir(files)
    _ipc_limits(root, disk)
    hostname = (spec.get("hostname") or "sandbox").encode()
    _libc.sethostname(hostname, len(hostname))
    _enter(root)


def _ipc_limits(root: str, disk: int) -> None:
    """Cap System V IPC in this namespace (it would otherwise hold memory outside any limit)."""
    values = {"shmmax": disk, "shmall": max(1, disk // 4096), "shmmni": 32,
              "shm_rmid_forced": 1, "msgmni": 16}
    for key, value in values.items():
        try:
            with open(f"{root}/proc/sys/kernel/{key}", "w") as fh:
                fh.write(str(value))
        except OSError:
            pass


def _enter(root: str) -> None:
    """Make ``root`` the root folder and detach the old one (chroot if pivot_root is unknown)."""
    os.chdir(root)
    number = SYS_PIVOT_ROOT.get(os.uname().machine)
    if number is not None:
        _check(_libc.syscall(number, b".", b"."), "pivot_root")
        _check(_libc.umount2(b".", MNT_DETACH), "umount the old root")
    else:  # pragma: no cover - architectures without a known syscall number
        os.chroot(".")
    os.chdir("/")
    # read-only as a mount (the tmpfs itself keeps the removed copies of passwd and group)
    _mount("none", "/", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _limits(spec: dict) -> None:
    names = {
        "cpu_seconds": resource.RLIMIT_CPU,
        "memory_bytes": resource.RLIMIT_AS,
        "processes": resource.RLIMIT_NPROC,
        "file_bytes": resource.RLIMIT_FSIZE,
    }
    for key, which in names.items():
        value = spec["limits"].get(key)
        if not value:
            continue
        value = int(value)
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):  # not root, and the hard limit is lower already
            hard = resource.getrlimit(which)[1]
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _exec(spec: dict, command: list[str]) -> None:
    """Limits, no new privileges, the sandbox user, then the command (never returns)."""
    _limits(spec)
    if sys.platform.startswith("linux"):
        # setuid programs (sudo, su, ...) and file capabilities grant nothing from here on
        _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")
    if spec.get("uid") is not None:
        os.setgroups([])
        os.setgid(spec["gid"])
        os.setuid(spec["uid"])
    if sys.platform.startswith("linux"):
        # die with the parent (changing credentials cleared an earlier setting)
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    os.chdir(spec["workdir"])
    env = {k: v for k, v in os.environ.items() if k in spec["keep_env"] or k.startswith("JPY_")}
    if spec.get("isolate", True) and "JPY_PARENT_PID" in env:
        # its parent is the namespace's init, pid 1, which ipykernel then does not watch
        # (it would take it for an orphaned kernel); it dies with that parent anyway
        env["JPY_PARENT_PID"] = "1"
    env.update(spec["env"])
    os.execve(command[0], command, env)


def _sockets(spec: dict, command: list[str]) -> list[str]:
    """The unix sockets the kernel will create, read from its connection file (if any)."""
    conn = spec["conn"].rstrip("/")
    for arg in command:
        path = arg.split("=", 1)[1] if arg.startswith("-") and "=" in arg else arg
        if os.path.dirname(os.path.abspath(path)) == conn and os.path.isfile(path):
            try:
                with open(path, encoding="utf-8") as fh:
                    info = json.load(fh)
            except (OSError, ValueError):
                return []
            if info.get("transport") != "ipc":
                return []
            ports = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")
            return [f"{info['ip']}-{info[p]}" for p in ports if info.get(p)]
    return []


def _lock(conn: str) -> None:
    """The connection folder becomes read-only: the kernel's sockets keep working."""
    _mount("none", conn, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)


def _supervise(child: int, spec: dict, command: list[str]) -> None:
    """Be the namespace's init: lock the connection folder in time, reap, pass on the status."""
    sockets = _sockets(spec, command)
    locked = False
    deadline = time.monotonic() + float(spec.get("startup_seconds", 120))
    if not sockets:
        _lock(spec["conn"])
        locked = True
    while True:
        if not locked and (all(os.path.exists(s) for s in sockets)
                           or time.monotonic() > deadline):
            _lock(spec["conn"])
            locked = True
        try:
            pid, status = os.waitpid(-1, 0 if locked else os.WNOHANG)
        except ChildProcessError:
            os._exit(0)
        except InterruptedError:  # pragma: no cover - signals are ignored here
            continue
        if pid == 0:
            time.sleep(0.01)
            continue
        if pid == child:
            if os.WIFSIGNALED(status):
                os._exit(128 + os.WTERMSIG(status))
            os._exit(os.WEXITSTATUS(status))


def main(argv: list[str]) -> None:
    split = argv.index("--")
    with open(argv[split - 1], encoding="utf-8") as fh:
        spec = json.load(fh)
    command = argv[split + 1 :]
    if not spec.get("isolate", True):
        _exec(spec, command)
    _prepare(spec)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(sig, signal.SIG_IGN)  # the kernel's to handle (interrupts)
    child = os.fork()
    if child == 0:
        try:
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT,
                        signal.SIGPIPE, signal.SIGXFSZ):
                signal.signal(sig, signal.SIG_DFL)
            _exec(spec, command)
        except BaseException as exc:
            sys.stderr.write(f"cxlab sandbox: could not start {command[:1]}: {exc}\n")
            sys.stderr.flush()
        os._exit(127)
    _supervise(child, spec, command)


if __name__ == "__main__":
    try:
        main(sys.argv)
    except OSError as exc:
        sys.stderr.write(f"cxlab sandbox: {exc}\n")
        sys.exit(126 if exc.errno in (errno.EPERM, errno.EACCES) else 125)
