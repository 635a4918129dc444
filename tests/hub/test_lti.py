"""Signing in from the LMS (LTI 1.3): the tool side of the launch against a simulated platform.

A hub of its own, configured with ``hub/cohort.py``'s LTI settings file (``--lti``), signs
people in through jupyterhub-ltiauthenticator; a simulated platform on loopback
(``lti_platform.py``: its own RSA key, a key set, an OIDC authorization endpoint answering with
the signed id_token form) plays Moodle or Canvas. The launch is driven with an HTTP client
that keeps cookies and posts the platform's form, as a browser does.

Checked: a participant launched from the LMS is signed in under the roster's participant_id
and their server starts with their workspace; the trainer comes in as the hub's admin; a token
signed with another key, for another tool, from another issuer, without the nonce or replayed,
and a person not on the roster are all refused. Not checked here: a real Moodle or Canvas,
and grade passback (LTI Advantage, AGS), which the authenticator does not do.
"""

from __future__ import annotations

import http.cookiejar
import pwd
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.hub.hubtools import HubUser, cohort, running_hub
from tests.hub.lti_platform import LTI, Platform, form_fields, new_key

pytestmark = [pytest.mark.hub, pytest.mark.xdist_group("hub")]

INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


@pytest.fixture(scope="module")
def lms():
    platform = Platform({}).start()
    yield platform
    platform.stop()


@pytest.fixture(scope="module")
def lti_hub(lms, tmp_path_factory):
    settings = tmp_path_factory.mktemp("lti") / "lti.toml"
    values = lms.settings()
    settings.write_text("[lti]\n" + "".join(f'{k} = "{v}"\n' for k, v in values.items()))
    with running_hub(["ola", "pia"], lti=cohort.read_lti(settings)) as hub:
        lms.redirect_uri = f"{hub.url}/hub/lti13/oauth_callback"
        # the LMS's people: its own ids, each passing the roster's participant id
        lms.users.update({"lms-1001": hub.participants[0], "lms-1002": hub.participants[1],
                          "lms-2001": hub.trainer, "lms-3001": hub.prefix + "zed",
                          "lms-4001": None})
        yield hub


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser(HubUser):
    """A person's browser: cookies kept; each answer's status and Location seen (no
    redirect followed by itself)."""

    def __init__(self, hub, name: str = "") -> None:
        super().__init__(hub, name)
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def send(self, url: str, form: dict | None = None) -> tuple[int, str, str]:
        """GET ``url`` or POST ``form`` to it; (status, Location, body)."""
        data = None if form is None else urllib.parse.urlencode(form).encode()
        try:
            with self.opener.open(urllib.request.Request(url, data=data), timeout=60) as r:
                return r.status, r.headers.get("Location", ""), r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location", ""), exc.read().decode(errors="replace")

    def start_launch(self, lms: Platform, sub: str) -> tuple[str, dict[str, str]]:
        """Steps 1 and 2: the LMS sends the browser to the hub's log-in initiation, the hub
        sends it to the LMS's authorization address, which answers with the id_token form."""
        url, form = lms.initiation(self.hub.url, sub)
        status, location, body = self.send(url, form)
        assert status == 302 and location.startswith(f"{lms.url}/auth?"), (status, body)
        status, _, page = self.send(location)
        assert status == 200, (status, page)
        return form_fields(page)

    def finish_launch(self, action: str, fields: dict[str, str]) -> tuple[int, str, str]:
        """Step 3: the page posts the id_token to the hub."""
        return self.send(action, fields)

    def launch(self, lms: Platform, sub: str) -> tuple[int, str, str]:
        return self.finish_launch(*self.start_launch(lms, sub))

    def signed_in_as(self) -> dict:
        """Who the hub says this browser is (an API token made with its log-in cookie)."""
        status, _, _ = self.send(f"{self.hub.url}/hub/home")  # sets the _xsrf cookie
        assert status == 200, status
        self.make_token()
        return self.api("GET", "/hub/api/user")


def _refused(browser: Browser, result: tuple[int, str, str], code: int, reason: str) -> None:
    status, location, body = result
    assert status == code, (status, location, body[-500:])
    assert reason in body, body[-800:]
    assert not browser.logged_in()


def test_a_launch_from_the_lms_signs_the_participant_in_and_starts_their_server(
        lti_hub, lms) -> None:
    hub = lti_hub
    ola = hub.participants[0]
    browser = Browser(hub, ola)
    action, fields = browser.start_launch(lms, "lms-1001")
    request = lms.requests[-1]
    # the hub asked as LTI 1.3 requires, with a nonce of its own
    assert request["login_hint"] == "lms-1001" and len(request["nonce"]) >= 32
    assert action == f"{hub.url}/hub/lti13/oauth_callback"
    status, location, _ = browser.finish_launch(action, fields)
    assert status == 302 and location.startswith("/hub"), (status, location)
    assert browser.logged_in()
    me = browser.signed_in_as()
    assert me["name"] == ola and not me["admin"]
    assert hub.passwords == {} and not _has_password(ola)  # an LTI hub makes no password

    browser.start_server()
    assert browser.server_running()
    home = hub.home(ola)
    welcome = home / "course" / "00-start-here" / "00.01-welcome.ipynb"
    assert welcome.is_file()
    assert welcome.stat().st_uid == pwd.getpwnam(ola).pw_uid  # their workspace, theirs
    listed = browser.server_api("GET", "/api/contents/course/00-start-here")
    assert "00.01-welcome.ipynb" in [item["name"] for item in listed["content"]]

    # the trainer, launched as an instructor, is the hub's admin
    lms.tamper = {LTI + "roles": [INSTRUCTOR]}
    try:
        trainer = Browser(hub, hub.trainer)
        status, _, _ = trainer.launch(lms, "lms-2001")
    finally:
        lms.tamper = {}
    assert status == 302
    them = trainer.signed_in_as()
    assert (them["name"], them["admin"]) == (hub.trainer, True)


