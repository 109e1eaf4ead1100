"""boto3 session and clients: profile, region, endpoint, retries, and a log of every call."""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from botocore.exceptions import ConnectionError, HTTPClientError, ProfileNotFound

from amplify_sandbox.aws import import_botocore_http
from amplify_sandbox.aws.errors import NO_CREDENTIALS_HINT
from amplify_sandbox.errors import TargetError, UsageError
from amplify_sandbox.keyed import Keyed

if TYPE_CHECKING:
    from botocore.config import Config
    from botocore.session import Session
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
    # Calls answered "slow down" (each retried by botocore), and who to tell about the first.
    throttled: list[str] = field(default_factory=list)
    throttle_listener: Callable[[str], None] | None = None
    # Seconds spent waiting before retries in this run.
    waited: float = 0.0

    def record(self, name: str) -> None:
        self.calls.append(name)
        if self.listener is not None:
            self.listener(name)

    def record_throttled(self, name: str) -> None:
        self.throttled.append(name)
        if len(self.throttled) == 1 and self.throttle_listener is not None:
            self.throttle_listener(name)


_THROTTLING = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
        "ProvisionedThroughputExceededException",
        "LimitExceededException",
    }
)


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
        # The executor's workers may ask for a client first; a botocore session is not
        # thread-safe, so clients are made one at a time, once each.
        self._making = threading.Lock()
        self._made: dict[str, Any] = {}

    def _client(self, service: str) -> Any:
        with self._making:
            made = self._made.get(service)
            if made is None:
                made = self._session.create_client(
                    service,
                    region_name=self.region,
                    config=self._config,
                    endpoint_url=self._endpoint_url,
                )
                self._made[service] = made
            return made

    # No type stubs are installed for Lambda and CloudWatch Logs (`sandbox logs`): Any.
    cognito_idp: Keyed[Clients, CognitoIdentityProviderClient] = Keyed(_client, "cognito-idp")
    cognito_identity: Keyed[Clients, CognitoIdentityClient] = Keyed(_client, "cognito-identity")
    iam: Keyed[Clients, IAMClient] = Keyed(_client, "iam")
    ssm: Keyed[Clients, SSMClient] = Keyed(_client, "ssm")
    lambda_: Keyed[Clients, Any] = Keyed(_client, "lambda")
    logs: Keyed[Clients, Any] = Keyed(_client, "logs")
    sts: Keyed[Clients, STSClient] = Keyed(_client, "sts")


@dataclass(frozen=True)
class RetryPolicy:
    """When to retry a call, and after how long: exponential back-off with jitter, a bounded
    number of attempts and a bounded total wait per run (not botocore's "adaptive" mode, whose
    client-side rate limiter slowed a 6 s deploy to 73 s at 30 % throttling).

    A create is not retried after a lost answer (a 5xx or a dropped connection): it may have been
    applied, and only the handler can look for it first (see aws/idempotent.py)."""

    max_attempts: int
    base: float
    cap: float
    budget: float

    @classmethod
    def aws(cls) -> RetryPolicy:
        return cls(max_attempts=8, base=0.5, cap=10.0, budget=180.0)

    @classmethod
    def local(cls) -> RetryPolicy:
        return cls(max_attempts=8, base=0.05, cap=1.0, budget=60.0)

    def delay(self, log: CallLog, **kwargs: Any) -> float | None:
        attempts = int(kwargs.get("attempts", 1))
        if attempts >= self.max_attempts:
            return None
        operation = kwargs["operation"]
        name = f"{operation.service_model.service_name}.{operation.name}"
        response = kwargs.get("response")
        caught = kwargs.get("caught_exception")
        if response:
            code = (response[1] or {}).get("Error", {}).get("Code")
            status = int(getattr(response[0], "status_code", 0))
            if code in _THROTTLING or status == 429:
                log.record_throttled(name)
            elif status < 500 or not _may_repeat(operation.name):
                return None
        elif not isinstance(caught, ConnectionError | HTTPClientError) or not _may_repeat(
            operation.name
        ):
            return None
        wait = min(self.cap, self.base * 2.0 ** (attempts - 1)) * random.uniform(0.5, 1.0)
        if log.waited + wait > self.budget:
            return None
        log.waited += wait
        return wait


_NOT_REPEATABLE = frozenset({"AddCustomAttributes"})


def _may_repeat(operation: str) -> bool:
    """Whether repeating a call whose answer was lost is harmless (not a create)."""
    return not operation.startswith("Create") and operation not in _NOT_REPEATABLE


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
    import_botocore_http()
    from botocore.config import Config
    from botocore.session import Session

    from amplify_sandbox.aws.loader import use_shared_loader

    try:
        session = Session(profile=profile)
        use_shared_loader(session)
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

    policy = RetryPolicy.local() if endpoint_url is not None else RetryPolicy.aws()

    def on_attempt(**kwargs: Any) -> float | None:
        return policy.delay(log, **kwargs)

    session.register("before-call.*.*", on_call)
    # A handler's answer is the delay before a retry; the stubs know only handlers of None.
    session.register("needs-retry.*.*", cast(Any, on_attempt))
    # botocore's own retries are off (one attempt): RetryPolicy decides every retry.
    config = Config(retries={"mode": "standard", "total_max_attempts": 1}, connect_timeout=2)
    if endpoint_url is None:
        config = Config(retries={"mode": "standard", "total_max_attempts": 1})

    return Clients(session, str(region), endpoint_url, config, log)
