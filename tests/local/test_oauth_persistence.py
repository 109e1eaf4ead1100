"""A federated user and its hosted-UI sign-in survive `sandbox local stop` / `start` like every
other user (the emulator's snapshot), with the real background emulator."""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any

import boto3
from test_oauth_tls import port  # noqa: F401 (fixture)
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app
from tests.local.oauth_flow import Flow, HostedUi, claims, query

runner = CliRunner()
CALLBACK = "http://localhost:3000/"


def _idp(on: int) -> Any:
    return boto3.client(
        "cognito-idp",
        endpoint_url=f"http://127.0.0.1:{on}",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def test_a_federated_user_and_its_refresh_token_survive_a_restart(
    port: int,  # noqa: F811
    tmp_path: Path,
) -> None:
    assert runner.invoke(app, ["local", "start", "--port", str(port)]).exit_code == 0
    idp = _idp(port)
    pool = idp.create_user_pool(PoolName="social", UsernameAttributes=["email"])["UserPool"]["Id"]
    idp.create_identity_provider(
        UserPoolId=pool,
        ProviderName="Facebook",
        ProviderType="Facebook",
        ProviderDetails={"client_id": "a", "client_secret": "b", "authorize_scopes": "email"},
        AttributeMapping={"email": "email", "name": "name"},
    )
    client_id = idp.create_user_pool_client(
        UserPoolId=pool,
        ClientName="web",
        AllowedOAuthFlows=["code"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthScopes=["openid", "email"],
        CallbackURLs=[CALLBACK],
        SupportedIdentityProviders=["Facebook", "COGNITO"],
    )["UserPoolClient"]["ClientId"]
    context = ssl.create_default_context(cafile=str(tmp_path / "local" / "tls" / "ca.pem"))
    ui = HostedUi(port, context)
    flow = Flow(client_id, CALLBACK, scope="openid email")
    started = ui.get("/oauth2/authorize", **flow.authorize_parameters(identity_provider="Facebook"))
    page = ui.get(started.location).form_fields()
    # Facebook's user id is `id`.
    assert "attr:id" in page
    form = {"attr:id": "10150", "attr:email": "fb@example.com", "attr:name": "F B"}
    back = ui.post(page["_action"], form)
    issued = ui.post("/oauth2/token", flow.token_form(query(back.location)["code"])).json()
    assert claims(issued["id_token"])["cognito:username"] == "Facebook_10150"

    assert runner.invoke(app, ["local", "stop", "--port", str(port)]).exit_code == 0
    restarted = runner.invoke(app, ["local", "start", "--port", str(port)])
    assert restarted.exit_code == 0, restarted.output

    user = _idp(port).admin_get_user(UserPoolId=pool, Username="Facebook_10150")
    assert user["UserStatus"] == "EXTERNAL_PROVIDER"
    refreshed = ui.post(
        "/oauth2/token",
        {
            "grant_type": "refresh_token",
            "client_id": client_id,
            "refresh_token": issued["refresh_token"],
        },
    )
    assert refreshed.status == 200, refreshed.body
    access = claims(refreshed.json()["access_token"])
    assert access["scope"] == "openid email"
    assert access["username"] == "Facebook_10150"
