"""A project with `amplify/backend.ts` deployed to the emulator through the real CLI: the
overrides reach the pool, the identity pool and the outputs file; what is not applied is named
with its line; `--strict` refuses it; an override forcing a replace goes through the plan."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from mypy_boto3_cognito_identity import CognitoIdentityClient
from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app

runner = CliRunner()

BACKEND = """import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';

const backend = defineBackend({ auth });

const { cfnUserPool, cfnIdentityPool } = backend.auth.resources.cfnResources;
cfnUserPool.policies = {
  passwordPolicy: {
    minimumLength: 12,
    requireLowercase: true,
    requireNumbers: true,
    requireSymbols: false,
    requireUppercase: true,
  },
};
cfnIdentityPool.allowUnauthenticatedIdentities = false;
backend.auth.resources.userPool.node.addMetadata('team', 'web');
backend.addOutput({ custom: { api_name: 'restApiName' } });
"""


def _args(port: int, project: Path) -> list[str]:
    return ["--local", "--port", str(port), "--project-dir", str(project), "--identifier", "bts"]


def _clients(url: str) -> tuple[CognitoIdentityProviderClient, CognitoIdentityClient]:
    idp = boto3.client(
        "cognito-idp",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    identity = boto3.client(
        "cognito-identity",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    return idp, identity


def test_overrides_reach_the_pools_and_the_outputs_file(
    seed_project: Path, emulator_port: int, emulator_url: str
) -> None:
    backend_ts = seed_project / "amplify" / "backend.ts"
    backend_ts.write_text(BACKEND)
    result = runner.invoke(app, ["deploy", *_args(emulator_port, seed_project)])
    assert result.exit_code == 0, result.output
    assert f"{backend_ts}:17: `backend.auth.resources.userPool.node.addMetadata(" in result.stderr
    assert "is not applied" in result.stderr

    idp, identity = _clients(emulator_url)
    (listed,) = idp.list_user_pools(MaxResults=10)["UserPools"]
    pool = idp.describe_user_pool(UserPoolId=listed["Id"])["UserPool"]
    policy = pool["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] == 12
    assert policy["RequireSymbols"] is False
    assert policy["RequireUppercase"] is True
    # Amplify's construct passes CDK only its OAuth flows, so CDK's defaults fill the rest
    # (aws-cdk-lib user-pool-client.ts); keepOriginal is the login attributes.
    (client_id,) = [
        c["ClientId"]
        for c in idp.list_user_pool_clients(UserPoolId=listed["Id"])["UserPoolClients"]
    ]
    client = idp.describe_user_pool_client(UserPoolId=listed["Id"], ClientId=client_id)[
        "UserPoolClient"
    ]
    assert client["AllowedOAuthFlows"] == ["code"]
    assert client["AllowedOAuthFlowsUserPoolClient"] is True
    assert client["AllowedOAuthScopes"] == [
        "profile",
        "phone",
        "email",
        "openid",
        "aws.cognito.signin.user.admin",
    ]
    assert client["CallbackURLs"] == ["https://example.com"]
    assert pool["UserAttributeUpdateSettings"] == {
        "AttributesRequireVerificationBeforeUpdate": ["email"]
    }
    (listed_ip,) = identity.list_identity_pools(MaxResults=10)["IdentityPools"]
    described = identity.describe_identity_pool(IdentityPoolId=listed_ip["IdentityPoolId"])
    assert described["AllowUnauthenticatedIdentities"] is False

    outputs = json.loads((seed_project / "amplify_outputs.json").read_text())
    assert outputs["auth"]["password_policy"] == {
        "min_length": 12,
        "require_lowercase": True,
        "require_numbers": True,
        "require_symbols": False,
        "require_uppercase": True,
    }
    assert outputs["auth"]["unauthenticated_identities_enabled"] is False
    assert outputs["custom"]["api_name"] == "restApiName"


def test_strict_refuses_a_backend_ts_with_unapplied_statements(
    seed_project: Path, emulator_port: int, emulator_url: str
) -> None:
    backend_ts = seed_project / "amplify" / "backend.ts"
    backend_ts.write_text(BACKEND)
    result = runner.invoke(app, ["deploy", "--strict", *_args(emulator_port, seed_project)])
    assert result.exit_code == 2, result.output
    assert f"{backend_ts}:17:" in result.output
    idp, _ = _clients(emulator_url)
    assert idp.list_user_pools(MaxResults=10)["UserPools"] == []


def test_a_replace_forcing_override_is_refused_without_allow_replace(
    seed_project: Path, emulator_port: int, emulator_url: str
) -> None:
    assert runner.invoke(app, ["deploy", *_args(emulator_port, seed_project)]).exit_code == 0
    idp, _ = _clients(emulator_url)
    (pool,) = idp.list_user_pools(MaxResults=10)["UserPools"]
    idp.admin_create_user(UserPoolId=pool["Id"], Username="kept@example.com")
    (seed_project / "amplify" / "backend.ts").write_text(
        "import { defineBackend } from '@aws-amplify/backend';\n"
        "import { auth } from './auth/resource';\n"
        "const backend = defineBackend({ auth });\n"
        "const { cfnUserPool } = backend.auth.resources.cfnResources;\n"
        "cfnUserPool.usernameAttributes = ['phone_number'];\n"
    )
    refused = runner.invoke(app, ["deploy", *_args(emulator_port, seed_project)])
    assert refused.exit_code == 3, refused.output
    assert "UsernameAttributes" in refused.stderr
    assert "--allow-replace" in refused.stderr
    assert [p["Id"] for p in idp.list_user_pools(MaxResults=10)["UserPools"]] == [pool["Id"]]
