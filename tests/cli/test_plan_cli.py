"""`sandbox plan` and the plan `deploy` shows, through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app

runner = CliRunner()
GOOGLE = """import { defineAuth, secret } from '@aws-amplify/backend';

export const auth = defineAuth({
  loginWith: {
    email: true,
    externalProviders: {
      google: { clientId: secret('GOOGLE_ID'), clientSecret: secret('GOOGLE_SECRET') },
      callbackUrls: ['http://localhost:5173/'],
      logoutUrls: ['http://localhost:5173/'],
    },
  },
});
"""


def _args(port: int, project: Path) -> list[str]:
    return ["--local", "--port", str(port), "--project-dir", str(project), "--identifier", "plan"]


def _resource(project: Path) -> Path:
    return project / "amplify" / "auth" / "resource.ts"


def test_plan_before_and_after_deploy(seed_project: Path, emulator_port: int) -> None:
    first = runner.invoke(app, ["plan", "--detailed-exitcode", *_args(emulator_port, seed_project)])
    assert first.exit_code == 2, first.output
    assert "+ user_pool userPool will be created" in first.stderr
    assert "Plan: 6 to add, 0 to change, 0 to replace, 0 to destroy." in first.stderr
    assert runner.invoke(app, ["deploy", *_args(emulator_port, seed_project)]).exit_code == 0
    again = runner.invoke(app, ["plan", "--detailed-exitcode", *_args(emulator_port, seed_project)])
    assert again.exit_code == 0, again.output
    assert "No changes" in again.stderr


def test_plan_json_names_fields_and_forcing_fields(seed_project: Path, emulator_port: int) -> None:
    assert runner.invoke(app, ["deploy", *_args(emulator_port, seed_project)]).exit_code == 0
    resource = _resource(seed_project)
    resource.write_text(
        resource.read_text().replace("email: true,", "email: true,\n    phone: true,")
    )
    result = runner.invoke(app, ["plan", "--json", *_args(emulator_port, seed_project)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)["data"]
    changes = {c["resource"]: c for c in document["changes"]}
    pool = changes["userPool"]
    assert pool["action"] == "replace"
    forcing = {f["name"] for f in pool["fields"] if f["forces_replacement"]}
    assert forcing == {"UsernameAttributes", "Schema"}
    assert document["destructive"] is True
    assert document["users_affected"] == 0
    assert document["summary"] == {"add": 1, "change": 2, "replace": 2, "destroy": 0}
    assert "+/- user_pool userPool must be replaced (new one created first)" in result.stderr
    assert "# forces replacement" in result.stderr


def test_deploy_shows_the_plan_and_refuses_a_replace_without_a_terminal(
    seed_project: Path, emulator_port: int, emulator_url: str
) -> None:
    assert runner.invoke(app, ["deploy", *_args(emulator_port, seed_project)]).exit_code == 0
    idp = boto3.client(
        "cognito-idp",
        endpoint_url=emulator_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    (pool,) = idp.list_user_pools(MaxResults=10)["UserPools"]
    idp.admin_create_user(UserPoolId=pool["Id"], Username="kept@example.com")
    resource = _resource(seed_project)
    resource.write_text(
        resource.read_text().replace("email: true,", "email: true,\n    phone: true,")
    )
    refused = runner.invoke(app, ["deploy", *_args(emulator_port, seed_project)])
    assert refused.exit_code == 3, refused.output
    assert "+/- user_pool userPool must be replaced (new one created first)" in refused.stderr
    assert "deletes the user pool and 1 user(s) in it" in refused.stderr
    assert "--allow-replace" in refused.stderr
    assert [p["Id"] for p in idp.list_user_pools(MaxResults=10)["UserPools"]] == [pool["Id"]]
    applied = runner.invoke(app, ["deploy", "--allow-replace", *_args(emulator_port, seed_project)])
    assert applied.exit_code == 0, applied.output
    assert [p["Id"] for p in idp.list_user_pools(MaxResults=10)["UserPools"]] != [pool["Id"]]


def test_secrets_show_as_sensitive_and_a_rotation_is_one_update(
    seed_project: Path, emulator_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    _resource(seed_project).write_text(GOOGLE)
    monkeypatch.setenv("SANDBOX_SECRET_GOOGLE_ID", "id-1")
    monkeypatch.setenv("SANDBOX_SECRET_GOOGLE_SECRET", "first-secret-value")
    assert runner.invoke(app, ["deploy", *_args(emulator_port, seed_project)]).exit_code == 0
    monkeypatch.setenv("SANDBOX_SECRET_GOOGLE_SECRET", "second-secret-value")
    result = runner.invoke(app, ["plan", "--json", *_args(emulator_port, seed_project)])
    assert result.exit_code == 0, result.output
    (change,) = json.loads(result.stdout)["data"]["changes"]
    assert (change["resource"], change["action"]) == ("identityProviderGoogle", "update")
    assert "(sensitive)" in result.stderr
    for value in ("first-secret-value", "second-secret-value"):
        assert value not in result.output


def test_missing_secret_names_the_local_command(seed_project: Path, emulator_port: int) -> None:
    _resource(seed_project).write_text(GOOGLE)
    result = runner.invoke(app, ["deploy", *_args(emulator_port, seed_project)])
    assert result.exit_code == 2, result.output
    assert "sandbox secret set GOOGLE_ID --identifier plan --local" in result.stderr
    assert "SANDBOX_SECRET_GOOGLE_ID" in result.stderr


def test_deploy_refresh_repairs_drift(
    seed_project: Path, emulator_port: int, emulator_url: str
) -> None:
    assert runner.invoke(app, ["deploy", *_args(emulator_port, seed_project)]).exit_code == 0
    identity = boto3.client(
        "cognito-identity",
        endpoint_url=emulator_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    (pool,) = identity.list_identity_pools(MaxResults=10)["IdentityPools"]
    identity.delete_identity_pool(IdentityPoolId=pool["IdentityPoolId"])
    shown = runner.invoke(app, ["plan", *_args(emulator_port, seed_project)])
    assert "identity_pool identityPool will be created (deleted outside this tool)" in shown.stderr
    repaired = runner.invoke(
        app, ["deploy", "--refresh", "--json", *_args(emulator_port, seed_project)]
    )
    assert repaired.exit_code == 0, repaired.output
    actions = {c["resource"]: c["action"] for c in json.loads(repaired.stdout)["data"]["changes"]}
    assert actions["identityPool"] == "create"
    final = runner.invoke(app, ["plan", "--detailed-exitcode", *_args(emulator_port, seed_project)])
    assert final.exit_code == 0, final.output


# The whole rendered plan, compared line by line (the port is the test server's).


def _plan_text(port: int, project: Path) -> str:
    result = runner.invoke(app, ["plan", *_args(port, project)])
    assert result.exit_code == 0, result.output
    return result.stderr.replace(f"127.0.0.1:{port}", "127.0.0.1:PORT")


PREFERRED = """import { defineAuth } from '@aws-amplify/backend';

