"""A client of the emulator's hosted UI for tests: HTTPS to `localhost:PORT` trusting only the
emulator's CA, redirects not followed (each hop is asserted), forms posted as a browser would."""

from __future__ import annotations

import base64
import hashlib
import html.parser
import http.client
import json
import secrets
import ssl
import urllib.parse
from dataclasses import dataclass, field
from typing import Any


def challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def query(location: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    def json(self) -> Any:
        return json.loads(self.body)

    def form_fields(self) -> dict[str, str]:
        """The inputs (name -> value) of the page's form, and its action as `_action`."""
        parser = _FormParser()
        parser.feed(self.body)
        return {"_action": parser.action, **parser.fields}


class _FormParser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.action = found.get("action", "")
        if tag == "input" and "name" in found:
            self.fields[found["name"]] = found.get("value", "")


@dataclass
class HostedUi:
    port: int
    context: ssl.SSLContext
    origin: str | None = None
    extra_headers: dict[str, str] = field(default_factory=dict)

    def call(
        self, method: str, path: str, form: dict[str, str] | None = None, **headers: str
    ) -> Answer:
        connection = http.client.HTTPSConnection(
            "localhost", self.port, context=self.context, timeout=30
        )
        sent = {**self.extra_headers, **{k.replace("_", "-"): v for k, v in headers.items()}}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.origin is not None:
            sent.setdefault("Origin", self.origin)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, text)
        finally:
            connection.close()

    def get(self, path: str, **parameters: str) -> Answer:
        separator = "&" if "?" in path else "?"
        suffix = separator + urllib.parse.urlencode(parameters) if parameters else ""
        return self.call("GET", path + suffix)

    def post(self, path: str, form: dict[str, str], **headers: str) -> Answer:
        return self.call("POST", path, form, **headers)


@dataclass
class Flow:
    """One `signInWithRedirect` as Amplify JS starts it (PKCE S256, random state)."""

    client_id: str
    redirect_uri: str
    scope: str = "openid email profile aws.cognito.signin.user.admin"
    verifier: str = field(default_factory=lambda: secrets.token_urlsafe(64))
    state: str = field(default_factory=lambda: secrets.token_urlsafe(16))

    def authorize_parameters(self, **extra: str) -> dict[str, str]:
        return {
            "redirect_uri": self.redirect_uri,
            "response_type": "code",
            "client_id": self.client_id,
            "scope": self.scope,
            "state": self.state,
            "code_challenge": challenge(self.verifier),
            "code_challenge_method": "S256",
            **extra,
        }

    def token_form(self, code: str, **changes: str) -> dict[str, str]:
        return {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "code_verifier": self.verifier,
            **changes,
        }
