"""Which changes count, and how a stop request arrives: no watcher, no emulator."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest
from watchfiles import Change

from amplify_sandbox.watch import StopSignals, WatchFilter, lasting_paths, parse_ignore_patterns


def _filter(root: Path, *lines: str, own: tuple[Path, ...] = ()) -> WatchFilter:
    return WatchFilter(root, own_files=own, patterns=parse_ignore_patterns(lines))


@pytest.mark.parametrize(
    ("lines", "path", "ignored"),
    [
        (["*.log"], "amplify/debug.log", True),
        (["*.log"], "amplify/auth/resource.ts", False),
        (["# comment", "", "!resource.ts"], "amplify/auth/resource.ts", False),
        (["dist/"], "dist/bundle.js", True),
        (["dist/"], "amplify/dist/x.ts", True),
        (["/amplify/generated"], "amplify/generated/a.ts", True),
        (["/generated"], "amplify/generated/a.ts", False),
        (["**/tmp"], "amplify/auth/tmp/a", True),
        (["amplify/auth/*.bak"], "amplify/auth/resource.ts.bak", True),
        (["amplify/auth/*.bak"], "other/auth/resource.ts.bak", False),
    ],
)
def test_gitignore_style_patterns(
    tmp_path: Path, lines: list[str], path: str, ignored: bool
) -> None:
    changed = tmp_path / path
    assert _filter(tmp_path, *lines)(Change.modified, str(changed)) is not ignored


def test_dir_only_pattern_does_not_match_a_file_of_that_name(tmp_path: Path) -> None:
    (tmp_path / "build").write_text("a file, not a folder")
    assert _filter(tmp_path, "build/")(Change.modified, str(tmp_path / "build"))


def test_own_files_and_tool_folders_are_ignored(tmp_path: Path) -> None:
    outputs = tmp_path / "amplify_outputs.json"
    watch_filter = _filter(tmp_path, own=(outputs,))
    for ignored in (
        outputs,
        tmp_path / ".amplify_outputs.json.1a2b3c4d.tmp",
        tmp_path / ".amplify" / "artifacts" / "x",
        tmp_path / "node_modules" / "x" / "index.js",
        tmp_path / "amplify" / "__pycache__" / "resource.cpython-312.pyc",
    ):
        assert not watch_filter(Change.modified, str(ignored)), ignored
    assert watch_filter(Change.modified, str(tmp_path / "amplify" / "auth" / "resource.py"))
    assert watch_filter(Change.modified, str(tmp_path / "amplify_outputs.json.bak"))


def test_paths_outside_the_project_ignore_its_patterns(tmp_path: Path) -> None:
    elsewhere = tmp_path.parent / "elsewhere" / "debug.log"
    assert _filter(tmp_path / "project", "*.log")(Change.modified, str(elsewhere))


def test_files_that_came_and_went_in_one_batch_are_dropped(tmp_path: Path) -> None:
    kept = tmp_path / "resource.ts"
    kept.write_text("x")
    batch = {
        (Change.added, str(tmp_path / "sedXYZ")),
        (Change.deleted, str(tmp_path / "sedXYZ")),
        (Change.modified, str(kept)),
        (Change.deleted, str(tmp_path / "gone.ts")),
    }
    assert lasting_paths(batch) == (tmp_path / "gone.ts", kept)


def test_signals_become_a_stop_request_and_a_second_one_interrupts() -> None:
    stop = threading.Event()
    seen: list[int] = []
    before = signal.getsignal(signal.SIGTERM)
    with StopSignals(stop, seen.append) as signals:
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.wait(5)
        assert signals.received == signal.SIGTERM and seen == [signal.SIGTERM]
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            threading.Event().wait(5)  # the handler runs at the next bytecode boundary
    assert signal.getsignal(signal.SIGTERM) is before
