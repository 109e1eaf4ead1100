"""Which user pool and web client a sandbox has: read from its state record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from amplify_sandbox.errors import UsageError

if TYPE_CHECKING:
    from amplify_sandbox.aws.target import AwsTarget
    from amplify_sandbox.deploy.state import DeployedState
    from amplify_sandbox.identity import SandboxIdentity

USER_POOL = "userPool"
WEB_CLIENT = "userPoolWebClient"


@dataclass(frozen=True)
class DeployedPool:
    user_pool_id: str
    client_id: str | None
    region: str


def pool_of(state: DeployedState | None, identity: SandboxIdentity, region: str) -> DeployedPool:
    if state is None or (USER_POOL not in state.resources and not state.referenced):
        raise UsageError(
            f"Sandbox '{identity.identifier}' of {identity.namespace} is not deployed "
            "(no user pool in its state record).",
            hint="Run `sandbox deploy` first (with the same --local / --profile / --identifier).",
        )
    if state is not None and state.referenced:
        # referenceAuth: the people commands act on the pool the definition references.
        return DeployedPool(
            state.referenced["userPoolId"],
            state.referenced.get("userPoolClientId"),
            state.region or region,
        )
    client = state.resources.get(WEB_CLIENT)
    return DeployedPool(
        state.resources[USER_POOL].physical_id,
        client.physical_id if client is not None else None,
        state.region or region,
    )


def deployed_pool(identity: SandboxIdentity, target: AwsTarget) -> DeployedPool:
    """The sandbox's pool, or a clear "not deployed" error. Reads the record without the lock:
    the people commands change users, never the record."""
    return pool_of(target.state_store(identity).load(), identity, target.region)
