"""A simulated LTI 1.3 platform (the LMS side) on loopback, for the cohort hub's LTI tests.

It does what Moodle or Canvas does in a resource-link launch (IMS Security Framework 1.0,
section 5.1.1; LTI 1.3 core, section 5):

1. the browser is sent to the tool's log-in initiation address (:meth:`Platform.initiation`:
   ``iss``, ``login_hint``, ``target_link_uri``, ``client_id``, ``lti_deployment_id``);
2. the tool redirects the browser to the platform's OIDC authorization address (``/auth``)
   with ``response_type=id_token``, ``scope=openid``, ``response_mode=form_post``,
   ``prompt=none``, its ``client_id``, ``redirect_uri``, ``login_hint``, ``nonce`` and
   ``state``; the platform checks them and answers with an HTML form that posts ``id_token``
   (a JWT signed with its RSA key, RS256) and ``state`` to ``redirect_uri``;
3. the tool checks the token's signature against the platform's key set (``/jwks``).

The platform knows its users by an LMS id (``sub``) and passes the roster's participant id
as the custom parameter ``participant_id``. :attr:`Platform.tamper` changes the next token
(another key, another audience, no nonce, ...) so the tests can check the tool refuses it.
Only the standard library, PyJWT and cryptography (JupyterHub's LTI authenticator needs both).
"""

from __future__ import annotations

import html
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.browser.lab import free_port

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Platform:
    """The simulated LMS: ``users`` maps an LMS user id (``sub``) to the participant id it
    passes (``None``: passes none)."""

    def __init__(self, users: dict[str, str | None], *, client_id: str = "cxlab-hub-tool",
                 deployment_id: str = "deployment-1", host: str = "localhost") -> None:
        self.users = users
        self.client_id, self.deployment_id = client_id, deployment_id
        self.key = new_key()
        self.kid = "platform-key-1"
        self.port = free_port()
        # another site than the hub's 127.0.0.1, as an LMS is: a browser sends the hub's
        # cookies with the platform's form post only as it would from Moodle or Canvas
        self.url = f"http://{host}:{self.port}"
        self.issuer = self.url
        self.redirect_uri = ""  # the tool's launch address, registered with the platform
        #: changes to the next token: claims to set (None: remove) and "key" to sign with
        self.tamper: dict = {}
        self.requests: list[dict] = []  # the authorization requests received
        self.issued: list[str] = []  # the id_tokens sent
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def settings(self) -> dict:
        """What the LMS gives the hub's administrator when the tool is registered."""
        return {"issuer": self.issuer, "client_id": self.client_id,
                "authorize_url": f"{self.url}/auth", "jwks_endpoint": f"{self.url}/jwks"}

    def initiation(self, hub_url: str, sub: str, target: str = "/hub") -> tuple[str, dict]:
        """The tool's log-in initiation address and the form the platform posts there
        (``target``: the page of the hub the course's link points at)."""
        return f"{hub_url}/hub/lti13/oauth_login", {
            "iss": self.issuer, "login_hint": sub, "target_link_uri": f"{hub_url}{target}",
            "client_id": self.client_id, "lti_deployment_id": self.deployment_id}

    def jwks(self) -> dict:
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def id_token(self, sub: str, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": self.client_id, "sub": sub, "iat": now,
            "exp": now + 300, "nonce": nonce,
            LTI + "message_type": "LtiResourceLinkRequest",
            LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id,
            LTI + "target_link_uri": self.redirect_uri.rsplit("/lti13/", 1)[0],
            LTI + "resource_link": {"id": "cxlab-course-link", "title": "cxlab course"},
            LTI + "roles": [LEARNER],
            LTI + "context": {"id": "cx-bootcamp-2026", "label": "CX101",
                              "title": "CX management bootcamp"},
            "name": f"Participant {sub}",
        }
        if self.users.get(sub) is not None:
            claims[LTI + "custom"] = {"participant_id": self.users[sub]}
        tamper = dict(self.tamper)
        key = tamper.pop("key", self.key)
        for name, value in tamper.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})
        self.issued.append(token)
        return token

    def _authorize(self, query: dict[str, str]) -> tuple[int, str]:
        """The OIDC authorization endpoint: check the tool's request, answer with the
        auto-submitting form that carries the id_token (response_mode form_post)."""
        self.requests.append(query)
        expected = {"response_type": "id_token", "scope": "openid",
                    "response_mode": "form_post", "prompt": "none",
                    "client_id": self.client_id, "redirect_uri": self.redirect_uri}
        wrong = {k: query.get(k) for k, v in expected.items() if query.get(k) != v}
        if wrong or not query.get("nonce") or not query.get("state"):
            return 400, f"invalid authorization request: {wrong}"
        sub = query.get("login_hint", "")
        if sub not in self.users:
            return 403, "unknown user"
        token = self.id_token(sub, query["nonce"])
        return 200, _auto_form(query["redirect_uri"],
                               {"id_token": token, "state": query["state"]})

    def _launch_page(self, query: dict[str, str]) -> tuple[int, str]:
        """The course page's link to the tool: posts the log-in initiation (step 1)."""
        url, form = self.initiation(query["hub"], query["sub"], query.get("target", "/hub"))
        return 200, _auto_form(url, form)

    def _handler(self):
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path, _, raw = self.path.partition("?")
                query = dict(urllib.parse.parse_qsl(raw))
                if path == "/jwks":
                    status, body, kind = 200, json.dumps(platform.jwks()), "application/json"
                elif path in ("/auth", "/launch"):
                    answer = platform._authorize if path == "/auth" else platform._launch_page
                    status, body = answer(query)
                    kind = "text/html"
                else:
                    status, body, kind = 404, "not found", "text/plain"
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        return Handler

    def start(self) -> Platform:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _auto_form(action: str, fields: dict[str, str]) -> str:
    """An HTML page whose form posts ``fields`` to ``action`` as soon as it loads."""
    inputs = "".join(f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
                     for name, value in fields.items())
    return (f'<!doctype html><html><body onload="document.forms[0].submit()">'
            f'<form method="post" action="{html.escape(action)}">{inputs}</form></body></html>')


def form_fields(page: str) -> tuple[str, dict[str, str]]:
    """The action and hidden fields of the platform's auto-submitting form (what a browser
    posts when the page loads)."""
    import re

    action = re.search(r'<form method="post" action="([^"]+)"', page)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    if not action:
        raise ValueError(f"no form in the platform's answer: {page[:300]}")
    return html.unescape(action.group(1)), {k: html.unescape(v) for k, v in fields.items()}


