"""`/oauth2/authorize` as Cognito checks it, and the authorize requests waiting for a sign-in.

Cognito's order: an unknown `client_id` or a `redirect_uri` that is not one of the client's
CallbackURLs is shown as an error page (never a redirect to an unchecked address); every other
fault of the request is sent back to the checked `redirect_uri` as `error` /
`error_description` (and `state`), as RFC 6749 4.1.2.1 says. Only `S256` PKCE challenges.

A checked request waits (15 minutes, in memory) under a random id while the user signs in on
the local sign-in page or a provider's stand-in page; the id is all those pages carry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from amplify_sandbox.local.oauth.clients import COGNITO, OAuthClient, UnknownClient, find
from amplify_sandbox.local.oauth.errors import PageError, RedirectError
from amplify_sandbox.local.oauth.expiring import Expiring

WAIT_SECONDS = 15 * 60
RESPONSE_TYPES = {"code": "code", "token": "implicit"}


@dataclass(frozen=True)
class AuthorizeRequest:
    client: OAuthClient
    redirect_uri: str
    response_type: str
    scopes: tuple[str, ...]
    state: str | None
    code_challenge: str | None
    provider: str | None  # COGNITO, an external provider's name, or None (the user chooses)
    nonce: str | None

    @property
    def client_id(self) -> str:
        return self.client.id

    def error(self, error: str, description: str) -> RedirectError:
        return RedirectError(self.redirect_uri, error, description, self.state)


def check(parameters: Mapping[str, str], provider: str | None = None) -> AuthorizeRequest:
    """The authorize request of `parameters` (query of `/oauth2/authorize` or `/login`), checked;
    `provider` forces `identity_provider` (the `/login` page is COGNITO's)."""
    client_id = parameters.get("client_id", "")
    try:
        client = find(client_id)
    except UnknownClient:
        raise PageError("invalid_request", f"No app client with id {client_id!r}.") from None
    redirect_uri = parameters.get("redirect_uri", "")
    if redirect_uri not in client.callback_urls:
        raise PageError(
            "redirect_mismatch",
            f"redirect_uri {redirect_uri!r} is not one of the app client's callback URLs "
            f"({', '.join(client.callback_urls) or 'none'}).",
        )
    state = parameters.get("state")
    refuse = _refuser(redirect_uri, state)
    response_type = parameters.get("response_type", "")
    if response_type not in RESPONSE_TYPES:
        raise refuse("unsupported_response_type", f"response_type {response_type!r}")
    if RESPONSE_TYPES[response_type] not in client.flows:
        raise refuse(
            "unauthorized_client",
            f"The app client does not allow the {RESPONSE_TYPES[response_type]} grant.",
        )
    scopes = tuple(parameters.get("scope", "").split()) or tuple(client.scopes)
    unknown = [scope for scope in scopes if scope not in client.scopes]
    if unknown:
        raise refuse("invalid_scope", f"Scope(s) not allowed for the app client: {unknown}")
    challenge = parameters.get("code_challenge") or None
    method = parameters.get("code_challenge_method")
    if challenge is not None and method != "S256":
        raise refuse("invalid_request", "code_challenge_method must be S256")
    if challenge is None and method:
        raise refuse("invalid_request", "code_challenge_method without code_challenge")
    chosen = _provider(client, parameters, provider, refuse)
    return AuthorizeRequest(
        client,
        redirect_uri,
        response_type,
        scopes,
        state,
        challenge,
        chosen,
        parameters.get("nonce") or None,
    )


Refuse = Callable[[str, str], RedirectError]


def _refuser(redirect_uri: str, state: str | None) -> Refuse:
    def refuse(error: str, description: str) -> RedirectError:
        return RedirectError(redirect_uri, error, description, state)

    return refuse


def _provider(
    client: OAuthClient,
    parameters: Mapping[str, str],
    forced: str | None,
    refuse: Refuse,
) -> str | None:
    name = forced or parameters.get("identity_provider") or None
    identifier = parameters.get("idp_identifier")
    if name is None and identifier:
        name = client.provider_for_identifier(identifier)
        if name is None:
            raise refuse(
                "invalid_request", f"No identity provider has idp_identifier {identifier!r}"
            )
    if name is None:
        return None
    if name == COGNITO:
        if COGNITO not in client.providers:
            raise refuse("unauthorized_client", "The app client does not allow COGNITO sign-in.")
        return name
    if client.identity_provider(name) is None:
        raise refuse(
            "invalid_request",
            f"identity_provider {name!r} is not configured for this app client "
            f"(it has: {', '.join(client.providers) or 'none'}).",
        )
    return name


class Waiting:
    """Checked authorize requests, by random id, until a sign-in completes or they expire."""

    def __init__(self) -> None:
        self._requests: Expiring[AuthorizeRequest] = Expiring(WAIT_SECONDS)

    def put(self, request: AuthorizeRequest) -> str:
        return self._requests.put(request)

    def get(self, key: str) -> AuthorizeRequest:
        found = self._requests.get(key)
        if found is None:
            raise PageError(
                "invalid_request",
                "This sign-in page has expired or was already used. Start the sign-in again "
                "from the app.",
            )
        return found

    def done(self, key: str) -> None:
        self._requests.pop(key)


waiting = Waiting()
