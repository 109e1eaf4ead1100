"""Runs killed at the worst moment, then run again: the next run converges."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import boto3
import pytest

from amplify_sandbox.aws.state_store import decode
from amplify_sandbox.aws.target import AwsTarget
from amplify_sandbox.definition import load_definition
from amplify_sandbox.definition.model import (
    AuthDefinition,
    CustomAttribute,
    LoginWith,
    PhoneLogin,
)
from amplify_sandbox.deploy.events import SilentReporter
from amplify_sandbox.deploy.pipeline import OutputsOptions, deploy
from amplify_sandbox.deploy.planner import Action
from amplify_sandbox.identity import SandboxIdentity

IDENTITY = SandboxIdentity("seed-app", "tester")


class Killed(BaseException):
    """Stands for SIGKILL: nothing in the pipeline catches it."""


def _deploy(project: Path, target: AwsTarget, definition: AuthDefinition, **kwargs: Any) -> Any:
    return deploy(definition, IDENTITY, target, SilentReporter(), OutputsOptions(project), **kwargs)


def _idp(url: str) -> Any:
    return boto3.client(
        "cognito-idp",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def _kill_after(target: AwsTarget, operation: str, when: Any = lambda params: True) -> None:
    """Raise Killed right after `operation` was applied (its answer received)."""
    armed: dict[str, bool] = {"on": False}
    service, name = operation.split(".")

    def before(params: dict[str, Any], **kwargs: Any) -> None:
        armed["on"] = bool(when(params))

    def after(**kwargs: Any) -> None:
        if armed["on"]:
            raise Killed(operation)

    client = getattr(target.clients, service.replace("-", "_"))
    client.meta.events.register(f"before-parameter-build.*.{name}", before)
    client.meta.events.register(f"after-call.*.{name}", after)


def test_a_replace_finished_by_a_later_run_moves_the_dependents_to_the_new_pool(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    definition = load_definition(seed_project)
    _deploy(seed_project, target, definition)
    with_phone = replace(
        definition, login_with=LoginWith(email=definition.login_with.email, phone=PhoneLogin())
    )

    def records_the_new_pool(params: dict[str, Any]) -> bool:
        value = str(params.get("Value", ""))
        if not value.startswith("z1:"):
            return False
        state = decode(value)
        return "userPool" in state.retired and "userPool" in state.resources

    _kill_after(target, "ssm.PutParameter", records_the_new_pool)
    with pytest.raises(Killed):
        _deploy(seed_project, target, with_phone, allow_replace=True)

    again = AwsTarget(target.options)
    result = _deploy(seed_project, again, with_phone, allow_replace=True)
    ids = result.state.attributes()
    pool, client = ids["userPool"]["id"], ids["userPoolWebClient"]["id"]
    idp = _idp(emulator_url)
    assert [p["Id"] for p in idp.list_user_pools(MaxResults=60)["UserPools"]] == [pool]
    idp.describe_user_pool_client(UserPoolId=pool, ClientId=client)  # exists, on the live pool
    assert ids["userPoolWebClient"]["user_pool_id"] == pool
    identity_pool = again.clients.cognito_identity.describe_identity_pool(
        IdentityPoolId=ids["identityPool"]["id"]
    )
    assert [p["ClientId"] for p in identity_pool["CognitoIdentityProviders"]] == [client]
    assert all(pool in p["ProviderName"] for p in identity_pool["CognitoIdentityProviders"])
    assert not _deploy(seed_project, AwsTarget(target.options), with_phone).plan.has_changes


def test_a_custom_attribute_added_by_a_run_killed_after_adding_it_is_not_added_again(
    seed_project: Path, target: AwsTarget
) -> None:
    definition = load_definition(seed_project)
    _deploy(seed_project, target, definition)
    with_tier = replace(
        definition,
        custom_attributes=(*definition.custom_attributes, CustomAttribute("tier")),
    )
    _kill_after(target, "cognito-idp.AddCustomAttributes")
    with pytest.raises(Killed):
        _deploy(seed_project, target, with_tier)
    result = _deploy(seed_project, AwsTarget(target.options), with_tier)
    assert result.plan.count(Action.UPDATE) >= 1
    again = _deploy(seed_project, AwsTarget(target.options), with_tier)
    assert not again.plan.has_changes
