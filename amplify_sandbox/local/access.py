"""Who may talk to the emulator: loopback `Host` names only, and moto's admin endpoints only with
the emulator's token.

The token is random per emulator; the background process gets it on stdin and the CLI keeps it in
the emulator's state file (mode 0600). It opens `/moto-api/*` (moto's dashboard, `data.json`,
`reset`, ...) and signs the health answer, so the CLI can tell the emulator it started from any
other program that answers on the port.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from amplify_sandbox.local.origins import is_loopback_host
from amplify_sandbox.local.responses import refuse

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

ADMIN_PREFIX = "/moto-api"
TOKEN_HEADER = "X-Amplify-Sandbox-Token"
_TOKEN_ENVIRON = "HTTP_" + TOKEN_HEADER.upper().replace("-", "_")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def health_proof(token: str, port: int | str, pid: int | str, nonce: str) -> str:
    """What the emulator holding `token` answers to `nonce`: binds the answer to port and pid."""
    message = f"{port}:{pid}:{nonce}".encode()
    return hmac.new(token.encode(), message, hashlib.sha256).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def refuse_without_token(
    environ: WSGIEnvironment, start_response: StartResponse, token: str, message: str
) -> Iterable[bytes] | None:
    """The `AdminTokenRequired` refusal (saying `message`) of a request that does not carry
    `token` in `TOKEN_HEADER`; None when it does."""
    given = str(environ.get(_TOKEN_ENVIRON) or "")
    if given and same_secret(given, token):
        return None
    return refuse(start_response, "AdminTokenRequired", message)


class HostGuard:
    """Refuses a request whose `Host` is not a loopback name (a DNS-rebinding page's name)."""

    def __init__(self, app: WSGIApplication, also: Iterable[str] = ()) -> None:
        self.app = app
        self.also = frozenset(name.lower() for name in also)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST")
        if host is not None and not is_loopback_host(host, self.also):
            return refuse(
                start_response,
                "HostNotAllowed",
                f"The amplify-sandbox emulator answers only to loopback names "
                f"(localhost, 127.0.0.1, [::1]), not to Host {host!r}.",
            )
        return self.app(environ, start_response)


class AdminGuard:
    """Moto's `/moto-api/*` endpoints answer only a request carrying the emulator's token."""

    def __init__(self, app: WSGIApplication, token: str) -> None:
        self.app = app
        self.token = token

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = "/" + str(environ.get("PATH_INFO") or "").lstrip("/")
        if path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/"):
            refusal = refuse_without_token(
                environ,
                start_response,
                self.token,
                f"moto's admin endpoints need the emulator's token in {TOKEN_HEADER}.",
            )
            if refusal is not None:
                return refusal
        return self.app(environ, start_response)
