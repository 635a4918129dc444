"""Helpers for the cohort-hub tests: a real JupyterHub on loopback and a client that logs in
through its form, starts a server and runs code through the kernel API.

Everything waits for an event (a port answering, an API saying ready) with a deadline; nothing
sleeps a fixed time. :class:`Hub` stops the hub and checks that no process of its accounts is
left.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from tests.browser.lab import alive, free_port
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "hub"))

from cxlab_hub import cohort, limits


def can_run_hub() -> str | None:
    """Why a hub cannot run here, or None."""
    if os.geteuid() != 0:
        return "the cohort hub makes Linux accounts and runs servers as them: run as root"
    if not sys.platform.startswith("linux"):
        return "the cohort hub runs on Linux"
    if not (ROOT / "hub" / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        return "configurable-http-proxy is missing: run `npm ci --prefix hub` (make hub-deps)"
    if not (Path(sys.executable).parent / "jupyterhub").exists():
        return "JupyterHub is missing from this venv (pip install -e '.[test]')"
    return None


def wait_for(predicate, *, timeout: float, what: str, interval: float = 0.1):
    """Poll ``predicate`` until it returns a true value (returned), or fail after ``timeout``
    seconds naming ``what``."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except (OSError, urllib.error.URLError, ValueError) as exc:
            last_error, value = exc, None
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}"
                       + (f" (last error: {last_error})" if last_error else ""))


class Hub:
    """A configured cohort hub in a throwaway folder, with accounts named ``<prefix><name>``.

    ``start()`` runs JupyterHub; ``stop()`` ends it (which stops every server) and removes
    the accounts; it returns what had to be killed, for the test to report."""

    def __init__(self, base: Path, names: list[str], trainer: str = "trainer", *,
                 mem_limit: str = "1G", cpu_limit: float = 1.0,
                 idle_timeout_seconds: int = 3600, cull_every_seconds: int = 300,
                 lti: dict | None = None) -> None:
        self.prefix = "cxh" + secrets.token_hex(2)
        self.base = base
        self.participants = [self.prefix + n for n in names]
        self.trainer = self.prefix + trainer
        base.mkdir(parents=True, exist_ok=True)
        os.chmod(base, 0o755)
        roster = base / "roster.csv"
        roster.write_text("participant_id,name\n" + "".join(
            f"{p},{p.title()}\n" for p in self.participants))
        self.port = free_port()
        self.settings = cohort.configure(
            roster=roster, trainer=self.trainer, root=base / "root",
            venv=Path(sys.executable).parent.parent, home_base=base / "home",
            port=self.port, hub_port=free_port(), proxy_api_port=free_port(),
            mem_limit=mem_limit, cpu_limit=cpu_limit,
            idle_timeout_seconds=idle_timeout_seconds, cull_every_seconds=cull_every_seconds,
            lti=lti)
        self.passwords = {
            line.split(",")[0]: line.split(",")[2]
            for line in (base / "root" / "state" / "passwords.csv").read_text().splitlines()[1:]
        }
        self.process: subprocess.Popen | None = None
        self.log = base / "jupyterhub.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def root(self) -> Path:
        return Path(self.settings.root)

    def home(self, user: str) -> Path:
        return Path(pwd.getpwnam(user).pw_dir)

    def start(self, *, timeout: float = 180.0, options: tuple[str, ...] = ()) -> None:
        """Run JupyterHub (``options``: more of its command-line settings)."""
        argv, env = cohort.hub_command(self.root / "state" / "hub.json")
        argv = [*argv, *options]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(argv, env=env, cwd=self.root / "state",
                                            stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

        def ready():
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited ({self.process.returncode}):\n"
                                   + self.log_tail())
            with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=5) as response:
                return response.status == 200

        wait_for(ready, timeout=timeout, what=f"JupyterHub on {self.url}")

    def accounts(self) -> list[str]:
        return [*self.participants, self.trainer]

    def user_processes(self) -> set[int]:
        """Live processes owned by the hub's accounts."""
        uids = set()
        for name in self.accounts():
            try:
                uids.add(pwd.getpwnam(name).pw_uid)
            except KeyError:
                pass
        found = set()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if entry.stat().st_uid in uids and alive(int(entry.name)):
                        found.add(int(entry.name))
                except OSError:
                    pass
        return found

    def stop(self) -> list[str]:
        """Stop JupyterHub (it stops the servers and the proxy), then check nothing is left.
        Returns the problems found (processes that had to be killed)."""
        problems = []
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            # it stops the culler, then every server (SIGINT, and after 10 s SIGTERM, ...):
            # a bound for a very busy machine, not a wait
            try:
                self.process.wait(timeout=180)
            except subprocess.TimeoutExpired:
                problems.append("JupyterHub did not stop within 180 s after SIGTERM; killed")
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        group = self.process.pid if self.process is not None else None
        if group is not None:
            try:
                os.killpg(group, 0)
            except OSError:
                pass
            else:  # the proxy or a service left in the hub's session
                problems.append(f"processes of the hub's session left after it stopped "
                                f"({_session_members(group)}); killed")
                os.killpg(group, signal.SIGKILL)
        try:
            left = wait_for(lambda: not self.user_processes() or None, timeout=60,
                            what="the accounts' processes to end") and set()
        except TimeoutError:
            left = self.user_processes()
        if left:
            problems.append(f"processes of the hub's accounts left after it stopped: "
                            f"{sorted(left)}; killed")
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        # each stopped server's control group is gone too (the spawner removes it)
        for name in self.participants:
            plan = limits.plan(name, mem_limit="1G", cpu_limit=1.0)
            stale = [g for g in plan.groups if g.exists()]
            if stale:
                problems.append(f"control groups left after the hub stopped: {stale}; removed")
                plan.remove()
        return problems

    def remove_accounts(self) -> None:
        for name in self.accounts():
            try:
                cohort.remove_account(name)
            except cohort.HubError:
                pass
        shutil.rmtree(self.base / "home", ignore_errors=True)

    def log_tail(self, chars: int = 6000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


def _session_members(sid: int) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rfind(")") + 2:].split()
            if int(fields[3]) == sid:
                found.append(f"{entry.name} {stat[stat.find('(') + 1:stat.rfind(')')]}")
    return found


