"""The AWS (or local emulator) target: clients, handlers and the SSM state store together."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from amplify_sandbox.aws.clients import CallLog, Clients, make_clients
from amplify_sandbox.aws.state_store import SsmStateStore

# The handlers and the lock are imported where they are used: a no-op deploy needs neither.
if TYPE_CHECKING:
    from amplify_sandbox.aws.lock import Holder, SsmLock
    from amplify_sandbox.definition.model import ReferenceAuth
    from amplify_sandbox.deploy.handler import Handlers
    from amplify_sandbox.deploy.state import DeployedResource
    from amplify_sandbox.desired.reference import DescribedAuth
    from amplify_sandbox.desired.resources import ResourceKind
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
    # The handlers are made once, by whichever thread asks first (`prepare` may run first).
    _making: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _handlers: Handlers | None = field(default=None, init=False, repr=False)
    # An ARN of the account (for its id and partition) and who may set it: any thread.
    _arn: str | None = field(default=None, init=False, repr=False)
    _arn_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

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

    @property
    def account_id(self) -> str:
        return self._arn_part(4)

    @property
    def partition(self) -> str:
        return self._arn_part(1)

    def _arn_part(self, index: int) -> str:
        """A part of an ARN of this account: one an answer named (the record's parameters),
        else the caller's, looked up once."""
        with self._arn_lock:
            if self._arn is None:
                self._arn = self.clients.sts.get_caller_identity()["Arn"]
            return self._arn.split(":")[index]

    def _seen_arn(self, arn: str) -> None:
        with self._arn_lock:
            if self._arn is None:
                self._arn = arn

    @property
    def handlers(self) -> Handlers:
        with self._making:
            if self._handlers is None:
                from amplify_sandbox.aws.handlers import build_handlers
                from amplify_sandbox.aws.idempotent import RetriedCreates

                built = build_handlers(self.clients, self.region)
                self._handlers = {kind: RetriedCreates(handler) for kind, handler in built.items()}
            return self._handlers

    def prepare(self, kinds: Collection[ResourceKind]) -> None:
        """Make the handlers (and so the Cognito and Lambda clients) and, for roles, the IAM
        client on a thread of their own: CPU work that overlaps a call the caller then waits
        for (the lock, the record) instead of following it."""
        from amplify_sandbox.desired.resources import ResourceKind

        clients = self.clients  # made here: a cached_property is not for two threads at once

        def make() -> None:
            try:
                _ = self.handlers
                if ResourceKind.IAM_ROLE in kinds:
                    _ = clients.iam
            except Exception:
                return  # the caller meets the same error when it asks for them itself

        threading.Thread(target=make, name="prepare", daemon=True).start()

    def state_store(self, identity: SandboxIdentity) -> SsmStateStore:
        return SsmStateStore(self.clients.ssm, identity.state_path, seen_arn=self._seen_arn)

    def lock(
        self, identity: SandboxIdentity, command: str, timeout: float, notify: Callable[[str], None]
    ) -> AbstractContextManager[SsmLock]:
        from amplify_sandbox.aws.lock import SsmLock, lock_name

        return SsmLock(self.clients.ssm, lock_name(identity), command).held(timeout, notify)

    def unlock(self, identity: SandboxIdentity) -> Holder | None:
        """Remove the lock whoever holds it (`sandbox unlock`); who held it, if readable."""
        from amplify_sandbox.aws.lock import SsmLock, lock_name

        return SsmLock(self.clients.ssm, lock_name(identity), "unlock").force_remove()

    def watch_throttling(self, notify: Callable[[str], None]) -> None:
        def throttled(call: str) -> None:
            notify(
                f"Being throttled by the target ({call} and others): retrying with back-off; "
                "this run may take longer."
            )

        self.log.throttle_listener = throttled

    def find_tagged(self, identity: SandboxIdentity) -> list[DeployedResource]:
        """Pools, roles and functions tagged as this sandbox's, whatever the record says (clients, groups,
        providers and domains go with their pool)."""
        from amplify_sandbox.aws.handlers.iam_role import IamRoleHandler
        from amplify_sandbox.aws.handlers.identity_pool import IdentityPoolHandler
        from amplify_sandbox.aws.handlers.lambda_function import LambdaFunctionHandler
        from amplify_sandbox.aws.handlers.user_pool import UserPoolHandler
        from amplify_sandbox.deploy.state import DeployedResource
        from amplify_sandbox.desired.resources import ResourceKind

        sandbox_id = identity.stack_name
        clients = self.clients
        user_pools = UserPoolHandler(clients.cognito_idp, self.region)
        identity_pools = IdentityPoolHandler(clients.cognito_identity)
        roles = IamRoleHandler(clients.iam)
        found = [
            DeployedResource(f"tagged:{pool}", ResourceKind.USER_POOL, pool, {"id": pool}, {})
            for pool in user_pools.tagged(sandbox_id)
        ]
        found += [
            DeployedResource(f"tagged:{pool}", ResourceKind.IDENTITY_POOL, pool, {"id": pool}, {})
            for pool in identity_pools.tagged(sandbox_id)
        ]
        found += [
            DeployedResource(f"tagged:{name}", ResourceKind.IAM_ROLE, name, {"name": name}, {})
            for name in roles.tagged(sandbox_id, identity.hash10)
        ]
        functions = LambdaFunctionHandler(clients.lambda_)
        found += [
            DeployedResource(
                f"tagged:{name}", ResourceKind.LAMBDA_FUNCTION, name, {"name": name}, {}
            )
            for name in functions.tagged(sandbox_id, identity.hash10)
        ]
        return found

    def user_count(self, user_pool_id: str) -> int:
        return int(
            self.clients.cognito_idp.describe_user_pool(UserPoolId=user_pool_id)["UserPool"].get(
                "EstimatedNumberOfUsers", 0
            )
        )

    def describe_reference(self, reference: ReferenceAuth) -> DescribedAuth:
        from amplify_sandbox.aws.reference import describe_reference

        return describe_reference(self.clients, reference)

    def describe(self) -> str:
        if self.options.endpoint_url is not None:
            return f"local emulator {self.options.endpoint_url} ({self.region})"
        profile = f"profile {self.options.profile}, " if self.options.profile else ""
        return f"AWS {profile}region {self.region}"
