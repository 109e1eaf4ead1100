"""The whole run: definition → desired → plan → apply → outputs.

`delete` is the same pipeline with nothing wanted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from amplify_sandbox.aws.errors import secrets_hidden
from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.deploy.applied import AppliedHint
from amplify_sandbox.deploy.bundling import build_functions
from amplify_sandbox.deploy.events import Reporter
from amplify_sandbox.deploy.planner import Action, Change, Plan, build_plan
from amplify_sandbox.deploy.stamp import stale, stamped
from amplify_sandbox.deploy.state import DeployedState, StateStore
from amplify_sandbox.deploy.target import HeldLock, Target, UnreadableRecordError
from amplify_sandbox.desired.build import (
    IDENTITY_POOL,
    TARGET,
    USER_POOL,
    WEB_CLIENT,
    build_desired,
)
from amplify_sandbox.desired.federation import DOMAIN
from amplify_sandbox.desired.functions import BuiltCode
from amplify_sandbox.desired.overrides import password_policy
from amplify_sandbox.desired.resources import DesiredState, ResourceKind, secret_digest
from amplify_sandbox.errors import LockedError, RefusedError, UsageError
from amplify_sandbox.identity import SandboxIdentity
from amplify_sandbox.outputs import check_supported, outputs_path, remove_outputs, write_outputs
from amplify_sandbox.outputs.model import AuthOutputs
from amplify_sandbox.secrets.names import env_var_name


@dataclass(frozen=True)
class OutputsOptions:
    out_dir: Path
    version: str = "1.5"
    fmt: str = "json"

    @property
    def path(self) -> Path:
        """The outputs file (checks the version and the format)."""
        return outputs_path(self.out_dir, self.version, self.fmt)


# Looks secrets up by name; returns the ones it has (missing names are simply absent).
SecretSource = Callable[[Sequence[str]], Mapping[str, str]]


def _no_secrets(names: Sequence[str]) -> Mapping[str, str]:
    return {}


def resolve_secrets(
    definition: AuthDefinition,
    identity: SandboxIdentity,
    source: SecretSource,
    *,
    local: bool = False,
) -> tuple[dict[str, str], dict[str, str]]:
    """Every secret the definition uses, and their digests; all missing ones in one error."""
    names = [ref.name for ref in definition.secret_refs()]
    if not names:
        return {}, {}
    found = dict(source(names))
    missing = [name for name in names if name not in found]
    if missing:
        where = " --local" if local else ""
        commands = "\n".join(
            f"  sandbox secret set {name} --identifier {identity.identifier}{where}"
            for name in missing
        )
        raise UsageError(
            f"{len(missing)} secret(s) used by {definition.source} not set for sandbox "
            f"'{identity.identifier}': {', '.join(missing)}",
            hint=f"Set each one (the value is read from a prompt or stdin):\n{commands}\n"
            f"or, in CI, export {env_var_name(missing[0])}=… (and likewise for the others).",
        )
    values = {name: found[name] for name in names}
    digests = {
        name: secret_digest(identity.stack_name, name, value) for name, value in values.items()
    }
    return values, digests


class TargetFacts(Mapping[str, str]):
    """The target's region, account and partition for props that reference them; the account
    is looked up only when something needs it."""

    _KEYS = ("region", "account", "partition")

    def __init__(self, target: Target) -> None:
        self._target = target

    def __getitem__(self, key: str) -> str:
        if key == "region":
            return self._target.region
        if key == "account":
            return self._target.account_id
        if key == "partition":
            return self._target.partition
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._KEYS)

    def __len__(self) -> int:
        return len(self._KEYS)


@dataclass(frozen=True)
class DeployResult:
    plan: Plan
    state: DeployedState
    outputs_file: Path


@dataclass(frozen=True)
class DeleteResult:
    plan: Plan
    removed_files: list[Path] = field(default_factory=list)
    # Logical ids left in place (not tagged or not named as this sandbox's): not deleted.
    untouched: list[str] = field(default_factory=list)

    @property
    def deleted(self) -> list[Change]:
        return [c for c in self.plan.changes if c.logical_id not in self.untouched]


def pools_to_delete(identity: SandboxIdentity, target: Target) -> dict[str, int]:
    """The user pools `delete` would remove (recorded or tagged) and how many people each holds."""
    try:
        recorded = target.state_store(identity).load()
    except UnreadableRecordError:
        recorded = None
    found = list(recorded.resources.values()) if recorded is not None else []
    found += target.find_tagged(identity)
    counts: dict[str, int] = {}
    for resource in found:
        if resource.kind is ResourceKind.USER_POOL and resource.physical_id not in counts:
            reported = target.handlers[ResourceKind.USER_POOL].read(resource)
            if reported is not None:
                counts[resource.physical_id] = int(reported.get("EstimatedNumberOfUsers", 0))
    return counts


def refresh(target: Target, state: DeployedState | None) -> dict[str, dict[str, Any] | None]:
    """What the service reports about every recorded resource (None: it is gone)."""
    if state is None or not state.resources:
        return {}
    from amplify_sandbox.deploy.executor import max_parallel

    handlers = target.handlers
    resources = list(state.resources.values())
    # Read at the same time, as many at once as a deploy applies.
    with ThreadPoolExecutor(min(max_parallel(), len(resources)), thread_name_prefix="read") as pool:
        reported = pool.map(lambda resource: handlers[resource.kind].read(resource), resources)
        return {
            resource.logical_id: found for resource, found in zip(resources, reported, strict=True)
        }


@dataclass(frozen=True)
class PlanReport:
    plan: Plan
    # People in the user pool that a replace or delete would remove (None: no such change).
    users_affected: int | None = None
    # referenceAuth: (prop, what, id) of each existing resource used (none is created).
    referenced: tuple[tuple[str, str, str], ...] = ()


def users_affected(plan: Plan, target: Target) -> int | None:
    pools = [
        change.deployed.physical_id
        for change in plan.changes
        if change.deletes_users and change.deployed is not None
    ]
    if not pools:
        return None
    return sum(target.user_count(pool_id) for pool_id in pools)


def plan(
    definition: AuthDefinition,
    identity: SandboxIdentity,
    target: Target,
    *,
    secrets: SecretSource = _no_secrets,
) -> PlanReport:
    """What `deploy` would do, including drift: reads the record and what the service reports,
    changes nothing."""
    if definition.reference is not None:
        from amplify_sandbox.deploy.reference import plan_reference

        return plan_reference(definition, identity, target)
    code = build_functions(definition)
    wanted = _wanted(definition, identity, target, secrets, code)
    planned = _planned(wanted, identity, target, refresh_first=True)
    return PlanReport(planned.plan, users_affected(planned.plan, target))


@dataclass(frozen=True)
class _Wanted:
    """What the definition asks for, with the secrets it uses (values and digests)."""

    desired: DesiredState
    values: dict[str, str]
    digests: dict[str, str]

    @property
    def kinds(self) -> set[ResourceKind]:
        return {resource.kind for resource in self.desired.resources}


@dataclass(frozen=True)
class _Planned:
    wanted: _Wanted
    store: StateStore
    recorded: DeployedState | None
    plan: Plan


def _wanted(
    definition: AuthDefinition,
    identity: SandboxIdentity,
    target: Target,
    secrets: SecretSource,
    code: Mapping[str, BuiltCode],
) -> _Wanted:
    """Secrets resolved, desired state built."""
    values, digests = resolve_secrets(
        definition, identity, secrets, local=target.local_endpoint is not None
    )
    desired = replace(build_desired(definition, identity, code), secret_digests=digests)
    return _Wanted(desired, values, digests)


def _planned(
    wanted: _Wanted, identity: SandboxIdentity, target: Target, *, refresh_first: bool
) -> _Planned:
    """The record read (and the service, if asked), the plan made."""
    store = target.state_store(identity)
    recorded = store.load()
    reported = refresh(target, recorded) if refresh_first else None
    result = build_plan(
        wanted.desired, recorded, reported, wanted.values, {TARGET: TargetFacts(target)}
    )
    return _Planned(wanted, store, recorded, result)


def deploy(
    definition: AuthDefinition,
    identity: SandboxIdentity,
    target: Target,
    reporter: Reporter,
    outputs: OutputsOptions,
    *,
    allow_replace: bool = False,
    confirm_replace: Callable[[Plan], bool] = lambda plan: False,
    show_plan: Callable[[PlanReport], None] = lambda report: None,
    secrets: SecretSource = _no_secrets,
    strict: bool = False,
    refresh_first: bool = False,
    lock_timeout: float = 0.0,
) -> DeployResult:
    """Bring the sandbox in line with the definition and write the outputs file.

    A plan that would delete users is applied only with `allow_replace` or when
    `confirm_replace(plan)` says yes. A plan that replaces or deletes anything is passed to
    `show_plan` before anything is applied. The record is trusted (one read) unless `refresh_first`,
    which also reads every resource to repair drift. Functions (triggers and access grants) are
    bundled first, so their code hashes are planned like any other field. A plan with changes is made again and applied under the sandbox's
    lock (waiting up to `lock_timeout` seconds for another run); a no-op run takes no lock. When
    the definition asks for other than what this machine last applied (deploy/applied.py), the
    lock is taken first and the plan made once, under it.
    """
    check_supported(definition, outputs.version)
    unapplied = definition.overrides.unapplied
    if unapplied and strict:
        raise UsageError(
            "amplify/backend.ts has statements this tool does not apply:\n  "
            + "\n  ".join(unapplied),
            hint="Deploy without --strict to apply everything else and skip these.",
        )
    for note in unapplied:
        reporter.warning(note)
    target.watch_throttling(reporter.warning)
    if definition.reference is not None:
        from amplify_sandbox.deploy.reference import deploy_reference

        return deploy_reference(
            definition,
            identity,
            target,
            reporter,
            outputs,
            allow_replace=allow_replace,
            confirm_replace=confirm_replace,
            show_plan=show_plan,
            lock_timeout=lock_timeout,
        )
    # Before anything is read or changed: Node.js is checked and every function bundled.
    code = build_functions(definition, notify=reporter.warning)
    wanted = _wanted(definition, identity, target, secrets, code)
    hint = AppliedHint(target.describe(), identity.stack_name)

    def finished(state: DeployedState, plan: Plan) -> DeployResult:
        hint.remember(wanted.desired)
        outputs_file = write_outputs(
            auth_outputs(state, definition, target), outputs.out_dir, outputs.version, outputs.fmt
        )
        return DeployResult(plan, state, outputs_file)

    if hint.lock_first(wanted.desired):
        # Not what this machine last applied: almost surely a change. The lock is taken first
        # and the plan made once, under it (one read of the record instead of two).
        target.prepare(wanted.kinds)
        with target.lock(identity, "deploy", lock_timeout, reporter.warning) as held:
            planned = _planned(wanted, identity, target, refresh_first=refresh_first)
            if not _asks(planned.plan, allow_replace):
                _confirm(planned.plan, target, allow_replace, confirm_replace, show_plan)
                state = _applied(planned, identity, target, reporter, held)
                return finished(state, planned.plan)
        # A plan that would lose users is asked about before the lock is taken, as below.
    planned = _planned(wanted, identity, target, refresh_first=refresh_first)
    if not planned.plan.has_changes:
        state = planned.recorded or DeployedState(identity.stack_name, region=target.region)
        if stale(planned.recorded):
            _refresh_stamp(identity, target, reporter)
        return finished(state, planned.plan)
    # Asked before the lock is taken: a refused plan writes nothing.
    _confirm(planned.plan, target, allow_replace, confirm_replace, show_plan)
    target.prepare({change.kind for change in planned.plan.changes})
    with target.lock(identity, "deploy", lock_timeout, reporter.warning) as held:
        # Planned again under the lock: another run may have changed the sandbox meanwhile.
        again = _planned(wanted, identity, target, refresh_first=refresh_first)
        if _shape(again.plan) != _shape(planned.plan):
            _confirm(again.plan, target, allow_replace, confirm_replace, show_plan)
        state = _applied(again, identity, target, reporter, held)
    return finished(state, again.plan)


def _asks(plan: Plan, allow_replace: bool) -> bool:
    """Whether `_confirm` would ask (or refuse) before applying `plan`."""
    return plan.deletes_users and not allow_replace


def _applied(
    planned: _Planned,
    identity: SandboxIdentity,
    target: Target,
    reporter: Reporter,
    held: HeldLock,
) -> DeployedState:
    """Under the lock: the plan made under it applied (nothing to change: an old stamp
    refreshed); the state as recorded."""
    state = planned.recorded or DeployedState(identity.stack_name, region=target.region)
    if not planned.plan.has_changes:
        if stale(planned.recorded):
            planned.store.save(stamped(state, identity))
        return state
    # Imported here: a no-op deploy applies nothing.
    from amplify_sandbox.deploy.executor import Executor

    wanted = planned.wanted
    executor = Executor(
        target.handlers,
        planned.store,
        reporter,
        wanted.desired.tags,
        wanted.values,
        wanted.digests,
        context={TARGET: TargetFacts(target)},
    )
    with secrets_hidden(wanted.values.values()):
        # The lock's release checks it is still ours while the last record write is under way.
        return executor.apply(planned.plan, stamped(state, identity), ending=held.ending)


def _refresh_stamp(identity: SandboxIdentity, target: Target, reporter: Reporter) -> None:
    """Stamp the record as deployed now (under the lock); skipped when another run holds it
    (that run stamps it)."""
    try:
        with target.lock(identity, "deploy", 0.0, reporter.warning):
            store = target.state_store(identity)
            recorded = store.load()
            if recorded is not None:
                store.save(stamped(recorded, identity))
    except LockedError:
        return


def _shape(plan: Plan) -> list[tuple[str, Action]]:
    return [(change.logical_id, change.action) for change in plan.changes]


def _confirm(
    plan: Plan,
    target: Target,
    allow_replace: bool,
    confirm_replace: Callable[[Plan], bool],
    show_plan: Callable[[PlanReport], None],
) -> None:
    """Show a plan that replaces or deletes; refuse one that loses users unless allowed."""
    if any(change.action in (Action.REPLACE, Action.DELETE) for change in plan.changes):
        users = users_affected(plan, target)
        show_plan(PlanReport(plan, users))
        if plan.deletes_users and not (allow_replace or confirm_replace(plan)):
            raise RefusedError(
                f"This change replaces the user pool: its {users or 0} user(s) would be "
                "deleted. Nothing was changed.",
                hint="Run again with --allow-replace to apply it (or undo the change).",
            )


def auth_outputs(state: DeployedState, definition: AuthDefinition, target: Target) -> AuthOutputs:
    ids = state.attributes()
    return AuthOutputs(
        region=target.region,
        user_pool_id=ids[USER_POOL]["id"],
        user_pool_client_id=ids[WEB_CLIENT]["id"],
        identity_pool_id=ids[IDENTITY_POOL]["id"],
        definition=definition,
        local_endpoint=target.local_endpoint,
        oauth_domain=ids[DOMAIN]["host"] if DOMAIN in ids else None,
        password_policy=password_policy(definition),
    )


def delete(
    identity: SandboxIdentity,
    target: Target,
    reporter: Reporter,
    out_dir: Path,
    *,
    lock_timeout: float = 0.0,
) -> DeleteResult:
    """Remove everything recorded for this sandbox, then whatever still carries its tag (a lost,
    incomplete or unreadable record leaves no orphans), then its record and its outputs file;
    under the sandbox's lock."""
    target.watch_throttling(reporter.warning)
    with target.lock(identity, "delete", lock_timeout, reporter.warning):
        result = _delete(identity, target, reporter, out_dir)
    AppliedHint(target.describe(), identity.stack_name).forget()
    return result