export const auth = defineAuth({
  loginWith: { email: true },
  userAttributes: { preferredUsername: { required: true, mutable: true } },
});
"""

PREFERRED_FLIPPED_PLAN = """\
Sandbox plan of seed-app on local emulator http://127.0.0.1:PORT (us-east-1)

  +/- user_pool userPool must be replaced (new one created first)
      ! deletes the user pool and 0 user(s) in it
      ~ Schema["preferred_username"].Required: true -> false   # forces replacement
        # (1 unchanged element hidden)
        # (12 unchanged attributes hidden)
  +/- user_pool_client userPoolWebClient must be replaced (new one created first)
      ~ UserPoolId: userPool.id -> (known after apply)   # forces replacement
        # (10 unchanged attributes hidden)
  ~ identity_pool identityPool will be updated in place
      ~ CognitoIdentityProviders[0].ClientId: userPoolWebClient.id -> (known after apply)
      ~ CognitoIdentityProviders[0].ProviderName: userPool.provider_name -> (known after apply)
        # (3 unchanged attributes hidden)
  ~ identity_pool_roles identityPoolRoles will be updated in place
      ~ RoleMappings[0].IdentityProvider: userPool.provider_name:userPoolWebClient.id -> (known after apply)
        # (2 unchanged attributes hidden)

Plan: 0 to add, 2 to change, 2 to replace, 0 to destroy.
"""


def test_a_required_flip_replaces_the_pool_new_one_first_and_shows_only_that_flag(
    seed_project: Path, emulator_port: int, emulator_url: str
) -> None:
    _resource(seed_project).write_text(PREFERRED)
    assert runner.invoke(app, ["deploy", *_args(emulator_port, seed_project)]).exit_code == 0
    _resource(seed_project).write_text(PREFERRED.replace("required: true", "required: false"))
    assert _plan_text(emulator_port, seed_project) == PREFERRED_FLIPPED_PLAN
    applied = runner.invoke(app, ["deploy", "--allow-replace", *_args(emulator_port, seed_project)])
    assert applied.exit_code == 0, applied.output
    # Apply does what the plan said: the pool (and its client) created first.
    assert "  +/- replaced user_pool userPool (" in applied.stderr
    assert "  +/- replaced user_pool_client userPoolWebClient (" in applied.stderr


FEDERATED = """import { defineAuth, secret } from '@aws-amplify/backend';

