"""`GET /amplify-sandbox/function-logs`: the trigger functions' console output the emulator kept,
for `sandbox logs` and `deploy --watch`. Behind the emulator's token (like moto's admin
endpoints) and, as every request, loopback `Host` names only (`access.HostGuard`).

Query: `function=NAME` (else every function), `after=SEQ` (lines after that sequence number),
`wait=SECONDS` (up to 20: wait for the first new line — a long poll for `--follow`).
Answer: `{"functions": [...], "lines": [{"seq", "time", "function", "line"}, ...], "last": SEQ}`."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterable
from typing import TYPE_CHECKING

from amplify_sandbox.local.access import TOKEN_HEADER, refuse_without_token
from amplify_sandbox.local.triggers.invoke import current

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

LOGS_PATH = "/amplify-sandbox/function-logs"
MAX_WAIT_SECONDS = 20.0


def _number(value: str, default: float) -> float:
    try:
        return float(value)
    except ValueError:
        return default


class FunctionLogsMiddleware:
    def __init__(self, app: WSGIApplication, token: str) -> None:
        self.app = app
        self.token = token

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != LOGS_PATH:
            return self.app(environ, start_response)
        refusal = refuse_without_token(
            environ,
            start_response,
            self.token,
            f"The function logs need the emulator's token in {TOKEN_HEADER}.",
        )
        if refusal is not None:
            return refusal
        query = urllib.parse.parse_qs(str(environ.get("QUERY_STRING") or ""))
        function = (query.get("function") or [""])[0] or None
        after = int(_number((query.get("after") or ["0"])[0], 0))
        wait = min(max(_number((query.get("wait") or ["0"])[0], 0), 0), MAX_WAIT_SECONDS)
        book = current().logs
        lines = book.wait(after, function, wait) if wait else book.since(after, function)
        document = {
            "functions": book.functions(),
            "lines": [entry.as_json() for entry in lines],
            "last": lines[-1].seq if lines else after,
        }
        body = json.dumps(document).encode()
        start_response(
            "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        )
        return [body]