def _delete(
    identity: SandboxIdentity, target: Target, reporter: Reporter, out_dir: Path
) -> DeleteResult:
    store = target.state_store(identity)
    try:
        recorded = store.load()
    except UnreadableRecordError as exc:
        reporter.warning(
            f"{exc.message} Deleting what carries this sandbox's tag instead, then the record."
        )
        recorded = None
    from amplify_sandbox.deploy.executor import Executor

    plan = build_plan(DesiredState(()), recorded)
    untouched: list[str] = []
    if recorded is not None:
        executor = Executor(target.handlers, store, reporter, {})
        executor.apply(plan, recorded)
        untouched += executor.untouched
    from amplify_sandbox.desired.reference import physical_id

    leftovers = DeployedState(identity.stack_name)
    referenced = {
        physical_id(value) for value in (recorded.referenced.values() if recorded else ())
    }
    for resource in target.find_tagged(identity):
        if resource.physical_id not in referenced:
            leftovers = leftovers.with_resource(resource)
    sweep = build_plan(DesiredState(()), leftovers)
    if leftovers.resources:
        sweeper = Executor(target.handlers, _Unrecorded(), reporter, {})
        sweeper.apply(sweep, leftovers)
        untouched += sweeper.untouched
    store.clear()
    pools = [
        resource.physical_id
        for resource in [
            *(recorded.resources.values() if recorded else ()),
            *leftovers.resources.values(),
        ]
        if resource.kind is ResourceKind.USER_POOL
    ]
    if recorded is not None and "userPoolId" in recorded.referenced:
        pools.append(recorded.referenced["userPoolId"])
    removed = remove_outputs(
        out_dir,
        pools,
        lambda path: reporter.warning(f"left {path.name}: not written by this sandbox"),
    )
    return DeleteResult(Plan(plan.changes + sweep.changes), removed, untouched=untouched)


class _Unrecorded:
    """A state store for resources found by tag: there is no record to keep."""

    def load(self) -> DeployedState | None:
        return None

    def save(self, state: DeployedState, *, tidy: bool = True) -> None:
        pass

    def clear(self) -> None:
        pass
