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
