"""Every course notebook opens in JupyterLab straight to an idle kernel: no dialog (such as
"Select Kernel", shown when the kernelspec metadata is missing) and no JavaScript error.

Opening is cheap; running them is the papermill tests' job (tests/notebooks/).
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT, notebooks_under

pytestmark = pytest.mark.browser

COURSE = [path.relative_to(ROOT).as_posix() for path in notebooks_under("course")]

#: Console errors JupyterLab itself makes on a fresh, offline server, unrelated to cxlab.
#: Each entry: a pattern matched against the collected message, and why it is harmless.
KNOWN_NOISE: list[tuple[re.Pattern[str], str]] = []


def _attributable(errors: list[str]) -> list[str]:
    return [e for e in errors if not any(pattern.search(e) for pattern, _ in KNOWN_NOISE)]


def test_there_are_course_notebooks() -> None:
    assert "course/00-start-here/00.01-welcome.ipynb" in COURSE


@pytest.mark.parametrize("path", COURSE)
def test_notebook_opens_without_dialog_or_error(app, path: str) -> None:
    app.open_from_path(path)
    assert app.dialogs() == [], f"{path} opened a dialog: {app.dialogs()}"
    app.wait_idle()
    assert app.dialogs() == [], f"{path} opened a dialog: {app.dialogs()}"
    errors = _attributable(app.errors[app.first_error :])
    assert errors == [], f"{path}: errors in the browser console:\n" + "\n".join(errors)
