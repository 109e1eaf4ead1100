"""DesiredState + DeployedState → Plan: what to create, update, replace, delete or leave alone.

The plan is data; the executor applies it and a preview renders it. Field diffs are top-level
props; `rules.REPLACE_FIELDS` says which fields force a replacement.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from amplify_sandbox.deploy.diff import FieldDiff, field_diff
from amplify_sandbox.deploy.drift import SecretValue, aligned, matches
from amplify_sandbox.deploy.rules import (
    ReplaceOrder,
    checked_reference,
    forces_replacement,
    replace_order,
)
from amplify_sandbox.deploy.state import DeployedResource, DeployedState
from amplify_sandbox.desired.resources import (
    DesiredResource,
    DesiredState,
    ResourceKind,
    Unresolved,
    iter_refs,
    resolve,
    to_symbolic,
    topological_order,
)

KNOWN_AFTER_APPLY = "(known after apply)"


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"
    DELETE = "delete"
    NOOP = "no-op"


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: Any
    new: Any
    forces_replacement: bool
    # The service reports something other than what was applied (changed outside this tool).
    drift: bool = False

    @property
    def diff(self) -> FieldDiff:
        """Only the parts that differ, secrets hidden (what a plan shows)."""
        return field_diff(self.name, self.old, self.new)


@dataclass(frozen=True)
class Change:
    logical_id: str
    kind: ResourceKind
    action: Action
    fields: tuple[FieldChange, ...] = ()
    desired: DesiredResource | None = None
    deployed: DeployedResource | None = None
    # Recorded, but the service no longer has it (deleted outside this tool).
    gone: bool = False
    # For a replace: which half goes first.
    order: ReplaceOrder | None = None
    # A delete of the retired half of a replace (an earlier run created its new half).
    retired: bool = False
    # Top-level fields that stay as they are (for an update or replace).
    unchanged: int = 0

    @property
    def retires(self) -> bool:
        """A replace that keeps the old half (retired) until the deletes, after the new one is made."""
        return self.action is Action.REPLACE and self.order is ReplaceOrder.CREATE_BEFORE_DESTROY

    @property
    def deletes_users(self) -> bool:
        """The one rule for "this change deletes users": a user pool replaced or deleted (not
        the retired half of a replace already agreed to, not one already gone)."""
        return (
            self.kind is ResourceKind.USER_POOL
            and self.action in (Action.REPLACE, Action.DELETE)
            and not self.retired
            and not self.gone
        )


@dataclass(frozen=True)
class Plan:
    """Changes in the order they are shown: desired resources in dependency order, then deletes."""

    changes: tuple[Change, ...]

    @property
    def deletes_users(self) -> bool:
        return any(change.deletes_users for change in self.changes)

    @property
    def has_changes(self) -> bool:
        return any(change.action is not Action.NOOP for change in self.changes)

    def count(self, action: Action) -> int:
        return sum(1 for change in self.changes if change.action is action)


def _stale_refs(current: DeployedResource, deployed: DeployedState | None) -> set[str]:
    """What `current` refers to that was replaced after it was applied (a run that died between
    a replace and its dependents): those references are applied again."""
    if deployed is None:
        return set()
    if not current.refs:
        # Recorded before references were: any unfinished replace may have left it behind.
        return set(deployed.retired)
    return {
        dep
        for dep, physical_id in current.refs.items()
        if dep in deployed.resources and deployed.resources[dep].physical_id != physical_id
    }


def symbolic_dependencies(props: Any) -> set[str]:
    """Logical ids referenced by recorded (symbolic) props."""
    found: set[str] = set()
    if isinstance(props, dict):
        if set(props) == {"Ref"} and isinstance(props["Ref"], str):
            found.add(props["Ref"].split(".", 1)[0])
        for value in props.values():
            found |= symbolic_dependencies(value)
    elif isinstance(props, list):
        for value in props:
            found |= symbolic_dependencies(value)
    return found


# A recorded resource: its logical id and whether it is a retired half.
RecordKey = tuple[str, bool]


def _referenced(state: DeployedState, key: RecordKey, wanted: set[RecordKey]) -> list[RecordKey]:
    """The `wanted` keys that the recorded `key` refers to. A retired half referred to its own
    time's resources: the retired one of a name, if there is one."""
    found: list[RecordKey] = []
    for dep in sorted(symbolic_dependencies(state.get(key[0], retired=key[1]).props)):
        for candidate in ((dep, True), (dep, False)) if key[1] else ((dep, False),):
            if candidate in wanted:
                found.append(candidate)
                break
    return found


def _recorded_keys(state: DeployedState, keys: Iterable[RecordKey]) -> set[RecordKey]:
    return {key for key in keys if key[0] in (state.retired if key[1] else state.resources)}


def deletion_order(state: DeployedState, keys: Iterable[RecordKey]) -> list[RecordKey]:
    """The recorded `keys` so that dependents come before what they reference."""
    wanted = _recorded_keys(state, keys)
    order: list[RecordKey] = []
    done: set[RecordKey] = set()

    def visit(key: RecordKey) -> None:
        if key in done:
            return
        done.add(key)
        for dep in _referenced(state, key, wanted):
            visit(dep)
        order.append(key)

    for key in sorted(wanted):
        visit(key)
    return list(reversed(order))


def deletion_dependencies(
    state: DeployedState, keys: Iterable[RecordKey]
) -> dict[RecordKey, set[RecordKey]]:
    """For each recorded key, the keys to delete before it: those that refer to it and whose
    service minds it going first (so deletes that do not wait for each other can run at the
    same time)."""
    wanted = _recorded_keys(state, keys)
    waits: dict[RecordKey, set[RecordKey]] = {key: set() for key in wanted}
    for key in wanted:
        referring = state.get(key[0], retired=key[1]).kind
        for dep in _referenced(state, key, wanted):
            if checked_reference(referring, state.get(dep[0], retired=dep[1]).kind):
                waits[dep].add(key)
    return waits


