"""How each planned action is spelled for people, in one place (keyed by `Action`; a StrEnum,
so its value finds the same entry)."""

from __future__ import annotations

from amplify_sandbox.deploy.planner import Action, Change
from amplify_sandbox.deploy.rules import ReplaceOrder

MARKS: dict[str, str] = {
    Action.CREATE: "+",
    Action.UPDATE: "~",
    Action.REPLACE: "-/+",
    Action.DELETE: "-",
    Action.NOOP: " ",
}
# Terraform's notation: `+/-` creates the new one first, `-/+` destroys the old one first.
REPLACE_MARKS = {
    ReplaceOrder.CREATE_BEFORE_DESTROY: "+/-",
    ReplaceOrder.DESTROY_BEFORE_CREATE: "-/+",
}
DOING: dict[str, str] = {
    Action.CREATE: "creating",
    Action.UPDATE: "updating",
    Action.REPLACE: "replacing",
    Action.DELETE: "deleting",
    Action.NOOP: "checking",
}
DONE: dict[str, str] = {
    Action.CREATE: "created",
    Action.UPDATE: "updated",
    Action.REPLACE: "replaced",
    Action.DELETE: "deleted",
    Action.NOOP: "unchanged",
}


def mark(change: Change) -> str:
    """The change's mark; a replace's says which half goes first."""
    if change.action is Action.REPLACE and change.order is not None:
        return REPLACE_MARKS[change.order]
    return MARKS[change.action]