export const auth = defineAuth({
  loginWith: {
    email: true,
    externalProviders: {
      google: {
        clientId: secret('GOOGLE_ID'),
        clientSecret: secret('GOOGLE_SECRET'),
        scopes: ['email'],
      },
      domainPrefix: 'before-prefix',
      callbackUrls: ['http://localhost:5173/'],
      logoutUrls: ['http://localhost:5173/'],
    },
  },
  groups: ['ADMINS'],
});
"""

GROUP_AND_SCOPES_PLAN = """\
Sandbox plan of seed-app on local emulator http://127.0.0.1:PORT (us-east-1)

  ~ user_pool_identity_provider identityProviderGoogle will be updated in place
      ~ ProviderDetails.authorize_scopes: "email" -> "email profile"
        # (2 unchanged elements hidden)
        # (4 unchanged attributes hidden)
  + iam_role groupEDITORSRole will be created
  + user_pool_group groupEDITORS will be created

Plan: 2 to add, 1 to change, 0 to replace, 0 to destroy.
"""

DOMAIN_PLAN = """\
Sandbox plan of seed-app on local emulator http://127.0.0.1:PORT (us-east-1)

  -/+ user_pool_domain userPoolDomain must be replaced (old one destroyed first)
      ~ Domain: "before-prefix" -> "after-prefix"   # forces replacement
        # (1 unchanged attribute hidden)

Plan: 0 to add, 0 to change, 1 to replace, 0 to destroy.
"""

SECRETS = ("id-1", "first-secret-value")


@pytest.fixture
def federated(seed_project: Path, emulator_port: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SANDBOX_SECRET_GOOGLE_ID", SECRETS[0])
    monkeypatch.setenv("SANDBOX_SECRET_GOOGLE_SECRET", SECRETS[1])
    _resource(seed_project).write_text(FEDERATED)
    deployed = runner.invoke(app, ["deploy", *_args(emulator_port, seed_project)])
    assert deployed.exit_code == 0, deployed.output
    return seed_project


def test_a_group_added_and_scopes_edited_show_only_those(
    federated: Path, emulator_port: int
) -> None:
    edited = FEDERATED.replace("['ADMINS']", "['ADMINS', 'EDITORS']")
    _resource(federated).write_text(edited.replace("['email']", "['email', 'profile']"))
    text = _plan_text(emulator_port, federated)
    assert text == GROUP_AND_SCOPES_PLAN
    assert not any(secret in text for secret in SECRETS)


def test_a_domain_replace_destroys_the_old_domain_first(
    federated: Path, emulator_port: int
) -> None:
    _resource(federated).write_text(FEDERATED.replace("before-prefix", "after-prefix"))
    assert _plan_text(emulator_port, federated) == DOMAIN_PLAN
    applied = runner.invoke(app, ["deploy", *_args(emulator_port, federated)])
    assert applied.exit_code == 0, applied.output
    assert "  -/+ replaced user_pool_domain userPoolDomain (" in applied.stderr


DRIFTED_SCOPES_PLAN = """\
Sandbox plan of seed-app on local emulator http://127.0.0.1:PORT (us-east-1)

  ~ user_pool_identity_provider identityProviderGoogle will be updated in place
      ~ ProviderDetails.authorize_scopes: "openid" -> "email"   # changed outside this tool
        # (2 unchanged elements hidden)
        # (4 unchanged attributes hidden)

Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy.
"""


def test_provider_drift_shows_only_the_changed_key_and_no_secret(
    federated: Path, emulator_port: int, emulator_url: str
) -> None:
    idp = boto3.client(
        "cognito-idp",
        endpoint_url=emulator_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    (pool,) = idp.list_user_pools(MaxResults=10)["UserPools"]
    reported = idp.describe_identity_provider(UserPoolId=pool["Id"], ProviderName="Google")
    details = reported["IdentityProvider"]["ProviderDetails"]
    assert details["client_secret"] == SECRETS[1]  # the service reports it back
    idp.update_identity_provider(
        UserPoolId=pool["Id"],
        ProviderName="Google",
        ProviderDetails={**details, "authorize_scopes": "openid"},
    )
    text = _plan_text(emulator_port, federated)
    assert text == DRIFTED_SCOPES_PLAN
    as_json = runner.invoke(app, ["plan", "--json", *_args(emulator_port, federated)])
    assert as_json.exit_code == 0, as_json.output
    assert not any(secret in as_json.output for secret in SECRETS)
    (change,) = json.loads(as_json.stdout)["data"]["changes"]
    (field,) = change["fields"]
    assert (field["name"], field["drift"], field["unchanged"]) == ("ProviderDetails", True, 2)
    assert field["changes"] == [
        {"path": "ProviderDetails.authorize_scopes", "old": "openid", "new": "email"}
    ]
