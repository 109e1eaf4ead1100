"""DesiredState + DeployedState → Plan: what to create, update, replace, delete or leave alone.

The plan is data; the executor applies it and a preview renders it. Field diffs are top-level
props; `rules.REPLACE_FIELDS` says which fields force a replacement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from amplify_sandbox.deploy.drift import SecretValue, matches, reported_part
from amplify_sandbox.deploy.rules import forces_replacement
from amplify_sandbox.deploy.state import RETIRED_MARK, DeployedResource, DeployedState
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


@dataclass(frozen=True)
class Plan:
    """Changes in the order they are shown: desired resources in dependency order, then deletes."""

    changes: tuple[Change, ...]

    @property
    def has_changes(self) -> bool:
        return any(change.action is not Action.NOOP for change in self.changes)

    def count(self, action: Action) -> int:
        return sum(1 for change in self.changes if change.action is action)


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


def deletion_order(resources: dict[str, DeployedResource]) -> list[str]:
    """Recorded resources so that dependents come before what they reference."""
    order: list[str] = []
    done: set[str] = set()

    def visit(logical_id: str) -> None:
        if logical_id in done:
            return
        done.add(logical_id)
        for dep in sorted(symbolic_dependencies(resources[logical_id].props)):
            if dep in resources:
                visit(dep)
        order.append(logical_id)

    for logical_id in sorted(resources):
        visit(logical_id)
    return list(reversed(order))


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
            changes.append(FieldChange(name, old, KNOWN_AFTER_APPLY, forces))
    return changes


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
            found.append(
                FieldChange(name, reported_part(wanted, reported[name]), new, forces, drift=True)
            )
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
    # A replace an earlier run did not finish (its old half still on record): what refers to
    # the replaced resource may still point at the old one, so it is applied again.
    renewed = {lid.removesuffix(RETIRED_MARK) for lid in recorded if lid.endswith(RETIRED_MARK)}
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
            fields = [FieldChange("kind", current.kind.value, resource.kind.value, True)]
        else:
            fields = _field_changes(resource, current, renewed, desired.secret_digests)
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
        if not fields:
            action = Action.NOOP
        elif any(field.forces_replacement for field in fields):
            action = Action.REPLACE
            renewed.add(logical_id)
        else:
            action = Action.UPDATE
        changes.append(Change(logical_id, resource.kind, action, tuple(fields), resource, current))
    for logical_id in deletion_order(dict(recorded)):
        if logical_id not in wanted:
            current = recorded[logical_id]
            gone = reported is not None and reported.get(logical_id, {}) is None
            changes.append(
                Change(logical_id, current.kind, Action.DELETE, deployed=current, gone=gone)
            )
    return Plan(tuple(changes))
