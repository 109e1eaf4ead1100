"""How each planned action is spelled for people, in one place (keyed by `Action.value`)."""

from __future__ import annotations

MARKS = {"create": "+", "update": "~", "replace": "-/+", "delete": "-", "no-op": " "}
DOING = {
    "create": "creating",
    "update": "updating",
    "replace": "replacing",
    "delete": "deleting",
    "no-op": "checking",
}
DONE = {
    "create": "created",
    "update": "updated",
    "replace": "replaced",
    "delete": "deleted",
    "no-op": "unchanged",
}
