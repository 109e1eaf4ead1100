"""Turning a config document into file text: JSON as `JSON.stringify(cfg, null, 2)` writes it
(no trailing newline), and the mjs / ts / dart wrappers around it."""

from __future__ import annotations

import json
from typing import Any

DART_VARIABLE = "amplifyConfig"
# Older Flutter templates import the all-lowercase name; Amplify keeps it as an alias in v0.
DART_LEGACY_ALIAS = "amplifyconfig"


def to_json(config: dict[str, Any]) -> str:
    # ensure_ascii=False: JSON.stringify leaves non-ASCII characters as they are.
    return json.dumps(config, indent=2, ensure_ascii=False)


def to_module(config: dict[str, Any]) -> str:
    """The mjs / ts body: a default-exported constant (the same text for both)."""
    return f"const amplifyConfig = {to_json(config)}\nexport default amplifyConfig;\n"


def to_dart(config: dict[str, Any], *, legacy_alias: bool) -> str:
    # A raw string (r'''…'''), so Dart does not interpolate `$` inside the JSON.
    text = f"const {DART_VARIABLE} = r'''{to_json(config)}''';"
    if legacy_alias:
        text += f"\n\nconst {DART_LEGACY_ALIAS} = {DART_VARIABLE};"
    return text
