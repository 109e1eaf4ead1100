"""boto3 session and clients: profile, region, endpoint, retries, and a log of every call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config

from amplify_sandbox.aws.errors import NO_CREDENTIALS_HINT
from amplify_sandbox.errors import TargetError, UsageError

if TYPE_CHECKING:
    from mypy_boto3_cognito_identity import CognitoIdentityClient
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_iam import IAMClient
    from mypy_boto3_ssm import SSMClient

LOCAL_REGION = "us-east-1"
# The emulator accepts any credentials; these make the local target independent of the machine.
_LOCAL_KEY = "local"


@dataclass
class CallLog:
    """Names of the API calls made (service.Operation), never their parameters."""

    calls: list[str] = field(default_factory=list)
    listener: Callable[[str], None] | None = None

    def record(self, name: str) -> None:
        self.calls.append(name)
        if self.listener is not None:
            self.listener(name)


@dataclass(frozen=True)
class Clients:
    cognito_idp: CognitoIdentityProviderClient
    cognito_identity: CognitoIdentityClient
    iam: IAMClient
    ssm: SSMClient
    region: str
    log: CallLog


def make_clients(
    *,
    profile: str | None,
    region: str | None,
    endpoint_url: str | None,
    log: CallLog,
) -> Clients:
    """Clients for AWS (standard credential chain) or, with endpoint_url, the local emulator."""
    try:
        if endpoint_url is not None:
            session = boto3.session.Session(
                aws_access_key_id=_LOCAL_KEY,
                aws_secret_access_key=_LOCAL_KEY,
                region_name=region or LOCAL_REGION,
            )
        else:
            session = boto3.session.Session(profile_name=profile, region_name=region)
    except Exception as exc:  # botocore raises ProfileNotFound and friends from here
        raise UsageError(
            str(exc), hint="Check --profile / AWS_PROFILE against ~/.aws/config."
        ) from exc
    if session.region_name is None:
        raise UsageError(
            "No AWS region configured.",
            hint="Pass --region, set AWS_REGION, or set a region for the profile "
            "(or use --local for the built-in local emulator).",
        )
    if endpoint_url is None and session.get_credentials() is None:
        raise TargetError("No AWS credentials found.", hint=NO_CREDENTIALS_HINT)

    def on_call(model: Any, **_: Any) -> None:
        log.record(f"{model.service_model.service_name}.{model.name}")

    session.events.register("before-call.*.*", on_call)
    if endpoint_url is not None:
        config = Config(retries={"mode": "standard", "max_attempts": 2}, connect_timeout=2)
    else:
        config = Config(retries={"mode": "adaptive", "max_attempts": 10})

    def client(service: str) -> Any:
        return session.client(service, config=config, endpoint_url=endpoint_url)  # type: ignore[call-overload]

    return Clients(
        cognito_idp=client("cognito-idp"),
        cognito_identity=client("cognito-identity"),
        iam=client("iam"),
        ssm=client("ssm"),
        region=session.region_name,
        log=log,
    )
