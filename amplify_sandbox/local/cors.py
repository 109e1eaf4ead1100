"""CORS for the emulator, so Amplify JS in a browser on an allowed origin can call it.

A WSGI middleware: it answers every preflight itself (moto would route an OPTIONS without
`x-amz-target` to some unrelated service) and gives every response one consistent set of
Access-Control-* headers, replacing whatever moto's flask-cors added. Only origins the
`OriginPolicy` allows get them; a request that carries any other `Origin` (a web page the
developer happens to visit) is refused with 403 before it reaches moto, so it can neither read
nor change anything, even as a "simple" request that needs no preflight.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from amplify_sandbox.local.origins import OriginPolicy
from amplify_sandbox.local.responses import refuse

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"
ALLOW_HEADERS = (
    "authorization, content-type, cache-control, x-amz-target, x-amz-user-agent, x-amz-date, "
    "x-amz-security-token, x-amz-content-sha256, amz-sdk-invocation-id, amz-sdk-request"
)
EXPOSE_HEADERS = (
    "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, x-amz-request-id, Date, ETag"
)
MAX_AGE = "600"


def cors_headers(origin: str, requested_headers: str | None = None) -> list[tuple[str, str]]:
    return [
        ("Access-Control-Allow-Origin", origin),
        ("Access-Control-Allow-Methods", ALLOW_METHODS),
        ("Access-Control-Allow-Headers", requested_headers or ALLOW_HEADERS),
        ("Access-Control-Expose-Headers", EXPOSE_HEADERS),
        ("Access-Control-Max-Age", MAX_AGE),
        ("Vary", "Origin"),
    ]


def _strip_cors(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, value in headers
        if not name.lower().startswith("access-control-") and name.lower() != "vary"
    ]


class CorsMiddleware:
    def __init__(self, app: WSGIApplication, policy: OriginPolicy | None = None) -> None:
        self.app = app
        self.policy = policy or OriginPolicy()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        origin = environ.get("HTTP_ORIGIN")
        if origin is None:
            # Not a browser's cross-origin call (boto3, the CLI): no CORS headers at all.
            def start_without_cors(
                status: str, headers: list[tuple[str, str]], exc_info: object = None
            ) -> object:
                return start_response(status, _strip_cors(headers), exc_info)  # type: ignore[arg-type]

            return self.app(environ, start_without_cors)  # type: ignore[arg-type]
        if not self.policy.allows(origin):
            return refuse(
                start_response,
                "OriginNotAllowed",
                f"The amplify-sandbox emulator does not answer web pages from {origin}. "
                "Only loopback origins are allowed; add yours with "
                "`sandbox local start --allow-origin URL`.",
            )
        if environ.get("REQUEST_METHOD") == "OPTIONS":
            # Any headers the browser asks for are allowed: this is a local development server.
            requested = environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS")
            start_response(
                "204 No Content", [*cors_headers(origin, requested), ("Content-Length", "0")]
            )
            return [b""]

        def start_with_cors(
            status: str, headers: list[tuple[str, str]], exc_info: object = None
        ) -> object:
            return start_response(status, [*_strip_cors(headers), *cors_headers(origin)], exc_info)  # type: ignore[arg-type]

        return self.app(environ, start_with_cors)  # type: ignore[arg-type]
