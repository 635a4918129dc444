"""Shared test helpers: the repository root and notebook discovery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def notebooks_under(*folders: str) -> list[Path]:
    """Every committed notebook in the given top-level folders, sorted, checkpoints skipped."""
    found: list[Path] = []
    for folder in folders:
        found += [
            p
            for p in sorted((ROOT / folder).rglob("*.ipynb"))
            if ".ipynb_checkpoints" not in p.parts
        ]
    return found


def load_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print each notebook's execution time (recorded by the notebook tests, xdist-safe)."""
    times: dict[str, float] = {}
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get(
        "failed", []
    ):
        props = dict(getattr(report, "user_properties", []))
        if "notebook_seconds" in props:
            times[props["notebook"]] = props["notebook_seconds"]
    if times:
        terminalreporter.section("notebook execution times")
        for name, seconds in sorted(times.items()):
            terminalreporter.write_line(f"{seconds:7.1f} s  {name}")


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, started once per worker for tests/browser and tests/hub alike."""
    from tests.browser.conftest import browser_session

    yield from browser_session()
