"""Deletes that touch only what is ours, MFA never lowered on the way, attribute changes that
need verification, and service errors that never show a secret; against the emulator."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError

from amplify_sandbox.aws.errors import aws_errors
from amplify_sandbox.aws.target import AwsTarget
from amplify_sandbox.definition import load_definition
from amplify_sandbox.definition.model import (
    AuthDefinition,
    ExternalProviders,
    LoginWith,
    Multifactor,
    PhoneLogin,
    SecretRef,
    SocialProvider,
)
from amplify_sandbox.deploy.events import SilentReporter
from amplify_sandbox.deploy.executor import Executor
from amplify_sandbox.deploy.pipeline import OutputsOptions, delete, deploy, pools_to_delete
from amplify_sandbox.deploy.planner import Change, build_plan
from amplify_sandbox.deploy.state import DeployedResource, DeployedState
from amplify_sandbox.desired.build import SANDBOX_TAG
from amplify_sandbox.desired.resources import DesiredState, ResourceKind
from amplify_sandbox.errors import TargetError
from amplify_sandbox.identity import SandboxIdentity

IDENTITY = SandboxIdentity("seed-app", "safety")
SECRET = "s3cr3t-client-value-0042"


def _idp(url: str) -> Any:
    return boto3.client(
        "cognito-idp",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


class Recorder(SilentReporter):
    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.finished: list[str] = []

    def warning(self, message: str) -> None:
        self.warnings.append(message)

    def change_finished(self, change: Change, seconds: float) -> None:
        self.finished.append(change.logical_id)


class _Raw:
    """The raw body of a canned HTTP answer, as botocore reads one."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **kwargs: Any) -> Any:
        yield self._body


def _source(values: Mapping[str, str]) -> Any:
    def find(names: Sequence[str]) -> Mapping[str, str]:
        return {name: values[name] for name in names if name in values}

    return find


def _deploy(project: Path, target: AwsTarget, definition: AuthDefinition, **kw: Any) -> Any:
    return deploy(definition, IDENTITY, target, SilentReporter(), OutputsOptions(project), **kw)


# -- 11.6: MFA is never lowered in an intermediate step ------------------------------------------


def test_mfa_is_never_lowered_when_the_mfa_call_fails(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    base = load_definition(seed_project)
    required = replace(base, multifactor=Multifactor(mode="REQUIRED", totp=True))
    result = _deploy(seed_project, target, required)
    pool_id = result.state.attributes()["userPool"]["id"]
    observer = _idp(emulator_url)
    seen: list[str] = []

    def observe(**kwargs: Any) -> None:
        # After every call the tool makes, what the pool's MFA is.
        seen.append(observer.describe_user_pool(UserPoolId=pool_id)["UserPool"]["MfaConfiguration"])

    def fail(**kwargs: Any) -> None:
        raise ClientError(
            {"Error": {"Code": "InternalErrorException", "Message": "injected"}},
            "SetUserPoolMfaConfig",
        )

    events = target.clients.cognito_idp.meta.events
    events.register("after-call.cognito-idp.*", observe)
    events.register("before-call.cognito-idp.SetUserPoolMfaConfig", fail)
    # Adding SMS too changes the MFA settings, so the update ends with SetUserPoolMfaConfig.
    edited = replace(
        required,
        name=None,
        multifactor=Multifactor(mode="REQUIRED", totp=True, sms=True),
        login_with=replace(required.login_with, phone=PhoneLogin()),
    )
    with pytest.raises(ClientError):
        _deploy(seed_project, target, edited, allow_replace=True, refresh_first=False)
    assert seen and set(seen) == {"ON"}, seen
    pool = observer.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["MfaConfiguration"] == "ON"


# -- 11.7: a changed email (or phone) takes effect only once verified ----------------------------


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        (LoginWith(email=None, phone=PhoneLogin()), ["phone_number"]),
        (None, ["email"]),
    ],
)
def test_login_attributes_need_verification_before_update(
    seed_project: Path,
    target: AwsTarget,
    emulator_url: str,
    login: LoginWith | None,
    expected: list[str],
) -> None:
    definition = load_definition(seed_project)
    if login is not None:
        definition = replace(definition, login_with=login)
    result = _deploy(seed_project, target, definition)
    pool = _idp(emulator_url).describe_user_pool(
        UserPoolId=result.state.attributes()["userPool"]["id"]
    )
    assert pool["UserPool"]["UserAttributeUpdateSettings"] == {
        "AttributesRequireVerificationBeforeUpdate": expected
    }


# -- 11.8: a service error that echoes a secret is shown without it -------------------------------


