"""The hosted UI's HTML: the user pool's sign-in page, a provider's stand-in page, the error page.
Every value is escaped; forms post to the same origin."""

from __future__ import annotations

import html
import urllib.parse
from collections.abc import Sequence

_STYLE = """
body { font-family: system-ui, sans-serif; background: #f2f3f3; margin: 0; }
main { max-width: 26rem; margin: 3rem auto; background: #fff; padding: 2rem;
       border-radius: .5rem; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
h1 { font-size: 1.3rem; margin-top: 0; }
label { display: block; margin: .8rem 0 .2rem; font-weight: 600; }
input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; }
button, a.button { display: block; width: 100%; margin-top: 1.2rem; padding: .6rem;
       font-size: 1rem; text-align: center; box-sizing: border-box; cursor: pointer; }
a.button { border: 1px solid #888; color: #000; text-decoration: none; border-radius: .2rem; }
p.error { color: #b00020; font-weight: 600; }
p.note { color: #555; font-size: .85rem; }
"""


def _page(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<meta name=viewport content='width=device-width'><title>{html.escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body><main>{body}</main></body></html>"
    )


def _error(message: str | None) -> str:
    return f"<p class=error role=alert>{html.escape(message)}</p>" if message else ""


def _field(name: str, label: str, value: str = "", kind: str = "text") -> str:
    return (
        f"<label for={html.escape(name, quote=True)}>{html.escape(label)}</label>"
        f"<input id='{html.escape(name, quote=True)}' name='{html.escape(name, quote=True)}' "
        f"type={kind} value='{html.escape(value, quote=True)}'>"
    )


def provider_path(provider: str, request_id: str) -> str:
    query = urllib.parse.urlencode({"request": request_id})
    return f"/amplify-sandbox/idp/{urllib.parse.quote(provider, safe='')}?{query}"


def sign_in(
    request_id: str,
    pool_name: str,
    providers: Sequence[str],
    password_sign_in: bool,
    *,
    username: str = "",
    error: str | None = None,
) -> str:
    """The user pool's sign-in page: username and password (when the client allows COGNITO),
    and a button for each external provider the client allows."""
    parts = [f"<h1>Sign in to {html.escape(pool_name)}</h1>", _error(error)]
    for provider in providers:
        parts.append(
            f"<a class=button href='{html.escape(provider_path(provider, request_id), quote=True)}'>"
            f"Continue with {html.escape(provider)}</a>"
        )
    if password_sign_in:
        parts.append(
            "<form method=post action='/login'>"
            f"<input type=hidden name=request value='{html.escape(request_id, quote=True)}'>"
            + _field("username", "Username", username)
            + _field("password", "Password", kind="password")
            + "<button type=submit>Sign in</button></form>"
        )
    parts.append("<p class=note>amplify-sandbox local emulator: the user pool's hosted UI.</p>")
    return _page(f"Sign in to {pool_name}", "".join(parts))


def stand_in(
    request_id: str,
    provider: str,
    provider_type: str,
    fields: Sequence[tuple[str, str]],
    *,
    error: str | None = None,
) -> str:
    """A provider's stand-in: 'sign in as' a test identity, given by its provider attributes."""
    body = [
        f"<h1>Sign in with {html.escape(provider)}</h1>",
        "<p class=note>Local stand-in for the "
        f"{html.escape(provider_type)} identity provider: no one is contacted. Sign in as this "
        "test identity; the user pool maps its attributes as it would the provider's.</p>",
        _error(error),
        f"<form method=post action='{html.escape(provider_path(provider, request_id), quote=True)}'>",
    ]
    body += [_field(f"attr:{name}", name, value) for name, value in fields]
    body.append("<button type=submit>Sign in as this identity</button></form>")
    return _page(f"Sign in with {provider}", "".join(body))


def error_page(error: str, message: str) -> str:
    return _page(
        "Sign-in error",
        f"<h1>Sign-in error</h1><p class=error role=alert>{html.escape(error)}: "
        f"{html.escape(message)}</p>",
    )