def _has_password(name: str) -> bool:
    for line in open("/etc/shadow", encoding="utf-8"):
        account, secret = line.split(":")[:2]
        if account == name:
            return not secret.startswith(("!", "*")) and secret != ""
    return False


@pytest.mark.parametrize(("tamper", "code", "reason"), [
    ({"key": new_key()}, 400, "Signature verification failed"),
    ({"aud": "another-tool"}, 401, "Audience"),
    ({"iss": "https://lms.example.org"}, 400, "Invalid issuer"),
    ({"nonce": None}, 400, "nonce"),
    ({"nonce": "0" * 64}, 400, "OAuth nonce mismatch"),
], ids=["signed-by-another-key", "another-audience", "another-issuer", "no-nonce",
        "another-nonce"])
def test_a_forged_or_mismatched_token_is_refused(lti_hub, lms, tamper, code, reason) -> None:
    browser = Browser(lti_hub, lti_hub.participants[1])
    issued = len(lms.issued)
    lms.tamper = tamper
    try:
        result = browser.launch(lms, "lms-1002")
    finally:
        lms.tamper = {}
    assert len(lms.issued) == issued + 1  # the platform answered: the hub refused
    _refused(browser, result, code, reason)


def test_a_replayed_launch_is_refused(lti_hub, lms) -> None:
    pia = lti_hub.participants[1]
    first = Browser(lti_hub, pia)
    action, fields = first.start_launch(lms, "lms-1002")
    started_with = list(first.cookies)  # the state and nonce cookies of this launch
    status, _, _ = first.finish_launch(action, fields)
    assert status == 302 and first.logged_in()
    # the same form posted again, in the same browser: its one-time state is used up
    again = Browser(lti_hub, pia)
    again.cookies = first.cookies
    again.opener = first.opener
    status, _, body = again.finish_launch(action, fields)
    assert status == 400 and "OAuth state missing from cookies" in body, (status, body[-500:])
    # a captured token posted in another browser, with a launch of its own: the nonce differs
    thief = Browser(lti_hub, pia)
    _, own = thief.start_launch(lms, "lms-1002")
    _refused(thief, thief.finish_launch(action, {**own, "id_token": fields["id_token"]}), 400,
             "OAuth nonce mismatch")
    # The limit (said in hub/README.md): the authenticator keeps no record of the nonces used;
    # it binds each to the cookies of the browser that began the launch. Someone holding the
    # form AND those cookies (read off an unencrypted connection, say) gets in until the token
    # expires: serve the hub over HTTPS.
    copier = Browser(lti_hub, pia)
    for cookie in started_with:
        copier.cookies.set_cookie(cookie)
    status, _, _ = copier.finish_launch(action, fields)
    assert status == 302 and copier.logged_in()


def test_someone_not_on_the_roster_is_refused(lti_hub, lms) -> None:
    # an LMS user whose participant id is not on the roster
    stranger = Browser(lti_hub, lti_hub.prefix + "zed")
    _refused(stranger, stranger.launch(lms, "lms-3001"), 403, "User missing or null")
    # an LMS user with no participant id: the LMS's own opaque id is not on the roster either
    unnamed = Browser(lti_hub, "lms-4001")
    _refused(unnamed, unnamed.launch(lms, "lms-4001"), 403, "User missing or null")
    # the token was good: the roster refused them
    log = lti_hub.log.read_text(errors="replace")
    for name in (stranger.name, unnamed.name):
        assert f"User '{name}' not allowed." in log


@pytest.mark.browser
def test_a_launch_in_a_browser_from_the_lms_site(lti_hub, lms, browser) -> None:
    """The same launch in headless Chromium, the course page on the platform's site
    (``localhost``) and the hub on another (``127.0.0.1``), as Moodle and the hub are: the
    browser follows the forms and redirects itself, under its own cookie rules."""
    import re

    from playwright.sync_api import expect

    pia = lti_hub.participants[1]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{lms.url}/launch?" + urllib.parse.urlencode(
            {"hub": lti_hub.url, "sub": "lms-1002", "target": "/hub/home"}))
        expect(page).to_have_url(re.compile(re.escape(f"{lti_hub.url}/hub/home")),
                                 timeout=60_000)
        expect(page.get_by_text(pia).first).to_be_visible()
        assert any(c["name"].startswith("jupyterhub-hub-login")
                   for c in context.cookies(f"{lti_hub.url}/hub/"))
    finally:
        context.close()
