"""Reading the JSON and TOML files a user writes (package.json, pyproject.toml, seed.json)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from amplify_sandbox.errors import UsageError


def parsed(path: Path, *, hint: str) -> Any:
    """The document in `path`, TOML by its suffix, else JSON; a syntax error is a UsageError
    that names the file, the line and the column."""
    text = path.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}", hint=hint
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})", hint=hint) from None
