"""The AWS (or local emulator) target: clients, handlers and the SSM state store together."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from amplify_sandbox.aws.clients import CallLog, Clients, make_clients
from amplify_sandbox.aws.handlers import build_handlers
from amplify_sandbox.aws.state_store import SsmStateStore
from amplify_sandbox.handler import Handlers
from amplify_sandbox.identity import SandboxIdentity


@dataclass(frozen=True)
class TargetOptions:
    profile: str | None = None
    region: str | None = None
    # Set for the local emulator.
    endpoint_url: str | None = None


@dataclass
class AwsTarget:
    options: TargetOptions
    log: CallLog = field(default_factory=CallLog)

    @cached_property
    def clients(self) -> Clients:
        return make_clients(
            profile=self.options.profile,
            region=self.options.region,
            endpoint_url=self.options.endpoint_url,
            log=self.log,
        )

    @property
    def region(self) -> str:
        return self.clients.region

    @property
    def local_endpoint(self) -> str | None:
        return self.options.endpoint_url

    @cached_property
    def account_id(self) -> str:
        return self.clients.sts.get_caller_identity()["Account"]

    @cached_property
    def handlers(self) -> Handlers:
        return build_handlers(self.clients, self.region)

    def state_store(self, identity: SandboxIdentity) -> SsmStateStore:
        return SsmStateStore(self.clients.ssm, identity.state_path)

    def user_count(self, user_pool_id: str) -> int:
        return int(
            self.clients.cognito_idp.describe_user_pool(UserPoolId=user_pool_id)["UserPool"].get(
                "EstimatedNumberOfUsers", 0
            )
        )

    def describe(self) -> str:
        if self.options.endpoint_url is not None:
            return f"local emulator {self.options.endpoint_url} ({self.region})"
        profile = f"profile {self.options.profile}, " if self.options.profile else ""
        return f"AWS {profile}region {self.region}"
