"""boto3 session and clients: profile, region, endpoint, retries, and a log of every call."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

from botocore.config import Config
from botocore.exceptions import ProfileNotFound
from botocore.session import Session

from amplify_sandbox.aws.errors import NO_CREDENTIALS_HINT
from amplify_sandbox.errors import TargetError, UsageError

if TYPE_CHECKING:
    from mypy_boto3_cognito_identity import CognitoIdentityClient
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_iam import IAMClient
    from mypy_boto3_ssm import SSMClient
    from mypy_boto3_sts import STSClient

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


class Clients:
    """One client per service, each made on first use: a no-op deploy needs only SSM."""

    def __init__(
        self, session: Session, region: str, endpoint_url: str | None, config: Config, log: CallLog
    ) -> None:
        self._session = session
        self.region = region
        self._endpoint_url = endpoint_url
        self._config = config
        self.log = log

    def _client(self, service: str) -> Any:
        return self._session.create_client(
            service, region_name=self.region, config=self._config, endpoint_url=self._endpoint_url
        )

    @cached_property
    def cognito_idp(self) -> CognitoIdentityProviderClient:
        return cast("CognitoIdentityProviderClient", self._client("cognito-idp"))

    @cached_property
    def cognito_identity(self) -> CognitoIdentityClient:
        return cast("CognitoIdentityClient", self._client("cognito-identity"))

    @cached_property
    def iam(self) -> IAMClient:
        return cast("IAMClient", self._client("iam"))

    @cached_property
    def ssm(self) -> SSMClient:
        return cast("SSMClient", self._client("ssm"))

    @cached_property
    def sts(self) -> STSClient:
        return cast("STSClient", self._client("sts"))


def make_clients(
    *,
    profile: str | None,
    region: str | None,
    endpoint_url: str | None,
    log: CallLog,
) -> Clients:
    """Clients for AWS (standard credential chain) or, with endpoint_url, the local emulator."""
    # botocore's session is what boto3 wraps; using it directly skips ~100 ms of imports
    # (s3transfer, resources) that a CLI pays on every start.
    try:
        session = Session(profile=profile)
        if endpoint_url is not None:
            session.set_credentials(_LOCAL_KEY, _LOCAL_KEY)
            region = region or LOCAL_REGION
        # AWS_REGION first, as the AWS CLI v2 and the other SDKs read it (botocore does not).
        region = region or os.environ.get("AWS_REGION") or session.get_config_variable("region")
        has_credentials = endpoint_url is not None or session.get_credentials() is not None
    except ProfileNotFound as exc:
        raise UsageError(
            str(exc), hint="Check --profile / AWS_PROFILE against ~/.aws/config."
        ) from exc
    if not region:
        raise UsageError(
            "No AWS region configured.",
            hint="Pass --region, set AWS_REGION, or set a region for the profile "
            "(or use --local for the built-in local emulator).",
        )
    if not has_credentials:
        raise TargetError("No AWS credentials found.", hint=NO_CREDENTIALS_HINT)

    def on_call(**kwargs: Any) -> None:
        model = kwargs["model"]
        log.record(f"{model.service_model.service_name}.{model.name}")

    session.register("before-call.*.*", on_call)
    if endpoint_url is not None:
        config = Config(retries={"mode": "standard", "max_attempts": 2}, connect_timeout=2)
    else:
        config = Config(retries={"mode": "adaptive", "max_attempts": 10})

    return Clients(session, str(region), endpoint_url, config, log)
