"""What a completed hosted-UI sign-in gives the app: an authorization code (single use, valid
five minutes, bound to the client, the redirect URI and the PKCE challenge, as Cognito's), or,
for the implicit grant, the tokens themselves.

Tokens are the emulator's own (`local.tokens`): the same claims as every other sign-in, the
scopes of the authorize request in the access token, remembered for refreshes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from amplify_sandbox.local import tokens
from amplify_sandbox.local.oauth.authorize import AuthorizeRequest
from amplify_sandbox.local.oauth.errors import GrantError
from amplify_sandbox.local.oauth.expiring import Expiring

Model = Any
CODE_SECONDS = 5 * 60


@dataclass(frozen=True)
class Code:
    pool: Model
    client_id: str
    redirect_uri: str
    username: str
    scopes: tuple[str, ...]
    code_challenge: str | None


@dataclass(frozen=True)
class Tokens:
    access_token: str
    id_token: str
    refresh_token: str | None
    expires_in: int

    def as_dict(self) -> dict[str, object]:
        document: dict[str, object] = {
            "id_token": self.id_token,
            "access_token": self.access_token,
        }
        if self.refresh_token is not None:
            document["refresh_token"] = self.refresh_token
        document.update({"expires_in": self.expires_in, "token_type": "Bearer"})
        return document


_codes: Expiring[Code] = Expiring(CODE_SECONDS)


def new_code(request: AuthorizeRequest, username: str) -> str:
    grant = Code(
        request.client.pool,
        request.client_id,
        request.redirect_uri,
        username,
        request.scopes,
        request.code_challenge,
    )
    return _codes.put(grant, CODE_SECONDS)


def challenge_of(verifier: str) -> str:
    """RFC 7636 S256: BASE64URL(SHA256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii", errors="replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def redeem(code: str, client_id: str, redirect_uri: str, verifier: str | None) -> Tokens:
    """The tokens of `code`. The code is used up by the first attempt, right or wrong."""
    grant = _codes.pop(code)
    if grant is None:
        raise GrantError("invalid_grant", "The authorization code is unknown, used or expired.")
    if grant.client_id != client_id:
        raise GrantError("invalid_grant", "The authorization code was issued to another client.")
    if grant.redirect_uri != redirect_uri:
        raise GrantError("invalid_grant", "redirect_uri differs from the authorize request's.")
    if grant.code_challenge is not None:
        if not verifier:
            raise GrantError("invalid_request", "code_verifier is required (PKCE).")
        if not hmac.compare_digest(challenge_of(verifier), grant.code_challenge):
            raise GrantError("invalid_grant", "code_verifier does not match the code_challenge.")
    return sign_in_tokens(grant.pool, client_id, grant.username, grant.scopes)


def sign_in_tokens(pool: Model, client_id: str, username: str, scopes: tuple[str, ...]) -> Tokens:
    """A new sign-in of `username`: refresh, access and ID tokens with `scopes`."""
    refresh_token, origin_jti = pool.create_refresh_token(client_id, username)
    access, id_token, expires_in = tokens.issue(
        pool, client_id, username, origin_jti, scopes=scopes, source=tokens.SOURCE_HOSTED
    )
    return Tokens(access, id_token, refresh_token, expires_in)


def refresh(pool: Model, client_id: str, refresh_token: str) -> Tokens:
    entry = pool.refresh_tokens.get(refresh_token)
    if not entry:
        raise GrantError("invalid_grant", "The refresh token is unknown or revoked.")
    owner, username, origin_jti = entry
    if owner != client_id:
        raise GrantError("invalid_grant", "The refresh token was issued to another client.")
    user = pool._get_user(username)
    if user is None or not user.enabled:
        raise GrantError("invalid_grant", "The user is disabled or no longer exists.")
    access, id_token, expires_in = tokens.issue(pool, client_id, username, origin_jti)
    return Tokens(access, id_token, None, expires_in)
