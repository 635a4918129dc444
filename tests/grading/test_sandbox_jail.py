"""The grading sandbox itself (issue 14 point 3), tested by running code inside it.

Each test runs a short Python program through :meth:`Sandbox.wrap`, exactly as a kernel is
started, and checks from inside and from the host what it could see, keep and write. The
full sandbox needs root (as CI has); without it these tests skip and say so.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from cxlab.grading import Limits
from cxlab.grading.sandbox import SANDBOX_USER, Sandbox
from tests.conftest import ROOT

needs_root = pytest.mark.skipif(
    os.geteuid() != 0 or not sys.platform.startswith("linux"),
    reason="the full sandbox needs root on Linux (CI runs as root, so these run there)",
)


def _make_box(course: Path, limits: Limits | None = None) -> Sandbox:
    box = Sandbox.for_course(course, limits or Limits())
    assert box.full, box.reason
    return box


@pytest.fixture
def course(tmp_path) -> Path:
    root = tmp_path / "course"
    (root / "source" / "a1").mkdir(parents=True)
    (root / "gradebook.db").write_text("SECRET-GRADEBOOK")
    (root / "source" / "a1" / "a1.ipynb").write_text("BEGIN HIDDEN TESTS")
    return root


@pytest.fixture
def box(course):
    sandbox = _make_box(course)
    yield sandbox
    sandbox.release()


def run_inside(box: Sandbox, code: str, *, timeout: float = 90, check: bool = True):
    """Run ``code`` in the sandbox; returns (the JSON it printed last, the workspace path)."""
    base = box.make_workspace(0)
    try:
        command = box.wrap([sys.executable, "-c", textwrap.dedent(code)], base, 0)
        out = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                             cwd=base / "work")
        if check:
            assert out.returncode == 0, out.stderr[-3000:]
            return json.loads(out.stdout.strip().splitlines()[-1]), base
        return out, base
    finally:
        shutil.rmtree(base, ignore_errors=True)


# --- IPC namespace ---------------------------------------------------------------------------


def _host_ipc_keys(kind: str) -> set[int]:
    with open(f"/proc/sysvipc/{kind}") as fh:
        next(fh)
        return {int(line.split()[0]) for line in fh if line.strip()}


@needs_root
def test_ipc_objects_do_not_outlive_the_run(box) -> None:
    key = random.randint(10**8, 2**31 - 1)
    shm_name = f"cxlab-test-{uuid.uuid4().hex}"
    code = f"""
        import ctypes, json, os
        libc = ctypes.CDLL(None, use_errno=True)
        IPC_CREAT = 0o1000
        made = {{
            "shm": libc.shmget({key}, 4096, IPC_CREAT | 0o666),
            "sem": libc.semget({key}, 1, IPC_CREAT | 0o666),
            "msg": libc.msgget({key}, IPC_CREAT | 0o666),
        }}
        seen = {{}}
        for kind in made:
            with open("/proc/sysvipc/" + kind) as fh:
                seen[kind] = any(line.split()[0] == "{key}" for line in list(fh)[1:])
        fd = os.open("/dev/shm/{shm_name}", os.O_CREAT | os.O_WRONLY, 0o600)
        os.write(fd, b"x" * 4096)
        print(json.dumps({{"made": made, "seen": seen}}))
    """
    try:
        inside, _ = run_inside(box, code)
        assert all(v >= 0 for v in inside["made"].values()), inside
        assert all(inside["seen"].values()), inside  # they existed while the code ran
        for kind in ("shm", "sem", "msg"):
            assert key not in _host_ipc_keys(kind), f"a System V {kind} outlived the sandbox"
        assert not Path("/dev/shm", shm_name).exists()
    finally:
        for flag, kind in (("-M", "shm"), ("-S", "sem"), ("-Q", "msg")):
            if key in _host_ipc_keys(kind):
                subprocess.run(["ipcrm", flag, str(key)], check=False)
        Path("/dev/shm", shm_name).unlink(missing_ok=True)


# --- privileges ----------------------------------------------------------------------------


@needs_root
def test_no_new_privileges_and_no_capabilities(box) -> None:
    code = """
        import json
        status = dict(line.split(":", 1) for line in open("/proc/self/status"))
        print(json.dumps({k: status[k].split() for k in
                          ("NoNewPrivs", "CapEff", "CapPrm", "CapAmb", "Uid", "Gid", "Groups")}))
    """
    inside, _ = run_inside(box, code)
    uid, gid = box.users[0]
    assert inside["NoNewPrivs"] == ["1"]
    assert inside["CapEff"] == inside["CapPrm"] == inside["CapAmb"] == ["0000000000000000"]
    assert inside["Uid"] == [str(uid)] * 4 and inside["Gid"] == [str(gid)] * 4
    assert inside["Groups"] == []


# --- everything written is capped and stays off the host's disk ------------------------------


@needs_root
def test_everything_written_is_capped_in_total_and_kept_off_the_disk(box) -> None:
    assert Limits().disk_bytes == 200_000_000
    marker = f"cxlab-fill-{uuid.uuid4().hex}"
    code = f"""
        import errno, json, os
        places = [".", "/tmp", "/var/tmp", "/dev/shm"]
        block = b"0" * 50_000_000
        results = []
        for i in range(12):
            folder = places[i % 4]
            try:
                with open(os.path.join(folder, "{marker}-%d" % i), "wb") as fh:
                    fh.write(block)
                results.append("ok")
            except OSError as exc:
                results.append(errno.errorcode.get(exc.errno, str(exc.errno)))
        fs = {{p: [os.statvfs(p).f_fsid, os.statvfs(p).f_blocks * os.statvfs(p).f_frsize]
              for p in places}}
        others = {{}}
        for target in ("/", "/etc/cxlab-x", "/usr/cxlab-x", {str(Path(sys.prefix))!r} + "/x",
                       CONN + "/x"):
            try:
                open(target, "wb").write(b"x")
                others[target] = "written"
            except OSError as exc:
                others[target] = errno.errorcode.get(exc.errno, str(exc.errno))
        found = [n for p in places for n in os.listdir(p) if n.startswith("{marker}")]
        print(json.dumps({{"results": results, "fs": fs, "others": others, "found": found}}))
    """
    inside, base = _run_with_conn(box, code)
    results = inside["results"]
    assert results.count("ok") <= 4, results  # 200 MB in all: at most four 50 MB files
    assert "ENOSPC" in results, results
    assert results[:3] == ["ok"] * 3
    fsids = {v[0] for v in inside["fs"].values()}
    assert len(fsids) == 1, "the working folder, /tmp, /var/tmp and /dev/shm share one cap"
    (size,) = {v[1] for v in inside["fs"].values()}
    assert 199_000_000 <= size <= 201_000_000, size
    assert all(v != "written" for v in inside["others"].values()), inside["others"]
    # nothing of it is on the host: not in the workspace, /tmp, /var/tmp or /dev/shm
    for folder in (Path(tempfile.gettempdir()), Path("/var/tmp"), Path("/dev/shm")):
        assert not list(folder.glob(f"{marker}*")), folder
    assert not base.exists() or not list(base.rglob(f"{marker}*"))


def _run_with_conn(box: Sandbox, code: str):
    base = box.make_workspace(0)
    try:
        conn = str(base / "conn")
        command = box.wrap([sys.executable, "-c",
                            f"CONN = {conn!r}\n" + textwrap.dedent(code)], base, 0)
        out = subprocess.run(command, capture_output=True, text=True, timeout=120,
                             cwd=base / "work")
        assert out.returncode == 0, out.stderr[-3000:]
        assert not list((base / "conn").iterdir()), "the code wrote into the connection folder"
        return json.loads(out.stdout.strip().splitlines()[-1]), base
    finally:
        shutil.rmtree(base, ignore_errors=True)


# --- only an allow-list of folders is visible ------------------------------------------------


@pytest.fixture
def planted():
    """Marker files in world-readable folders outside any course (removed afterwards)."""
    made = []
    for top in ("/srv", "/opt", str(ROOT.parent)):
        folder = Path(top) / f"cxlab-probe-{uuid.uuid4().hex}"
        folder.mkdir(mode=0o755)
        os.chmod(folder, 0o755)
        marker = folder / "assessments" / "marker.txt"
        marker.parent.mkdir(mode=0o755)
        os.chmod(marker.parent, 0o755)
        marker.write_text("COPY-OF-THE-COURSE")
        os.chmod(marker, 0o644)
        made.append(marker)
    yield made
    for marker in made:
        shutil.rmtree(marker.parent.parent, ignore_errors=True)


PROBE = """
    import json, os, socket, sys
    def look(path):
        try:
            if os.path.isdir(path):
                return sorted(os.listdir(path))
            with open(path, errors="replace") as fh:
                return fh.read(200)
        except OSError as exc:
            return type(exc).__name__
    seen = {p: look(p) for p in PATHS}
    import cxlab
    passwd = [line.split(":")[0] for line in open("/etc/passwd")]
    print(json.dumps({"seen": seen, "cxlab": cxlab.__file__, "passwd": passwd,
                      "root": sorted(os.listdir("/")), "host": socket.gethostname(),
                      "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())}))
"""


@needs_root
@pytest.mark.parametrize("where", ["course elsewhere", "course is the repository"])
def test_only_the_allow_list_is_visible(course, planted, where) -> None:
    course_root = course if where == "course elsewhere" else ROOT
    box = _make_box(course_root)
    try:
        # the markers are readable by the sandbox user on the host: only the sandbox hides them
        uid, gid = box.users[0]
        for marker in planted:
            shown = subprocess.run(["setpriv", f"--reuid={uid}", f"--regid={gid}",
                                    "--clear-groups", "cat", str(marker)],
                                   capture_output=True, text=True)
            assert shown.stdout == "COPY-OF-THE-COURSE", shown.stderr
        paths = [str(m) for m in planted] + [
            str(course / "gradebook.db"), str(course / "source" / "a1" / "a1.ipynb"),
            str(ROOT), str(ROOT / "src"), str(ROOT / "assessments"),
            str(ROOT / "assessments" / "00-start-here" / "00-start-here.ipynb"),
            str(ROOT / "banks"), str(ROOT / "solutions"), str(ROOT / ".git"),
            str(ROOT / "nbgrader_config.py"), str(Path.home()), "/etc/shadow", "/home", "/srv",
            "/sys", "/run",
        ]
        inside, _ = run_inside(box, f"PATHS = {paths!r}\n" + textwrap.dedent(PROBE))
    finally:
        box.release()
    seen = inside["seen"]
    for marker in planted:
        assert seen[str(marker)] == "FileNotFoundError", (marker, seen[str(marker)])
    for secret in ("gradebook.db", "source/a1/a1.ipynb"):
        assert seen[str(course / secret)] == "FileNotFoundError"
    for name in ("assessments", "assessments/00-start-here/00-start-here.ipynb", "banks",
                 "solutions", ".git", "nbgrader_config.py"):
        assert seen[str(ROOT / name)] == "FileNotFoundError", name
    assert set(seen[str(ROOT)]) <= {".venv", "src"}, seen[str(ROOT)]
    assert seen[str(ROOT / "src")] == ["cxlab"]
    assert inside["cxlab"].startswith(str(ROOT / "src" / "cxlab"))
    assert seen["/etc/shadow"] in ("", "PermissionError", "FileNotFoundError")
    assert set(inside["passwd"]) <= {"root", "nobody", SANDBOX_USER}
    for gone in ("/srv", "/home", "/sys", "/run"):
        assert seen[gone] == "FileNotFoundError", gone
    # the trainer's home shows at most the folders leading to the Python installation
    home = Path.home()
    allowed_home = {Path(p).relative_to(home).parts[0] for p in (sys.prefix, sys.base_prefix)
                    if Path(p).is_relative_to(home)}
    assert set(seen[str(home)] if isinstance(seen[str(home)], list) else []) <= allowed_home
    tops = {Path(p).parts[1] for p in (sys.prefix, sys.base_prefix, str(ROOT),
                                       tempfile.gettempdir())}
    system = {"bin", "sbin", "lib", "lib32", "lib64", "libx32", "usr", "etc", "proc", "dev",
              "tmp", "var"}
    assert set(inside["root"]) <= system | tops, inside["root"]
    assert inside["host"] == "cxlab-sandbox"
    assert len(inside["pids"]) <= 4 and min(inside["pids"]) == 1, inside["pids"]


@needs_root
def test_a_folder_reached_through_a_symbolic_link_is_exposed_at_both_names(box, monkeypatch):
    from cxlab.grading import sandbox as sandbox_module

    top = Path("/srv") / f"cxlab-link-{uuid.uuid4().hex}"
    real = top / "real" / "env"
    real.mkdir(parents=True)
    (real / "marker.txt").write_text("REACHED")
    top.chmod(0o755)
    (top / "real").chmod(0o755)
    real.chmod(0o755)
    (top / "alias").symlink_to(top / "real")  # like a venv under a symlinked folder
    original = sandbox_module._exposed_paths

    def with_alias(hidden):
        folders, links = original(hidden)
        return folders + [str(real)], links + [[str(top / "alias"), str(top / "real")]]

    monkeypatch.setattr(sandbox_module, "_exposed_paths", with_alias)
    code = f"""
        import json, os
        print(json.dumps({{"via": open({str(top / "alias" / "env" / "marker.txt")!r}).read(),
                          "link": os.readlink({str(top / "alias")!r}),
                          "top": sorted(os.listdir({str(top)!r}))}}))
    """
    try:
        inside, _ = run_inside(box, code)
    finally:
        shutil.rmtree(top)
    assert inside == {"via": "REACHED", "link": "real", "top": ["alias", "real"]}


# --- the other protections still hold ----------------------------------------------------------


@needs_root
def test_network_limits_and_processes_are_still_isolated(course) -> None:
    limits = Limits(cpu_seconds=33, memory_bytes=1_500_000_000, processes=40,
                    file_bytes=10_000_000, disk_bytes=50_000_000)
    box = _make_box(course, limits)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    code = f"""
        import json, os, resource, socket
        try:
            socket.create_connection(("127.0.0.1", {port}), timeout=3)
            net = "connected"
        except OSError as exc:
            net = type(exc).__name__
        names = ("RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_NPROC", "RLIMIT_FSIZE", "RLIMIT_CORE")
        limits = {{n: resource.getrlimit(getattr(resource, n))[0] for n in names}}
        disk = os.statvfs(".").f_blocks * os.statvfs(".").f_frsize
        print(json.dumps({{"net": net, "limits": limits, "uid": os.getuid(), "disk": disk,
                           "pid": os.getpid()}}))
    """
    uid = box.users[0][0]
    try:
        inside, _ = run_inside(box, code)
    finally:
        listener.close()
        box.release()
    assert inside["net"] != "connected"
    assert inside["limits"] == {"RLIMIT_CPU": 33, "RLIMIT_AS": 1_500_000_000,
                                "RLIMIT_NPROC": 40, "RLIMIT_FSIZE": 10_000_000,
                                "RLIMIT_CORE": 0}
    assert inside["uid"] == uid != 0
    assert 49_900_000 <= inside["disk"] <= 50_100_000
    assert inside["pid"] < 10


def _sleepers(mark: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                if fh.read().split(b"\0")[:2] == [b"sleep", mark.encode()]:
                    found.append(int(pid))
        except OSError:
            pass
    return found


@needs_root
def test_processes_left_behind_die_with_the_run(box) -> None:
    mark = f"{random.randint(100, 999)}.{random.randint(10, 99)}"
    code = f"""
        import json, os, subprocess
        subprocess.Popen(["sleep", "{mark}"], start_new_session=True)  # detached
        if os.fork() == 0:  # an orphan, reparented to the namespace's init
            os.execv("/bin/sleep", ["sleep", "{mark}"])
        print(json.dumps({{"started": True}}))
    """
    inside, _ = run_inside(box, code)
    assert inside["started"]
    deadline = time.monotonic() + 10
    while _sleepers(mark) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _sleepers(mark) == []


@needs_root
def test_a_kernel_runs_is_interrupted_and_cannot_write_its_connection_folder(box) -> None:
    from cxlab.grading import _worker

    base = box.make_workspace(0)
    (base / "work" / "data.csv").write_text("a,b\n1,2\n")
    _worker._Box.sandbox, _worker._Box.base, _worker._Box.slot = box, base, 0

    async def session() -> dict:
        km = _worker.SandboxKernelManager(kernel_name="python3")
        await km.start_kernel(cwd=str(base / "work"))
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            outputs: list[str] = []

            def keep(msg) -> None:
                if msg["msg_type"] == "stream":
                    outputs.append(msg["content"]["text"])

            conn = str(base / "conn")
            code = (
                "import os, json\n"
                f"try:\n    open({conn!r} + '/planted', 'w').write('x')\n    w = 'written'\n"
                "except OSError as exc:\n    w = type(exc).__name__\n"
                "print(json.dumps({'write': w, 'cwd': os.getcwd(), 'csv': open('data.csv')"
                ".read(), 'pid': os.getpid(), 'uid': os.getuid()}))\n"
            )
            await kc.execute_interactive(code, timeout=60, output_hook=keep)
            first = json.loads("".join(outputs))
            # stop_on_error=False: after the interrupt the kernel must not abort the next request
            loop = kc.execute("print('looping', flush=True)\nwhile True:\n    pass\n",
                              stop_on_error=False)
            # interrupt once the loop is known to run (its first output), not after a guess
            while True:
                msg = await kc.get_iopub_msg(timeout=30)
                if (msg["parent_header"].get("msg_id") == loop and msg["msg_type"] == "stream"
                        and "looping" in msg["content"]["text"]):
                    break
            await km.interrupt_kernel()
            reply = await kc.get_shell_msg(timeout=30)
            while reply["parent_header"].get("msg_id") != loop:
                reply = await kc.get_shell_msg(timeout=30)
            # alive after the interrupt: read the answer from the execute reply itself (an
            # output stream can race the reply on a loaded machine)
            after = await kc.execute_interactive(
                "alive = 'still alive'", timeout=30, user_expressions={"alive": "alive"})
            value = after["content"]["user_expressions"]["alive"]["data"]["text/plain"]
            return {**first, "interrupted": reply["content"].get("ename"), "after": value}
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)

    try:
        # a fresh thread: another test in this worker (Playwright's sync API) may have left
        # this thread marked as running an event loop, where asyncio.run refuses to start
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            got = pool.submit(asyncio.run, session()).result()
        assert not (base / "conn" / "planted").exists()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    assert got["write"] in ("OSError", "PermissionError"), got
    assert got["cwd"] == str(base / "work") and got["csv"] == "a,b\n1,2\n"
    assert got["uid"] == box.users[0][0]
    assert got["interrupted"] == "KeyboardInterrupt"
    assert got["after"] == "'still alive'"


# --- without root -------------------------------------------------------------------------


def test_the_limited_sandbox_works_and_says_what_it_lacks(tmp_path) -> None:
    box = Sandbox.for_course(tmp_path, Limits(), enabled=False)
    try:
        assert not box.full
        text = box.describe()
        assert text.startswith("Sandbox: LIMITED (sandbox switched off (--no-sandbox))")
        for lack in ("can read and write what that user can", "reach the network",
                     "no cap on the total it writes", "no private /tmp"):
            assert lack in text, text
        base = box.make_workspace(0)
        try:
            cmd = box.wrap([sys.executable, "-c", "import os, resource; print(os.getcwd(), "
                            "resource.getrlimit(resource.RLIMIT_FSIZE)[0])"], base, 0)
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=60,
                                 cwd=base / "work")
        finally:
            shutil.rmtree(base, ignore_errors=True)
        assert out.returncode == 0, out.stderr
        assert out.stdout.split() == [str(base / "work"), str(Limits().file_bytes)]
    finally:
        box.release()


@needs_root
def test_the_full_sandbox_describes_itself(box) -> None:
    text = box.describe()
    assert text.startswith("Sandbox: full")
    for part in ("only Python, the virtual environment and the cxlab package",
                 "200 MB written in all", "no network", "own process space"):
        assert part in text, text


def test_disk_bytes_is_checked() -> None:
    with pytest.raises(ValueError, match="disk_bytes must be a whole number of at least 1, "
                                         "got 0"):
        Limits(disk_bytes=0)


def test_the_jail_uses_only_the_standard_library() -> None:
    import ast

    from cxlab.grading import sandbox

    tree = ast.parse(Path(sandbox._JAIL).read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported
