"""A field's change as Terraform shows it: only the parts that differ, each by its path.

Maps are compared key by key, lists of named things (schema attributes, identity providers)
by name, so `Schema["preferred_username"].Required: true -> false` is the whole change of a
flipped flag. Values are shown for people and machines alike: every secret (a secret reference,
or a field that holds one, see rules.SENSITIVE_KEYS) as `(sensitive)`, a reference as the
resource it points at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from amplify_sandbox.deploy.rules import SENSITIVE_KEYS

# Keys that name an entry of a list, in the order they are looked for.
NAME_KEYS = ("Name", "ProviderName", "IdentityProvider", "GroupName", "RoleName")
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Placeholder(str):
    """A shown value that stands for something (a reference, a secret, a value known later):
    printed as is, without quotes."""


SENSITIVE = Placeholder("(sensitive)")


def is_secret(value: Any) -> bool:
    return isinstance(value, Mapping) and "Secret" in value and "digest" in value


def _opaque(value: Any) -> bool:
    return isinstance(value, Mapping) and (set(value) in ({"Ref"}, {"Join"}) or is_secret(value))


def shown(value: Any, key: str | None = None) -> Any:
    """A value with every secret hidden and every reference spelled as what it points at."""
    if value is None:
        return None
    if key in SENSITIVE_KEYS or is_secret(value):
        return SENSITIVE
    if isinstance(value, Mapping):
        if set(value) == {"Ref"}:
            return Placeholder(str(value["Ref"]))
        if set(value) == {"Join"}:
            return Placeholder("".join(str(shown(part)) for part in value["Join"]))
        return {k: shown(item, str(k)) for k, item in value.items()}
    if isinstance(value, list):
        return [shown(item) for item in value]
    return value


@dataclass(frozen=True)
class PathChange:
    """One differing part of a field: `path` as Terraform spells it, values shown."""

    path: str
    old: Any
    new: Any


@dataclass(frozen=True)
class FieldDiff:
    changes: tuple[PathChange, ...]
    # Entries (keys of a map, elements of a list) of the field left as they were.
    unchanged: int


def name_of(entry: Any) -> str | None:
    if isinstance(entry, Mapping):
        for key in NAME_KEYS:
            if isinstance(entry.get(key), str):
                return str(entry[key])
    return None


def _named(values: Any) -> dict[str, Any] | None:
    """A list of named entries by name (None: not such a list)."""
    if not isinstance(values, list) or not values:
        return None
    names = [name_of(entry) for entry in values]
    if any(name is None for name in names) or len(set(names)) != len(names):
        return None
    return {str(name): entry for name, entry in zip(names, values, strict=True)}


def _same_shaped_records(old: Any, new: Any) -> bool:
    """Two lists of unnamed records of the same length: compared entry by entry."""
    return (
        isinstance(old, list)
        and isinstance(new, list)
        and len(old) == len(new)
        and all(isinstance(e, Mapping) and not _opaque(e) for e in (*old, *new))
    )


def _key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if _PLAIN_KEY.match(key) else f"{path}[{json.dumps(key)}]"


def _sensitive(path_key: str | None, old: Any, new: Any) -> bool:
    return path_key in SENSITIVE_KEYS or is_secret(old) or is_secret(new)


def _walk(old: Any, new: Any, path: str, key: str | None) -> tuple[list[PathChange], int]:
    if old == new:
        return [], 1
    if _sensitive(key, old, new):
        return [PathChange(path, None if old is None else SENSITIVE, shown(new, key))], 0
    children: list[tuple[str, str | None, Any, Any]] = []
    if isinstance(old, Mapping) and isinstance(new, Mapping) and not (_opaque(old) or _opaque(new)):
        children = [
            (_key_path(path, str(k)), str(k), old.get(k), new.get(k))
            for k in sorted(set(old) | set(new), key=str)
        ]
    else:
        before, after = _named(old), _named(new)
        if before is not None and after is not None:
            order = [*before, *(name for name in after if name not in before)]
            children = [
                (f"{path}[{json.dumps(name)}]", None, before.get(name), after.get(name))
                for name in order
            ]
        elif _same_shaped_records(old, new):
            children = [
                (f"{path}[{index}]", None, o, n)
                for index, (o, n) in enumerate(zip(old, new, strict=True))
            ]
    if not children:
        return [PathChange(path, shown(old, key), shown(new, key))], 0
    found: list[PathChange] = []
    unchanged = 0
    for child_path, child_key, child_old, child_new in children:
        changes, _ = _walk(child_old, child_new, child_path, child_key)
        found += changes
        unchanged += 0 if changes else 1
    return found, unchanged


def field_diff(name: str, old: Any, new: Any) -> FieldDiff:
    """The parts of field `name` that differ between `old` and `new`."""
    changes, unchanged = _walk(old, new, name, name)
    return FieldDiff(tuple(changes), unchanged if changes else 0)
