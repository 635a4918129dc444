"""The assignment round on the cohort hub, end to end, as participants see it in a browser.

Two participants (``cy`` and ``dee``) open the hub's log-in page in headless Chromium (the
launch settings of ``tests/browser``), sign in with the passwords the hub handed out, and land
in their own JupyterLab. Each opens Nbgrader > Assignment List, fetches the released
assignment, opens it from the list, types their answers under the answer cells' first lines
(as ``docs/answering-and-marking.md`` describes: their personal code, ``16 Erlangs``, ``b)``),
saves and submits. The trainer collects, grades with ``cxlab grade`` (as root: the full
sandbox), writes and releases feedback. Each participant fetches their feedback in the
Assignment List, follows its "view feedback" link and opens the page, which shows their own
score. The hub's fixture stops the hub afterwards and checks that nothing is left running.

The expected scores are worked out by hand from the assessment's points (six automatic points
of eight; question 2 is worth one).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.lab import KERNEL_IDLE, Lab
from tests.conftest import ROOT
from tests.grading.conftest import perfect
from tests.hub.hubtools import ASSIGNMENT, cohort, run_steps

pytestmark = [pytest.mark.hub, pytest.mark.browser, pytest.mark.xdist_group("hub")]

SHOTS = ROOT / "test-artifacts" / "screenshots"
#: How long a server may take to start on a busy machine (ms): past the hub's own 300 s.
SPAWN_MS = 330_000


class Participant:
    """One participant in a browser page of their own (a fresh context: own cookies)."""

    def __init__(self, hub, browser, name: str) -> None:
        self.hub, self.name = hub, name
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.context.set_default_timeout(60_000)
        self.lab = Lab(self.context.new_page(), None)
        self.page = self.lab.page

    def sign_in(self) -> None:
        """Fill in the hub's log-in page; the server starts behind it."""
        self.page.goto(f"{self.hub.url}/hub/login")
        self.page.locator("#username_input").fill(self.name)
        self.page.locator("#password_input").fill(self.hub.passwords[self.name])
        self.page.locator("#login_submit").click(no_wait_after=True)

    def wait_for_lab(self) -> None:
        """JupyterLab is up (after the hub's "your server is starting" page) with the welcome
        notebook it opens and that notebook's kernel idle: until then a tab opened now would
        lose the front to the welcome notebook."""
        self.page.get_by_role("menuitem", name="Nbgrader", exact=True).wait_for(
            timeout=SPAWN_MS)
        expect(self.page).to_have_url(re.compile(rf"/user/{self.name}/lab"))
        self.page.locator(".lm-TabBar-tab.jp-mod-current",
                          has_text="00.01-welcome.ipynb").wait_for(timeout=120_000)
        self.page.locator("#jp-main-statusbar").get_by_text(KERNEL_IDLE).wait_for(
            timeout=120_000)

    def assignment_list(self) -> None:
        """Nbgrader > Assignment List (opened once), brought to the front."""
        tab = self.page.locator(".lm-TabBar-tab", has_text="Assignments")
        if not tab.count():
            self.lab.menu("Nbgrader", "nbgrader:open-assignment-list")
        tab.first.click()
        expect(self.page.locator("#released_assignments_list")).to_be_visible()

    def row(self, listing: str):
        return self.page.locator(f"#{listing}_assignments_list .list_item",
                                 has_text=ASSIGNMENT)

    def fetch_and_open(self) -> None:
        self.assignment_list()
        self.row("released").get_by_role("button", name="Fetch").click()
        fetched = self.row("fetched")
        expect(fetched.first).to_be_visible()
        fetched.first.locator("a.assignment-notebooks-link").click()  # unfold its notebooks
        # the notebook's link in the unfolded list (nbgrader names it nbgrader-<course>-<id>)
        self.page.locator(f"#nbgrader-cxlab-{ASSIGNMENT} a", has_text=ASSIGNMENT).click()
        self.page.locator(".lm-TabBar-tab.jp-mod-current",
                          has_text=f"{ASSIGNMENT}.ipynb").wait_for()
        self.page.locator("#jp-main-statusbar").get_by_text(KERNEL_IDLE).wait_for(
            timeout=120_000)

    def answer(self, typed: dict[str, str]) -> None:
        """Type each answer under its answer cell's first line, then save."""
        for name, text in typed.items():
            cell = self.page.locator(".jp-CodeCell").filter(has_text=f"%%answer {name} ")
            cell.locator(".cm-content").click()
            self.page.keyboard.press("Control+End")
            self.page.keyboard.press("Enter")
            self.page.keyboard.type(text)
        tab = self.page.locator(".lm-TabBar-tab.jp-mod-current")
        expect(tab).to_have_class(re.compile(r"\bjp-mod-dirty\b"))
        self.page.keyboard.press("Control+S")
        expect(tab).not_to_have_class(re.compile(r"\bjp-mod-dirty\b"), timeout=30_000)

    def submit(self) -> None:
        self.assignment_list()
        self.row("fetched").get_by_role("button", name="Submit").click()
        expect(self.row("submitted").first).to_be_visible(timeout=60_000)

    def fetch_feedback(self) -> None:
        self.assignment_list()
        self.row("submitted").first.get_by_role("button", name="Fetch Feedback").click()
        link = self.page.locator("#submitted_assignments_list a", has_text="view feedback")
        expect(link.first).to_be_visible(timeout=60_000)
        link.first.click()  # the file browser goes to the feedback folder
        page = self.page.locator(".jp-DirListing-item", has_text=f"{ASSIGNMENT}.html")
        page.first.dblclick()

    def feedback_text(self):
        """The feedback page, as JupyterLab's HTML viewer shows it."""
        return self.page.frame_locator(".jp-HTMLViewer iframe").locator("body")

    def shot(self, what: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"hub-{what}.png"))


