"""Helpers for the browser tests: a throwaway JupyterLab server and a page driving it.

Kept apart from ``conftest.py`` so the fixtures stay short. Facts behind the choices (launch
arguments, settings that silence JupyterLab's pop-ups, the selectors) are in
``docs/browser-testing.md``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

#: Debian's Chromium (``apt-get install -y chromium``); Playwright's own download fails here.
CHROMIUM = Path(os.environ.get("CXLAB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Status-bar text once the notebook's kernel exists and is idle (the toolbar's execution
#: indicator turns idle before a kernel exists, so it is not a safe signal).
KERNEL_IDLE = re.compile(r"Python 3 \(ipykernel\) \| Idle")

# --------------------------------------------------------------------------------------------
# processes


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (children, grandchildren, ...), read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # /proc/PID/stat: "pid (comm) state ppid ..."; comm may contain spaces and brackets.
        fields = stat[stat.rfind(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for its parent counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rfind(")") + 2] != "Z"


def reap(pids: set[int], *, timeout: float = 10.0) -> set[int]:
    """Wait for ``pids`` to end; SIGKILL (by pid) what is left. Returns the pids that had to
    be killed, so callers can report them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.1)
    killed = {p for p in pids if alive(p)}
    for p in killed:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return killed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------------------------
# the server


def write_jupyter_config(config_dir: Path, exchange: Path) -> None:
    """Settings that keep JupyterLab quiet (no news toast, no build check) and point nbgrader
    at a throwaway exchange instead of /usr/local/share/nbgrader/exchange."""
    labconfig = config_dir / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "default_setting_overrides.json").write_text(
        json.dumps(
            {
                "@jupyterlab/apputils-extension:notification": {
                    "fetchNews": "false",
                    "checkForUpdates": False,
                }
            }
        )
    )
    (labconfig / "page_config.json").write_text(
        json.dumps({"buildCheck": False, "buildAvailable": False})
    )
    (config_dir / "nbgrader_config.py").write_text(
        f"c = get_config()  # noqa: F821\nc.Exchange.root = {str(exchange)!r}\n"
    )


def jupyter_env(home: Path) -> dict[str, str]:
    """Environment for the server and nbgrader: throwaway Jupyter/IPython folders under
    ``home``, and this venv's bin first on PATH (nbgrader runs ``alembic`` from PATH)."""
    return {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "IPYTHONDIR": str(home / "ipython"),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }


class LabServer:
    """JupyterLab on 127.0.0.1 from this venv, serving ``root``, logging to ``log``."""

    def __init__(self, root: Path, home: Path) -> None:
        self.root = root
        self.home = home
        self.log = home / "server.log"
        self.token = secrets.token_hex(16)
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 60.0) -> None:
        write_jupyter_config(self.home / "config", self.root / "exchange")
        for _attempt in range(3):  # another program may grab the free port before we do
            self.port = free_port()
            with self.log.open("a") as log:
                self.process = subprocess.Popen(
                    [
                        sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
                        "--ServerApp.ip=127.0.0.1",
                        f"--ServerApp.port={self.port}",
                        "--ServerApp.port_retries=0",
                        f"--ServerApp.token={self.token}",
                        f"--ServerApp.root_dir={self.root}",
                        "--LabApp.news_url=None",
                        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                    ],
                    cwd=self.root,  # nbgrader's formgrader takes its course root from here
                    env=jupyter_env(self.home),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # Ctrl+C on pytest does not hit it half-way
                )
            if self._wait_ready(timeout):
                return
            self.stop()
        raise RuntimeError(f"JupyterLab did not start; its log:\n{self.log_tail()}")

    def _wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                self.api("GET", "/api/status")
                return True
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        return False

    def api(self, method: str, path: str) -> object:
        """Call the server's REST API; the JSON answer (None when empty)."""
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """End every notebook session (and its kernel), so tests do not pile up kernels."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def stop(self) -> set[int]:
        """Terminate the server, wait, then kill what is left of it and its kernels.

        Returns the pids that had to be killed (empty when everything ended by itself)."""
        if self.process is None:
            return set()
        pids = {self.process.pid} | descendants(self.process.pid)
        if self.process.poll() is None:
            self.process.terminate()  # the server shuts its kernels down on SIGTERM
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        killed = reap(pids - {self.process.pid})
        self.process = None
        return killed

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""


# --------------------------------------------------------------------------------------------
# the course the server serves

def copy_course(source: Path, target: Path) -> None:
    """Copy what the server serves from the repository ``source`` into ``target``: course/,
    solutions/, assessments/ and nbgrader_config.py, plus an empty nbgrader exchange."""
    target.mkdir(parents=True)
    for folder in ("course", "solutions", "assessments"):
        shutil.copytree(source / folder, target / folder,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copy(source / "nbgrader_config.py", target / "nbgrader_config.py")
    (target / "exchange").mkdir()


#: Generates and releases every assessment with nbgrader's Python API, configured as the
#: ``nbgrader`` command would be (the course's nbgrader_config.py and JUPYTER_CONFIG_DIR's).
RELEASE_SCRIPT = """
import sys
from pathlib import Path
from nbgrader.apps import NbGraderAPI
from nbgrader.apps.baseapp import NbGrader

