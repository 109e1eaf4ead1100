"""Finding esbuild: the project's own (`node_modules/.bin/esbuild`, which every Amplify project
has), else one pinned version this tool installs with npm on first use into its cache. Nothing
is downloaded at import time; the install reports one message through `notify`."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from amplify_sandbox.errors import SandboxError

ESBUILD_VERSION = "0.28.2"
NODE_MIN_MAJOR = 18


class ToolchainError(SandboxError):
    """Node, npm or esbuild is missing or failed to install."""


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "amplify-sandbox"


def node_major(node: str = "node") -> int | None:
    """The major version of `node` on PATH, or None when there is none."""
    path = shutil.which(node)
    if path is None:
        return None
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    text = out.stdout.strip().lstrip("v")
    try:
        return int(text.split(".", 1)[0])
    except ValueError:
        return None


def require_node() -> str:
    """The path of a Node ≥ 18, or a clear error (before anything is changed)."""
    major = node_major()
    if major is None or major < NODE_MIN_MAJOR:
        found = "no `node` on PATH" if major is None else f"found Node {major}"
        raise ToolchainError(
            f"TypeScript/JavaScript functions need Node.js {NODE_MIN_MAJOR} or newer ({found})",
            hint="install Node.js LTS (https://nodejs.org) and make sure `node` is on PATH",
        )
    path = shutil.which("node")
    assert path is not None
    return path


def project_esbuild(project_root: Path) -> Path | None:
    """`node_modules/.bin/esbuild` in the project root or a parent (workspaces hoist it)."""
    for folder in (project_root.resolve(), *project_root.resolve().parents):
        candidate = folder / "node_modules" / ".bin" / "esbuild"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def cached_esbuild(cache_dir: Path, version: str = ESBUILD_VERSION) -> Path:
    return cache_dir / f"esbuild-{version}" / "node_modules" / ".bin" / "esbuild"


def install_npm_tool(
    cache_dir: Path,
    package: str,
    version: str,
    installed: Callable[[Path], Path | None],
    *,
    no_npm: ToolchainError,
    notice: str,
    failure_hint: str,
    notify: Callable[[str], None] | None = None,
) -> Path:
    """Installs `package@version` with npm into `<cache>/<package>-<version>/` (once; concurrent
    callers wait on a lock; a failed install leaves nothing behind) and returns that folder.
    `installed(folder)` says what is already there (None: nothing yet); `no_npm` is raised when
    npm is missing, `notice` is what `notify` is told before installing."""
    home = cache_dir / f"{package}-{version}"
    if installed(home) is not None:
        return home
    npm = shutil.which("npm")
    if npm is None:
        raise no_npm
    cache_dir.mkdir(parents=True, exist_ok=True)
    with (cache_dir / f".{package}-{version}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed(home) is not None:
            return home
        if notify is not None:
            notify(notice)
        staging = Path(tempfile.mkdtemp(prefix=f".{package}-{version}-", dir=cache_dir))
        try:
            (staging / "package.json").write_text('{"private": true}\n', encoding="utf-8")
            result = subprocess.run(
                [npm, "install", "--no-audit", "--no-fund", "--no-package-lock",
                 "--loglevel=error", f"{package}@{version}"],
                cwd=staging, capture_output=True, text=True, timeout=600,
            )  # fmt: skip
            if result.returncode != 0:
                raise ToolchainError(
                    f"npm could not install {package} {version}: {result.stderr.strip()[-2000:]}",
                    hint=failure_hint,
                )
            staging.rename(home)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return home


def install_esbuild(
    cache_dir: Path,
    version: str = ESBUILD_VERSION,
    notify: Callable[[str], None] | None = None,
) -> Path:
    """Installs esbuild@version with npm into `<cache>/esbuild-<version>/` (once; concurrent
    callers wait on a lock; a failed install leaves nothing behind)."""
    binary = cached_esbuild(cache_dir, version)
    install_npm_tool(
        cache_dir,
        "esbuild",
        version,
        lambda _home: binary if binary.is_file() else None,
        no_npm=ToolchainError(
            "esbuild is needed to bundle functions, and neither the project's "
            "node_modules/.bin/esbuild nor `npm` (to install it) was found",
            hint="run `npm install --save-dev esbuild` in the project",
        ),
        notice=(
            f"Installing esbuild {version} into {cache_dir} (first use; the project has "
            "no node_modules/.bin/esbuild)"
        ),
        failure_hint="check the network / npm registry settings, or add esbuild to the project",
        notify=notify,
    )
    return binary


def find_esbuild(
    project_root: Path,
    cache_dir: Path | None = None,
    notify: Callable[[str], None] | None = None,
) -> Path:
    found = project_esbuild(project_root)
    if found is not None:
        return found
    return install_esbuild(cache_dir or default_cache_dir(), notify=notify)
