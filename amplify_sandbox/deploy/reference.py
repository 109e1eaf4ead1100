"""`deploy` / `plan` of a referenceAuth: nothing is desired, so nothing is created or changed.

The referenced resources are described and checked first (read-only); a missing one stops
the run with exit 2 before anything is written. The plan is the empty desired state against
the record, so resources an earlier `defineAuth` deploy of this sandbox created are deleted
(as CloudFormation drops them from Amplify's stack) and a referenced resource never is: the
record names the referenced ids (`DeployedState.referenced`) and nothing else. The outputs
file is written by the same renderers as a normal deploy, from the facts the described
resources state (desired/reference.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.deploy.events import Reporter
from amplify_sandbox.deploy.executor import Executor
from amplify_sandbox.deploy.pipeline import (
    DeployResult,
    OutputsOptions,
    PlanReport,
    _confirm,
    users_affected,
)
from amplify_sandbox.deploy.planner import Plan, build_plan
from amplify_sandbox.deploy.stamp import stamped
from amplify_sandbox.deploy.state import DeployedState
from amplify_sandbox.deploy.target import Target
from amplify_sandbox.desired.reference import (
    REFERENCED,
    ReferenceFacts,
    check_reference,
    physical_id,
    reference_facts,
    referenced_ids,
)
from amplify_sandbox.desired.resources import DesiredState
from amplify_sandbox.errors import UsageError
from amplify_sandbox.identity import SandboxIdentity
from amplify_sandbox.outputs import write_outputs
from amplify_sandbox.outputs.model import AuthOutputs


def referenced_list(definition: AuthDefinition) -> tuple[tuple[str, str, str], ...]:
    """(prop, what it names, id) for each referenced resource, group roles last."""
    reference = definition.reference
    assert reference is not None
    ids = referenced_ids(reference)
    what = dict(REFERENCED)
    found = [(key, what[key], ids[key]) for key, _ in REFERENCED]
    found += [(f"groups.{name}", "IAM role", arn) for name, arn in reference.groups]
    return tuple(found)


def described_facts(definition: AuthDefinition, target: Target) -> ReferenceFacts:
    """The referenced resources described and checked (exit 2 when one is missing or Amplify
    would refuse them), and the facts they state."""
    assert definition.reference is not None
    described = target.describe_reference(definition.reference)
    check_reference(definition, described, target.region)
    return reference_facts(described, target.region)


def _reference_plan(
    definition: AuthDefinition, recorded: DeployedState | None
) -> tuple[Plan, dict[str, str]]:
    assert definition.reference is not None
    ids = referenced_ids(definition.reference)
    ours = recorded.physical_ids() if recorded is not None else set()
    taken = [
        f"{key} '{value}'"
        for key, _, value in referenced_list(definition)
        if physical_id(value) in ours
    ]
    if taken:
        raise UsageError(
            f"{definition.source}: referenceAuth names what this sandbox created: "
            f"{', '.join(taken)}. Switching to referenceAuth deletes what the sandbox created, "
            "so nothing was changed.",
            hint="Reference resources made outside this sandbox, or go back to defineAuth.",
        )
    return build_plan(DesiredState(()), recorded), ids


def plan_reference(
    definition: AuthDefinition, identity: SandboxIdentity, target: Target
) -> PlanReport:
    recorded = target.state_store(identity).load()
    plan, _ = _reference_plan(definition, recorded)
    described_facts(definition, target)
    return PlanReport(plan, users_affected(plan, target), referenced=referenced_list(definition))


def deploy_reference(
    definition: AuthDefinition,
    identity: SandboxIdentity,
    target: Target,
    reporter: Reporter,
    outputs: OutputsOptions,
    *,
    allow_replace: bool,
    confirm_replace: Callable[[Plan], bool],
    show_plan: Callable[[PlanReport], None],
    lock_timeout: float,
) -> DeployResult:
    store = target.state_store(identity)
    recorded = store.load()
    plan, ids = _reference_plan(definition, recorded)
    facts = described_facts(definition, target)
    state = recorded or DeployedState(identity.stack_name, region=target.region)
    if plan.has_changes or state.referenced != ids:
        _confirm(plan, target, allow_replace, confirm_replace, show_plan)
        with target.lock(identity, "deploy", lock_timeout, reporter.warning):
            recorded = store.load()
            plan, ids = _reference_plan(definition, recorded)
            state = recorded or DeployedState(identity.stack_name, region=target.region)
            if plan.has_changes:
                executor = Executor(target.handlers, store, reporter, {})
                state = executor.apply(plan, state)
            state = stamped(replace(state, referenced=ids), identity)
            store.save(state)
    path = write_outputs(
        reference_outputs(definition, target, facts), outputs.out_dir, outputs.version, outputs.fmt
    )
    return DeployResult(plan, state, path)


def reference_outputs(
    definition: AuthDefinition, target: Target, facts: ReferenceFacts | None = None
) -> AuthOutputs:
    """The outputs of a referenceAuth: the referenced ids and what the resources state
    (described now unless `facts` is given)."""
    assert definition.reference is not None
    found = facts or described_facts(definition, target)
    ids = referenced_ids(definition.reference)
    return AuthOutputs(
        region=target.region,
        user_pool_id=ids["userPoolId"],
        user_pool_client_id=ids["userPoolClientId"],
        identity_pool_id=ids["identityPoolId"],
        definition=definition,
        password_policy=found.password_policy,
        local_endpoint=target.local_endpoint,
        facts=found.facts,
    )
