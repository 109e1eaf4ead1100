"""What a web page or another program can do with the emulator: moto's admin endpoints need the
token, only loopback `Host` names and allowed origins are answered, and no password is kept."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from email.message import Message
from typing import Any

import pytest
from botocore.exceptions import ClientError
from emulator_helpers import PASSWORD, Pool, confirmed_user
from srp_client import SrpClient

from amplify_sandbox.errors import UsageError
from amplify_sandbox.local.access import TOKEN_HEADER
from amplify_sandbox.local.origins import OriginPolicy, is_loopback_host, parse_origin
from amplify_sandbox.local.server import EmulatorServer

FOREIGN = "http://evil.test"
NEW_PASSWORD = "Brand-New-Horse-2"
ADMIN_PASSWORD = "Admin-Set-Horse-3"
TEMPORARY = "Temporary-Horse-4"


def _send(
    url: str, method: str = "GET", headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(
        url, method=method, headers=headers or {}, data=body if method != "GET" else None
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _raw(emulator: EmulatorServer, host: str, path: str) -> tuple[int, bytes]:
    """A request with a Host header of our choosing (urllib always sends the URL's)."""
    connection = http.client.HTTPConnection(emulator.host, emulator.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _cors(headers: Message) -> list[str]:
    return [name for name in headers if name.lower().startswith("access-control-")]


def _dump(emulator: EmulatorServer) -> str:
    status, _, body = _send(
        f"{emulator.url}/moto-api/data.json", headers={TOKEN_HEADER: emulator.token}
    )
    assert status == 200
    return body.decode()


# --- moto's admin endpoints ------------------------------------------------------------------


def test_data_json_needs_the_token(emulator: EmulatorServer, emulator_url: str) -> None:
    for headers in ({}, {TOKEN_HEADER: "guessed"}, {TOKEN_HEADER: ""}):
        status, _, body = _send(f"{emulator_url}/moto-api/data.json", headers=headers)
        assert status == 403
        assert json.loads(body)["__type"] == "AdminTokenRequired"
    for path in ("/moto-api/", "//moto-api/data.json", "/moto-api/reset-auth"):
        assert _send(f"{emulator_url}{path}")[0] == 403, path

    assert json.loads(_dump(emulator))  # the tool, with its token, still can


def test_reset_is_refused_without_the_token(
    emulator: EmulatorServer, emulator_url: str, idp: Any, email_pool: Pool
) -> None:
    status, _, body = _send(f"{emulator_url}/moto-api/reset", method="POST")

    assert status == 403
    assert TOKEN_HEADER in json.loads(body)["message"]
    assert [p["Id"] for p in idp.list_user_pools(MaxResults=10)["UserPools"]] == [email_pool.id]


# --- Host (DNS rebinding) ------------------------------------------------------------------------


def test_a_host_that_is_not_a_loopback_name_is_refused(
    emulator: EmulatorServer, emulator_url: str
) -> None:
    for host in (f"evil.test:{emulator.port}", "rebind.example.com", "10.0.0.5"):
        status, body = _raw(emulator, host, "/amplify-sandbox/health")
        assert status == 403, host
        document = json.loads(body)
        assert document["__type"] == "HostNotAllowed"
        assert "loopback" in document["message"] and host in document["message"]
    for host in (
        f"localhost:{emulator.port}",
        f"127.0.0.1:{emulator.port}",
        "[::1]",
        "a.localhost",
    ):
        assert _raw(emulator, host, "/amplify-sandbox/health")[0] == 200, host


def test_loopback_host_names() -> None:
    assert is_loopback_host("127.0.0.1:4566") and is_loopback_host("127.8.9.10")
    assert is_loopback_host("[::1]:4566") and is_loopback_host("LOCALHOST")
    assert not is_loopback_host("localhost.evil.test") and not is_loopback_host("0.0.0.0")
    assert not is_loopback_host("") and not is_loopback_host("a b")
    assert is_loopback_host("devbox:1", also=["devbox"])


# --- Origin (CORS) -----------------------------------------------------------------------------


def test_a_foreign_origin_gets_no_cors_headers_and_no_answer(
    emulator_url: str, idp: Any, email_pool: Pool
) -> None:
    preflight = _send(
        f"{emulator_url}/",
        method="OPTIONS",
        headers={
            "Origin": FOREIGN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-amz-target",
        },
    )
    sign_up = _send(
        f"{emulator_url}/",
        method="POST",
        headers={
            "Origin": FOREIGN,
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AWSCognitoIdentityProviderService.SignUp",
        },
        body=json.dumps(
            {"ClientId": email_pool.client_id, "Username": "eve@example.com", "Password": PASSWORD}
        ).encode(),
    )

    for status, headers, body in (preflight, sign_up):
        assert status == 403
        assert _cors(headers) == []
        assert json.loads(body)["__type"] == "OriginNotAllowed"
    assert idp.list_users(UserPoolId=email_pool.id)["Users"] == []


def test_loopback_origins_get_cors_headers(emulator_url: str) -> None:
    for origin in ("http://localhost:5173", "http://127.0.0.1:3000", "http://[::1]:8080"):
        status, headers, _ = _send(
            f"{emulator_url}/",
            method="OPTIONS",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        assert status == 204
        assert headers.get_all("Access-Control-Allow-Origin") == [origin]


def test_no_origin_no_cors_headers(emulator_url: str) -> None:
    status, headers, _ = _send(f"{emulator_url}/amplify-sandbox/health")
    assert status == 200
    assert _cors(headers) == []


def test_added_origins() -> None:
    policy = OriginPolicy(("http://devbox.test:5173", "https://app.test:*"))

    assert policy.allows("http://devbox.test:5173")
    assert not policy.allows("http://devbox.test:5174")
    assert not policy.allows("https://devbox.test:5173")
    assert policy.allows("https://app.test") and policy.allows("https://app.test:8443")
    assert not policy.allows("http://app.test")
    assert not policy.allows("null") and not policy.allows("http://localhost.evil.test")


@pytest.mark.parametrize(
    "text",
    ["*", "http://*.test", "devbox.test:5173", "ftp://x.test", "http://x.test/app", "http://x:0"],
)
def test_a_malformed_origin_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_origin(text)
    assert text in caught.value.message
    assert caught.value.hint and "scheme://host[:port]" in caught.value.hint


# --- passwords -------------------------------------------------------------------------------------


def test_no_password_in_plain_text_in_the_dump_and_every_flow_still_works(
    emulator: EmulatorServer, idp: Any, email_pool: Pool
) -> None:
    idp.update_user_pool_client(
        UserPoolId=email_pool.id,
        ClientId=email_pool.client_id,
        ExplicitAuthFlows=[
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ],
    )
    confirmed_user(idp, email_pool, "ada@example.com")
    srp = SrpClient(email_pool.id, email_pool.client_id)
    assert "AuthenticationResult" in srp.sign_in(idp, "ada@example.com", PASSWORD)

    def password_auth(password: str) -> dict[str, Any]:
        result: dict[str, Any] = idp.initiate_auth(
            ClientId=email_pool.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "ada@example.com", "PASSWORD": password},
        )
        return result

    access = password_auth(PASSWORD)["AuthenticationResult"]["AccessToken"]
    idp.change_password(
        AccessToken=access, PreviousPassword=PASSWORD, ProposedPassword=NEW_PASSWORD
    )
    with pytest.raises(ClientError) as old:
        password_auth(PASSWORD)
    assert old.value.response["Error"]["Code"] == "NotAuthorizedException"
    assert "AuthenticationResult" in srp.sign_in(idp, "ada@example.com", NEW_PASSWORD)

    idp.admin_set_user_password(
        UserPoolId=email_pool.id,
        Username="ada@example.com",
        Password=ADMIN_PASSWORD,
        Permanent=True,
    )
    admin = idp.admin_initiate_auth(
        UserPoolId=email_pool.id,
        ClientId=email_pool.client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ada@example.com", "PASSWORD": ADMIN_PASSWORD},
    )
    assert "AuthenticationResult" in admin
    with pytest.raises(ClientError):
        srp.sign_in(idp, "ada@example.com", NEW_PASSWORD)

    idp.admin_create_user(
        UserPoolId=email_pool.id,
        Username="bob@example.com",
        TemporaryPassword=TEMPORARY,
        MessageAction="SUPPRESS",
    )
    challenge = idp.initiate_auth(
        ClientId=email_pool.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "bob@example.com", "PASSWORD": TEMPORARY},
    )
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"

    dump = _dump(emulator)
    for password in (PASSWORD, NEW_PASSWORD, ADMIN_PASSWORD, TEMPORARY):
        assert password not in dump
    assert "ada@example.com" in dump  # the users are in it, without their passwords


# --- domains ---------------------------------------------------------------------------------------


def test_a_domain_prefix_another_pool_holds_is_refused(idp: Any, email_pool: Pool) -> None:
    other = idp.create_user_pool(PoolName="other")["UserPool"]["Id"]
    idp.create_user_pool_domain(Domain="taken-prefix", UserPoolId=email_pool.id)

    with pytest.raises(ClientError) as taken:
        idp.create_user_pool_domain(Domain="taken-prefix", UserPoolId=other)
    assert taken.value.response["Error"]["Code"] == "InvalidParameterException"
    described = idp.describe_user_pool_domain(Domain="taken-prefix")["DomainDescription"]
    assert described["UserPoolId"] == email_pool.id

    with pytest.raises(ClientError) as second:
        idp.create_user_pool_domain(Domain="another-prefix", UserPoolId=email_pool.id)
    assert second.value.response["Error"]["Code"] == "InvalidParameterException"

    with pytest.raises(ClientError) as wrong_pool:
        idp.delete_user_pool_domain(Domain="taken-prefix", UserPoolId=other)
    assert wrong_pool.value.response["Error"]["Code"] == "InvalidParameterException"
    assert idp.describe_user_pool_domain(Domain="taken-prefix")["DomainDescription"]
    idp.delete_user_pool_domain(Domain="taken-prefix", UserPoolId=email_pool.id)
    idp.create_user_pool_domain(Domain="taken-prefix", UserPoolId=other)
