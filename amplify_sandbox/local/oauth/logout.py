"""`/logout`: back to one of the app client's sign-out URLs (`logout_uri`), or to the sign-in page
(`redirect_uri` + `response_type`, as Cognito's "sign out, then sign in again"), ending the
browser's hosted-UI session (see `sessions`). Any other
address is refused with the error page: the endpoint never redirects to an unregistered URL."""

from __future__ import annotations

from amplify_sandbox.local.oauth import pages, sessions
from amplify_sandbox.local.oauth.clients import UnknownClient, find
from amplify_sandbox.local.oauth.web import Request, Response, html, redirect, with_query


def logout(request: Request) -> Response:
    client_id = request.args.get("client_id", "")
    try:
        client = find(client_id)
    except UnknownClient:
        return html(pages.error_page("invalid_request", f"No app client {client_id!r}."), 400)
    logout_uri = request.args.get("logout_uri")
    if logout_uri is not None:
        if logout_uri not in client.logout_urls:
            return html(
                pages.error_page(
                    "redirect_mismatch",
                    f"logout_uri {logout_uri!r} is not one of the app client's sign-out URLs "
                    f"({', '.join(client.logout_urls) or 'none'}).",
                ),
                400,
            )
        response = redirect(logout_uri)
        sessions.end(request, response)
        return response
    if request.args.get("redirect_uri") and request.args.get("response_type"):
        response = redirect(with_query("/oauth2/authorize", request.args.to_dict()))
        sessions.end(request, response)
        return response
    return html(pages.error_page("invalid_request", "logout_uri is required."), 400)
