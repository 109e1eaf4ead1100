"""referenceAuth through the real CLI against the emulator: resources made directly with boto3
are referenced, `deploy` creates nothing and writes the outputs file from what they are,
`plan` lists them, a missing one stops the run (exit 2, nothing changed), and `delete` leaves
them in place."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import jsonschema
import pytest
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app

runner = CliRunner()
REGION = "us-east-1"


def _client(service: str, url: str) -> Any:
    make: Any = boto3.client  # the service is chosen at run time
    return make(
        service,
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def _trust() -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                }
            ],
        }
    )


@dataclass(frozen=True)
class Existing:
    pool_id: str
    client_id: str
    identity_pool_id: str
    auth_role: str
    unauth_role: str
    admins_role: str


def _make_existing(url: str) -> Existing:
    """A pool, client, identity pool and roles made outside the sandbox, as a team's shared
    auth would be."""
    idp, identity, iam = (_client(s, url) for s in ("cognito-idp", "cognito-identity", "iam"))
    roles = {
        name: iam.create_role(RoleName=f"shared-{name}", AssumeRolePolicyDocument=_trust())["Role"][
            "Arn"
        ]
        for name in ("auth", "unauth", "admins")
    }
    pool = idp.create_user_pool(
        PoolName="shared-pool",
        UsernameAttributes=["email"],
        AutoVerifiedAttributes=["email"],
        Policies={
            "PasswordPolicy": {
                "MinimumLength": 10,
                "RequireLowercase": True,
                "RequireUppercase": False,
                "RequireNumbers": True,
                "RequireSymbols": False,
            }
        },
        Schema=[
            {"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
            {
                "Name": "given_name",
                "AttributeDataType": "String",
                "Required": True,
                "Mutable": True,
            },
        ],
    )["UserPool"]
    pool_id = pool["Id"]
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="OPTIONAL",
    )
    idp.create_group(UserPoolId=pool_id, GroupName="ADMINS", RoleArn=roles["admins"])
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="shared-web",
        GenerateSecret=False,
        AllowedOAuthFlows=["code"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthScopes=["openid", "email"],
        CallbackURLs=["http://localhost:3000/"],
        LogoutURLs=["http://localhost:3000/bye"],
        SupportedIdentityProviders=["COGNITO"],
    )["UserPoolClient"]["ClientId"]
    identity_pool_id = identity.create_identity_pool(
        IdentityPoolName="shared_identity",
        AllowUnauthenticatedIdentities=True,
        CognitoIdentityProviders=[
            {
                "ProviderName": f"cognito-idp.{REGION}.amazonaws.com/{pool_id}",
                "ClientId": client_id,
                "ServerSideTokenCheck": False,
            }
        ],
    )["IdentityPoolId"]
    identity.set_identity_pool_roles(
        IdentityPoolId=identity_pool_id,
        Roles={"authenticated": roles["auth"], "unauthenticated": roles["unauth"]},
    )
    return Existing(
        pool_id, client_id, identity_pool_id, roles["auth"], roles["unauth"], roles["admins"]
    )


def _reference_ts(existing: Existing, pool_id: str | None = None) -> str:
    return f"""import {{ referenceAuth }} from '@aws-amplify/backend';

