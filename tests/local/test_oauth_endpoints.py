"""The emulator's hosted UI and OAuth 2.0 endpoints (issue 15 item 4), over HTTPS against a
sandbox deployed with `sandbox deploy --local` from a definition with a Google provider.

Every request goes to `https://localhost:PORT` trusting only the emulator's CA (the certificate
is checked, as a browser checks it); redirects are not followed, each hop is asserted. What
Cognito does is the expectation: Cognito's developer guide ("Authorize endpoint", "Token
endpoint", "UserInfo endpoint", "Logout endpoint", "Federated user attributes") and Amplify
JS's oauth code (signInWithRedirect.ts, completeOAuthFlow.ts, oAuthSignOutRedirect.ts), which is
what the requests here are shaped after.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app
from amplify_sandbox.local.oauth import grants
from amplify_sandbox.local.server import EmulatorServer
from tests.local.oauth_flow import Flow, HostedUi, claims, query

runner = CliRunner()
CALLBACK = "http://localhost:3000/"
SIGNED_OUT = "http://localhost:3000/signed-out"
PASSWORD = "Correct-Horse-1!"
RESOURCE = """import { defineAuth, secret } from '@aws-amplify/backend';

export const auth = defineAuth({
  loginWith: {
    email: true,
    externalProviders: {
      google: {
        clientId: secret('GOOGLE_CLIENT_ID'),
        clientSecret: secret('GOOGLE_CLIENT_SECRET'),
        scopes: ['email', 'profile', 'openid'],
        attributeMapping: { email: 'email', givenName: 'given_name', fullname: 'name' },
      },
      callbackUrls: ['CALLBACK'],
      logoutUrls: ['SIGNED_OUT'],
    },
  },
});
""".replace("'CALLBACK'", repr(CALLBACK)).replace("'SIGNED_OUT'", repr(SIGNED_OUT))


@pytest.fixture
def sandbox(
    tmp_path: Path,
    emulator_port: int,
    emulator_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, Any]:
    """The deployed sandbox's outputs file."""
    project = tmp_path / "social"
    (project / "amplify" / "auth").mkdir(parents=True)
    (project / "package.json").write_text('{"name": "social", "type": "module"}')
    (project / "amplify" / "auth" / "resource.ts").write_text(RESOURCE)
    monkeypatch.setenv("SANDBOX_SECRET_GOOGLE_CLIENT_ID", "local-google-client")
    monkeypatch.setenv("SANDBOX_SECRET_GOOGLE_CLIENT_SECRET", "local-google-secret")
    where = ["--local", "--port", str(emulator_port), "--project-dir", str(project)]
    deployed = runner.invoke(app, ["deploy", *where, "--identifier", "social"])
    assert deployed.exit_code == 0, deployed.output
    outputs: dict[str, Any] = json.loads((project / "amplify_outputs.json").read_text())
    outputs["_project"] = str(project)
    outputs["_where"] = where
    return outputs


@pytest.fixture
def ui(emulator: EmulatorServer, emulator_port: int) -> HostedUi:
    assert emulator.tls is not None
    return HostedUi(emulator_port, emulator.tls.client_context())


