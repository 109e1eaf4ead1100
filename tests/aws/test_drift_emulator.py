"""Drift: changes made outside the tool are seen by `plan` and repaired by `deploy --refresh`;
a resource created but never recorded is adopted, not duplicated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import pytest

from amplify_sandbox.aws.target import AwsTarget
from amplify_sandbox.deploy.events import SilentReporter
from amplify_sandbox.deploy.pipeline import OutputsOptions, deploy, plan
from amplify_sandbox.deploy.planner import Action, Change
from tests.aws.test_federation_emulator import EVERYTHING, IDENTITY, SECRETS, _source


def _aws(url: str, service: str) -> Any:
    return boto3.client(  # type: ignore[call-overload]
        service,
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def _deploy(target: AwsTarget, project: Path, **kw: Any) -> Any:
    return deploy(
        EVERYTHING,
        IDENTITY,
        target,
        SilentReporter(),
        OutputsOptions(project),
        secrets=_source(SECRETS),
        **kw,
    )


def _plan_changes(target: AwsTarget) -> dict[str, Change]:
    report = plan(EVERYTHING, IDENTITY, target, secrets=_source(SECRETS))
    return {c.logical_id: c for c in report.plan.changes if c.action is not Action.NOOP}


@pytest.fixture
def deployed(tmp_path: Path, target: AwsTarget) -> dict[str, dict[str, str]]:
    return dict(_deploy(target, tmp_path).state.attributes())


def test_a_fresh_deploy_shows_no_drift(deployed: dict[str, Any], target: AwsTarget) -> None:
    assert _plan_changes(target) == {}


def _outside(kind: str, url: str, ids: dict[str, dict[str, str]]) -> None:
    """One change made with the AWS SDK, as someone in the console would."""
    idp, identity, iam = _aws(url, "cognito-idp"), _aws(url, "cognito-identity"), _aws(url, "iam")
    pool = ids["userPool"]["id"]
    if kind == "user_pool":
        idp.update_user_pool(
            UserPoolId=pool,
            Policies={"PasswordPolicy": {"MinimumLength": 6}},
            VerificationMessageTemplate={"EmailMessage": "hacked {####}", "EmailSubject": "x"},
        )
    elif kind == "client":
        idp.update_user_pool_client(
            UserPoolId=pool,
            ClientId=ids["userPoolWebClient"]["id"],
            CallbackURLs=["https://evil.example.com/"],
        )
    elif kind == "identity_pool":
        described = identity.describe_identity_pool(IdentityPoolId=ids["identityPool"]["id"])
        described = {k: v for k, v in described.items() if v != "" and k != "ResponseMetadata"}
        identity.update_identity_pool(**{**described, "AllowUnauthenticatedIdentities": False})
    elif kind == "role":
        iam.update_assume_role_policy(
            RoleName=ids["authenticatedRole"]["name"],
            PolicyDocument=(
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                '"Principal":{"Federated":"cognito-identity.amazonaws.com"},'
                '"Action":"sts:AssumeRoleWithWebIdentity"}]}'
            ),
        )
    elif kind == "group":
        idp.update_group(UserPoolId=pool, GroupName="ADMINS", Precedence=9)
    elif kind == "provider":
        idp.update_identity_provider(
            UserPoolId=pool, ProviderName="Google", AttributeMapping={"email": "other"}
        )
    elif kind == "roles":
        identity.set_identity_pool_roles(
            IdentityPoolId=ids["identityPool"]["id"],
            Roles={"authenticated": ids["unauthenticatedRole"]["arn"]},
        )
    else:
        raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "logical_id", "field"),
    [
        ("user_pool", "userPool", "Policies"),
        ("client", "userPoolWebClient", "CallbackURLs"),
        ("identity_pool", "identityPool", "AllowUnauthenticatedIdentities"),
        ("role", "authenticatedRole", "AssumeRolePolicyDocument"),
        ("group", "groupADMINS", "Precedence"),
        ("provider", "identityProviderGoogle", "AttributeMapping"),
        ("roles", "identityPoolRoles", "Roles"),
    ],
)
def test_a_setting_changed_outside_is_shown_and_restored(
    kind: str,
    logical_id: str,
    field: str,
    deployed: dict[str, Any],
    target: AwsTarget,
    emulator_url: str,
    tmp_path: Path,
) -> None:
    _outside(kind, emulator_url, deployed)
    changes = _plan_changes(target)
    assert set(changes) == {logical_id}
    change = changes[logical_id]
    assert change.action is Action.UPDATE
    drifted = {f.name for f in change.fields if f.drift}
    assert field in drifted
    # A plain deploy trusts the record; --refresh repairs.
    assert not _deploy(target, tmp_path).plan.has_changes
    repaired = _deploy(target, tmp_path, refresh_first=True)
    assert {c.logical_id for c in repaired.plan.changes if c.action is Action.UPDATE} == {
        logical_id
    }
    assert _plan_changes(target) == {}


def test_resources_deleted_outside_are_recreated(
    deployed: dict[str, Any], target: AwsTarget, emulator_url: str, tmp_path: Path
) -> None:
    idp = _aws(emulator_url, "cognito-idp")
    pool = deployed["userPool"]["id"]
    idp.delete_group(UserPoolId=pool, GroupName="EDITORS")
    idp.delete_identity_provider(UserPoolId=pool, ProviderName="CorpB")
    changes = _plan_changes(target)
    client = changes.pop("userPoolWebClient", None)
    assert {k: (c.action, c.gone) for k, c in changes.items()} == {
        "groupEDITORS": (Action.CREATE, True),
        "identityProviderCorpB": (Action.CREATE, True),
    }
    # The client names the provider; whether the service dropped it from the client or not,
    # the client is brought back in line.
    assert client is None or {f.name for f in client.fields} == {"SupportedIdentityProviders"}
    _deploy(target, tmp_path, refresh_first=True)
    assert _plan_changes(target) == {}
    names = [g["GroupName"] for g in idp.list_groups(UserPoolId=pool)["Groups"]]
    assert sorted(names) == ["ADMINS", "EDITORS"]


def test_resources_created_but_not_recorded_are_adopted(
    deployed: dict[str, Any], target: AwsTarget, emulator_url: str, tmp_path: Path
) -> None:
    # Lose the record, as a run that died before writing it would.
    target.state_store(IDENTITY).clear()
    result = _deploy(target, tmp_path)
    assert result.state.attributes()["userPool"]["id"] == deployed["userPool"]["id"]
    assert result.state.attributes()["identityPool"]["id"] == deployed["identityPool"]["id"]
    assert (
        result.state.attributes()["userPoolWebClient"]["id"] == deployed["userPoolWebClient"]["id"]
    )
    assert len(_aws(emulator_url, "cognito-idp").list_user_pools(MaxResults=60)["UserPools"]) == 1
    identity_pools = _aws(emulator_url, "cognito-identity").list_identity_pools(MaxResults=60)
    assert len(identity_pools["IdentityPools"]) == 1
    assert _plan_changes(target) == {}


def test_plan_reports_users_a_replace_would_remove(
    deployed: dict[str, Any], target: AwsTarget, emulator_url: str
) -> None:
    from dataclasses import replace as dc_replace

    from amplify_sandbox.definition.model import LoginWith, PhoneLogin

    idp = _aws(emulator_url, "cognito-idp")
    for n in range(3):
        idp.admin_create_user(UserPoolId=deployed["userPool"]["id"], Username=f"u{n}@example.com")
    with_phone = dc_replace(
        EVERYTHING, login_with=LoginWith(email=EVERYTHING.login_with.email, phone=PhoneLogin())
    )
    report = plan(with_phone, IDENTITY, target, secrets=_source(SECRETS))
    actions = {c.logical_id: c.action for c in report.plan.changes}
    assert actions["userPool"] is Action.REPLACE
    assert report.users_affected == 3
