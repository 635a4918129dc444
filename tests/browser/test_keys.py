"""Keys out of reach: the participant's JupyterLab (``make lab``) in a real browser.

The server is started exactly as ``make lab`` starts it (``tools/participant_lab.py``: the
same workspace copy, configuration, options and folder), on a workspace in a temporary folder
and with throwaway Jupyter data and runtime folders. A participant sees the course and nothing
else of the repository, no nbgrader trainer tool (Formgrader, Create Assignment, Course List)
and no news pop-up; nbgrader's Assignment List (fetch and submit) stays.

Each run saves screenshots of the participant's view to ``test-artifacts/screenshots/``
(git-ignored); a failing test also keeps its screenshot, console and server log under
``test-artifacts/browser/`` like the other browser tests.
"""

from __future__ import annotations

import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import _SERVERS
from tests.browser.lab import KERNEL_IDLE, Lab, LabServer, alive, free_port, jupyter_env
from tests.conftest import ROOT
from tools import participant_lab

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
TRAINER_TOOLS = re.compile(r"formgrader|create assignment|course list", re.IGNORECASE)
NEWS = re.compile(r"Jupyter news|notified about", re.IGNORECASE)


class ParticipantServer(LabServer):
    """:class:`LabServer` started the way ``make lab`` starts JupyterLab on ``root``, the
    participant's workspace."""

    def start(self, *, timeout: float = 60.0) -> None:
        participant_lab.prepare(self.root)
        for _attempt in range(3):  # another program may grab the free port before we do
            self.port = free_port()
            launch = participant_lab.command(
                self.root,
                ["--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
                 "--ServerApp.port_retries=0", f"--ServerApp.token={self.token}"],
                env=jupyter_env(self.home),
            )
            with self.log.open("a") as log:
                self.process = subprocess.Popen(
                    launch.argv, cwd=launch.cwd, env=launch.env, stdout=log,
                    stderr=subprocess.STDOUT, start_new_session=True,
                )
            if self._wait_ready(timeout):
                return
            self.stop()
        raise RuntimeError(f"The participant's JupyterLab did not start; its log:\n"
                           f"{self.log_tail()}")

    def status(self, path: str) -> int:
        """The HTTP status of GET ``path``, sent exactly as written (no ``..`` clean-up)."""
        request = urllib.request.Request(
            f"{self.url}{path}", headers={"Authorization": f"token {self.token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code


@pytest.fixture(scope="module")
def participant(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("participant")
    server = ParticipantServer(home / "workspace", home)
    try:
        server.start()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    pid = server.process.pid
    yield server
    killed = server.stop()
    assert not alive(pid), f"the participant's JupyterLab (pid {pid}) is still running"
    assert not killed, f"JupyterLab left processes behind (pids {sorted(killed)})"


@pytest.fixture
def participant_lab_page(request: pytest.FixtureRequest, browser, participant):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    lab = Lab(context.new_page(), participant)
    request.node._cxlab_lab = lab  # a failure keeps its screenshot, console and server log
    _SERVERS.append(participant)
    yield lab
    _SERVERS.remove(participant)
    context.close()
    participant.shutdown_kernels()


def _screenshot(lab: Lab, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    lab.page.screenshot(path=str(path))
    return path


def test_the_server_reaches_nothing_outside_the_workspace(participant) -> None:
    root = participant.api("GET", "/api/contents")
    assert sorted(item["name"] for item in root["content"]) == ["course"]
    assert participant.status(f"/api/contents/{participant_lab.START}") == 200
    for path in (
        "/api/contents/assessments",
        "/api/contents/banks",
        "/api/contents/solutions",
        "/api/contents/..%2Fassessments",
        "/api/contents/../assessments/00-start-here",
        "/api/contents/.jupyter",  # the server's own configuration
        "/files/../banks/",
        "/files/../banks/00-start-here.yml",
        "/files/..%2Fbanks%2F00-start-here.yml",
        "/files/%2e%2e/assessments/00-start-here/00-start-here.ipynb",
        "/files/course/..%2F..%2Fassessments/00-start-here/00-start-here.ipynb",
        # ... and as a browser sends them, with the ".." resolved:
        "/banks/00-start-here.yml",
        "/assessments/00-start-here/00-start-here.ipynb",
    ):
        assert participant.status(path) in (403, 404), path
    # nbgrader's trainer server extensions are off; terminals (a way out) too.
    for path in ("/formgrader", "/formgrader/api/assignments", "/formgraders", "/api/terminals"):
        assert participant.status(path) == 404, path
    # The participant's Assignment List (fetch and submit) answers.
    assert participant.status("/assignments?course_id=cxlab") != 404


def test_the_participant_sees_no_trainer_tools_and_no_news(participant_lab_page) -> None:
    lab = participant_lab_page
    page = lab.page
    # Like `make lab`, the address of the server opens the welcome notebook.
    page.goto(f"{lab.server.url}/?token={lab.server.token}")
    idle = page.locator("#jp-main-statusbar").get_by_text(KERNEL_IDLE)
    idle.or_(page.locator(".jp-Dialog")).first.wait_for(timeout=60_000)
    assert lab.dialogs() == [], f"a dialog opened: {lab.dialogs()}"
    assert page.url.split("?")[0].endswith(f"/lab/tree/{participant_lab.START}")
    expect(page.locator(".lm-TabBar-tab.jp-mod-current")).to_contain_text("00.01-welcome")

    # The file browser's top folder holds the course and nothing else.
    page.locator(".jp-FileBrowser .jp-BreadCrumbs-home").click()
    items = page.locator(".jp-FileBrowser .jp-DirListing-content .jp-DirListing-itemText")
    expect(items).to_have_text(["course"])

    # No trainer tool in the menus, the side bars or the command palette.
    menus = page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()
    assert "Nbgrader" in menus, menus
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    entries = page.locator(".lm-Menu:visible .lm-Menu-item:visible .lm-Menu-itemLabel")
    expect(entries).to_have_text(["Assignment List"])
    menu_shot = _screenshot(lab, "participant-lab-nbgrader-menu.png")
    page.keyboard.press("Escape")
    expect(page.locator("#nbgrader-create_assignemnt")).to_have_count(0)  # nbgrader's spelling
    expect(page.locator("#formgrader")).to_have_count(0)
    sidebars = " ".join(page.locator(".jp-SideBar").all_inner_texts())
    sidebars += " ".join(page.locator(".jp-SideBar .lm-TabBar-tab").evaluate_all(
        "tabs => tabs.map(t => t.getAttribute('title') || '')"))
    assert not TRAINER_TOOLS.search(sidebars), sidebars

    page.keyboard.press("Control+Shift+C")
    search = page.locator(".lm-CommandPalette-input")
    search.fill("Assignment List")  # a control: the palette finds nbgrader's commands
    expect(page.locator(".lm-CommandPalette-item:visible", has_text="Assignment List")
           ).to_have_count(1)
    for words in ("Formgrader", "Create assignment", "Course List"):
        search.fill(words)
        expect(page.locator(".lm-CommandPalette-item:visible", has_text=TRAINER_TOOLS)
               ).to_have_count(0)
    page.keyboard.press("Escape")

    # No "get notified about official Jupyter news?" pop-up (nor any other notification).
    expect(page.get_by_text(NEWS)).to_have_count(0)
    expect(page.locator(".jp-Notification-Toast, .Toastify__toast")).to_have_count(0)
    main_shot = _screenshot(lab, "participant-lab.png")
    assert lab.errors == [], "errors in the browser console:\n" + "\n".join(lab.errors)
    print(f"screenshots: {main_shot} {menu_shot}")
