"""A bundle whose inputs did not change reuses the last build (esbuild is not run again); any
change to what esbuild read, to the build's settings or to the outputs runs it again."""

from __future__ import annotations

import io
import os
import subprocess
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from amplify_sandbox.functions import bundle as bundle_module
from amplify_sandbox.functions.bundle import Bundle, bundle_function
from amplify_sandbox.functions.env_module import write_env_module
from amplify_sandbox.functions.model import FunctionSpec

ENTRY = "amplify/auth/post-confirmation/handler.ts"
SPEC = FunctionSpec(
    name="post-confirmation", entry=ENTRY, environment=(("GROUP_NAME", "EVERYONE"),)
)
FOLDER = Path("amplify/auth/post-confirmation")
_RUN = subprocess.run


class EsbuildRuns:
    """Counts esbuild runs; `after` is called once a run has finished (a save during a build)."""

    def __init__(self) -> None:
        self.count = 0
        self.after: Callable[[], None] | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        done = _RUN(*args, **kwargs)
        if not str(args[0][0]).endswith("esbuild"):  # `node --version`
            return done
        self.count += 1
        if self.after is not None:
            self.after()
            self.after = None
        return done


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> EsbuildRuns:
    counter = EsbuildRuns()
    monkeypatch.setattr(bundle_module.subprocess, "run", counter)
    return counter


def _bundle(project: Path, cache: Path) -> Bundle:
    write_env_module(project, SPEC.name, SPEC.plain_environment())
    return bundle_function(SPEC, project, cache_dir=cache)


def _code(bundle: Bundle) -> str:
    with zipfile.ZipFile(io.BytesIO(bundle.zip_bytes)) as archive:
        return archive.read("index.mjs").decode()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_unchanged_bundle_is_reused(
    ts_project: Path, esbuild_cache: Path, runs: EsbuildRuns
) -> None:
    first = _bundle(ts_project, esbuild_cache)
    second = _bundle(ts_project, esbuild_cache)
    assert runs.count == 1
    assert (second.zip_bytes, second.inputs, second.entry_file) == (
        first.zip_bytes,
        first.inputs,
        first.entry_file,
    )
    assert ts_project / FOLDER / "greeting.ts" in second.inputs


@pytest.mark.parametrize(
    "change",
    ["imported file", "handler", "package.json", "tsconfig.json", "output edited", "output gone"],
)
def test_any_change_runs_esbuild_again(
    change: str, ts_project: Path, esbuild_cache: Path, runs: EsbuildRuns
) -> None:
    first = _bundle(ts_project, esbuild_cache)
    out = first.directory
    if change == "imported file":
        _edit(ts_project / FOLDER / "greeting.ts", "hello", "welcome")
    elif change == "handler":
        _edit(ts_project / ENTRY, "confirming", "confirmed")
    elif change == "package.json":
        (ts_project / "package.json").write_text('{"name": "app", "type": "module"}\n')
    elif change == "tsconfig.json":
        (ts_project / "tsconfig.json").write_text('{"compilerOptions": {}}\n')
    elif change == "output edited":
        (out / "index.mjs").write_text("export const handler = () => 1;\n")
    else:
        (out / "index.zip").unlink()
    second = _bundle(ts_project, esbuild_cache)
    assert runs.count == 2
    if change in ("imported file", "handler"):
        assert second.sha256 != first.sha256
    else:
        assert second.zip_bytes == first.zip_bytes


def test_a_save_while_esbuild_runs_is_bundled_next_time(
    ts_project: Path, esbuild_cache: Path, runs: EsbuildRuns
) -> None:
    """esbuild read the old greeting; the file changed before the build was recorded: the
    record holds what was bundled, so the next bundle sees the change."""
    greeting = ts_project / FOLDER / "greeting.ts"
    runs.after = lambda: _edit(greeting, "hello", "welcome")
    first = _bundle(ts_project, esbuild_cache)
    assert "hello" in _code(first) and "welcome" not in _code(first)
    second = _bundle(ts_project, esbuild_cache)
    assert runs.count == 2
    assert "welcome" in _code(second)
    third = _bundle(ts_project, esbuild_cache)
    assert (runs.count, third.zip_bytes) == (2, second.zip_bytes)


def test_settled_inputs_are_not_read_again(
    ts_project: Path, esbuild_cache: Path, runs: EsbuildRuns, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inputs last written well before the build are trusted by size, mtime and inode (as git
    trusts its index); a file saved since is read and compared."""
    write_env_module(ts_project, SPEC.name, SPEC.plain_environment())
    an_hour_ago = time.time() - 3600
    for path in [*ts_project.rglob("*.ts")]:
        os.utime(path, (an_hour_ago, an_hour_ago))
    first = bundle_function(SPEC, ts_project, cache_dir=esbuild_cache)
    read: list[Path] = []
    digest = bundle_module._digest

    def counting(path: Path) -> str | None:
        read.append(path)
        return digest(path)

    monkeypatch.setattr(bundle_module, "_digest", counting)
    bundle_function(SPEC, ts_project, cache_dir=esbuild_cache)
    assert runs.count == 1
    assert not [path for path in read if path in first.inputs]
    _edit(ts_project / FOLDER / "greeting.ts", "hello", "howdy")
    third = bundle_function(SPEC, ts_project, cache_dir=esbuild_cache)
    assert ts_project / FOLDER / "greeting.ts" in read
    assert runs.count == 2 and "howdy" in _code(third)
