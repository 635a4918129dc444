"""The browser tests' own safety nets can fail: they see a dialog, a console error, and a
process left behind."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from tests.browser.lab import alive, descendants, keep_artefacts, reap

pytestmark = pytest.mark.browser


def test_a_notebook_without_kernelspec_is_caught_by_its_dialog(app) -> None:
    # Written as plain JSON (nbformat's import costs seconds here).
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "a1", "metadata": {},
                   "outputs": [], "source": ["1 + 1"]}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = app.server.root / "harness" / "no-kernelspec.ipynb"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(notebook))

    app.open_from_path("harness/no-kernelspec.ipynb")
    assert any("Select Kernel" in text for text in app.dialogs()), app.dialogs()
    app.page.keyboard.press("Escape")


def test_console_and_page_errors_are_collected(app) -> None:
    app.page.evaluate("console.error('cxlab harness: console error')")
    app.page.evaluate("setTimeout(() => { throw new Error('cxlab harness: page error'); })")
    deadline = time.monotonic() + 10
    while len(app.errors) - app.first_error < 2 and time.monotonic() < deadline:
        app.page.wait_for_timeout(100)
    seen = "\n".join(app.errors[app.first_error :])
    assert "console error: cxlab harness: console error" in seen
    assert "page error: cxlab harness: page error" in seen


def test_process_helpers_find_and_end_a_process_tree() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c",
         "import subprocess, sys, time; "
         "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
         "time.sleep(60)"],
    )
    try:
        deadline = time.monotonic() + 10
        while not descendants(parent.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        (child,) = descendants(parent.pid)
        assert alive(child)
        # Ask nicely for no time at all: both are still running, so both get killed.
        assert reap({parent.pid, child}, timeout=0) == {parent.pid, child}
        parent.wait(timeout=5)
        deadline = time.monotonic() + 5
        while alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(parent.pid)
        assert not alive(child)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def test_a_failure_keeps_a_screenshot_console_and_server_log(app, tmp_path) -> None:
    app.page.evaluate("console.error('cxlab harness: kept')")
    folder = tmp_path / "artefacts"
    lines = keep_artefacts(folder, app, [app.server])
    assert (folder / "screenshot.png").read_bytes()[1:4] == b"PNG"
    assert "cxlab harness: kept" in (folder / "console.txt").read_text()
    assert "Jupyter Server" in (folder / "server.log").read_text()
    assert [line.split(":")[0] for line in lines] == [
        "screenshot", "browser console", "server log"
    ]
    assert all(str(folder) in line for line in lines)