class HubUser:
    """One person using the hub over HTTP: log-in form, API token, server, kernels."""

    def __init__(self, hub: Hub, name: str) -> None:
        self.hub, self.name = hub, name
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.token: str | None = None

    def _xsrf(self) -> str:
        for cookie in self.cookies:
            if cookie.name == "_xsrf":
                return cookie.value
        return ""

    def login(self, password: str | None = None) -> int:
        """Fill in the hub's log-in form; returns the HTTP status of the answer."""
        with self.opener.open(f"{self.hub.url}/hub/login", timeout=30) as response:
            page = response.read().decode()
        match = re.search(r'name="_xsrf"\s+value="([^"]+)"', page)
        form = {"username": self.name,
                "password": self.hub.passwords[self.name] if password is None else password,
                "_xsrf": match.group(1) if match else self._xsrf()}
        request = urllib.request.Request(
            f"{self.hub.url}/hub/login?next=%2Fhub%2Fhome",
            data=urllib.parse.urlencode(form).encode(), method="POST")
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def logged_in(self) -> bool:
        return any(c.name.startswith("jupyterhub-hub-login") for c in self.cookies)

    def make_token(self) -> str:
        """An API token for this user, asked for with the log-in cookie (as the hub's own
        token page does)."""
        request = urllib.request.Request(
            f"{self.hub.url}/hub/api/users/{self.name}/tokens",
            data=json.dumps({"note": "cxlab hub test", "expires_in": 3600}).encode(),
            headers={"X-XSRFToken": self._xsrf(), "Content-Type": "application/json"},
            method="POST")
        with self.opener.open(request, timeout=30) as response:
            self.token = json.loads(response.read())["token"]
        return self.token

    def api(self, method: str, path: str, body: object | None = None, *,
            timeout: float = 60) -> object:
        """Call ``path`` (``/hub/api/...`` or ``/user/<name>/...``) with the token."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.hub.url}{path}", data=data, method=method,
            headers={"Authorization": f"token {self.token}",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
        return json.loads(raw) if raw.strip() else None

    def request_server(self) -> None:
        """Ask the hub to start this user's server (it starts in the background)."""
        try:
            self.api("POST", f"/hub/api/users/{self.name}/server")
        except urllib.error.HTTPError as exc:
            if exc.code != 400:  # 400: already running
                raise

    def wait_server(self, *, timeout: float = 360) -> None:
        """Wait until this user's server is ready, reading the hub's progress stream (the
        events its "your server is starting" page shows): no polling."""
        request = urllib.request.Request(
            f"{self.hub.url}/hub/api/users/{self.name}/server/progress",
            headers={"Authorization": f"token {self.token}", "Accept": "text/event-stream"})
        deadline = time.monotonic() + timeout
        try:
            # the hub writes a keep-alive line every 8 s, so a read never waits long
            with urllib.request.urlopen(request, timeout=60) as response:
                for raw in response:
                    line = raw.decode("utf-8", errors="replace").strip()
                    if line.startswith("data:"):
                        event = json.loads(line[5:])
                        if event.get("ready"):
                            return
                        if event.get("failed"):
                            raise RuntimeError(
                                f"the server of {self.name} did not start: "
                                f"{event.get('message')}\n{self.hub.log_tail()}")
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"the server of {self.name} was not ready within "
                                           f"{timeout:.0f} s")
        except urllib.error.HTTPError as exc:  # 400: neither starting nor running
            raise RuntimeError(f"the server of {self.name} is not starting ({exc.code}):\n"
                               f"{self.hub.log_tail()}") from None
        raise RuntimeError(f"the hub's progress stream for {self.name} ended before the "
                           f"server was ready:\n{self.hub.log_tail()}")

    def start_server(self, *, timeout: float = 360) -> None:
        self.request_server()
        self.wait_server(timeout=timeout)

    def server_running(self) -> bool:
        model = self.api("GET", f"/hub/api/users/{self.name}")
        return bool((model.get("servers") or {}).get(""))

    def stop_server(self, *, timeout: float = 60) -> None:
        self.api("DELETE", f"/hub/api/users/{self.name}/server")
        wait_for(lambda: not self.server_running(), timeout=timeout,
                 what=f"the server of {self.name} to stop", interval=0.2)

    # -- the single-user server's APIs --------------------------------------------------------

    def server_api(self, method: str, path: str, body: object | None = None, *,
                   timeout: float = 120) -> object:
        return self.api(method, f"/user/{self.name}{path}", body, timeout=timeout)

    def run_code(self, code: str, *, timeout: float = 120) -> dict:
        """Start a kernel through the server's REST API, run ``code`` over the kernel's
        websocket, shut the kernel down; returns ``{"stdout", "error", "status"}``."""
        with self.kernel() as kernel:
            return kernel.run(code, timeout=timeout)

    def kernel(self, notebook: str | None = None) -> Kernel:
        """A kernel kept across several runs (use it in a ``with`` block). With ``notebook``
        (a path in the server) it is that notebook's kernel, started as JupyterLab starts one
        (a session), so the kernel knows its notebook (``JPY_SESSION_NAME``)."""
        return Kernel(self, notebook)


