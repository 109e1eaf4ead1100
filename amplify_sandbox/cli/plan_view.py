"""A plan for people (Terraform's notation) and for machines (one stable JSON document).

What differs is worked out in the deploy layer (deploy/diff.py: only the parts that changed,
secrets hidden); this module only spells it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from amplify_sandbox.cli.ui import Ui
from amplify_sandbox.cli.words import mark
from amplify_sandbox.deploy.diff import PathChange, Placeholder
from amplify_sandbox.deploy.planner import KNOWN_AFTER_APPLY, Action, Change, FieldChange, Plan
from amplify_sandbox.deploy.rules import ReplaceOrder

if TYPE_CHECKING:
    from amplify_sandbox.deploy.pipeline import PlanReport

_VERBS = {
    Action.CREATE: "will be created",
    Action.UPDATE: "will be updated in place",
    Action.REPLACE: "must be replaced",
    Action.DELETE: "will be destroyed",
    Action.NOOP: "unchanged",
}
_ORDER_NOTES = {
    ReplaceOrder.CREATE_BEFORE_DESTROY: "(new one created first)",
    ReplaceOrder.DESTROY_BEFORE_CREATE: "(old one destroyed first)",
}


def _text(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, Placeholder) or value == KNOWN_AFTER_APPLY:
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _part_line(part: PathChange, field: FieldChange) -> str:
    note = []
    if field.forces_replacement:
        note.append("forces replacement")
    if field.drift:
        note.append("changed outside this tool")
    comment = f"   # {', '.join(note)}" if note else ""
    if part.old is None:
        return f"      + {part.path}: {_text(part.new)}{comment}"
    if part.new is None:
        return f"      - {part.path}: {_text(part.old)}{comment}"
    return f"      ~ {part.path}: {_text(part.old)} -> {_text(part.new)}{comment}"


def field_lines(field: FieldChange) -> list[str]:
    diff = field.diff
    lines = [_part_line(part, field) for part in diff.changes]
    if diff.unchanged:
        lines.append(f"        # ({_count(diff.unchanged, 'unchanged element')} hidden)")
    return lines


def change_lines(change: Change, users_affected: int | None) -> list[str]:
    header = f"  {mark(change)} {change.kind} {change.logical_id}"
    if change.retired:
        header += " (old half of a replace)"
    header += f" {_VERBS[change.action]}"
    if change.order is not None:
        header += f" {_ORDER_NOTES[change.order]}"
    if change.gone:
        header += " (deleted outside this tool)"
    lines = [header]
    if change.deletes_users:
        count = "all" if users_affected is None else str(users_affected)
        lines.append(f"      ! deletes the user pool and {count} user(s) in it")
    for field in change.fields:
        lines += field_lines(field)
    if change.unchanged:
        lines.append(f"        # ({_count(change.unchanged, 'unchanged attribute')} hidden)")
    return lines


def summary(plan: Plan) -> str:
    return (
        f"Plan: {plan.count(Action.CREATE)} to add, {plan.count(Action.UPDATE)} to change, "
        f"{plan.count(Action.REPLACE)} to replace, {plan.count(Action.DELETE)} to destroy."
    )


def plan_lines(plan: Plan, users_affected: int | None) -> list[str]:
    if not plan.has_changes:
        return ["No changes: the sandbox matches the definition."]
    lines: list[str] = []
    for change in plan.changes:
        if change.action is not Action.NOOP:
            lines += change_lines(change, users_affected)
    return [*lines, "", summary(plan)]


def _field_document(field: FieldChange) -> dict[str, Any]:
    diff = field.diff
    return {
        "name": field.name,
        "changes": [{"path": p.path, "old": p.old, "new": p.new} for p in diff.changes],
        "unchanged": diff.unchanged,
        "forces_replacement": field.forces_replacement,
        "drift": field.drift,
    }


def plan_document(plan: Plan, users_affected: int | None) -> dict[str, Any]:
    """The plan as data: stable keys, secrets hidden, only what differs."""
    return {
        "changes": [
            {
                "resource": change.logical_id,
                "kind": str(change.kind),
                "action": str(change.action),
                "replace_order": None if change.order is None else str(change.order),
                "retired": change.retired,
                "gone": change.gone,
                "deletes_users": change.deletes_users,
                "fields": [_field_document(field) for field in change.fields],
                "unchanged": change.unchanged,
            }
            for change in plan.changes
            if change.action is not Action.NOOP
        ],
        "summary": {
            "add": plan.count(Action.CREATE),
            "change": plan.count(Action.UPDATE),
            "replace": plan.count(Action.REPLACE),
            "destroy": plan.count(Action.DELETE),
        },
        "has_changes": plan.has_changes,
        "destructive": any(c.action in (Action.REPLACE, Action.DELETE) for c in plan.changes),
        "users_affected": users_affected,
    }


REPLACE_QUESTION = "This change replaces the user pool and deletes every user in it. Apply it?"


def referenced_lines(report: PlanReport) -> list[str]:
    """referenceAuth: the existing resources used, none of which is created or changed."""
    if not report.referenced:
        return []
    lines = ["referenceAuth: nothing will be created; these existing resources are used as is:"]
    lines += [f"  = {what} {value} ({prop})" for prop, what, value in report.referenced]
    return [*lines, ""]


def referenced_document(report: PlanReport) -> list[dict[str, str]]:
    return [{"prop": prop, "kind": what, "id": value} for prop, what, value in report.referenced]


def show_plan(ui: Ui, report: PlanReport) -> None:
    """Print a plan for people (stderr)."""
    from rich.markup import escape

    for line in referenced_lines(report) + plan_lines(report.plan, report.users_affected):
        ui.info(escape(line))
