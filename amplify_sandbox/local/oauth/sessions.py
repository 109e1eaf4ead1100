"""The hosted UI's signed-in session, as Cognito keeps one for its domain: after a sign-in the
browser holds a cookie (one hour, HttpOnly, Secure, SameSite=Lax), and the next authorize
request for the same user pool (no provider named, or COGNITO) returns to the app without asking
again. `prompt=login` asks anyway; `prompt=none` never asks (`login_required` without a
session); `/logout` ends it. Kept in memory: a restarted emulator asks again.

The cookie's name carries the emulator's port, since browsers do not tell ports apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from amplify_sandbox.local.oauth.expiring import Expiring
from amplify_sandbox.local.oauth.web import Request, Response

Model = Any
SESSION_SECONDS = 3600
_COOKIE = "amplify-sandbox-hosted-ui"


@dataclass(frozen=True)
class Session:
    pool_id: str
    username: str


_sessions: Expiring[Session] = Expiring(SESSION_SECONDS)


def cookie_name(request: Request) -> str:
    return f"{_COOKIE}-{request.environ.get('SERVER_PORT', '')}"


def start(request: Request, response: Response, pool: Model, username: str) -> None:
    key = _sessions.put(Session(str(pool.id), username))
    response.set_cookie(
        cookie_name(request),
        key,
        max_age=SESSION_SECONDS,
        path="/",
        secure=True,
        httponly=True,
        samesite="Lax",
    )


def signed_in(request: Request, pool: Model) -> str | None:
    """The username of the browser's session with `pool`, if it has a live one."""
    key = request.cookies.get(cookie_name(request))
    session = _sessions.get(key) if key else None
    if session is None or session.pool_id != pool.id:
        return None
    user = pool.users.get(session.username)
    return session.username if user is not None and user.enabled else None


def end(request: Request, response: Response) -> None:
    key = request.cookies.get(cookie_name(request))
    if key:
        _sessions.pop(key)
    response.delete_cookie(
        cookie_name(request), path="/", secure=True, httponly=True, samesite="Lax"
    )
