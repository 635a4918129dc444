"""Fixtures for the browser tests: a JupyterLab server, headless Chromium, and a page.

* ``lab_server``: JupyterLab from this venv on 127.0.0.1, one per xdist worker, serving a
  throwaway copy of course/, solutions/, assessments/ and nbgrader_config.py (so no test writes
  into the working tree), with throwaway Jupyter/IPython folders. Stopping it checks that it
  and its kernels are gone; anything left is killed and reported as an error.
* ``released``: that copy with every assessment generated and released by nbgrader (built
  once per run in a shared folder, then copied in).
* ``browser``: Debian's Chromium driven by Playwright; closing it checks the same.
* ``lab``: a fresh browser context and page on the server (see :class:`tests.browser.lab.Lab`);
  afterwards its kernels are shut down.
* ``app``: one JupyterLab page shared by the tests of a worker, for opening many notebooks.

A failing test keeps a screenshot, the console messages and the server log under
``test-artifacts/browser/<test>/`` and names those files in its failure report.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from tests.browser.lab import (
    CHROMIUM,
    CHROMIUM_ARGS,
    RELEASED,
    Lab,
    LabServer,
    alive,
    copy_course,
    descendants,
    keep_artefacts,
    reap,
    release_assessments,
)
from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts" / "browser"
#: The server of this process (one per xdist worker), for the failure report.
_SERVERS: list[LabServer] = []


def _shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every xdist worker of this run sees (the run's base temp folder)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("jupyterlab")
    root = home / "root"
    copy_course(ROOT, root)
    server = LabServer(root, home)
    _SERVERS.append(server)
    try:
        server.start()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    pid = server.process.pid
    yield server
    killed = server.stop()
    assert not alive(pid), f"the JupyterLab server (pid {pid}) is still running"
    assert not killed, (
        f"JupyterLab left processes behind after it was stopped (pids {sorted(killed)}, now "
        f"killed); its log is {server.log}"
    )


def _released_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course folder with every assessment released, made once per run: the first xdist
    worker to need it builds it (nbgrader takes ~10 s), the others wait for it."""
    shared = _shared_dir(tmp_path_factory) / "cxlab-browser-nbgrader"
    shared.mkdir(exist_ok=True)
    course, done, failed = shared / "course", shared / "done", shared / "failed"
    try:
        (shared / "building").mkdir()  # atomic: exactly one worker builds
    except FileExistsError:
        deadline = time.monotonic() + 600
        while not done.exists():
            if failed.exists():
                pytest.fail(failed.read_text(), pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail("Timed out waiting for another test worker to release the "
                            "assessments.", pytrace=False)
            time.sleep(0.2)
        return course
    try:
        copy_course(ROOT, course)
        release_assessments(course, shared / "home")
    except Exception as exc:
        failed.write_text(f"{exc.__class__.__name__}: {exc}")
        pytest.fail(str(exc), pytrace=False)
    done.touch()
    return course


@pytest.fixture(scope="session")
def released(lab_server: LabServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The server's course with every assessment released (release/, exchange, gradebook);
    its root folder."""
    built = _released_once(tmp_path_factory)
    for name in RELEASED:
        source, target = built / name, lab_server.root / name
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy(source, target)
    return lab_server.root


def browser_session():
    """Chromium for the session (the fixture ``browser`` in tests/conftest.py: one for
    tests/browser and tests/hub alike, so a worker never starts Playwright twice)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}. Install it with "
            "`apt-get install -y chromium` (`make test` does this when run as root), or point "
            "CXLAB_CHROMIUM at another Chromium.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API refuses to start where this thread is marked as running an event
    # loop; a loop left marked by an earlier test of this worker (no coroutine of it is on the
    # stack here) is unmarked for the session and put back after it.
    leaked = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    before = descendants(os.getpid())
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    ours = descendants(os.getpid()) - before  # Playwright's driver and Chromium
    yield browser
    ours |= {child for pid in ours for child in descendants(pid)}
    browser.close()
    playwright.stop()
    asyncio.events._set_running_loop(leaked)
    killed = reap(ours)
    assert not killed, f"Chromium or Playwright left processes behind (pids {sorted(killed)})"


@pytest.fixture
def lab(request: pytest.FixtureRequest, browser, lab_server: LabServer):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    page = Lab(context.new_page(), lab_server)
    request.node._cxlab_lab = page
    yield page
    context.close()
    lab_server.shutdown_kernels()


@pytest.fixture(scope="session")
def _shared_app(browser, lab_server: LabServer):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    app = Lab(context.new_page(), lab_server)
    app.start_app()
    yield app
    context.close()


@pytest.fixture
def app(request: pytest.FixtureRequest, _shared_app: Lab):
    """One JupyterLab page kept open across tests (loading JupyterLab costs seconds): each
    test opens notebooks in it; afterwards they are closed and their kernels ended. Errors
    seen during the test are ``app.errors[app.first_error:]``."""
    _shared_app.first_error = len(_shared_app.errors)
    request.node._cxlab_lab = _shared_app
    yield _shared_app
    try:
        _shared_app.close_all()
    except Exception:  # a failed test may leave the page in any state: start afresh
        _shared_app.server.shutdown_kernels()
        _shared_app.start_app()


def _artefact_folder(item: pytest.Item) -> Path:
    return ARTIFACTS / re.sub(r"[^A-Za-z0-9._-]+", "_", item.nodeid)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when in ("setup", "call"):
        try:
            kept = keep_artefacts(
                _artefact_folder(item), getattr(item, "_cxlab_lab", None), _SERVERS
            )
        except OSError as exc:
            kept = [f"could not keep artefacts: {exc}"]
        report.sections.append(("browser test artefacts", "\n".join(kept)))
    elif report.passed and report.when == "call":  # no stale artefacts from an earlier run
        shutil.rmtree(_artefact_folder(item), ignore_errors=True)