@pytest.fixture
def idp(emulator_url: str) -> Any:
    return boto3.client(
        "cognito-idp",
        endpoint_url=emulator_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def _flow(sandbox: dict[str, Any]) -> Flow:
    return Flow(sandbox["auth"]["user_pool_client_id"], CALLBACK)


def _google_code(ui: HostedUi, flow: Flow, **identity: str) -> str:
    """Authorize with identity_provider=Google, sign in as `identity` on the stand-in page."""
    started = ui.get("/oauth2/authorize", **flow.authorize_parameters(identity_provider="Google"))
    assert started.status == 302, started.body
    assert started.location.startswith("/amplify-sandbox/idp/Google?request=")
    page = ui.get(started.location)
    assert page.status == 200
    fields = page.form_fields()
    form = {name: value for name, value in fields.items() if name != "_action"}
    form.update({f"attr:{name}": value for name, value in identity.items()})
    signed_in = ui.post(fields["_action"], form)
    assert signed_in.status == 302, signed_in.body
    assert signed_in.location.startswith(CALLBACK + "?")
    answer = query(signed_in.location)
    assert answer["state"] == flow.state
    return answer["code"]


def _tokens(ui: HostedUi, flow: Flow, code: str) -> dict[str, Any]:
    answer = ui.post("/oauth2/token", flow.token_form(code))
    assert answer.status == 200, answer.body
    document: dict[str, Any] = answer.json()
    return document


GOOGLE_ADA = {"sub": "104217", "email": "ada@gmail.example", "given_name": "Ada", "name": "Ada L"}


def test_outputs_point_at_the_local_hosted_ui(sandbox: dict[str, Any], emulator_port: int) -> None:
    oauth = sandbox["auth"]["oauth"]
    assert oauth["domain"] == f"localhost:{emulator_port}"
    assert oauth["redirect_sign_in_uri"] == [CALLBACK]
    assert oauth["redirect_sign_out_uri"] == [SIGNED_OUT]
    assert oauth["identity_providers"] == ["GOOGLE"]
    assert oauth["response_type"] == "code"


def test_google_sign_in_maps_the_definitions_attributes(
    sandbox: dict[str, Any], ui: HostedUi, idp: Any
) -> None:
    flow = _flow(sandbox)
    issued = _tokens(ui, flow, _google_code(ui, flow, **GOOGLE_ADA))
    assert set(issued) == {"id_token", "access_token", "refresh_token", "expires_in", "token_type"}
    assert issued["token_type"] == "Bearer"
    pool_id = sandbox["auth"]["user_pool_id"]

    id_claims = claims(issued["id_token"])
    # attributeMapping { email: 'email', givenName: 'given_name', fullname: 'name' }.
    assert id_claims["email"] == "ada@gmail.example"
    assert id_claims["given_name"] == "Ada"
    assert id_claims["name"] == "Ada L"
    assert "family_name" not in id_claims
    assert id_claims["cognito:username"] == "Google_104217"
    assert id_claims["cognito:groups"] == [f"{pool_id}_Google"]
    assert id_claims["aud"] == flow.client_id
    assert id_claims["token_use"] == "id"
    [identity] = id_claims["identities"]
    assert {k: identity[k] for k in ("userId", "providerName", "providerType", "primary")} == {
        "userId": "104217",
        "providerName": "Google",
        "providerType": "Google",
        "primary": "true",
    }
    access = claims(issued["access_token"])
    assert access["scope"] == flow.scope
    assert access["username"] == "Google_104217"
    assert access["client_id"] == flow.client_id

    user = idp.admin_get_user(UserPoolId=pool_id, Username="Google_104217")
    assert user["UserStatus"] == "EXTERNAL_PROVIDER"
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attributes["email"] == "ada@gmail.example"
    assert json.loads(attributes["identities"])[0]["providerName"] == "Google"

    # The emulator's triggers read the status as moto's enum (`.value`).
    from moto.cognitoidp.models import cognitoidp_backends

    from amplify_sandbox.local.triggers.hooks import _attributes

    moto_user = (
        cognitoidp_backends["123456789012"]["us-east-1"].user_pools[pool_id].users["Google_104217"]
    )
    assert _attributes(moto_user)["cognito:user_status"] == "EXTERNAL_PROVIDER"

    # Amplify JS's fetchUserAttributes (GetUser) answers the federated user's session.
    got = idp.get_user(AccessToken=issued["access_token"])
    assert got["Username"] == "Google_104217"

    # userInfo returns the mapped attributes (as strings, as Cognito's).
    info = ui.call("GET", "/oauth2/userInfo", Authorization=f"Bearer {issued['access_token']}")
    assert info.status == 200, info.body
    document = info.json()
    assert document["email"] == "ada@gmail.example"
    assert document["given_name"] == "Ada"
    assert document["name"] == "Ada L"
    assert document["username"] == "Google_104217"
    assert document["sub"] == id_claims["sub"]

    # A second sign-in is the same user, its mapped attributes set again.
    again = _flow(sandbox)
    second = _tokens(ui, again, _google_code(ui, again, **{**GOOGLE_ADA, "name": "Ada King"}))
    assert claims(second["id_token"])["sub"] == id_claims["sub"]
    assert claims(second["id_token"])["name"] == "Ada King"


def test_refresh_keeps_the_sign_in_and_its_scopes(
    sandbox: dict[str, Any], ui: HostedUi, idp: Any
) -> None:
    flow = _flow(sandbox)
    issued = _tokens(ui, flow, _google_code(ui, flow, **GOOGLE_ADA))
    refreshed = ui.post(
        "/oauth2/token",
        {
            "grant_type": "refresh_token",
            "client_id": flow.client_id,
            "refresh_token": issued["refresh_token"],
        },
    )
    assert refreshed.status == 200, refreshed.body
    document = refreshed.json()
    assert "refresh_token" not in document
    before, after = claims(issued["access_token"]), claims(document["access_token"])
    assert after["jti"] != before["jti"]
    assert after["origin_jti"] == before["origin_jti"]
    assert after["scope"] == flow.scope
    # Amplify JS refreshes with InitiateAuth REFRESH_TOKEN_AUTH: the OAuth scopes stay too.
    api = idp.initiate_auth(
        ClientId=flow.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": issued["refresh_token"]},
    )
    assert claims(api["AuthenticationResult"]["AccessToken"])["scope"] == flow.scope

    unknown = ui.post(
        "/oauth2/token",
        {"grant_type": "refresh_token", "client_id": flow.client_id, "refresh_token": "nope"},
    )
    assert (unknown.status, unknown.json()["error"]) == (400, "invalid_grant")


def test_password_sign_in_on_the_local_page(
    sandbox: dict[str, Any], ui: HostedUi, emulator_port: int
) -> None:
    where = sandbox["_where"]
    added = runner.invoke(
        app,
        [
            "users",
            "add",
            "grace@example.com",
            "--confirmed",
            "--password-stdin",
            *where,
            "--identifier",
            "social",
        ],
        input=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    flow = _flow(sandbox)
    started = ui.get("/oauth2/authorize", **flow.authorize_parameters(identity_provider="COGNITO"))
    assert started.status == 302
    assert started.location.startswith("/login?request=")
    page = ui.get(started.location)
    assert page.status == 200
    assert "Continue with Google" in page.body
    fields = page.form_fields()
    assert fields["_action"] == "/login"

    wrong = ui.post(
        "/login",
        {
            "request": fields["request"],
            "username": "grace@example.com",
            "password": "Wrong-Horse-1!",
        },
    )
    assert wrong.status == 400
    assert "Incorrect username or password." in wrong.body
    assert "location" not in wrong.headers

    right = ui.post(
        "/login",
        {"request": fields["request"], "username": "grace@example.com", "password": PASSWORD},
    )
    assert right.status == 302, right.body
    answer = query(right.location)
    assert answer["state"] == flow.state
    issued = _tokens(ui, flow, answer["code"])
    id_claims = claims(issued["id_token"])
    assert id_claims["email"] == "grace@example.com"
    assert id_claims["email_verified"] is True
    assert "identities" not in id_claims

    # The request id is used up with the sign-in.
    replay = ui.post(
        "/login",
        {"request": fields["request"], "username": "grace@example.com", "password": PASSWORD},
    )
    assert replay.status == 400
    assert "expired or was already used" in replay.body


def test_a_redirect_uri_that_is_not_a_callback_url_is_refused(
    sandbox: dict[str, Any], ui: HostedUi
) -> None:
    flow = Flow(sandbox["auth"]["user_pool_client_id"], "http://localhost:3000/evil")
    answer = ui.get("/oauth2/authorize", **flow.authorize_parameters(identity_provider="Google"))
    assert answer.status == 400
    assert "location" not in answer.headers
    assert "redirect_mismatch" in answer.body
    unknown = ui.get("/oauth2/authorize", **Flow("nosuchclient", CALLBACK).authorize_parameters())
    assert unknown.status == 400
    assert "location" not in unknown.headers

    # The token request must name the authorize request's redirect URI too.
    good = _flow(sandbox)
    code = _google_code(ui, good, **GOOGLE_ADA)
    other = ui.post("/oauth2/token", good.token_form(code, redirect_uri=SIGNED_OUT))
    assert (other.status, other.json()["error"]) == (400, "invalid_grant")


def test_pkce_mismatch_single_use_unknown_and_expired_codes(
    sandbox: dict[str, Any], ui: HostedUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    flow = _flow(sandbox)
    code = _google_code(ui, flow, **GOOGLE_ADA)
    mismatch = ui.post("/oauth2/token", flow.token_form(code, code_verifier="x" * 64))
    assert (mismatch.status, mismatch.json()["error"]) == (400, "invalid_grant")
    # The wrong attempt used the code up: the right verifier no longer helps.
    after = ui.post("/oauth2/token", flow.token_form(code))
    assert (after.status, after.json()["error"]) == (400, "invalid_grant")

    fresh = _flow(sandbox)
    code = _google_code(ui, fresh, **GOOGLE_ADA)
    missing = dict(fresh.token_form(code))
    del missing["code_verifier"]
    no_verifier = ui.post("/oauth2/token", missing)
    assert (no_verifier.status, no_verifier.json()["error"]) == (400, "invalid_request")

    once = _flow(sandbox)
    code = _google_code(ui, once, **GOOGLE_ADA)
    assert ui.post("/oauth2/token", once.token_form(code)).status == 200
    twice = ui.post("/oauth2/token", once.token_form(code))
    assert (twice.status, twice.json()["error"]) == (400, "invalid_grant")

    unknown = ui.post("/oauth2/token", once.token_form("not-a-code"))
    assert (unknown.status, unknown.json()["error"]) == (400, "invalid_grant")

    # A code past its five minutes (issued already expired here; no waiting).
    monkeypatch.setattr(grants, "CODE_SECONDS", -1)
    late = _flow(sandbox)
    code = _google_code(ui, late, **GOOGLE_ADA)
    expired = ui.post("/oauth2/token", late.token_form(code))
    assert (expired.status, expired.json()["error"]) == (400, "invalid_grant")


def test_a_provider_the_pool_does_not_have_is_refused(
    sandbox: dict[str, Any], ui: HostedUi
) -> None:
    flow = _flow(sandbox)
    answer = ui.get("/oauth2/authorize", **flow.authorize_parameters(identity_provider="Facebook"))
    assert answer.status == 302
    assert answer.location.startswith(CALLBACK + "?")
    refused = query(answer.location)
    assert refused["error"] == "invalid_request"
    assert "Facebook" in refused["error_description"]
    assert refused["state"] == flow.state
    assert "code" not in refused
    # Nor can its stand-in page be reached with a request for another provider.
    started = ui.get("/oauth2/authorize", **flow.authorize_parameters(identity_provider="Google"))
    key = started.location.split("request=")[1]
    page = ui.get(f"/amplify-sandbox/idp/Facebook?request={key}")
    assert page.status == 400
    # A scope the client does not allow, and a challenge method other than S256.
    scope = ui.get("/oauth2/authorize", **flow.authorize_parameters(scope="openid orders/write"))
    assert query(scope.location)["error"] == "invalid_scope"
    plain = ui.get("/oauth2/authorize", **flow.authorize_parameters(code_challenge_method="plain"))
    assert query(plain.location)["error"] == "invalid_request"


def test_logout_redirects_only_to_a_sign_out_url(sandbox: dict[str, Any], ui: HostedUi) -> None:
    client_id = sandbox["auth"]["user_pool_client_id"]
    done = ui.get("/logout", client_id=client_id, logout_uri=SIGNED_OUT)
    assert (done.status, done.location) == (302, SIGNED_OUT)
    refused = ui.get("/logout", client_id=client_id, logout_uri="https://evil.example/")
    assert refused.status == 400
    assert "location" not in refused.headers
    assert "redirect_mismatch" in refused.body
    unknown = ui.get("/logout", client_id="nosuchclient", logout_uri=SIGNED_OUT)
    assert unknown.status == 400


def test_user_info_needs_a_valid_access_token(
    sandbox: dict[str, Any], ui: HostedUi, idp: Any
) -> None:
    assert ui.call("GET", "/oauth2/userInfo").status == 401
    flow = _flow(sandbox)
    issued = _tokens(ui, flow, _google_code(ui, flow, **GOOGLE_ADA))
    bearer = f"Bearer {issued['access_token']}"
    id_as_access = ui.call("GET", "/oauth2/userInfo", Authorization=f"Bearer {issued['id_token']}")
    assert id_as_access.status == 401
    assert ui.call("GET", "/oauth2/userInfo", Authorization=bearer).status == 200
    idp.global_sign_out(AccessToken=issued["access_token"])
    revoked = ui.call("GET", "/oauth2/userInfo", Authorization=bearer)
    assert revoked.status == 401
    assert "invalid_token" in revoked.headers["www-authenticate"]


def test_a_client_with_a_secret_must_send_it(
    sandbox: dict[str, Any], ui: HostedUi, idp: Any
) -> None:
    pool_id = sandbox["auth"]["user_pool_id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="server",
        GenerateSecret=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthScopes=["openid", "email"],
        CallbackURLs=[CALLBACK],
        SupportedIdentityProviders=["Google"],
    )["UserPoolClient"]
    flow = Flow(client["ClientId"], CALLBACK, scope="openid email")
    # Only Google for this client: no provider named goes straight to its stand-in page.
    started = ui.get("/oauth2/authorize", **flow.authorize_parameters())
    assert started.location.startswith("/amplify-sandbox/idp/Google?")
    code = _google_code(ui, flow, **GOOGLE_ADA)
    without = ui.post("/oauth2/token", flow.token_form(code))
    assert (without.status, without.json()["error"]) == (401, "invalid_client")
    code = _google_code(ui, flow, **GOOGLE_ADA)
    import base64

    basic = base64.b64encode(f"{client['ClientId']}:{client['ClientSecret']}".encode()).decode()
    with_secret = ui.post("/oauth2/token", flow.token_form(code), Authorization=f"Basic {basic}")
    assert with_secret.status == 200, with_secret.body


def test_the_access_rules_still_hold(sandbox: dict[str, Any], ui: HostedUi) -> None:
    flow = _flow(sandbox)
    started = ui.get("/oauth2/authorize", **flow.authorize_parameters(identity_provider="COGNITO"))
    key = started.location.split("request=")[1]
    # A form another web site posts is refused before it reaches the sign-in.
    foreign = HostedUi(ui.port, ui.context, origin="https://evil.example")
    posted = foreign.post("/login", {"request": key, "username": "x", "password": "y"})
    assert posted.status == 403
    assert "OriginNotAllowed" in posted.body
    # The page's own form (same origin) and the app's token call (a loopback origin) are not.
    same = HostedUi(ui.port, ui.context, origin=f"https://localhost:{ui.port}")
    assert same.post("/login", {"request": key, "username": "x", "password": "y"}).status == 400
    app_origin = HostedUi(ui.port, ui.context, origin="http://localhost:3000")
    token = app_origin.post("/oauth2/token", flow.token_form("nope"))
    assert token.status == 400
    assert token.headers["access-control-allow-origin"] == "http://localhost:3000"
    # A DNS-rebinding name is refused.
    rebound = HostedUi(ui.port, ui.context, extra_headers={"Host": "rebind.example"})
    assert rebound.get("/oauth2/authorize", **flow.authorize_parameters()).status == 403


def test_the_hosted_ui_session_and_prompt(sandbox: dict[str, Any], ui: HostedUi) -> None:
    flow = _flow(sandbox)
    code = _google_code(ui, flow, **GOOGLE_ADA)
    assert _tokens(ui, flow, code)["id_token"]
    # The stand-in's answer started a session: a cookie for this emulator's port only.
    started = ui.get("/oauth2/authorize", **flow.authorize_parameters(identity_provider="Google"))
    page = ui.get(started.location).form_fields()
    form = {k: v for k, v in page.items() if k != "_action"}
    form.update({f"attr:{k}": v for k, v in GOOGLE_ADA.items()})
    signed_in = ui.post(page["_action"], form)
    cookie = signed_in.headers["set-cookie"]
    assert cookie.startswith(f"amplify-sandbox-hosted-ui-{ui.port}=")
    for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert flag in cookie
    jar = cookie.split(";")[0]

    # With it, no provider named: straight back to the app with a code for the same user.
    again = _flow(sandbox)
    resumed = ui.call(
        "GET", "/oauth2/authorize?" + _encoded(again.authorize_parameters()), Cookie=jar
    )
    assert resumed.status == 302
    assert resumed.location.startswith(CALLBACK + "?")
    issued = _tokens(ui, again, query(resumed.location)["code"])
    assert claims(issued["id_token"])["cognito:username"] == "Google_104217"
    # prompt=login asks anyway; prompt=none never asks.
    forced = ui.call(
        "GET",
        "/oauth2/authorize?" + _encoded(again.authorize_parameters(prompt="login")),
        Cookie=jar,
    )
    assert forced.location.startswith("/login?request=")
    silent = ui.get("/oauth2/authorize", **again.authorize_parameters(prompt="none"))
    assert query(silent.location)["error"] == "login_required"

    # /logout ends it.
    out = ui.call(
        "GET",
        "/logout?" + _encoded({"client_id": again.client_id, "logout_uri": SIGNED_OUT}),
        Cookie=jar,
    )
    assert out.status == 302
    assert "Max-Age=0" in out.headers["set-cookie"] or "expires=" in out.headers["set-cookie"]
    after = ui.call(
        "GET", "/oauth2/authorize?" + _encoded(again.authorize_parameters()), Cookie=jar
    )
    assert after.location.startswith("/login?request=")


def _encoded(parameters: dict[str, str]) -> str:
    import urllib.parse

    return urllib.parse.urlencode(parameters)
