"""Finding tsx (what `ampx` runs a seed script with): the project's own `node_modules/tsx`, else
one pinned version installed with npm on first use into the tool's cache (the way
functions/esbuild.py installs esbuild: once, under a file lock, nothing left by a failure)."""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from amplify_sandbox.functions.esbuild import ToolchainError

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
    home = cache_dir / f"tsx-{version}"
    found = _api_of(home / "node_modules" / "tsx")
    if found is not None:
        return found
    npm = shutil.which("npm")
    if npm is None:
        raise ToolchainError(
            "tsx is needed to run amplify/seed/seed.ts, and neither the project's node_modules/tsx "
            "nor `npm` (to install it) was found",
            hint="run `npm install --save-dev tsx` in the project, or use amplify/seed.json",
        )
    cache_dir.mkdir(parents=True, exist_ok=True)
    with (cache_dir / f".tsx-{version}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = _api_of(home / "node_modules" / "tsx")
        if found is not None:
            return found
        if notify is not None:
            notify(f"Installing tsx {version} into {cache_dir} (first use; the project has none)")
        staging = Path(tempfile.mkdtemp(prefix=f".tsx-{version}-", dir=cache_dir))
        try:
            (staging / "package.json").write_text('{"private": true}\n', encoding="utf-8")
            result = subprocess.run(
                [npm, "install", "--no-audit", "--no-fund", "--no-package-lock",
                 "--loglevel=error", f"tsx@{version}"],
                cwd=staging, capture_output=True, text=True, timeout=600,
            )  # fmt: skip
            if result.returncode != 0:
                raise ToolchainError(
                    f"npm could not install tsx {version}: {result.stderr.strip()[-2000:]}",
                    hint="check your network / npm registry settings, or add tsx to the project",
                )
            staging.rename(home)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    found = _api_of(home / "node_modules" / "tsx")
    if found is None:
        raise ToolchainError(f"tsx {version} was installed but its API entry is missing")
    return found


def find_tsx(project_root: Path, cache_dir: Path, notify: Callable[[str], None]) -> Path:
    return project_tsx(project_root) or install_tsx(cache_dir, notify=notify)
