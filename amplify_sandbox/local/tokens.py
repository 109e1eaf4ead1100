"""ID and access tokens as Cognito issues them, in one place.

`build_claims` makes the claims of both tokens for one user and app client; `issue` applies the
claims hook (the pre-token-generation trigger, installed with `set_claims_hook`), signs both
tokens with the pool's key and records them in the pool as moto does. Patched onto moto's
`CognitoIdpUserPool.create_access_token` / `create_id_token` (moto always creates the access
token first, then the ID token, for one sign-in or refresh), so every flow that issues tokens
(USER_PASSWORD_AUTH, SRP, ADMIN_USER_PASSWORD_AUTH, challenges, REFRESH_TOKEN_AUTH,
GetTokensFromRefreshToken) issues Cognito's claims.

Claims, as in Cognito's "Understanding the identity (ID) token" / "access token":
- ID: sub, the user's attributes the app client may read (standard and `custom:`;
  `email_verified` / `phone_number_verified` as booleans, `address` as `{"formatted": ...}`,
  `identities` parsed), cognito:groups / cognito:roles / cognito:preferred_role when the user is
  in groups, cognito:username, aud, iss, token_use "id", auth_time, iat, exp, origin_jti,
  event_id, jti.
- access: sub, cognito:groups, iss, client_id, origin_jti, event_id, token_use "access", scope
  ("aws.cognito.signin.user.admin" for API sign-ins), auth_time, exp, iat, jti, username.
`auth_time`, `origin_jti` and `event_id` belong to the sign-in: refreshed tokens keep them.
Lifetimes follow the app client's IdTokenValidity / AccessTokenValidity and TokenValidityUnits
(default one hour).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from amplify_sandbox.local import patching

Model = Any  # moto's models are untyped
Claims = dict[str, Any]

SOURCE_AUTHENTICATION = "TokenGeneration_Authentication"
SOURCE_REFRESH = "TokenGeneration_RefreshTokens"
SOURCE_HOSTED = "TokenGeneration_HostedAuth"
API_SCOPE = "aws.cognito.signin.user.admin"
_SESSIONS = "_amplify_sandbox_sign_ins"
_PENDING_ID = "_amplify_sandbox_pending_id_tokens"
_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
_BOOLEAN_ATTRIBUTES = ("email_verified", "phone_number_verified")


@dataclass(frozen=True)
class TokenRequest:
    """What the tokens are being issued for: the hook's view of the sign-in."""

    pool: Model
    user: Model
    client_id: str
    source: str  # SOURCE_AUTHENTICATION or SOURCE_REFRESH (Cognito's triggerSource)
    scopes: tuple[str, ...]


ClaimsHook = Callable[[TokenRequest, Claims, Claims], tuple[Claims, Claims]]
_hook: ClaimsHook | None = None
_hook_lock = threading.Lock()


def set_claims_hook(hook: ClaimsHook | None) -> ClaimsHook | None:
    """Install the function that may change the claims before the tokens are signed (the
    pre-token-generation trigger): `hook(request, id_claims, access_claims) -> (id, access)`.
    It gets copies; what it returns is signed as it is. An exception it raises (a Cognito error
    such as a trigger failure) is the answer to the sign-in. None removes it. Returns the hook it
    replaces."""
    global _hook
    with _hook_lock:
        previous, _hook = _hook, hook
    return previous


@dataclass
class SignIn:
    """One authentication: what its tokens, and all refreshed from it, share."""

    auth_time: int
    event_id: str
    issued: bool = False
    # The OAuth scopes of a hosted-UI sign-in, which its refreshed tokens keep (None: API's).
    scopes: tuple[str, ...] | None = None


def _sign_ins(pool: Model) -> dict[str, SignIn]:
    return patching.kept(pool, _SESSIONS, dict)


def _attribute_claim(name: str, value: str) -> Any:
    if name in _BOOLEAN_ATTRIBUTES:
        return value.lower() == "true"
    if name == "address":
        return {"formatted": value}
    if name == "updated_at" and value.isdigit():
        return int(value)
    if name == "identities":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _readable(client: Model | None) -> set[str] | None:
    fields = client.get_readable_fields() if client is not None else []
    return set(fields) if fields else None


def _groups(user: Model) -> list[Model]:
    return sorted(
        user.groups,
        key=lambda group: (
            group.precedence if group.precedence is not None else 2**31,
            group.group_name,
        ),
    )


def _validity(client: Model | None, token: str) -> int:
    config = client.extended_config if client is not None else {}
    value = config.get(f"{token}TokenValidity")
    unit = (config.get("TokenValidityUnits") or {}).get(f"{token}Token") or "hours"
    if not isinstance(value, int) or value <= 0:
        return 3600
    return value * _UNIT_SECONDS.get(unit, 3600)


