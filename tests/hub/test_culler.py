"""Idle servers are stopped by the culler, and a server in use is not.

A small hub of its own (the session's hub keeps the hour-long default, which its other tests
need): two participants and a trainer, a 30 s inactivity timeout, the culler looking every
10 s. Both participants' servers start together; one is left alone, the other runs a cell
every few seconds. The test waits (polling the hub's REST API, with a deadline) until the hub
reports the idle server stopped, then checks its processes and control group are gone and
its workspace is intact, and that the server in use is still running after the culler's next
look.
"""

from __future__ import annotations

import re
import threading

import pytest

from tests.hub.hubtools import HubUser, in_parallel, limits, running_hub, wait_for

pytestmark = [pytest.mark.hub, pytest.mark.xdist_group("hub")]

IDLE_TIMEOUT = 30
CULL_EVERY = 10
NOTE = "Questions for Thursday: why is ASA up when the service level is met?\n"


@pytest.fixture(scope="module")
def short_hub():
    with running_hub(["ida", "bo"], idle_timeout_seconds=IDLE_TIMEOUT,
                     cull_every_seconds=CULL_EVERY) as hub:
        yield hub


def _culler_looks(hub) -> int:
    """How many times the culler has asked the hub for the users (once a round): the hub logs
    each API request with who made it."""
    return len(re.findall(r"GET /hub/api/users\S* \(idle-culler@",
                          hub.log.read_text(errors="replace")))


def _server(admin: HubUser, name: str) -> dict | None:
    return (admin.api("GET", f"/hub/api/users/{name}").get("servers") or {}).get("")


def _processes_of(hub, name: str) -> set[int]:
    import pwd
    from pathlib import Path

    uid = pwd.getpwnam(name).pw_uid
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    found.add(int(entry.name))
            except OSError:
                pass
    return found


def test_an_idle_server_is_stopped_and_a_server_in_use_is_not(short_hub) -> None:
    hub = short_hub
    idle, busy = (HubUser(hub, name) for name in hub.participants)
    admin = HubUser(hub, hub.trainer)  # watches through the API: its requests are not theirs

    def sign_in(user: HubUser, server: bool) -> None:
        assert user.login() == 200 and user.logged_in(), f"{user.name} could not log in"
        user.make_token()
        if server:
            user.start_server()

    in_parallel(lambda: sign_in(idle, True), lambda: sign_in(busy, True),
                lambda: sign_in(admin, False))
    # the idle participant saved some work, then left
    idle.server_api("PUT", "/api/contents/notes.md",
                    {"type": "file", "format": "text", "content": NOTE})
    assert _processes_of(hub, idle.name), "the idle participant's server should be running"

    stop, runs, errors = threading.Event(), [], []

    def keep_working(kernel) -> None:
        while not stop.is_set():
            try:
                result = kernel.run("n = globals().get('n', 0) + 1\nprint(n)", timeout=60)
                runs.append(result["stdout"].strip())
            except Exception as exc:  # reported below: the loop must not die silently
                errors.append(repr(exc))
                return
            stop.wait(3)  # a participant running a cell every few seconds

    with busy.kernel() as kernel:
        worker = threading.Thread(target=keep_working, args=(kernel,), daemon=True)
        worker.start()
        try:
            # the culler stops it after 30 s without activity, at a round every 10 s; the
            # deadline only bounds a very busy machine
            wait_for(lambda: _server(admin, idle.name) is None, timeout=IDLE_TIMEOUT + 240,
                     what=f"the culler to stop the idle server of {idle.name}", interval=1)
            looks = _culler_looks(hub)
            # the culler's next round, with the busy server still under its eye
            wait_for(lambda: _culler_looks(hub) > looks, timeout=CULL_EVERY + 120,
                     what="the culler's next round", interval=0.5)
            busy_server = _server(admin, busy.name)
        finally:
            stop.set()
            worker.join(timeout=90)
    assert not errors, errors
    assert runs and runs[-1] == str(len(runs)), runs  # one kernel, every cell ran in it
    assert busy_server and busy_server["ready"] and not busy_server["pending"], busy_server
    assert busy.server_running()
    log = hub.log.read_text(errors="replace")
    assert f"Culling server {idle.name} (inactive for" in log
    assert f"Culling server {busy.name}" not in log

    # the idle server is gone with all its processes and its control group; its work is kept
    wait_for(lambda: not _processes_of(hub, idle.name), timeout=60,
             what=f"the processes of {idle.name} to end")
    plan = limits.plan(idle.name, mem_limit="1G", cpu_limit=1.0)
    assert not [group for group in plan.groups if group.exists()]
    home = hub.home(idle.name)
    assert (home / "notes.md").read_text() == NOTE
    assert (home / "course" / "00-start-here" / "00.01-welcome.ipynb").is_file()
    # and it starts again on request, with the same workspace
    idle.start_server()
    assert idle.server_api("GET", "/api/contents/notes.md")["content"] == NOTE
