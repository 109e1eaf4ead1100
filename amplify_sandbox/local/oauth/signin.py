"""The user pool's local sign-in page (`/login`): username (or an alias the pool signs in with,
such as the email) and password, checked against the emulator's password store."""

from __future__ import annotations

from typing import Any

from amplify_sandbox.local.oauth import pages
from amplify_sandbox.local.oauth.authorize import AuthorizeRequest
from amplify_sandbox.local.oauth.clients import COGNITO
from amplify_sandbox.local.oauth.errors import Refused

Model = Any
WRONG = "Incorrect username or password."


class SignInRefused(Refused):
    """The local sign-in page refused the user name or password."""


def page(
    request_id: str, request: AuthorizeRequest, *, username: str = "", error: str | None = None
) -> str:
    client = request.client
    external = [
        name for name in client.providers if name != COGNITO and client.identity_provider(name)
    ]
    return pages.sign_in(
        request_id,
        str(client.pool.extended_config.get("PoolName") or client.pool.id),
        external,
        COGNITO in client.providers,
        username=username,
        error=error,
    )


def check_password(pool: Model, username: str, password: str) -> Model:
    """The user `username` names, when `password` is theirs and they may sign in."""
    user = pool._get_user(username) if username else None
    if user is None or user.status == "EXTERNAL_PROVIDER" or not password:
        raise SignInRefused(WRONG)
    if user.password != password:
        raise SignInRefused(WRONG)
    if not user.enabled:
        raise SignInRefused("User is disabled.")
    if user.status == "UNCONFIRMED":
        raise SignInRefused("User is not confirmed.")
    if user.status in ("FORCE_CHANGE_PASSWORD", "RESET_REQUIRED"):
        raise SignInRefused(
            "This user must set a new password first (the local hosted UI does not ask for "
            "one): sandbox users set-password."
        )
    return user