def build_claims(
    pool: Model,
    user: Model,
    client_id: str,
    *,
    origin_jti: str,
    event_id: str,
    auth_time: int,
    scopes: tuple[str, ...] = (API_SCOPE,),
    now: int | None = None,
) -> tuple[Claims, Claims]:
    """The claims Cognito puts in the ID and in the access token of `user` for `client_id`."""
    issued_at = int(time.time()) if now is None else now
    client = pool.clients.get(client_id)
    issuer = f"https://cognito-idp.{pool.region}.amazonaws.com/{pool.id}"
    sub = user.id
    groups = _groups(user)
    readable = _readable(client)

    id_claims: Claims = {"sub": sub}
    for attribute in user.attributes:
        name, value = attribute["Name"], attribute["Value"]
        if name == "sub" or name.startswith("dev:"):
            continue
        if readable is not None and name not in readable:
            continue
        id_claims[name] = _attribute_claim(name, value)
    for name in ("email", "phone_number"):
        # Cognito says whether a present address is verified, false unless it is.
        if name in id_claims:
            id_claims.setdefault(f"{name}_verified", False)
    if groups:
        id_claims["cognito:groups"] = [group.group_name for group in groups]
        roles = [group.role_arn for group in groups if group.role_arn]
        if roles:
            id_claims["cognito:roles"] = roles
            id_claims["cognito:preferred_role"] = roles[0]
    id_claims.update(
        {
            "iss": issuer,
            "cognito:username": user.username,
            "origin_jti": origin_jti,
            "aud": client_id,
            "event_id": event_id,
            "token_use": "id",
            "auth_time": auth_time,
            "exp": issued_at + _validity(client, "Id"),
            "iat": issued_at,
            "jti": str(uuid.uuid4()),
        }
    )

    access_claims: Claims = {"sub": sub}
    if groups:
        access_claims["cognito:groups"] = [group.group_name for group in groups]
    access_claims.update(
        {
            "iss": issuer,
            "client_id": client_id,
            "origin_jti": origin_jti,
            "event_id": event_id,
            "token_use": "access",
            "scope": " ".join(scopes),
            "auth_time": auth_time,
            "exp": issued_at + _validity(client, "Access"),
            "iat": issued_at,
            "jti": str(uuid.uuid4()),
            "username": user.username,
        }
    )
    return id_claims, access_claims


def _sign(pool: Model, claims: Claims) -> str:
    from joserfc import jwt

    # moto's key id, the one its JWKS (`/<pool>/.well-known/jwks.json`) serves.
    return str(jwt.encode({"kid": "dummy", "alg": "RS256"}, claims, pool.json_web_key))


def issue(
    pool: Model,
    client_id: str,
    username: str,
    origin_jti: str,
    scopes: tuple[str, ...] | None = None,
    source: str = SOURCE_AUTHENTICATION,
) -> tuple[str, str, int]:
    """Sign and record the access and ID tokens of one sign-in or refresh:
    (access token, ID token, access token lifetime in seconds). `scopes` given at the sign-in
    (the hosted UI's) are kept for its refreshes; `source` is the hook's trigger source of the
    sign-in's first tokens."""
    user = pool._get_user(username)
    sign_in = _sign_ins(pool).get(origin_jti)
    if sign_in is None:  # a refresh token moto made before this patch (or without it)
        sign_in = _sign_ins(pool)[origin_jti] = SignIn(int(time.time()), str(uuid.uuid4()))
    if scopes is not None and not sign_in.issued:
        sign_in.scopes = scopes
    scopes = sign_in.scopes or scopes or (API_SCOPE,)
    source = SOURCE_REFRESH if sign_in.issued else source
    id_claims, access_claims = build_claims(
        pool,
        user,
        client_id,
        origin_jti=origin_jti,
        event_id=sign_in.event_id,
        auth_time=sign_in.auth_time,
        scopes=scopes,
    )
    hook = _hook
    if hook is not None:
        request = TokenRequest(pool, user, client_id, source, scopes)
        id_claims, access_claims = hook(request, dict(id_claims), dict(access_claims))
    sign_in.issued = True
    access_token, id_token = _sign(pool, access_claims), _sign(pool, id_claims)
    pool.access_tokens[access_token] = (client_id, username)
    pool.id_tokens[id_token] = (client_id, username)
    lifetime = int(access_claims.get("exp", 0)) - int(access_claims.get("iat", 0))
    return access_token, id_token, lifetime


# --- moto's methods -----------------------------------------------------------------------------


def _wrap_create_refresh_token(original: Callable[..., tuple[str, str]]) -> Callable[..., Any]:
    def create_refresh_token(self: Model, client_id: str, username: str) -> tuple[str, str]:
        refresh_token, origin_jti = original(self, client_id, username)
        _sign_ins(self)[origin_jti] = SignIn(int(time.time()), str(uuid.uuid4()))
        return refresh_token, origin_jti

    return create_refresh_token


def _pending(pool: Model) -> dict[str, str]:
    return patching.kept(pool, _PENDING_ID, dict)


def create_access_token(
    self: Model, client_id: str, username: str, origin_jti: str
) -> tuple[str, int]:
    access_token, id_token, lifetime = issue(self, client_id, username, origin_jti)
    _pending(self)[origin_jti] = id_token  # moto asks for the ID token right after
    return access_token, lifetime


def create_id_token(self: Model, client_id: str, username: str, origin_jti: str) -> tuple[str, int]:
    id_token = _pending(self).pop(origin_jti, None)
    if id_token is None:
        _, id_token, _ = issue(self, client_id, username, origin_jti)
    return id_token, _validity(self.clients.get(client_id), "Id")


def apply() -> None:
    """Install on moto's user pool (called once, by `server`)."""
    from moto.cognitoidp.models import CognitoIdpUserPool

    patching.wrap(CognitoIdpUserPool, {"create_refresh_token": _wrap_create_refresh_token})
    patching.install(
        CognitoIdpUserPool,
        {"create_access_token": create_access_token, "create_id_token": create_id_token},
    )
