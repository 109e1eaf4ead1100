"""`/oauth2/token`: the authorization-code grant (with PKCE) and the refresh-token grant.

Client authentication as Cognito's: a client with a secret must send it, in HTTP Basic
(`client_id:client_secret`) or as `client_secret` in the body; errors are OAuth's JSON
`{"error": ...}` with 400 (401 for `invalid_client`).
"""

from __future__ import annotations

import base64
import binascii

from amplify_sandbox.local.access import same_secret
from amplify_sandbox.local.oauth import grants
from amplify_sandbox.local.oauth.clients import OAuthClient, UnknownClient, find
from amplify_sandbox.local.oauth.errors import GrantError
from amplify_sandbox.local.oauth.web import Request, Response, json_response


def _basic(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise GrantError("invalid_client", "Malformed Basic authorization.", 401) from None
    client_id, _, secret = decoded.partition(":")
    return client_id, secret


def authenticated_client(request: Request) -> OAuthClient:
    basic = _basic(request)
    client_id = basic[0] if basic else request.form.get("client_id", "")
    secret = basic[1] if basic else request.form.get("client_secret")
    if basic and request.form.get("client_id") not in (None, "", client_id):
        raise GrantError("invalid_client", "client_id differs from the Basic one.", 401)
    try:
        client = find(client_id)
    except UnknownClient:
        raise GrantError("invalid_client", f"No app client {client_id!r}.", 401) from None
    if client.secret is not None and not (secret and same_secret(secret, client.secret)):
        raise GrantError("invalid_client", "The client secret is missing or wrong.", 401)
    return client


def token(request: Request) -> Response:
    if request.method != "POST":
        return json_response({"error": "invalid_request"}, 405, Allow="POST")
    try:
        client = authenticated_client(request)
        grant_type = request.form.get("grant_type", "")
        if grant_type == "authorization_code":
            if "code" not in client.flows:
                raise GrantError("unauthorized_client", "Code grant not allowed.")
            issued = grants.redeem(
                request.form.get("code", ""),
                client.id,
                request.form.get("redirect_uri", ""),
                request.form.get("code_verifier"),
            )
        elif grant_type == "refresh_token":
            issued = grants.refresh(client.pool, client.id, request.form.get("refresh_token", ""))
        else:
            raise GrantError("unsupported_grant_type", f"grant_type {grant_type!r}")
    except GrantError as refused:
        document = {"error": refused.error, "error_description": refused.description}
        return json_response(document, refused.status)
    return json_response(issued.as_dict())
