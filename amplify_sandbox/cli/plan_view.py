"""A plan for people (Terraform's notation) and for machines (one stable JSON document)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from amplify_sandbox.cli.ui import Ui
from amplify_sandbox.cli.words import MARKS
from amplify_sandbox.deploy.planner import KNOWN_AFTER_APPLY, Action, Change, FieldChange, Plan

if TYPE_CHECKING:
    from amplify_sandbox.deploy.pipeline import PlanReport

SENSITIVE = "(sensitive)"
_VERBS = {
    Action.CREATE: "will be created",
    Action.UPDATE: "will be updated in place",
    Action.REPLACE: "must be replaced",
    Action.DELETE: "will be destroyed",
    Action.NOOP: "unchanged",
}


def shown(value: Any) -> Any:
    """A field value with every secret hidden and every reference spelled for people."""
    if isinstance(value, dict):
        if "Secret" in value and "digest" in value:
            return SENSITIVE
        if set(value) == {"Ref"}:
            return f"({value['Ref']})"
        if set(value) == {"Join"}:
            return "".join(str(shown(part)) for part in value["Join"])
        return {key: shown(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shown(item) for item in value]
    return value


def _leaves(old: Any, new: Any, path: str) -> list[tuple[str, Any, Any]]:
    """The smallest differing parts of two values, as dotted paths."""
    if isinstance(old, dict) and isinstance(new, dict) and not _opaque(old) and not _opaque(new):
        found: list[tuple[str, Any, Any]] = []
        for key in sorted(set(old) | set(new), key=str):
            if old.get(key) != new.get(key):
                found += _leaves(old.get(key), new.get(key), f"{path}.{key}")
        return found
    return [(path, old, new)]


def _opaque(value: dict[str, Any]) -> bool:
    return set(value) in ({"Ref"}, {"Join"}) or ("Secret" in value and "digest" in value)


def _text(value: Any) -> str:
    value = shown(value)
    if value is None:
        return "(none)"
    if value in (KNOWN_AFTER_APPLY, SENSITIVE):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def field_lines(field: FieldChange) -> list[str]:
    lines = []
    for path, old, new in _leaves(field.old, field.new, field.name):
        note = []
        if field.forces_replacement:
            note.append("forces replacement")
        if field.drift:
            note.append("changed outside this tool")
        comment = f"   # {', '.join(note)}" if note else ""
        lines.append(f"      ~ {path}: {_text(old)} -> {_text(new)}{comment}")
    return lines


def change_lines(change: Change, users_affected: int | None) -> list[str]:
    mark = MARKS[change.action.value]
    header = f"  {mark} {change.kind.value} {change.logical_id} {_VERBS[change.action]}"
    if change.gone:
        header += " (deleted outside this tool)"
    lines = [header]
    if change.action in (Action.REPLACE, Action.DELETE) and change.kind.value == "user_pool":
        count = "all" if users_affected is None else str(users_affected)
        lines.append(f"      ! deletes the user pool and {count} user(s) in it")
    for field in change.fields:
        lines += field_lines(field)
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


def plan_document(plan: Plan, users_affected: int | None) -> dict[str, Any]:
    """The plan as data: stable keys, secrets hidden."""
    return {
        "changes": [
            {
                "resource": change.logical_id,
                "kind": change.kind.value,
                "action": change.action.value,
                "gone": change.gone,
                "fields": [
                    {
                        "name": field.name,
                        "old": shown(field.old),
                        "new": shown(field.new),
                        "forces_replacement": field.forces_replacement,
                        "drift": field.drift,
                    }
                    for field in change.fields
                ],
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


def show_plan(ui: Ui, report: PlanReport) -> None:
    """Print a plan for people (stderr)."""
    from rich.markup import escape

    for line in plan_lines(report.plan, report.users_affected):
        ui.info(escape(line))