class Kernel:
    """A kernel in a user's server; :meth:`run` sends code to it (its state is kept between
    runs) and returns ``{"stdout", "error", "status", "seconds"}``."""

    def __init__(self, user: HubUser, notebook: str | None = None) -> None:
        self.user = user
        self.session_id: str | None = None
        if notebook is None:
            self.id = user.server_api("POST", "/api/kernels", {"name": "python3"})["id"]
        else:
            session = user.server_api("POST", "/api/sessions", {
                "path": notebook, "name": notebook.rsplit("/", 1)[-1], "type": "notebook",
                "kernel": {"name": "python3"}})
            self.session_id, self.id = session["id"], session["kernel"]["id"]

    def run(self, code: str, *, timeout: float = 120) -> dict:
        started = time.monotonic()
        out = _execute(self.user.hub.url.replace("http", "ws", 1)
                       + f"/user/{self.user.name}/api/kernels/{self.id}/channels",
                       self.user.token, code, timeout)
        out["seconds"] = time.monotonic() - started
        return out

    def close(self) -> None:
        if self.session_id is not None:
            self.user.server_api("DELETE", f"/api/sessions/{self.session_id}")
        else:
            self.user.server_api("DELETE", f"/api/kernels/{self.id}")

    def __enter__(self) -> Kernel:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def in_parallel(*calls):
    """Run the callables at once (threads: each waits on the network or a child process);
    their results in order. The first exception raised is raised here, after all ended."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=max(1, len(calls))) as pool:
        futures = [pool.submit(call) for call in calls]
        return [future.result() for future in futures]


def _execute(url: str, token: str, code: str, timeout: float) -> dict:
    """Send one execute_request on a kernel's websocket and gather its stdout and result."""
    import asyncio

    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    async def run() -> dict:
        request = HTTPRequest(url, headers={"Authorization": f"token {token}"},
                              request_timeout=timeout)
        conn = await websocket_connect(request)
        msg_id = uuid.uuid4().hex
        conn.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                       "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }))
        out: dict = {"stdout": "", "error": None, "status": None}
        idle = replied = False
        deadline = asyncio.get_running_loop().time() + timeout
        while not (idle and replied):
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise TimeoutError(f"no answer from the kernel within {timeout} s: {out}")
            raw = await asyncio.wait_for(conn.read_message(), left)
            if raw is None:
                raise ConnectionError(f"the kernel's websocket closed: {out}")
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream" and content.get("name") == "stdout":
                out["stdout"] += content["text"]
            elif kind == "error":
                out["error"] = f"{content['ename']}: {content['evalue']}"
            elif kind == "execute_reply":
                out["status"], replied = content["status"], True
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
        conn.close()
        return out

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # no loop in this thread: run one here
        return asyncio.run(run())
    # a loop runs in this thread already (Playwright's sync API): run ours in another thread
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