def _typed(course, name: str, *, right: bool) -> dict[str, str]:
    """What ``name`` types: their personal code as a person might (lower case, spaces), then
    their own case's right answers (worked out in tests/grading/conftest.py), question 2
    wrong unless ``right``."""
    answers = perfect(course, name)
    answers["code"] = answers["code"].lower().replace("-", " ")
    if not right:
        answers["q2"] = "c)"
    return answers


@pytest.fixture
def pair(request, hub, browser):
    """cy and dee, each in a browser page of their own (closed after the failure report
    has its screenshots)."""
    people = [Participant(hub, browser, name) for name in hub.participants[2:]]
    request.node._cxlab_pages = {p.name: p.lab for p in people}
    yield people
    for person in people:
        person.context.close()


def test_two_participants_do_the_round_in_their_browsers(hub, pair, trainer_kernel,
                                                         released) -> None:
    course = hub.home(hub.trainer) / "cxlab-course"
    cy, dee = pair
    for person in (cy, dee):  # both sign in; both servers start at once
        person.sign_in()
    for person in (cy, dee):
        person.wait_for_lab()
    for person, right in ((cy, True), (dee, False)):
        person.fetch_and_open()
        person.answer(_typed(course, person.name, right=right))
        person.submit()
    cy.shot("assignment-list-submitted")

    run_steps(trainer_kernel, f"step('collect', api.collect({ASSIGNMENT!r}))")
    assert cohort.grade(hub.root, ASSIGNMENT, "--quiet", "--student", cy.name,
                        "--student", dee.name) == 0
    run_steps(trainer_kernel,
              f"for r in grading.feedback('.', {ASSIGNMENT!r}, "
              f"students={[cy.name, dee.name]!r}):\n"
              f"    assert not r.withheld, r.summary()\n"
              f"step('release_feedback', api.release_feedback({ASSIGNMENT!r}))")

    # nothing went wrong in either JupyterLab up to here
    for person in (cy, dee):
        assert person.lab.errors == [], (f"errors in {person.name}'s browser console:\n"
                                         + "\n".join(person.lab.errors))

    # 6 of 8: every automatic mark (the written answer waits for the trainer); dee loses
    # question 2's one point
    for person, score in ((cy, "6.0 / 8.0"), (dee, "5.0 / 8.0")):
        person.fetch_feedback()
        shown = person.feedback_text()
        expect(shown).to_contain_text(f"{ASSIGNMENT} (Score: {score})", timeout=60_000)
        expect(shown).not_to_contain_text("BEGIN HIDDEN TESTS")
    dee.shot("feedback-in-jupyterlab")
    # the feedback page's own scripts: JupyterLab's viewer does not run an untrusted page's
    # scripts, and its MathJax comes from a CDN this machine cannot reach; nothing else
    for person in (cy, dee):
        other = [e for e in person.lab.errors
                 if not re.search(r"frame is sandboxed and the 'allow-scripts' permission|"
                                  r"Failed to load resource: net::ERR_\w+ \[https://cdnjs\.cloudflare\.com/",
                                  e)]
        assert other == [], (f"errors in {person.name}'s browser console:\n"
                             + "\n".join(other))
