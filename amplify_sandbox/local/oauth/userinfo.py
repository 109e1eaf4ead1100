"""`/oauth2/userInfo`: the signed-in user's attributes for a bearer access token.

As Cognito's: attribute values as strings; with `openid` every attribute the app client may
read, otherwise only those of the `email` / `phone` / `profile` scopes; `sub` and `username`
always. A missing, unknown, revoked or expired token is 401 with `WWW-Authenticate`.
"""

from __future__ import annotations

import time

from amplify_sandbox.local.oauth.web import Request, Response, json_response

_SCOPE_ATTRIBUTES = {
    "email": ("email", "email_verified"),
    "phone": ("phone_number", "phone_number_verified"),
}
_NOT_PROFILE = ("sub", "email", "email_verified", "phone_number", "phone_number_verified")


def _refused(description: str) -> Response:
    return json_response(
        {"error": "invalid_token", "error_description": description},
        401,
        WWW_Authenticate=f'Bearer error="invalid_token", error_description="{description}"',
    )


def user_info(request: Request) -> Response:
    from moto.cognitoidp.exceptions import NotAuthorizedError

    from amplify_sandbox.local.cognito_idp import _jwt_claims, _user_for_access_token

    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        return _refused("Access token is missing")
    access_token = header[7:].strip()
    claims = _jwt_claims(access_token)
    if claims.get("token_use") != "access":
        return _refused("Access token is invalid")
    if int(claims.get("exp", 0)) < time.time():
        return _refused("Access token has expired")
    try:
        pool, user = _user_for_access_token(access_token)
    except NotAuthorizedError:
        return _refused("Access token has been revoked")
    client = pool.clients.get(claims.get("client_id"))
    readable = set(client.get_readable_fields()) if client is not None else set()
    scopes = set(str(claims.get("scope", "")).split())
    document: dict[str, str] = {"sub": user.id}
    for name, value in user.attribute_lookup.items():
        if name == "sub" or name.startswith("dev:") or (readable and name not in readable):
            continue
        if _allowed(name, scopes):
            document[name] = str(value)
    document["username"] = user.username
    return json_response(document)


def _allowed(name: str, scopes: set[str]) -> bool:
    if "openid" in scopes or "aws.cognito.signin.user.admin" in scopes:
        return True
    if any(name in _SCOPE_ATTRIBUTES.get(scope, ()) for scope in scopes):
        return True
    return "profile" in scopes and name not in _NOT_PROFILE
