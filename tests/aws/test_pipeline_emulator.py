"""The whole pipeline against the emulator over HTTP: what ends up in 'Cognito' and in the record."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from amplify_sandbox.aws.target import AwsTarget
from amplify_sandbox.definition import load_definition
from amplify_sandbox.definition.model import LoginWith, PhoneLogin
from amplify_sandbox.deploy.events import SilentReporter
from amplify_sandbox.deploy.pipeline import OutputsOptions, delete, deploy
from amplify_sandbox.deploy.planner import Action
from amplify_sandbox.desired.build import SANDBOX_TAG
from amplify_sandbox.errors import RefusedError
from amplify_sandbox.identity import SandboxIdentity

IDENTITY = SandboxIdentity("seed-app", "tester")
WRITE_PREFIXES = ("Create", "Update", "Put", "Delete", "Set", "Tag", "Untag", "Add", "Admin")


def _clients(url: str) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "endpoint_url": url,
        "region_name": "us-east-1",
        "aws_access_key_id": "x",
        "aws_secret_access_key": "x",
    }
    return {
        name: boto3.client(name, **kwargs)  # type: ignore[call-overload]
        for name in ("cognito-idp", "cognito-identity", "iam", "ssm")
    }


def _deploy(project: Path, target: AwsTarget, **kwargs: Any) -> Any:
    definition = kwargs.pop("definition", None) or load_definition(project)
    return deploy(definition, IDENTITY, target, SilentReporter(), OutputsOptions(project), **kwargs)


def _writes(target: AwsTarget) -> list[str]:
    return [c for c in target.log.calls if c.split(".", 1)[1].startswith(WRITE_PREFIXES)]


def test_first_deploy_creates_amplifys_resources(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    result = _deploy(seed_project, target)
    assert result.plan.count(Action.CREATE) == 6
    aws = _clients(emulator_url)
    ids = result.state.attributes()

    pool = aws["cognito-idp"].describe_user_pool(UserPoolId=ids["userPool"]["id"])["UserPool"]
    assert pool["UsernameAttributes"] == ["email"]
    assert pool["AutoVerifiedAttributes"] == ["email"]
    assert pool["Policies"]["PasswordPolicy"] | {"TemporaryPasswordValidityDays": 7} == {
        "MinimumLength": 8,
        "RequireUppercase": True,
        "RequireLowercase": True,
        "RequireNumbers": True,
        "RequireSymbols": True,
        "TemporaryPasswordValidityDays": 7,
    }
    assert pool["UsernameConfiguration"] == {"CaseSensitive": False}
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is False
    email = next(a for a in pool["SchemaAttributes"] if a["Name"] == "email")
    assert email["Required"] is True and email["Mutable"] is True
    assert pool["UserPoolTags"][SANDBOX_TAG] == IDENTITY.stack_name
    assert pool["UserPoolTags"]["amplify:deployment-type"] == "sandbox"

    client = aws["cognito-idp"].describe_user_pool_client(
        UserPoolId=ids["userPool"]["id"], ClientId=ids["userPoolWebClient"]["id"]
    )["UserPoolClient"]
    assert "ClientSecret" not in client
    assert sorted(client["ExplicitAuthFlows"]) == [
        "ALLOW_CUSTOM_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_USER_SRP_AUTH",
    ]
    assert client["PreventUserExistenceErrors"] == "ENABLED"

    identity_pool = aws["cognito-identity"].describe_identity_pool(
        IdentityPoolId=ids["identityPool"]["id"]
    )
    assert identity_pool["AllowUnauthenticatedIdentities"] is True
    assert (
        identity_pool["CognitoIdentityProviders"][0]["ClientId"] == ids["userPoolWebClient"]["id"]
    )
    assert identity_pool["CognitoIdentityProviders"][0]["ProviderName"] == (
        f"cognito-idp.us-east-1.amazonaws.com/{ids['userPool']['id']}"
    )
    assert identity_pool["IdentityPoolTags"][SANDBOX_TAG] == IDENTITY.stack_name

    roles = aws["cognito-identity"].get_identity_pool_roles(
        IdentityPoolId=ids["identityPool"]["id"]
    )
    assert roles["Roles"] == {
        "authenticated": ids["authenticatedRole"]["arn"],
        "unauthenticated": ids["unauthenticatedRole"]["arn"],
    }
    (mapping_key,) = roles["RoleMappings"]
    assert mapping_key.endswith(f":{ids['userPoolWebClient']['id']}")
    assert roles["RoleMappings"][mapping_key]["Type"] == "Token"

    for logical_id, amr in (
        ("authenticatedRole", "authenticated"),
        ("unauthenticatedRole", "unauthenticated"),
    ):
        role = aws["iam"].get_role(RoleName=ids[logical_id]["name"])["Role"]
        document = role["AssumeRolePolicyDocument"]
        if isinstance(document, str):
            document = json.loads(document)
        condition = document["Statement"][0]["Condition"]
        assert condition["StringEquals"] == {
            "cognito-identity.amazonaws.com:aud": ids["identityPool"]["id"]
        }
        assert condition["ForAnyValue:StringLike"] == {"cognito-identity.amazonaws.com:amr": amr}
        tags = aws["iam"].list_role_tags(RoleName=ids[logical_id]["name"])["Tags"]
        assert {"Key": SANDBOX_TAG, "Value": IDENTITY.stack_name} in tags

    outputs = json.loads(result.outputs_file.read_text())
    assert outputs["auth"]["user_pool_id"] == ids["userPool"]["id"]
    assert outputs["custom"] == {"local_endpoint": emulator_url}


def test_second_deploy_makes_no_write_calls(seed_project: Path, target: AwsTarget) -> None:
    _deploy(seed_project, target)
    target.log.calls.clear()
    outputs = seed_project / "amplify_outputs.json"
    outputs.unlink()
    result = _deploy(seed_project, target)
    assert not result.plan.has_changes
    assert _writes(target) == []
    assert len(target.log.calls) <= 3
    assert outputs.is_file(), "the outputs file is rewritten on a no-op deploy too"


def test_an_edit_updates_in_place_and_users_survive(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    first = _deploy(seed_project, target)
    pool_id = first.state.attributes()["userPool"]["id"]
    idp = _clients(emulator_url)["cognito-idp"]
    idp.admin_create_user(UserPoolId=pool_id, Username="someone@example.com")
    resource = seed_project / "amplify" / "auth" / "resource.ts"
    resource.write_text(
        resource.read_text().replace(
            "email: true,",
            "email: { verificationEmailSubject: 'Welcome aboard' },",
        )
    )
    target.log.calls.clear()
    second = _deploy(seed_project, target)
    assert {c.logical_id: c.action for c in second.plan.changes if c.action is not Action.NOOP} == {
        "userPool": Action.UPDATE
    }
    assert second.state.attributes()["userPool"]["id"] == pool_id
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["VerificationMessageTemplate"]["EmailSubject"] == "Welcome aboard"
    assert pool["UsernameAttributes"] == ["email"]
    assert len(idp.list_users(UserPoolId=pool_id)["Users"]) == 1
    assert "cognito-idp.DescribeUserPool" in target.log.calls, "update is read-modify-write"


def test_groups_are_created_with_precedence_and_roles(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    definition = replace(load_definition(seed_project), groups=("ADMINS", "EDITORS"))
    result = _deploy(seed_project, target, definition=definition)
    pool_id = result.state.attributes()["userPool"]["id"]
    groups = _clients(emulator_url)["cognito-idp"].list_groups(UserPoolId=pool_id)["Groups"]
    by_name = {g["GroupName"]: g for g in groups}
    assert by_name["ADMINS"]["Precedence"] == 0
    assert by_name["EDITORS"]["Precedence"] == 1
    assert by_name["ADMINS"]["RoleArn"] == result.state.attributes()["groupADMINSRole"]["arn"]
    # Removing one group deletes just it and its role.
    smaller = replace(definition, groups=("ADMINS",))
    again = _deploy(seed_project, target, definition=smaller)
    changed = {c.logical_id: c.action for c in again.plan.changes if c.action is not Action.NOOP}
    assert changed == {"groupEDITORS": Action.DELETE, "groupEDITORSRole": Action.DELETE}
    groups = _clients(emulator_url)["cognito-idp"].list_groups(UserPoolId=pool_id)["Groups"]
    assert [g["GroupName"] for g in groups] == ["ADMINS"]


def test_a_pool_replace_is_refused_without_allow_replace(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    first = _deploy(seed_project, target)
    definition = load_definition(seed_project)
    with_phone = replace(
        definition, login_with=LoginWith(email=definition.login_with.email, phone=PhoneLogin())
    )
    target.log.calls.clear()
    with pytest.raises(RefusedError) as refused:
        _deploy(seed_project, target, definition=with_phone)
    assert refused.value.exit_code == 3
    assert _writes(target) == [], "nothing changes when a replace is refused"
    replaced = _deploy(seed_project, target, definition=with_phone, allow_replace=True)
    old_id = first.state.attributes()["userPool"]["id"]
    new_id = replaced.state.attributes()["userPool"]["id"]
    assert new_id != old_id
    idp = _clients(emulator_url)["cognito-idp"]
    with pytest.raises(ClientError):
        idp.describe_user_pool(UserPoolId=old_id)
    pool = idp.describe_user_pool(UserPoolId=new_id)["UserPool"]
    assert pool["UsernameAttributes"] == ["email", "phone_number"]
    assert "SnsCallerArn" in pool["SmsConfiguration"]


def _tagged(url: str) -> list[str]:
    """Everything in the emulator that carries this sandbox's tag."""
    aws = _clients(url)
    found = []
    for pool in aws["cognito-idp"].list_user_pools(MaxResults=60)["UserPools"]:
        tags = aws["cognito-idp"].describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
        if tags.get("UserPoolTags", {}).get(SANDBOX_TAG) == IDENTITY.stack_name:
            found.append(pool["Id"])
    for pool in aws["cognito-identity"].list_identity_pools(MaxResults=60)["IdentityPools"]:
        described = aws["cognito-identity"].describe_identity_pool(
            IdentityPoolId=pool["IdentityPoolId"]
        )
        if described.get("IdentityPoolTags", {}).get(SANDBOX_TAG) == IDENTITY.stack_name:
            found.append(pool["IdentityPoolId"])
    for role in aws["iam"].list_roles()["Roles"]:
        tags = aws["iam"].list_role_tags(RoleName=role["RoleName"])["Tags"]
        if {"Key": SANDBOX_TAG, "Value": IDENTITY.stack_name} in tags:
            found.append(role["RoleName"])
    return found


