"""The hosted UI's paths, over HTTPS only (plain HTTP stays moto's, whose S3 would otherwise lose
buckets named `login` or `logout`):

- `GET /oauth2/authorize`: check the request, then to `/login` (COGNITO, or no provider named)
  or to the provider's stand-in page;
- `GET|POST /login`: the user pool's sign-in page (also with the authorize parameters, as
  Cognito's);
- `GET|POST /amplify-sandbox/idp/<provider>`: a provider's stand-in page;
- `POST /oauth2/token`, `GET|POST /oauth2/userInfo`, `GET /logout`.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable
from typing import TYPE_CHECKING

from amplify_sandbox.local.oauth import federation, grants, pages, sessions, signin
from amplify_sandbox.local.oauth.authorize import AuthorizeRequest, check, waiting
from amplify_sandbox.local.oauth.clients import COGNITO
from amplify_sandbox.local.oauth.errors import PageError, RedirectError
from amplify_sandbox.local.oauth.logout import logout
from amplify_sandbox.local.oauth.token import token
from amplify_sandbox.local.oauth.userinfo import user_info
from amplify_sandbox.local.oauth.web import Request, Response, html, redirect, with_query

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

PROVIDER_PREFIX = "/amplify-sandbox/idp/"


def _error_page(error: PageError) -> Response:
    return html(pages.error_page(error.error, error.message), 400)


def _error_redirect(error: RedirectError) -> Response:
    parameters = {"error_description": error.description, "error": error.error}
    return redirect(with_query(error.redirect_uri, {**parameters, "state": error.state}))


def _complete(http: Request, key: str, request: AuthorizeRequest, username: str) -> Response:
    """The sign-in is done: back to the app with a code (or, implicit grant, the tokens), and
    the browser's session with the user pool (re)started."""
    response = _answer(key, request, username)
    sessions.start(http, response, request.client.pool, username)
    return response


def _answer(key: str, request: AuthorizeRequest, username: str) -> Response:
    waiting.done(key)
    if request.response_type == "code":
        code = grants.new_code(request, username)
        return redirect(with_query(request.redirect_uri, {"code": code, "state": request.state}))
    issued = grants.sign_in_tokens(request.client.pool, request.client_id, username, request.scopes)
    fragment = {
        "id_token": issued.id_token,
        "access_token": issued.access_token,
        "token_type": "Bearer",
        "expires_in": str(issued.expires_in),
    }
    if request.state is not None:
        fragment["state"] = request.state
    return redirect(f"{request.redirect_uri}#{urllib.parse.urlencode(fragment)}")


def authorize(request: Request) -> Response:
    try:
        checked = check(request.args.to_dict())
    except PageError as error:
        return _error_page(error)
    except RedirectError as error:
        return _error_redirect(error)
    key = waiting.put(checked)
    provider = checked.provider
    prompt = request.args.get("prompt", "").split()
    resumed = sessions.signed_in(request, checked.client.pool)
    if "none" in prompt:
        if resumed is None:
            waiting.done(key)
            return _error_redirect(checked.error("login_required", "No signed-in session."))
        return _answer(key, checked, resumed)
    if resumed is not None and "login" not in prompt and provider in (None, COGNITO):
        return _answer(key, checked, resumed)
    if provider is None:
        external = [name for name in checked.client.providers if name != COGNITO]
        if COGNITO not in checked.client.providers and len(external) == 1:
            provider = external[0]
    if provider is None or provider == COGNITO:
        return redirect(f"/login?{urllib.parse.urlencode({'request': key})}")
    return redirect(pages.provider_path(provider, key))


def login(request: Request) -> Response:
    try:
        if request.method == "POST":
            key = request.form.get("request", "")
            waiting_request = waiting.get(key)
        elif "request" in request.args:
            key = request.args["request"]
            waiting_request = waiting.get(key)
        else:
            waiting_request = check(request.args.to_dict(), provider=COGNITO)
            key = waiting.put(waiting_request)
    except PageError as error:
        return _error_page(error)
    except RedirectError as error:
        return _error_redirect(error)
    if request.method != "POST":
        return html(signin.page(key, waiting_request))
    if COGNITO not in waiting_request.client.providers:
        return _error_page(PageError("unauthorized_client", "No COGNITO sign-in for this client."))
    username = request.form.get("username", "")
    try:
        user = signin.check_password(
            waiting_request.client.pool, username, request.form.get("password", "")
        )
    except signin.SignInRefused as refused:
        page = signin.page(key, waiting_request, username=username, error=refused.message)
        return html(page, 400)
    return _complete(request, key, waiting_request, user.username)


def provider(request: Request, name: str) -> Response:
    key = request.args.get("request", "")
    try:
        waiting_request = waiting.get(key)
    except PageError as error:
        return _error_page(error)
    configured = waiting_request.client.identity_provider(name)
    if configured is None:
        return _error_page(
            PageError("invalid_request", f"{name!r} is not an identity provider of this client.")
        )
    if request.method != "POST":
        return html(federation.page(key, configured))
    identity = {
        field[len("attr:") :]: value
        for field, value in request.form.items()
        if field.startswith("attr:")
    }
    try:
        user = federation.sign_in_as(waiting_request.client.pool, configured, identity)
    except federation.FederationRefused as refused:
        return html(federation.page(key, configured, error=refused.message), 400)
    if not user.enabled:
        return html(federation.page(key, configured, error="User is disabled."), 400)
    return _complete(request, key, waiting_request, user.username)


_ROUTES = {
    "/oauth2/authorize": authorize,
    "/login": login,
    "/oauth2/token": token,
    "/oauth2/userInfo": user_info,
    "/logout": logout,
}


class HostedUi:
    """WSGI middleware: the hosted UI's paths over HTTPS, everything else to `app`."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO") or "")
        if environ.get("wsgi.url_scheme") != "https":
            return self.app(environ, start_response)
        handler = _ROUTES.get(path)
        if handler is not None:
            response = handler(Request(environ))
        elif path.startswith(PROVIDER_PREFIX) and path.count("/") == 3:
            response = provider(
                Request(environ), urllib.parse.unquote(path[len(PROVIDER_PREFIX) :])
            )
        else:
            return self.app(environ, start_response)
        return response(environ, start_response)
