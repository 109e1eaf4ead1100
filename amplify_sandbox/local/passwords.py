"""Passwords as the emulator keeps them: Cognito's SRP verifier, salted per user, never the text.

Moto keeps `CognitoIdpUser.password` as the plain text and compares it with `!=`. The patch
makes `password` a property: setting it stores a `StoredPassword` (a random salt and the SRP
verifier v = g^x mod N of `srp.password_exponent`), and reading it gives that object, which
compares equal to exactly the right password. So every moto code path that sets or checks a
password (SignUp, AdminCreateUser, AdminSetUserPassword, ChangePassword, NEW_PASSWORD_REQUIRED,
USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH) works unchanged, SRP uses the verifier as Cognito
does, and no dump (`/moto-api/data.json`, a repr, a log) can hold a password.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from amplify_sandbox.local import srp

_ATTRIBUTE = "_amplify_sandbox_password"


class StoredPassword:
    """A salted verifier of one user's password (bound to the pool and username, as in SRP)."""

    __slots__ = ("_pool_name", "_user_id", "salt_hex", "verifier")

    def __init__(self, user_pool_id: str, user_id: str, password: str) -> None:
        self._pool_name = srp.pool_name_part(user_pool_id)
        self._user_id = user_id
        self.salt_hex = secrets.token_hex(16)
        self.verifier = self._verifier_for(password)

    def _verifier_for(self, password: str) -> int:
        exponent = srp.password_exponent(self._pool_name, self._user_id, password, self.salt_hex)
        return pow(srp.G, exponent, srp.N)

    def matches(self, password: object) -> bool:
        if not isinstance(password, str):
            return False
        candidate = srp.pad_hex(self._verifier_for(password)).encode()
        return hmac.compare_digest(candidate, srp.pad_hex(self.verifier).encode())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StoredPassword):
            return other is self
        return self.matches(other)

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return "StoredPassword(<hidden>)"


def _get(user: Any) -> StoredPassword | None:
    stored: StoredPassword | None = getattr(user, _ATTRIBUTE, None)
    return stored


def _set(user: Any, password: str | StoredPassword | None) -> None:
    if password is None or isinstance(password, StoredPassword):
        setattr(user, _ATTRIBUTE, password)
        return
    setattr(user, _ATTRIBUTE, StoredPassword(user.user_pool_id, user.username, password))


def apply() -> None:
    """Make moto's user keep a verifier instead of its password (called once, by `server`)."""
    from moto.cognitoidp.models import CognitoIdpUser

    CognitoIdpUser.password = property(_get, _set)  # type: ignore[assignment]
