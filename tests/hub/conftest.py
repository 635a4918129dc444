"""Fixtures of the cohort-hub tests: one real JupyterHub for the whole run, on loopback.

The hub serves four participants and a trainer. ``ann`` and ``ben`` work through the APIs
(``tests/hub/test_hub.py``, ``test_room.py``); ``cy`` and ``dee`` log in through the hub's
page in headless Chromium (``test_round_in_browser.py``). Every test that uses the hub is in
the xdist group ``hub``, so one worker runs them all on this one hub, in file order.

The hub's folder and the accounts' homes live in a fresh folder under /tmp (pytest's own
temporary folder is root's alone, and the participants' servers must pass through). At the end
the hub is stopped (which stops every server and the proxy), the fixture checks that nothing of
it is left running, and the accounts and folders are removed.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.browser.lab import keep_artefacts
from tests.conftest import ROOT
from tests.grading.conftest import TEST_SECRET
from tests.hub.hubtools import (
    ASSIGNMENT,
    TRAINER_SETUP,
    Hub,
    HubUser,
    can_run_hub,
    in_parallel,
    run_steps,
)

ARTIFACTS = ROOT / "test-artifacts" / "hub"

@pytest.fixture(scope="session")
def hub():
    why = can_run_hub()
    if why:
        pytest.skip(why)
    base = Path(tempfile.mkdtemp(prefix="cxlab-hub-", dir="/tmp"))
    hub = Hub(base, ["ann", "ben", "cy", "dee"], mem_limit="1G", cpu_limit=1.0)
    try:
        hub.start()
        # a fixed course secret, so the personal codes worked out in the tests are the hub's
        course = hub.home(hub.trainer) / "cxlab-course"
        (course / ".cxlab").mkdir(exist_ok=True)
        (course / ".cxlab" / "secret").write_text(TEST_SECRET)
        entry = pwd.getpwnam(hub.trainer)
        for path in (course / ".cxlab", course / ".cxlab" / "secret"):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    except Exception as exc:
        hub.stop()
        hub.remove_accounts()
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"{exc}\n--- hub log ---\n{hub.log_tail()}", pytrace=False)
    yield hub
    problems = hub.stop()
    hub.remove_accounts()
    shutil.rmtree(base, ignore_errors=True)
    assert not problems, "; ".join(problems)


@pytest.fixture(scope="session")
def spawning(hub) -> dict[str, HubUser]:
    """``ann``, ``ben`` and the trainer logged in through the form (at once), with an API
    token each, and their servers asked for: they start meanwhile."""
    names = [*hub.participants[:2], hub.trainer]
    users = {name: HubUser(hub, name) for name in names}

    def log_in(user: HubUser) -> None:
        assert user.login() == 200 and user.logged_in(), f"{user.name} could not log in"
        user.make_token()
        user.request_server()

    in_parallel(*(lambda u=u: log_in(u) for u in users.values()))
    return users


@pytest.fixture(scope="session")
def people(spawning) -> dict[str, HubUser]:
    """``ann``, ``ben`` and the trainer with their servers running."""
    in_parallel(*(user.wait_server for user in spawning.values()))
    return spawning


@pytest.fixture(scope="session")
def trainer_kernel(hub, people):
    """A kernel in the trainer's own server with nbgrader's API and cxlab's grading loaded.
    ``run_steps(trainer_kernel, code)`` runs trainer steps in it."""
    with people[hub.trainer].kernel() as kernel:
        result = kernel.run(TRAINER_SETUP, timeout=300)
        assert result["status"] == "ok", result
        yield kernel


@pytest.fixture(scope="session")
def released(hub, trainer_kernel) -> str:
    """00-start-here released by the trainer (``cxlab release``, then nbgrader's
    release_assignment into the exchange), once for every round of the run."""
    run_steps(trainer_kernel, f"grading.release('.', [{ASSIGNMENT!r}])\n"
                              f"step('release', api.release_assignment({ASSIGNMENT!r}))")
    return ASSIGNMENT


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failing browser test keeps, per participant, a screenshot and the console messages,
    and the hub's log, under ``test-artifacts/hub/<test>/`` (as tests/browser does)."""
    outcome = yield
    report = outcome.get_result()
    pages = getattr(item, "_cxlab_pages", None)
    folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9._-]+", "_", item.nodeid)
    if pages and report.failed and report.when in ("setup", "call"):
        hub = item.funcargs.get("hub")
        kept = []
        for name, lab in pages.items():
            try:
                kept += [f"{name}: {line}" for line in
                         keep_artefacts(folder / name, lab, [hub] if hub else [])]
            except OSError as exc:
                kept.append(f"{name}: could not keep artefacts: {exc}")
        report.sections.append(("browser test artefacts", "\n".join(kept)))
    elif pages and report.passed and report.when == "call":
        shutil.rmtree(folder, ignore_errors=True)
