"""`make lab` in a real browser: it opens without pop-ups, and the progress page shows what the
participant did.

The server is the participant's (``tools/participant_lab.py``, started as ``make lab`` starts
it, on a workspace in a temporary folder; see :class:`tests.browser.test_keys.ParticipantServer`).
A course update merging into a workspace with the participant's edit kept is tested without a
browser, rule by rule, in ``tests/test_workspace.py``.

Each run saves screenshots to ``test-artifacts/screenshots/`` (git-ignored); a failing test
keeps its screenshot, console and server log under ``test-artifacts/browser/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cxlab import progress
from tests.browser.conftest import _SERVERS
from tests.browser.lab import KERNEL_IDLE, Lab, alive
from tests.browser.test_keys import NEWS, SCREENSHOTS, ParticipantServer
from tests.conftest import ROOT
from tools import participant_lab

pytestmark = pytest.mark.browser

WELCOME = "course/00-start-here/00.01-welcome.ipynb"
PROGRESS = "course/00-start-here/00.03-your-progress.ipynb"
NOTIFICATION = "@jupyterlab/apputils-extension:notification"


@pytest.fixture(scope="module")
def participant(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("participant-progress")
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
def lab(request: pytest.FixtureRequest, browser, participant):
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    context.set_default_timeout(30_000)
    page = Lab(context.new_page(), participant)
    request.node._cxlab_lab = page  # a failure keeps its screenshot, console and server log
    _SERVERS.append(participant)
    yield page
    _SERVERS.remove(participant)
    context.close()
    participant.shutdown_kernels()


def _screenshot(lab: Lab, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    lab.page.screenshot(path=str(path))
    return path


def _no_errors(lab: Lab) -> None:
    assert lab.errors == [], "errors in the browser console:\n" + "\n".join(lab.errors)


def test_make_lab_opens_without_a_pop_up(lab: Lab, participant: ParticipantServer) -> None:
    # The settings the Lab runs with: never ask about news, never check for updates. (The
    # news question comes a while after the page loads, so the setting is what proves it
    # cannot come; the page is checked too.)
    settings = participant.api("GET", f"/lab/api/settings/{NOTIFICATION}")
    defaults = {key: value.get("default")
                for key, value in settings["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False
    assert participant.api("GET", "/lab/api/news") == {"news": []}
    # The address `make lab` prints opens the welcome notebook, its kernel ready, no dialog.
    lab.page.goto(f"{participant.url}/?token={participant.token}")
    idle = lab.page.locator("#jp-main-statusbar").get_by_text(KERNEL_IDLE)
    idle.or_(lab.page.locator(".jp-Dialog")).first.wait_for(timeout=60_000)
    assert lab.dialogs() == [], f"a dialog opened: {lab.dialogs()}"
    expect(lab.page.locator(".lm-TabBar-tab.jp-mod-current")).to_contain_text("00.01-welcome")
    expect(lab.page.get_by_text(NEWS)).to_have_count(0)
    expect(lab.page.locator(".jp-Notification-Toast, .Toastify__toast")).to_have_count(0)
    print(f"screenshot: {_screenshot(lab, 'make-lab-opens.png')}")
    _no_errors(lab)


def _exercises_in(folder: Path) -> int:
    """Answer cells in the lessons of ``folder``, counted from the files (a personal-code
    cell, ``%%answer code code``, is not an exercise)."""
    count = 0
    for path in folder.glob("*.ipynb"):
        for cell in json.loads(path.read_text())["cells"]:
            first = "".join(cell["source"]).partition("\n")[0].split()
            count += cell["cell_type"] == "code" and first[:1] == ["%%answer"] and (
                first[2:3] != ["code"])
    return count


#: The notebook on show (others stay open in hidden tabs).
SHOWN = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def _row(lab: Lab, module: str):
    return lab.page.locator(f"{SHOWN} .jp-OutputArea-output table tbody tr", has_text=module)


def test_the_progress_page_shows_a_recorded_exercise(lab: Lab,
                                                     participant: ParticipantServer) -> None:
    page = lab.page
    total = _exercises_in(ROOT / "course" / "00-start-here")
    lessons = len(list((ROOT / "course" / "00-start-here").glob("00.??-*.ipynb")))

    # The participant answers the welcome notebook's exercise: 120 calls x 240 s / 1,800 s
    # = 16 Erlangs.
    lab.open_notebook(WELCOME)
    cell = page.locator(".jp-CodeCell").filter(has_text="%%answer answer_erlangs ")
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("16 Erlangs")
    lab.run_all()
    expect(lab.output_with("pre", "Correct: 16 Erlangs.")).to_have_count(1, timeout=30_000)

    # The progress page: module 00 shows the exercise right and two lessons opened.
    lab.open_from_path(PROGRESS)
    lab.run_all()
    row = _row(lab, "00 Start here")
    expect(row).to_have_count(1)
    expect(row.locator("td")).to_have_text(
        ["00 Start here", f"2 of {lessons}", f"1 of {total}", "none tried", "not started"])
    expect(_row(lab, "01 Service level")).to_contain_text("0 of")
    figure = page.locator(f"{SHOWN} img.cxlab-progress-figure")
    expect(figure).to_be_visible()
    # its text alternative, for screen readers, says the same numbers
    expect(figure).to_have_attribute("alt", re.compile(
        rf"module 00 Start here: 2 of {lessons} lessons opened, 1 of {total} exercises right"))
    row.scroll_into_view_if_needed()
    shot = _screenshot(lab, "progress-page.png")

    # Download: the file holds the exercise.
    link = page.locator("a.cxlab-progress-download")
    expect(link).to_contain_text("Download your progress file")
    with page.expect_download() as download:
        link.click()
    saved = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == "cxlab-progress.jsonl"
    events = progress.parse_log(saved)
    assert [(e["kind"], e.get("exercise"), e.get("correct")) for e in events
            if e["kind"] == "exercise"] == [("exercise", "answer_erlangs", True)]

    # Load one back (a later Binder session): a practice score of module 01 from elsewhere.
    other = {"id": "from-another-session", "at": "2026-01-05T10:00:00+00:00",
             "kind": "practice", "module": "01", "lesson": "01.02",
             "bank": "01-service-level", "question": "sl-formula", "score": 1.0}
    button = page.locator(f"{SHOWN} .cxlab-progress-file .widget-upload")
    expect(button).to_contain_text("Load a progress file")
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(files=[{"name": "cxlab-progress.jsonl", "mimeType": "text/plain",
                                    "buffer": saved + json.dumps(other).encode() + b"\n"}])
    # (the file goes to the kernel and the answer comes back: allow for a busy machine)
    expect(page.get_by_role("status")).to_contain_text("1 new record", timeout=30_000)
    lab.run_all()
    expect(_row(lab, "01 Service level").locator("td").nth(3)).to_have_text("1 of 1")
    page.locator(f"{SHOWN} .cxlab-progress-file").scroll_into_view_if_needed()
    loaded = _screenshot(lab, "progress-page-loaded.png")
    log = progress.log_path(participant.root)
    assert sum(e["id"] == "from-another-session" for e in progress.read_events(log)) == 1
    assert re.search(r"\d+ records", link.inner_text())
    print(f"screenshots: {shot} {loaded}")
    _no_errors(lab)


def test_the_workspace_is_where_make_lab_puts_it(participant: ParticipantServer) -> None:
    # The kernels were told the workspace (progress is kept there, never in the repository).
    launch = participant_lab.command(participant.root)
    assert launch.env["CXLAB_WORKSPACE"] == str(participant.root.resolve())
    assert not (ROOT / "course" / ".cxlab").exists()
