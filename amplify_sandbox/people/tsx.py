"""Finding tsx (what `ampx` runs a seed script with): the project's own `node_modules/tsx`, else
one pinned version installed with npm on first use into the tool's cache (the way
functions/esbuild.py installs esbuild: once, under a file lock, nothing left by a failure)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from amplify_sandbox.functions.esbuild import ToolchainError, install_npm_tool

TSX_VERSION = "4.21.0"
_API = ("dist", "esm", "api", "index.mjs")


def _api_of(package: Path) -> Path | None:
    """tsx's `tsx/esm/api` entry (`tsImport`), from its package.json exports."""
    manifest = package / "package.json"
    if not manifest.is_file():
        return None
    try:
        exports = json.loads(manifest.read_text(encoding="utf-8")).get("exports", {})
        entry = exports["./esm/api"]
        relative = entry["import"] if isinstance(entry, dict) else entry
        if isinstance(relative, dict):
            relative = relative.get("default")
    except (KeyError, TypeError, ValueError):
        relative = None
    candidate = package / (relative if isinstance(relative, str) else "/".join(_API))
    return candidate.resolve() if candidate.is_file() else None


def project_tsx(project_root: Path) -> Path | None:
    """`node_modules/tsx` in the project root or a parent (workspaces hoist it)."""
    for folder in (project_root.resolve(), *project_root.resolve().parents):
        found = _api_of(folder / "node_modules" / "tsx")
        if found is not None:
            return found
    return None


def install_tsx(
    cache_dir: Path, version: str = TSX_VERSION, notify: Callable[[str], None] | None = None
) -> Path:
    def installed(home: Path) -> Path | None:
        return _api_of(home / "node_modules" / "tsx")

    home = install_npm_tool(
        cache_dir,
        "tsx",
        version,
        installed,
        no_npm=ToolchainError(
            "tsx is needed to run amplify/seed/seed.ts, and neither the project's node_modules/tsx "
            "nor `npm` (to install it) was found",
            hint="run `npm install --save-dev tsx` in the project, or use amplify/seed.json",
        ),
        notice=f"Installing tsx {version} into {cache_dir} (first use; the project has none)",
        failure_hint="check your network / npm registry settings, or add tsx to the project",
        notify=notify,
    )
    found = installed(home)
    if found is None:
        raise ToolchainError(f"tsx {version} was installed but its API entry is missing")
    return found


def find_tsx(project_root: Path, cache_dir: Path, notify: Callable[[str], None]) -> Path:
    return project_tsx(project_root) or install_tsx(cache_dir, notify=notify)
