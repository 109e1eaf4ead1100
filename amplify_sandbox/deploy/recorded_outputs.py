"""`sandbox outputs`: the outputs file of a deployed sandbox, from its record, with no deploy.

The file is built as `deploy` builds it (pipeline.auth_outputs): the ids come from the record,
the facts (sign-in, password policy, MFA, groups…) from the project's definition, so the
definition must be there. Nothing is written to the target.
"""

from __future__ import annotations

from pathlib import Path

from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.deploy.pipeline import OutputsOptions, auth_outputs
from amplify_sandbox.deploy.state import DeployedState
from amplify_sandbox.deploy.target import Target
from amplify_sandbox.desired.build import IDENTITY_POOL, USER_POOL, WEB_CLIENT
from amplify_sandbox.errors import UsageError
from amplify_sandbox.identity import SandboxIdentity
from amplify_sandbox.outputs import check_supported, write_outputs

_NEEDED = (USER_POOL, WEB_CLIENT, IDENTITY_POOL)


def deployed_record(identity: SandboxIdentity, target: Target) -> DeployedState:
    """The sandbox's record, or a clear error when it is not deployed (or only in part)."""
    state = target.state_store(identity).load()
    if state is not None and state.referenced:
        return state  # referenceAuth: the record holds the referenced ids only
    missing = [key for key in _NEEDED if state is None or key not in state.resources]
    if state is None or missing:
        what = "is not deployed" if state is None else f"has no {', '.join(missing)} on record"
        raise UsageError(
            f"Sandbox '{identity.identifier}' of {identity.namespace} ({identity.stack_name}) "
            f"{what} on {target.describe()}.",
            hint="Check the identifier with `sandbox list`, or deploy it first "
            f"(`sandbox deploy --identifier {identity.identifier}`).",
        )
    return state


def write_recorded_outputs(
    definition: AuthDefinition,
    identity: SandboxIdentity,
    target: Target,
    outputs: OutputsOptions,
) -> tuple[Path, DeployedState]:
    check_supported(definition, outputs.version)
    if definition.reference is not None:
        # referenceAuth: the record holds only the ids; the facts are described again.
        from amplify_sandbox.deploy.reference import reference_outputs

        state = deployed_record(identity, target)
        auth = reference_outputs(definition, target)
    else:
        state = deployed_record(identity, target)
        auth = auth_outputs(state, definition, target)
    path = write_outputs(auth, outputs.out_dir, outputs.version, outputs.fmt)
    return path, state


def recorded_ids(state: DeployedState) -> dict[str, str]:
    """The user pool, client and identity pool ids of a deployed record."""
    if state.referenced:
        return {
            "user_pool_id": state.referenced["userPoolId"],
            "user_pool_client_id": state.referenced["userPoolClientId"],
            "identity_pool_id": state.referenced["identityPoolId"],
        }
    return {
        "user_pool_id": state.resources[USER_POOL].physical_id,
        "user_pool_client_id": state.resources[WEB_CLIENT].physical_id,
        "identity_pool_id": state.resources[IDENTITY_POOL].physical_id,
    }
