"""The canonical form of an `AuthDefinition` and its fingerprint.

The fingerprint covers what would be deployed: not the source path, not which environment
variables were read, not warnings, and not where a function is referenced (`FunctionRef.where`),
so a comment or whitespace edit leaves it unchanged.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from amplify_sandbox.definition.model import AuthDefinition

_IGNORED = ("source", "env_vars_read", "warnings")


def _drop_where(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_where(v) for k, v in value.items() if k != "where"}
    if isinstance(value, list | tuple):
        return [_drop_where(item) for item in value]
    return value


def canonical_data(defn: AuthDefinition) -> dict[str, Any]:
    data = dataclasses.asdict(defn)
    for name in _IGNORED:
        data.pop(name, None)
    overrides = data.get("overrides")
    if isinstance(overrides, dict):
        overrides.pop("source", None)
        overrides.pop("unapplied", None)
        if not overrides.get("properties") and overrides.get("outputs_json") is None:
            data.pop("overrides")
    if data.get("reference") is None:
        data.pop("reference", None)
    result: dict[str, Any] = _drop_where(data)
    return result


def canonical_json(defn: AuthDefinition) -> str:
    return json.dumps(
        canonical_data(defn), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def definition_fingerprint(defn: AuthDefinition) -> str:
    """A stable sha256 hex digest of the definition's deployable content."""
    return hashlib.sha256(canonical_json(defn).encode("utf-8")).hexdigest()
