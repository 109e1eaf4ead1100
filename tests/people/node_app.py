"""The seed.ts test project's npm packages (pinned in seed-ts-app/package-lock.json), installed
with `npm ci` once into a cached folder (a stamp records the lock file's digest), under a file
lock; a test project links to it. A missing Node or npm fails the test, never skips it."""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent / "seed-ts-app"
CACHE = Path(__file__).resolve().parents[2] / ".cache" / "people-seed-ts"
STAMP = ".amplify-sandbox-lock.sha256"


def _digest() -> str:
    return hashlib.sha256((APP / "package-lock.json").read_bytes()).hexdigest()


def installed_node_modules() -> Path:
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.fail("the seed.ts tests need Node.js and npm on PATH", pytrace=False)
    CACHE.mkdir(parents=True, exist_ok=True)
    modules = CACHE / "node_modules"
    with (CACHE.parent / "people-seed-ts.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp = modules / STAMP
        if not stamp.is_file() or stamp.read_text() != _digest():
            for name in ("package.json", "package-lock.json"):
                shutil.copy2(APP / name, CACHE / name)
            result = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=CACHE, capture_output=True, text=True, timeout=900,
            )  # fmt: skip
            if result.returncode != 0:
                pytest.fail(f"npm ci failed: {result.stderr[-2000:]}", pytrace=False)
            stamp.write_text(_digest())
    return modules


def seed_ts_project(into: Path) -> Path:
    """A copy of seed-ts-app (auth with groups added by the caller) with node_modules linked."""
    project = into / "seed-ts-app"
    shutil.copytree(APP, project, ignore=shutil.ignore_patterns("node_modules"))
    (project / "node_modules").symlink_to(installed_node_modules(), target_is_directory=True)
    return project