def test_a_service_error_echoing_a_secret_never_shows_it(
    seed_project: Path, target: AwsTarget
) -> None:
    definition = replace(
        load_definition(seed_project),
        external_providers=ExternalProviders(
            google=SocialProvider("google-id", SecretRef("GOOGLE_SECRET")),
            callback_urls=("http://localhost:3000/",),
            logout_urls=("http://localhost:3000/",),
        ),
    )

    def echo(request: Any, **kwargs: Any) -> AWSResponse:
        # Cognito quotes what it was sent back in some errors; the emulator is made to as well.
        sent = json.loads(request.body)["ProviderDetails"]["client_secret"]
        body = json.dumps(
            {"__type": "InvalidParameterException", "message": f"Bad client_secret '{sent}'"}
        ).encode()
        return AWSResponse(
            request.url, 400, {"Content-Type": "application/x-amz-json-1.1"}, _Raw(body)
        )

    target.clients.cognito_idp.meta.events.register(
        "before-send.cognito-idp.CreateIdentityProvider", echo
    )
    with pytest.raises(TargetError) as caught, aws_errors():
        _deploy(seed_project, target, definition, secrets=_source({"GOOGLE_SECRET": SECRET}))
    shown = f"{caught.value} {caught.value.hint}"
    assert "InvalidParameterException" in shown and "(hidden)" in shown
    assert SECRET not in shown
    cause = caught.value.__cause__
    assert isinstance(cause, ClientError)
    assert SECRET not in str(cause) and SECRET not in json.dumps(cause.response, default=str)


# -- 11.5 / 11.9: deletes check the owner, the tag and the name ----------------------------------


def _delete_one(target: AwsTarget, resource: DeployedResource) -> Recorder:
    state = DeployedState(IDENTITY.stack_name).with_resource(resource)
    reporter = Recorder()
    store = target.state_store(IDENTITY)
    Executor(target.handlers, store, reporter, {}).apply(build_plan(DesiredState(()), state), state)
    return reporter


def test_a_domain_is_checked_against_the_pool_that_holds_it(
    target: AwsTarget, emulator_url: str
) -> None:
    idp = _idp(emulator_url)
    ours = idp.create_user_pool(
        PoolName=f"amplify-seedapp-safety-{IDENTITY.hash10}-userpool",
        UserPoolTags={SANDBOX_TAG: IDENTITY.stack_name},
    )["UserPool"]["Id"]
    theirs = idp.create_user_pool(PoolName="someone-elses-pool")["UserPool"]["Id"]
    idp.create_user_pool_domain(Domain="their-prefix", UserPoolId=theirs)
    # A record that says the domain is ours (on our pool): it is not.
    record = DeployedResource(
        "userPoolDomain",
        ResourceKind.USER_POOL_DOMAIN,
        "their-prefix",
        {"domain": "their-prefix", "user_pool_id": ours},
        {"Domain": "their-prefix"},
    )
    reporter = _delete_one(target, record)
    described = idp.describe_user_pool_domain(Domain="their-prefix")["DomainDescription"]
    assert described["UserPoolId"] == theirs
    assert any("left untouched" in w and theirs in w for w in reporter.warnings)
    assert reporter.finished == []


def test_a_pool_with_a_copied_tag_but_another_name_is_left(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    idp = _idp(emulator_url)
    impostor = idp.create_user_pool(
        PoolName="production-users", UserPoolTags={SANDBOX_TAG: IDENTITY.stack_name}
    )["UserPool"]["Id"]
    idp.admin_create_user(UserPoolId=impostor, Username="someone@example.com")
    # Found by tag alone (no record): its name carries no trace of this sandbox.
    assert pools_to_delete(IDENTITY, target) == {impostor: 1}
    reporter = Recorder()
    result = delete(IDENTITY, target, reporter, seed_project)
    assert idp.describe_user_pool(UserPoolId=impostor)["UserPool"]["Id"] == impostor
    assert any("not named as this sandbox's" in w for w in reporter.warnings), reporter.warnings
    assert result.deleted == [] and reporter.finished == []


def test_a_recorded_pool_renamed_elsewhere_is_left_and_not_reported_deleted(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    idp = _idp(emulator_url)
    other = idp.create_user_pool(
        PoolName="production-users", UserPoolTags={SANDBOX_TAG: IDENTITY.stack_name}
    )["UserPool"]["Id"]
    record = DeployedResource(
        "userPool",
        ResourceKind.USER_POOL,
        other,
        {"id": other},
        {"PoolName": f"amplify-seedapp-safety-{IDENTITY.hash10}-userpool"},
    )
    reporter = _delete_one(target, record)
    assert idp.describe_user_pool(UserPoolId=other)["UserPool"]["Id"] == other
    assert any("named 'production-users'" in w for w in reporter.warnings), reporter.warnings
    assert reporter.finished == []


def test_delete_reports_each_pools_users_and_only_what_it_deleted(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    result = _deploy(seed_project, target, load_definition(seed_project))
    pool_id = result.state.attributes()["userPool"]["id"]
    idp = _idp(emulator_url)
    for name in ("a@example.com", "b@example.com"):
        idp.admin_create_user(UserPoolId=pool_id, Username=name)
    assert pools_to_delete(IDENTITY, target) == {pool_id: 2}
    reporter = Recorder()
    deleted = delete(IDENTITY, target, reporter, seed_project)
    assert {c.logical_id for c in deleted.deleted} == set(reporter.finished)
    assert "userPool" in reporter.finished and deleted.untouched == []
