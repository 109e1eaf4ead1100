"""CORS: Amplify JS in a browser on another origin can call the emulator."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from email.message import Message

from emulator_helpers import PASSWORD, Pool

ORIGIN = "http://127.0.0.1:5173"
AMPLIFY_HEADERS = "content-type,x-amz-target,x-amz-user-agent,cache-control"


def _send(request: urllib.request.Request) -> tuple[int, Message, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_preflight_allows_amplify_requests(emulator_url: str) -> None:
    request = urllib.request.Request(
        f"{emulator_url}/",
        method="OPTIONS",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": AMPLIFY_HEADERS,
        },
    )

    status, headers, _ = _send(request)

    assert status in (200, 204)
    assert headers.get_all("Access-Control-Allow-Origin") == [ORIGIN]
    assert "POST" in headers["Access-Control-Allow-Methods"]
    allowed = {h.strip().lower() for h in headers["Access-Control-Allow-Headers"].split(",")}
    assert set(AMPLIFY_HEADERS.split(",")) <= allowed


def _amplify_call(
    emulator_url: str, target: str, body: dict[str, object]
) -> urllib.request.Request:
    return urllib.request.Request(
        f"{emulator_url}/",
        method="POST",
        data=json.dumps(body).encode(),
        headers={
            "Origin": ORIGIN,
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": f"AWSCognitoIdentityProviderService.{target}",
            "X-Amz-User-Agent": "aws-amplify/6.0.0 auth/1 framework/1",
            "Cache-Control": "no-store",
        },
    )


def test_unsigned_browser_error_carries_cors_headers(emulator_url: str) -> None:
    status, headers, body = _send(
        _amplify_call(
            emulator_url, "InitiateAuth", {"ClientId": "nope", "AuthFlow": "USER_SRP_AUTH"}
        )
    )

    assert status == 400
    assert headers.get_all("Access-Control-Allow-Origin") == [ORIGIN]
    exposed = {h.strip().lower() for h in headers["Access-Control-Expose-Headers"].split(",")}
    assert {"x-amzn-requestid", "x-amzn-errortype"} <= exposed
    assert "ResourceNotFoundException" in json.loads(body)["__type"]


def test_unsigned_browser_sign_up_succeeds_with_cors_headers(
    emulator_url: str, email_pool: Pool
) -> None:
    status, headers, body = _send(
        _amplify_call(
            emulator_url,
            "SignUp",
            {"ClientId": email_pool.client_id, "Username": "ada@example.com", "Password": PASSWORD},
        )
    )

    assert status == 200
    assert headers.get_all("Access-Control-Allow-Origin") == [ORIGIN]
    assert json.loads(body)["UserConfirmed"] is False
