"""The canonical form of an `AuthDefinition` and its fingerprint.

The fingerprint covers what would be deployed: not the source path, and not which environment
variables were read, so a comment or whitespace edit leaves it unchanged.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from amplify_sandbox.definition.model import AuthDefinition

_IGNORED = ("source", "env_vars_read")


def canonical_data(defn: AuthDefinition) -> dict[str, Any]:
    data = dataclasses.asdict(defn)
    for name in _IGNORED:
        data.pop(name, None)
    return data


def canonical_json(defn: AuthDefinition) -> str:
    return json.dumps(
        canonical_data(defn), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def definition_fingerprint(defn: AuthDefinition) -> str:
    """A stable sha256 hex digest of the definition's deployable content."""
    return hashlib.sha256(canonical_json(defn).encode("utf-8")).hexdigest()