ASSIGNMENT = "00-start-here"

#: Run once in the trainer's own server: nbgrader's Python API on the trainer's course
#: folder, configured as the ``nbgrader`` command is (the folder's nbgrader_config.py, then
#: the trainer's ~/.jupyter one, which names the exchange). The kernel is kept, so each later
#: step costs no new kernel and no new imports.
TRAINER_SETUP = """
import json, os
os.chdir(os.path.expanduser('~/cxlab-course'))
from cxlab import grading
from nbgrader.apps import NbGraderAPI
from nbgrader.apps.baseapp import NbGrader
app = NbGrader()
app.load_config_file()
api = NbGraderAPI(config=app.config)
def step(name, result):
    done.append([name, result.get('success', True), str(result.get('log', ''))[-3000:]
                 + str(result.get('error', ''))])
"""


def run_steps(kernel, code: str, *, timeout: float = 300) -> str:
    """Run trainer steps in ``kernel`` (``step(name, result)`` records each nbgrader answer;
    each must have succeeded); returns what the code printed."""
    result = kernel.run("done = []\n" + code + "\nprint(json.dumps(done))", timeout=timeout)
    assert result["status"] == "ok", result
    *printed, last = result["stdout"].strip().splitlines() or [""]
    for name, ok, log in json.loads(last):
        assert ok, f"{name} failed:\n{log}"
    return "\n".join(printed)


@contextlib.contextmanager
def running_hub(names: list[str], **settings):
    """A second, small hub (``settings``: :class:`Hub`'s keyword arguments) for the tests that
    need other settings than the session's hub; stopped, checked and removed at the end, as
    the session's hub is (``tests/hub/conftest.py``)."""
    import pytest

    why = can_run_hub()
    if why:
        pytest.skip(why)
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="cxlab-hub-", dir="/tmp"))
    hub = Hub(base, names, **settings)
    try:
        hub.start()
    except Exception as exc:
        hub.stop()
        hub.remove_accounts()
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"{exc}\n--- hub log ---\n{hub.log_tail()}", pytrace=False)
    try:
        yield hub
    finally:
        problems = hub.stop()
        hub.remove_accounts()
        shutil.rmtree(base, ignore_errors=True)
    assert not problems, "; ".join(problems)
