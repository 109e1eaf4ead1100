"""The emulator's own refusals: one JSON shape (moto's `__type` / `message`), never CORS headers."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse


def refuse(
    start_response: StartResponse, error_type: str, message: str, status: str = "403 Forbidden"
) -> Iterable[bytes]:
    body = json.dumps({"__type": error_type, "message": message}).encode()
    start_response(
        status,
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("x-amzn-ErrorType", error_type),
        ],
    )
    return [body]
