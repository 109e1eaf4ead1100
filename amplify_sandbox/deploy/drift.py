"""Compare what the definition wants with what the service reports, field by field.

Services add defaults and fields of their own, so a desired value matches when everything it
says is present and equal in the reported one: extra keys and entries the service reports are
not judged, lists of named entries are matched by name, lists of plain values ignore order. (A
whole top-level field the service does not report is not judged either: see planner._drift.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

_NAME_KEYS = ("Name", "ProviderName", "IdentityProvider")


class SecretValue(str):
    """A secret's value in a desired field: services may not report secrets back, so one the
    service leaves out is not judged (one it reports must still be equal)."""


def _key_of(entry: Any) -> str | None:
    if isinstance(entry, Mapping):
        for key in _NAME_KEYS:
            if key in entry:
                return str(entry[key])
    return None


def matches(desired: Any, actual: Any) -> bool:
    if isinstance(desired, SecretValue) and actual is None:
        return True
    if isinstance(desired, Mapping):
        if not isinstance(actual, Mapping):
            return False
        return all(matches(value, actual.get(key)) for key, value in desired.items())
    if isinstance(desired, Sequence) and not isinstance(desired, str):
        if not isinstance(actual, Sequence) or isinstance(actual, str):
            return False
        keys = [_key_of(entry) for entry in desired]
        if desired and all(key is not None for key in keys):
            by_key = {_key_of(entry): entry for entry in actual}
            return all(
                key in by_key and matches(e, by_key[key])
                for key, e in zip(keys, desired, strict=True)
            )
        if any(isinstance(entry, Mapping | list) for entry in desired):
            return len(desired) == len(actual) and all(
                matches(d, a) for d, a in zip(desired, actual, strict=True)
            )
        return sorted(map(str, desired)) == sorted(map(str, actual))
    if desired is None:
        return actual in (None, "", [], {})
    if isinstance(desired, bool) or isinstance(actual, bool):
        return bool(desired == actual)
    if isinstance(desired, int | float | str) and isinstance(actual, int | float | str):
        return str(desired) == str(actual)
    return bool(desired == actual)


def reported_part(desired: Any, actual: Any) -> Any:
    """The part of `actual` that `desired` speaks about, to show next to it."""
    if isinstance(desired, Mapping) and isinstance(actual, Mapping):
        return {
            key: reported_part(value, actual.get(key))
            for key, value in desired.items()
            if key in actual
        }
    if isinstance(desired, list) and isinstance(actual, list):
        keys = {_key_of(entry) for entry in desired} - {None}
        if keys:
            return [entry for entry in actual if _key_of(entry) in keys]
    return actual


def aligned(desired: Any, actual: Any, symbolic: Any) -> Any:
    """What the service reports, in the shape of what the definition says (`symbolic`: the
    desired value with references and secrets kept symbolic), to show next to it.

    Every part that matches is the symbolic value itself, so only the parts that really differ
    show as changed; a secret is kept symbolic (never the reported text), a differing one marked
    so: `{"Secret": name, "digest": "(changed outside)"}`.
    """
    if matches(desired, actual):
        return symbolic
    if isinstance(symbolic, Mapping) and "Secret" in symbolic and "digest" in symbolic:
        return {"Secret": symbolic["Secret"], "digest": "(changed outside)"}
    if (
        isinstance(desired, Mapping)
        and isinstance(actual, Mapping)
        and isinstance(symbolic, Mapping)
    ):
        return {
            key: aligned(value, actual.get(key), symbolic.get(key))
            for key, value in desired.items()
            if key in actual
        }
    if isinstance(desired, list) and isinstance(actual, list) and isinstance(symbolic, list):
        keys = [_key_of(entry) for entry in desired]
        if desired and all(key is not None for key in keys):
            by_key = {_key_of(entry): entry for entry in actual}
            wanted = dict(zip(keys, zip(desired, symbolic, strict=True), strict=True))
            return [
                aligned(wanted[key][0], entry, wanted[key][1])
                for key, entry in by_key.items()
                if key in wanted
            ]
    return actual
