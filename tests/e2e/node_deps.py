"""What the end-to-end tests need outside Python: Node.js, npm, Debian's chromium, and the npm
packages of the example app and of the browser driver, installed with `npm ci` from their lock
files.

A missing tool is a test failure, never a skip: a skipped end-to-end test would look like a
passing one. `npm ci` runs only when a folder's `node_modules` was not installed from its current
lock file (a stamp in `node_modules` records the lock file's digest), under a file lock so two test
runs in one checkout do not install over each other. `scripts/test` uses the same stamp.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_DIR = REPO_ROOT / "examples" / "react-authenticator"
DRIVER_DIR = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("AMPLIFY_SANDBOX_CHROMIUM", "/usr/bin/chromium"))
STAMP = ".amplify-sandbox-lock.sha256"
_LOCK_FILE = REPO_ROOT / ".cache" / "e2e-npm-ci.lock"
_NPM_TIMEOUT = 600


def _fail(message: str) -> NoReturn:
    pytest.fail(message, pytrace=False)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        _fail(
            f"{name} is not installed; the end-to-end tests need Node.js and npm (scripts/test installs them)."
        )
    return path


def chromium() -> Path:
    if not os.access(CHROMIUM, os.X_OK):
        _fail(
            f"{CHROMIUM} is missing; the end-to-end tests need Debian's chromium "
            "(`apt-get install chromium`, which scripts/test does), or set AMPLIFY_SANDBOX_CHROMIUM."
        )
    return CHROMIUM


def lock_digest(folder: Path) -> str:
    return hashlib.sha256((folder / "package-lock.json").read_bytes()).hexdigest()


def installed(folder: Path) -> bool:
    stamp = folder / "node_modules" / STAMP
    return stamp.is_file() and stamp.read_text().strip() == lock_digest(folder)


def npm_ci(folder: Path) -> None:
    """`npm ci` in `folder` unless its node_modules already match its lock file."""
    npm = tool("npm")
    _LOCK_FILE.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK_FILE.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed(folder):
            return
        try:
            result = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=_NPM_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            _fail(
                f"`npm ci` in {folder} timed out after {_NPM_TIMEOUT}s; is the registry reachable?"
            )
        if result.returncode != 0:
            _fail(f"`npm ci` in {folder} failed (exit {result.returncode}):\n{result.stderr}")
        (folder / "node_modules" / STAMP).write_text(lock_digest(folder) + "\n")


def main(folders: list[str]) -> int:
    """`python tests/e2e/node_deps.py [FOLDER ...]`: what scripts/test runs before the suite."""
    try:
        for folder in folders or [str(EXAMPLE_DIR), str(DRIVER_DIR)]:
            npm_ci(Path(folder).resolve())
    except pytest.fail.Exception as error:
        print(f"node_deps: {error.msg}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