export const auth = referenceAuth({{
  userPoolId: '{pool_id or existing.pool_id}',
  identityPoolId: '{existing.identity_pool_id}',
  authRoleArn: '{existing.auth_role}',
  unauthRoleArn: '{existing.unauth_role}',
  userPoolClientId: '{existing.client_id}',
  groups: {{ ADMINS: '{existing.admins_role}' }},
}});
"""


def _project(tmp_path: Path, resource_ts: str) -> Path:
    project = tmp_path / "ref-app"
    (project / "amplify" / "auth").mkdir(parents=True)
    (project / "amplify" / "auth" / "resource.ts").write_text(resource_ts)
    return project


def _args(port: int, project: Path) -> list[str]:
    return ["--local", "--port", str(port), "--project-dir", str(project), "--identifier", "ref"]


def _inventory(url: str) -> dict[str, int]:
    idp, identity, iam = (_client(s, url) for s in ("cognito-idp", "cognito-identity", "iam"))
    return {
        "user_pools": len(idp.list_user_pools(MaxResults=60)["UserPools"]),
        "identity_pools": len(identity.list_identity_pools(MaxResults=60)["IdentityPools"]),
        "roles": len(iam.list_roles()["Roles"]),
        "clients": sum(
            len(idp.list_user_pool_clients(UserPoolId=p["Id"])["UserPoolClients"])
            for p in idp.list_user_pools(MaxResults=60)["UserPools"]
        ),
    }


def test_deploy_creates_nothing_and_writes_the_outputs_from_the_described_resources(
    tmp_path: Path, emulator_port: int, emulator_url: str
) -> None:
    existing = _make_existing(emulator_url)
    before = _inventory(emulator_url)
    project = _project(tmp_path, _reference_ts(existing))

    result = runner.invoke(app, ["deploy", *_args(emulator_port, project)])
    assert result.exit_code == 0, result.output
    assert _inventory(emulator_url) == before

    idp = _client("cognito-idp", emulator_url)
    pool = idp.describe_user_pool(UserPoolId=existing.pool_id)["UserPool"]
    required = [a["Name"] for a in pool["SchemaAttributes"] if a.get("Required")]
    assert sorted(required) == ["email", "given_name", "sub"]
    outputs = json.loads((project / "amplify_outputs.json").read_text())
    assert outputs == {
        "auth": {
            "user_pool_id": existing.pool_id,
            "aws_region": REGION,
            "user_pool_client_id": existing.client_id,
            "identity_pool_id": existing.identity_pool_id,
            "mfa_methods": ["TOTP"],
            # What the pool's schema requires, `sub` included (Amplify's initializer test
            # expects `["sub","email"]` too).
            "standard_required_attributes": required,
            "username_attributes": ["email"],
            "user_verification_types": ["email"],
            # Amplify's reference outputs carry no groups entry.
            "mfa_configuration": "OPTIONAL",
            "password_policy": {
                "min_length": 10,
                "require_lowercase": True,
                "require_numbers": True,
                "require_symbols": False,
                "require_uppercase": False,
            },
            "oauth": {
                "identity_providers": [],
                "redirect_sign_in_uri": ["http://localhost:3000/"],
                "redirect_sign_out_uri": ["http://localhost:3000/bye"],
                "response_type": "code",
                "scopes": ["openid", "email"],
                # No domain on the pool: Amplify's initializer writes the bare suffix.
                "domain": f".auth.{REGION}.amazoncognito.com",
            },
            "unauthenticated_identities_enabled": True,
        },
        "version": "1.5",
        "custom": {"local_endpoint": emulator_url},
    }
    assert pool["MfaConfiguration"] == "OPTIONAL"

    again = runner.invoke(app, ["deploy", *_args(emulator_port, project)])
    assert again.exit_code == 0, again.output
    assert "No changes" in again.stderr

    # `sandbox outputs` writes the same file from the record and a fresh description.
    written = (project / "amplify_outputs.json").read_text()
    (project / "amplify_outputs.json").unlink()
    rewritten = runner.invoke(app, ["outputs", *_args(emulator_port, project)])
    assert rewritten.exit_code == 0, rewritten.output
    assert (project / "amplify_outputs.json").read_text() == written


def test_plan_lists_the_referenced_resources_and_creates_nothing(
    tmp_path: Path, emulator_port: int, emulator_url: str
) -> None:
    existing = _make_existing(emulator_url)
    project = _project(tmp_path, _reference_ts(existing))

    text = runner.invoke(app, ["plan", *_args(emulator_port, project)])
    assert text.exit_code == 0, text.output
    assert "nothing will be created" in text.stderr
    assert f"user pool {existing.pool_id} (userPoolId)" in text.stderr
    assert f"IAM role {existing.admins_role} (groups.ADMINS)" in text.stderr

    as_json = runner.invoke(app, ["plan", "--json", *_args(emulator_port, project)])
    assert as_json.exit_code == 0, as_json.output
    document = json.loads(as_json.stdout)
    schema = json.loads(
        (Path(__file__).parents[2] / "docs" / "json" / "plan.schema.json").read_text()
    )
    jsonschema.validate(document, schema)
    data = document["data"]
    assert data["has_changes"] is False
    assert data["summary"] == {"add": 0, "change": 0, "replace": 0, "destroy": 0}
    assert {"prop": "identityPoolId", "kind": "identity pool", "id": existing.identity_pool_id} in (
        data["referenced"]
    )


@pytest.mark.parametrize("command", ["deploy", "plan"])
def test_a_missing_user_pool_stops_the_run_with_its_field_and_id(
    tmp_path: Path, emulator_port: int, emulator_url: str, command: str
) -> None:
    existing = _make_existing(emulator_url)
    before = _inventory(emulator_url)
    project = _project(tmp_path, _reference_ts(existing, pool_id="us-east-1_Missing1"))

    result = runner.invoke(app, [command, *_args(emulator_port, project)])
    assert result.exit_code == 2, result.output
    assert "userPoolId: no user pool 'us-east-1_Missing1'" in result.stderr
    assert "nothing was changed" in result.stderr
    assert "Traceback" not in result.output
    assert _inventory(emulator_url) == before
    assert not (project / "amplify_outputs.json").exists()
    listed = runner.invoke(app, ["list", "--json", "--local", "--port", str(emulator_port)])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout)["data"]["sandboxes"] == []


def test_a_group_role_that_is_no_groups_role_is_refused_as_amplify_refuses_it(
    tmp_path: Path, emulator_port: int, emulator_url: str
) -> None:
    existing = _make_existing(emulator_url)
    wrong = _reference_ts(existing).replace(existing.admins_role, existing.auth_role)
    project = _project(tmp_path, wrong)

    result = runner.invoke(app, ["deploy", *_args(emulator_port, project)])
    assert result.exit_code == 2, result.output
    assert (
        f"The group 'ADMINS' with role '{existing.auth_role}' does not match any group"
        in result.stderr
    )


def test_delete_leaves_the_referenced_resources_and_removes_the_outputs(
    tmp_path: Path, emulator_port: int, emulator_url: str
) -> None:
    existing = _make_existing(emulator_url)
    before = _inventory(emulator_url)
    project = _project(tmp_path, _reference_ts(existing))
    deployed = runner.invoke(app, ["deploy", *_args(emulator_port, project)])
    assert deployed.exit_code == 0, deployed.output
    outputs_file = project / "amplify_outputs.json"
    assert outputs_file.exists()
    status = runner.invoke(app, ["status", "--json", *_args(emulator_port, project)])
    assert status.exit_code == 0, status.output
    data = json.loads(status.stdout)["data"]
    assert data["deployed"] is True
    assert data["resources"] == 0
    assert data["changes"] == {"add": 0, "change": 0, "replace": 0, "destroy": 0}
    assert data["outputs_files"] == [{"path": str(outputs_file), "matches": True}]

    deleted = runner.invoke(app, ["delete", "--yes", *_args(emulator_port, project)])
    assert deleted.exit_code == 0, deleted.output
    assert _inventory(emulator_url) == before
    idp = _client("cognito-idp", emulator_url)
    assert idp.describe_user_pool(UserPoolId=existing.pool_id)["UserPool"]["Id"] == (
        existing.pool_id
    )
    groups = idp.list_groups(UserPoolId=existing.pool_id)["Groups"]
    assert [g["GroupName"] for g in groups] == ["ADMINS"]
    assert not outputs_file.exists()


def test_referencing_what_the_sandbox_created_is_refused(
    seed_project: Path, emulator_port: int, emulator_url: str
) -> None:
    args = _args(emulator_port, seed_project)
    assert runner.invoke(app, ["deploy", *args]).exit_code == 0
    outputs = json.loads((seed_project / "amplify_outputs.json").read_text())["auth"]
    iam = _client("iam", emulator_url)
    arns = {r["RoleName"]: r["Arn"] for r in iam.list_roles()["Roles"]}
    auth_role = next(arn for name, arn in arns.items() if name.endswith("-authRole"))
    unauth_role = next(arn for name, arn in arns.items() if name.endswith("-unauthRole"))
    own = Existing(
        outputs["user_pool_id"],
        outputs["user_pool_client_id"],
        outputs["identity_pool_id"],
        auth_role,
        unauth_role,
        auth_role,
    )
    (seed_project / "amplify" / "auth" / "resource.ts").write_text(
        _reference_ts(own).replace(f"  groups: {{ ADMINS: '{auth_role}' }},\n", "")
    )
    before = _inventory(emulator_url)

    result = runner.invoke(app, ["deploy", "--allow-replace", *args])
    assert result.exit_code == 2, result.output
    assert f"userPoolId '{own.pool_id}'" in result.stderr
    assert "nothing was changed" in result.stderr
    assert _inventory(emulator_url) == before


def test_switching_to_a_reference_deletes_what_the_sandbox_had_created(
    seed_project: Path, emulator_port: int, emulator_url: str
) -> None:
    args = _args(emulator_port, seed_project)
    assert runner.invoke(app, ["deploy", *args]).exit_code == 0
    created = json.loads((seed_project / "amplify_outputs.json").read_text())["auth"]
    existing = _make_existing(emulator_url)
    (seed_project / "amplify" / "auth" / "resource.ts").write_text(_reference_ts(existing))

    planned = runner.invoke(app, ["plan", "--json", *args])
    assert planned.exit_code == 0, planned.output
    data = json.loads(planned.stdout)["data"]
    assert data["summary"]["add"] == 0
    assert {c["resource"] for c in data["changes"] if c["action"] == "delete"} >= {
        "userPool",
        "userPoolWebClient",
        "identityPool",
    }

    result = runner.invoke(app, ["deploy", "--allow-replace", *args])
    assert result.exit_code == 0, result.output
    idp = _client("cognito-idp", emulator_url)
    pools = [p["Id"] for p in idp.list_user_pools(MaxResults=60)["UserPools"]]
    assert pools == [existing.pool_id]
    assert created["user_pool_id"] not in pools
    outputs = json.loads((seed_project / "amplify_outputs.json").read_text())["auth"]
    assert outputs["user_pool_id"] == existing.pool_id


def test_users_of_a_reference_sandbox_are_the_referenced_pools_users(
    tmp_path: Path, emulator_port: int, emulator_url: str
) -> None:
    existing = _make_existing(emulator_url)
    project = _project(tmp_path, _reference_ts(existing))
    deployed = runner.invoke(app, ["deploy", *_args(emulator_port, project)])
    assert deployed.exit_code == 0, deployed.output

    added = runner.invoke(
        app,
        [
            "users",
            "add",
            "ref.user@example.com",
            "--confirmed",
            "--password-stdin",
            "--attribute",
            "given_name=Ref",
            *_args(emulator_port, project),
        ],
        input="Correct-Horse-9\n",
    )
    assert added.exit_code == 0, added.output
    idp = _client("cognito-idp", emulator_url)
    users = idp.list_users(UserPoolId=existing.pool_id)["Users"]
    emails = [a["Value"] for u in users for a in u["Attributes"] if a["Name"] == "email"]
    assert emails == ["ref.user@example.com"]

    listed = runner.invoke(app, ["users", "list", "--json", *_args(emulator_port, project)])
    assert listed.exit_code == 0, listed.output
    assert "ref.user@example.com" in listed.stdout