def test_delete_leaves_nothing_tagged_and_is_idempotent(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    _deploy(seed_project, target, definition=replace(load_definition(seed_project), groups=("A",)))
    assert len(_tagged(emulator_url)) == 5  # both pools, the two identity roles, the group role
    result = delete(IDENTITY, target, SilentReporter(), seed_project)
    assert all(c.action is Action.DELETE for c in result.plan.changes)
    assert _tagged(emulator_url) == []
    assert not (seed_project / "amplify_outputs.json").exists()
    assert (
        _clients(emulator_url)["ssm"].get_parameters_by_path(Path="/amplify-sandbox/")["Parameters"]
        == []
    )
    again = delete(IDENTITY, target, SilentReporter(), seed_project)
    assert again.plan.changes == ()


def test_delete_never_touches_a_resource_tagged_for_someone_else(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    result = _deploy(seed_project, target)
    pool_id = result.state.attributes()["userPool"]["id"]
    pool_arn = result.state.attributes()["userPool"]["arn"]
    idp = _clients(emulator_url)["cognito-idp"]
    idp.tag_resource(ResourceArn=pool_arn, Tags={SANDBOX_TAG: "someone-else"})
    warnings: list[str] = []

    class Recorder(SilentReporter):
        def warning(self, message: str) -> None:
            warnings.append(message)

    delete(IDENTITY, target, Recorder(), seed_project)
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Id"] == pool_id
    assert any("not tagged as this sandbox's" in w for w in warnings)


def test_a_deploy_that_dies_part_way_is_completed_by_the_next(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    calls = {"n": 0}

    def crash_on_fourth_create(model: Any, **_: Any) -> None:
        if model.name.startswith("Create"):
            calls["n"] += 1
            if calls["n"] == 4:
                raise ConnectionError("network went away")

    target.clients.iam.meta.events.register("before-call.*.*", crash_on_fourth_create)
    target.clients.cognito_identity.meta.events.register("before-call.*.*", crash_on_fourth_create)
    target.clients.cognito_idp.meta.events.register("before-call.*.*", crash_on_fourth_create)
    with pytest.raises(ConnectionError):
        _deploy(seed_project, target)
    recorded = target.state_store(IDENTITY).load()
    assert recorded is not None
    # The two roles are created at the same time: the one that did not fail is recorded too.
    roles = {"authenticatedRole", "unauthenticatedRole"}
    assert set(recorded.resources) - roles == {"userPool", "userPoolWebClient", "identityPool"}
    assert len(roles - set(recorded.resources)) >= 1

    fresh = AwsTarget(target.options)
    result = _deploy(seed_project, fresh)
    created = {c.logical_id for c in result.plan.changes if c.action is Action.CREATE}
    assert created == (roles - set(recorded.resources)) | {"identityPoolRoles"}
    aws = _clients(emulator_url)
    assert len(aws["cognito-idp"].list_user_pools(MaxResults=60)["UserPools"]) == 1
    assert len(aws["cognito-identity"].list_identity_pools(MaxResults=60)["IdentityPools"]) == 1


def test_large_state_is_split_and_read_back(target: AwsTarget) -> None:
    import secrets as random_source

    from amplify_sandbox.deploy.state import DeployedResource, DeployedState
    from amplify_sandbox.desired.resources import ResourceKind

    # Random text does not compress: this record cannot fit one 4 KB parameter.
    state = DeployedState(IDENTITY.stack_name)
    for n in range(20):
        state = state.with_resource(
            DeployedResource(
                f"group{n}",
                ResourceKind.USER_POOL_GROUP,
                f"pool/{n}",
                {"name": random_source.token_hex(200)},
                {"GroupName": random_source.token_hex(200)},
            )
        )
    store = target.state_store(IDENTITY)
    store.save(state)
    names = [
        p["Name"]
        for p in target.clients.ssm.get_parameters_by_path(
            Path=IDENTITY.state_path, Recursive=True
        )["Parameters"]
    ]
    assert len(names) > 2, "a pointer and its parts"
    assert target.state_store(IDENTITY).load() == state
    smaller = DeployedState(IDENTITY.stack_name)
    store.save(smaller)
    remaining = target.clients.ssm.get_parameters_by_path(Path=IDENTITY.state_path, Recursive=True)[
        "Parameters"
    ]
    assert len(remaining) == 1, "parts no longer needed are deleted"
    assert target.state_store(IDENTITY).load() == smaller


def test_the_record_of_a_whole_deploy_fits_one_parameter_and_holds_no_plain_json(
    seed_project: Path, target: AwsTarget
) -> None:
    definition = replace(
        load_definition(seed_project), groups=tuple(f"G{i:02d}" for i in range(12))
    )
    result = _deploy(seed_project, target, definition=definition)
    (parameter,) = target.clients.ssm.get_parameters_by_path(Path=IDENTITY.state_path)["Parameters"]
    assert parameter["Value"].startswith("z1:")
    assert target.state_store(IDENTITY).load() == result.state
    target.log.calls.clear()
    again = _deploy(seed_project, target, definition=definition)
    assert not again.plan.has_changes
    assert _writes(target) == []


def test_delete_without_a_record_removes_what_carries_the_tag(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    _deploy(seed_project, target, definition=replace(load_definition(seed_project), groups=("A",)))
    # Someone else's pool, in the same account: never touched.
    aws = _clients(emulator_url)
    other = aws["cognito-idp"].create_user_pool(
        PoolName="someone-elses", UserPoolTags={SANDBOX_TAG: "another-sandbox"}
    )["UserPool"]["Id"]
    target.state_store(IDENTITY).clear()  # the record is lost
    result = delete(IDENTITY, target, SilentReporter(), seed_project)
    assert {c.kind.value for c in result.plan.changes} == {"user_pool", "identity_pool", "iam_role"}
    assert _tagged(emulator_url) == []
    assert [p["Id"] for p in aws["cognito-idp"].list_user_pools(MaxResults=60)["UserPools"]] == [
        other
    ]


def test_every_applied_change_is_reported_finished_once(
    seed_project: Path, target: AwsTarget
) -> None:
    definition = load_definition(seed_project)
    _deploy(seed_project, target, definition=replace(definition, groups=("A", "B")))
    finished: list[tuple[str, Action]] = []

    class Recorder(SilentReporter):
        def change_finished(self, change: Any, seconds: float) -> None:
            finished.append((change.logical_id, change.action))

    # B moves to precedence 0: its role's name changes, a replace that deletes the old role first.
    result = deploy(
        replace(definition, groups=("B",)),
        IDENTITY,
        target,
        Recorder(),
        OutputsOptions(seed_project),
    )
    applied = [(c.logical_id, c.action) for c in result.plan.changes if c.action is not Action.NOOP]
    assert ("groupBRole", Action.REPLACE) in applied
    assert sorted(finished) == sorted(applied)