app = NbGrader()
app.load_config_file()
api = NbGraderAPI(config=app.config)
for assignment in sorted(p.name for p in Path("assessments").iterdir() if p.is_dir()):
    for step in (api.generate_assignment, api.release_assignment):
        result = step(assignment)
        if not result["success"]:
            sys.exit(f"{step.__name__}({assignment!r}) failed:\\n{result['log']}"
                     f"\\n{result.get('error')}")
"""

#: What releasing adds to a course directory.
RELEASED = ("release", "exchange", "gradebook.db")


def release_assessments(course: Path, home: Path) -> None:
    """Generate and release every assessment of ``course`` (a :func:`copy_course` folder), as
    a trainer would: release/, gradebook.db and the exchange's outbound copies appear there."""
    write_jupyter_config(home / "config", course / "exchange")
    result = subprocess.run(
        [sys.executable, "-c", RELEASE_SCRIPT],
        cwd=course,
        env=jupyter_env(home),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"nbgrader could not release the assessments:\n{result.stderr[-4000:]}"
        )


# --------------------------------------------------------------------------------------------
# the page


class Lab:
    """A Playwright page on the server, with the few JupyterLab moves a participant makes.

    ``errors`` collects console errors and uncaught page errors as they happen.
    """

    def __init__(self, page, server: LabServer) -> None:
        self.page = page
        self.server = server
        self.console: list[str] = []
        self.errors: list[str] = []
        self.first_error = 0  # where the current test's errors start (shared pages)
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def _on_console(self, message) -> None:
        line = f"{message.type}: {message.text}"
        self.console.append(line)
        if message.type == "error":
            location = message.location or {}
            self.errors.append(f"console error: {message.text} [{location.get('url', '')}]")

    def url(self, path: str) -> str:
        # `reset` starts from an empty workspace, so no restored tab steals the focus.
        return f"{self.server.url}{path}?reset&token={self.server.token}"

    def open_notebook(self, path: str, *, timeout: float = 60_000) -> None:
        """Open ``path`` (relative to the server root) and wait for its kernel to be idle.

        A dialog (such as "Select Kernel") showing first ends the wait early, so the caller
        can report it instead of timing out."""
        self.page.goto(self.url(f"/lab/tree/{path}"))
        idle = self.page.locator("#jp-main-statusbar").get_by_text(KERNEL_IDLE)
        idle.or_(self.page.locator(".jp-Dialog")).first.wait_for(timeout=timeout)

    def dialogs(self) -> list[str]:
        return [text.strip() for text in self.page.locator(".jp-Dialog").all_inner_texts()]

    def wait_idle(self, *, timeout: float = 60_000) -> None:
        self.page.locator("#jp-main-statusbar").get_by_text(KERNEL_IDLE).wait_for(
            timeout=timeout
        )

    def run_all(self, *, timeout: float = 120_000) -> None:
        """Run → Run All Cells, then wait until every code cell shows an execution count."""
        self.page.get_by_role("menuitem", name="Run", exact=True).click()
        self.page.locator("li[data-command='runmenu:run-all']").click()
        self.page.wait_for_function(
            """() => {
                const prompts = [...document.querySelectorAll(
                    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')];
                return prompts.length > 0
                    && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
            }""",
            timeout=timeout,
        )
        self.wait_idle(timeout=timeout)

    # -- one page, many notebooks (cheaper than loading JupyterLab for each) -----------------

    def start_app(self) -> None:
        """Load JupyterLab with nothing open."""
        self.page.goto(self.url("/lab"))
        self.page.get_by_role("menuitem", name="File", exact=True).wait_for(timeout=60_000)

    def menu(self, name: str, command: str) -> None:
        """Click a menu bar item, then the entry running ``command``."""
        self.page.get_by_role("menuitem", name=name, exact=True).click()
        self.page.locator(f"li[data-command='{command}']").click()

    def open_from_path(self, path: str, *, timeout: float = 60_000) -> None:
        """File → Open from Path…, then wait as :meth:`open_notebook` does."""
        self.menu("File", "filebrowser:open-path")
        field = self.page.locator(".jp-Dialog input")
        field.fill(path)
        field.press("Enter")
        name = path.rsplit("/", 1)[-1]
        self.page.locator(".lm-TabBar-tab.jp-mod-current", has_text=name).wait_for()
        idle = self.page.locator("#jp-main-statusbar").get_by_text(KERNEL_IDLE)
        idle.or_(self.page.locator(".jp-Dialog")).first.wait_for(timeout=timeout)

    def close_all(self) -> None:
        """File → Close All Tabs, discarding changes (a test may have typed or run cells), then
        end every kernel."""
        self.menu("File", "application:close-all")
        panels = self.page.locator(".jp-NotebookPanel")
        discard = self.page.locator(".jp-Dialog").get_by_role("button", name="Discard")
        deadline = time.monotonic() + 30
        while panels.count() and time.monotonic() < deadline:
            if discard.count():
                discard.first.click()
            time.sleep(0.1)
        if panels.count():
            raise RuntimeError("the notebooks did not close")
        self.server.shutdown_kernels()

    def output_with(self, selector: str, text: str):
        """The cell output holding an element ``selector`` that contains ``text``."""
        return self.page.locator(".jp-OutputArea-output").filter(
            has=self.page.locator(selector, has_text=text)
        )


# --------------------------------------------------------------------------------------------
# after a failure


def keep_artefacts(folder: Path, lab: Lab | None, servers: list[LabServer]) -> list[str]:
    """Save what a person would want to see of a failed test into ``folder``: a screenshot
    and the console messages of ``lab``'s page, and the servers' logs. The lines to print."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    kept: list[str] = []
    if lab is not None:
        shot = folder / "screenshot.png"
        try:
            lab.page.screenshot(path=str(shot), timeout=10_000)
            kept.append(f"screenshot:      {shot}")
        except Exception as exc:  # the page may be gone; the failure report matters more
            kept.append(f"screenshot:      not taken ({exc.__class__.__name__}: {exc})")
        console = folder / "console.txt"
        console.write_text("\n".join([*lab.console, *lab.errors]) + "\n")
        kept.append(f"browser console: {console}")
    for server in servers:
        if server.log.exists():
            log = folder / "server.log"
            shutil.copy(server.log, log)
            kept.append(f"server log:      {log}")
    return kept
