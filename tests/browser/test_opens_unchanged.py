"""Opening a course notebook does not mark it modified (issue 18).

A participant who opens a lesson and closes it again must not see the tab's "modified" dot
nor be asked whether to save. JupyterLab writes what the kernel reports (``language_info``,
``kernelspec``) into the notebook as the kernel starts; the course notebooks hold it already
(tests/notebooks/test_opens_unchanged.py checks the files, this the tab).

This server exposes JupyterLab's application object to the page, so the test waits for the
very promises whose handlers write that metadata (the kernel's info and spec), then reads the
notebook model's ``dirty`` flag and the tab's class: no sleep stands in for those events.
A notebook holding less than the kernel reports shows the check does see a change.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.lab import Lab, LabServer, copy_course
from tests.conftest import ROOT, load_notebook

pytestmark = pytest.mark.browser

#: One lesson per module, the practice notebook of one, and both notebooks with sliders.
NOTEBOOKS = [
    "course/00-start-here/00.01-welcome.ipynb",
    "course/00-start-here/00.03-your-progress.ipynb",
    "course/01-service-level/01.02-erlang-c-and-the-staffing-table.ipynb",
    "course/01-service-level/01.08-practice-a-case-of-your-own.ipynb",
    "course/02-metric-interrelationships/02.01-the-metric-map.ipynb",
    "course/03-coaching-scoring/03.03-a-calibration-session.ipynb",
    "course/04-prioritisation/04.04-roadmap-and-change-board.ipynb",
    "course/05-journey-mapping/05.03-voice-of-the-customer.ipynb",
    "course/06-making-cx-stick/06.01-cx-maturity.ipynb",
    "course/07-planning-the-operation/07.01-forecasting-calls.ipynb",
]

#: Wait until the notebook panel has handled its kernel's info and spec (its handlers were
#: attached to the same promises first, so they have run when these awaits return), then
#: report the model's state.
_SETTLED = """async () => {
    const panel = window.jupyterapp.shell.currentWidget;
    await panel.context.ready;
    await panel.sessionContext.ready;
    const kernel = panel.sessionContext.session.kernel;
    await kernel.info;
    await kernel.spec;
    await Promise.resolve();
    return {path: panel.context.path, dirty: panel.context.model.dirty,
            language_info: panel.context.model.getMetadata('language_info')};
}"""


@pytest.fixture(scope="module")
def exposed(tmp_path_factory: pytest.TempPathFactory):
    """A JupyterLab server of this module's own, whose pages expose ``window.jupyterapp``."""
    home = tmp_path_factory.mktemp("jupyterlab-exposed")
    root = home / "root"
    copy_course(ROOT, root)
    (home / "config").mkdir(parents=True)
    (home / "config" / "jupyter_server_config.json").write_text(
        json.dumps({"LabApp": {"expose_app_in_browser": True}}))
    server = LabServer(root, home)
    try:
        server.start()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    killed = server.stop()
    assert not killed, f"JupyterLab left processes behind (pids {sorted(killed)})"


@pytest.fixture
def page(request: pytest.FixtureRequest, browser, exposed: LabServer):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    lab = Lab(context.new_page(), exposed)
    request.node._cxlab_lab = lab
    yield lab
    context.close()
    exposed.shutdown_kernels()


def _open_and_settle(lab: Lab, path: str) -> dict:
    lab.open_notebook(path)
    assert lab.dialogs() == [], f"{path} opened a dialog: {lab.dialogs()}"
    state = lab.page.evaluate(_SETTLED)
    assert state["path"] == path
    return state


def _tab(lab: Lab):
    return lab.page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current")


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_opening_a_course_notebook_leaves_it_unmodified(page: Lab, path: str) -> None:
    state = _open_and_settle(page, path)
    assert state["language_info"] == load_notebook(ROOT / path)["metadata"]["language_info"]
    assert state["dirty"] is False, f"{path} is marked modified on opening"
    expect(_tab(page)).not_to_have_class(re.compile(r"\bjp-mod-dirty\b"))
    assert page.errors == [], "errors in the browser console:\n" + "\n".join(page.errors)


def test_the_check_sees_a_notebook_that_opening_changes(page: Lab) -> None:
    """The control: a notebook with only ``{"name": "python"}`` as its language_info (as the
    course notebooks had) is marked modified by the same steps."""
    nb = load_notebook(ROOT / NOTEBOOKS[0])
    nb["metadata"]["language_info"] = {"name": "python"}
    (page.server.root / "short-language-info.ipynb").write_text(json.dumps(nb))
    state = _open_and_settle(page, "short-language-info.ipynb")
    assert state["dirty"] is True
    expect(_tab(page)).to_have_class(re.compile(r"\bjp-mod-dirty\b"))
