"""Requests and responses of the hosted UI endpoints (werkzeug's, which moto's server uses)."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from typing import Any

from werkzeug.wrappers import Request, Response

__all__ = ["Request", "Response", "html", "json_response", "redirect", "with_query"]

# The hosted UI's pages are not to be framed or cached (they carry one-time request ids).
_PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self' http: https:; frame-ancestors 'none'",
    "Referrer-Policy": "same-origin",
}


def html(body: str, status: int = 200) -> Response:
    return Response(body, status=status, mimetype="text/html", headers=_PAGE_HEADERS)


def json_response(document: Mapping[str, Any], status: int = 200, **headers: str) -> Response:
    response = Response(json.dumps(document), status=status, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response.headers[name.replace("_", "-")] = value
    return response


def redirect(location: str) -> Response:
    return Response("", status=302, headers={"Location": location, "Cache-Control": "no-store"})


def with_query(url: str, parameters: Mapping[str, str | None]) -> str:
    """`url` with `parameters` (None values left out) added to its query string."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    query += [(key, value) for key, value in parameters.items() if value is not None]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))