def _field_changes(
    desired: DesiredResource,
    deployed: DeployedResource,
    renewed: set[str],
    secret_digests: Mapping[str, str],
) -> list[FieldChange]:
    new_props = to_symbolic(desired.props, secret_digests)
    changes: list[FieldChange] = []
    for name in sorted(set(new_props) | set(deployed.props)):
        old, new = deployed.props.get(name), new_props.get(name)
        refs_renewed = any(ref.logical_id in renewed for ref in iter_refs(desired.props.get(name)))
        if old != new:
            forces = forces_replacement(desired.kind, name, old, new)
            changes.append(FieldChange(name, old, new, forces))
        elif refs_renewed:
            forces = forces_replacement(desired.kind, name, old, KNOWN_AFTER_APPLY)
            changes.append(FieldChange(name, old, _renewed(new, renewed), forces))
    return changes


def _renewed(value: Any, renewed: set[str]) -> Any:
    """A symbolic value with every part that refers to a resource being made anew marked
    known after apply (the rest stays, so a plan shows just those parts)."""
    if isinstance(value, dict):
        if set(value) in ({"Ref"}, {"Join"}):
            if symbolic_dependencies(value) & renewed:
                return KNOWN_AFTER_APPLY
            return value
        return {key: _renewed(item, renewed) for key, item in value.items()}
    if isinstance(value, list):
        return [_renewed(item, renewed) for item in value]
    return value


def _drift(
    resource: DesiredResource,
    recorded: Mapping[str, Any],
    reported: Mapping[str, Any],
    known: set[str],
    attributes: Mapping[str, Mapping[str, str]],
    secrets: Mapping[str, str],
    secret_digests: Mapping[str, str],
) -> list[FieldChange]:
    found: list[FieldChange] = []
    for name, value in resource.props.items():
        if name in known or name not in reported:
            continue
        try:
            wanted = resolve(value, attributes, {k: SecretValue(v) for k, v in secrets.items()})
        except Unresolved:
            continue  # refers to something not created yet: already a change
        if not matches(wanted, reported[name]):
            new = to_symbolic(value, secret_digests)
            # Whether putting it back needs a new resource is judged against what was applied:
            # the service's own extra keys and defaults say nothing about that.
            forces = forces_replacement(resource.kind, name, recorded.get(name), new)
            old = aligned(wanted, reported[name], new)
            found.append(FieldChange(name, old, new, forces, drift=True))
    return found


def build_plan(
    desired: DesiredState,
    deployed: DeployedState | None,
    reported: Mapping[str, Mapping[str, Any] | None] | None = None,
    secrets: Mapping[str, str] | None = None,
    context: Mapping[str, Mapping[str, str]] | None = None,
) -> Plan:
    """The changes that bring `deployed` to `desired`.

    With `reported` (what the service says about each recorded resource, None when gone), drift
    is planned too: a resource deleted outside is created again, a setting changed outside is
    put back.
    """
    recorded = deployed.resources if deployed else {}
    attributes = {**(context or {}), **(deployed.attributes() if deployed else {})}
    wanted = desired.by_id()
    renewed: set[str] = set()
    changes: list[Change] = []
    for logical_id in topological_order(wanted):
        resource = wanted[logical_id]
        current = recorded.get(logical_id)
        gone = current is not None and reported is not None and reported.get(logical_id, {}) is None
        if current is None or gone:
            changes.append(
                Change(logical_id, resource.kind, Action.CREATE, desired=resource, gone=gone)
            )
            renewed.add(logical_id)
            continue
        if current.kind is not resource.kind:
            fields = [FieldChange("kind", str(current.kind), str(resource.kind), True)]
        else:
            fields = _field_changes(
                resource, current, renewed | _stale_refs(current, deployed), desired.secret_digests
            )
            actual = reported.get(logical_id) if reported is not None else None
            if actual is not None:
                fields += _drift(
                    resource,
                    current.props,
                    actual,
                    {field.name for field in fields},
                    attributes,
                    secrets or {},
                    desired.secret_digests,
                )
        order = None
        if not fields:
            action = Action.NOOP
        elif any(field.forces_replacement for field in fields):
            action, order = Action.REPLACE, replace_order(resource.kind)
            renewed.add(logical_id)
        else:
            action = Action.UPDATE
        unchanged = len(set(resource.props) - {field.name for field in fields})
        changes.append(
            Change(
                logical_id,
                resource.kind,
                action,
                tuple(fields),
                resource,
                current,
                order=order,
                unchanged=unchanged if fields else 0,
            )
        )
    if deployed is not None:
        changes += _deletes(deployed, set(wanted), reported)
    return Plan(tuple(changes))


def _deletes(
    deployed: DeployedState,
    wanted: set[str],
    reported: Mapping[str, Mapping[str, Any] | None] | None,
) -> list[Change]:
    """Recorded resources no longer wanted, and retired halves, dependents first."""
    keys = [(logical_id, False) for logical_id in deployed.resources if logical_id not in wanted]
    keys += [(logical_id, True) for logical_id in deployed.retired]
    changes = []
    for logical_id, retired in deletion_order(deployed, keys):
        current = deployed.get(logical_id, retired=retired)
        gone = not retired and reported is not None and reported.get(logical_id, {}) is None
        changes.append(
            Change(
                logical_id,
                current.kind,
                Action.DELETE,
                deployed=current,
                gone=gone,
                retired=retired,
            )
        )
    return changes
