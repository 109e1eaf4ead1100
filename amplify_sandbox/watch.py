"""Watch mode: deploy, then follow every relevant file change, one deploy at a time.

Owns the loop (reload the definition, skip when its canonical content is unchanged, deploy,
keep going after any failure), the filter that decides which changes count, and turning
SIGINT / SIGTERM into a clean stop. It prints nothing: it reports through `WatchEvents`.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any, Protocol

from watchfiles import Change, DefaultFilter

from amplify_sandbox.definition.canonical import definition_fingerprint
from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.deploy.pipeline import DeployResult
from amplify_sandbox.errors import SandboxError

# Amplify's sandbox debounces by 100 ms; a change is taken once no new one came for STEP_MS,
# or after DEBOUNCE_MS of continuous changes.
STEP_MS = 50
DEBOUNCE_MS = 1_000
IGNORED_DIRS = (".amplify", "node_modules", "__pycache__")


@dataclass(frozen=True)
class Trigger:
    """Why a deploy runs: the start of watching, or the files that changed."""

    paths: tuple[Path, ...] = ()
    initial: bool = False


class WatchEvents(Protocol):
    def watching(self, paths: Sequence[Path]) -> None:
        """The watcher is live: from now on every change is seen."""

    def deploy_started(self, trigger: Trigger) -> None: ...

    def deployed(self, trigger: Trigger, result: DeployResult, seconds: float) -> None: ...

    def unchanged(self, trigger: Trigger) -> None:
        """Files changed but the definition's canonical content did not: no API calls made."""

    def definition_failed(self, trigger: Trigger, error: SandboxError) -> None: ...

    def deploy_failed(self, trigger: Trigger, error: Exception, seconds: float) -> None:
        """The deploy failed or was refused, or something unexpected broke; nothing deployed."""


# -- which changes count ------------------------------------------------------------------------


@dataclass(frozen=True)
class IgnorePattern:
    """One `.gitignore`-style line, matched with fnmatch (see `parse_ignore_patterns`)."""

    glob: str
    anchored: bool
    dir_only: bool

    def matches(self, parts: Sequence[str], is_dir: bool) -> bool:
        """Does this pattern ignore the path (`parts` relative to the project root)?"""
        for end in range(1, len(parts) + 1):
            candidate = "/".join(parts[:end]) if self.anchored else parts[end - 1]
            if not fnmatchcase(candidate, self.glob):
                continue
            if self.dir_only and end == len(parts) and not is_dir:
                continue
            return True
        return False


def parse_ignore_patterns(lines: Iterable[str]) -> list[IgnorePattern]:
    """`.gitignore` lines, simply: blank lines and `#` comments skipped, `!` negations not
    supported (skipped), a trailing `/` means directories only, a `/` elsewhere anchors the
    pattern to the project root, `**/` at the start means "at any depth". Globs are fnmatch's,
    so `*` also matches `/`."""
    patterns: list[IgnorePattern] = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith(("#", "!")):
            continue
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        while line.startswith("**/"):
            line = line[3:]
        anchored = "/" in line
        line = line.lstrip("/")
        if line:
            patterns.append(IgnorePattern(line, anchored, dir_only))
    return patterns


def gitignore_patterns(root: Path) -> list[IgnorePattern]:
    """The patterns of the project's root `.gitignore` (none when there is none)."""
    try:
        text = (root / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return parse_ignore_patterns(text.splitlines())


class WatchFilter(DefaultFilter):
    """watchfiles' default filter, plus `.amplify/`, the files this tool writes itself (the
    outputs file and its temp files, by path) and the project's ignore patterns."""

    def __init__(
        self,
        root: Path,
        *,
        own_files: Iterable[Path] = (),
        patterns: Sequence[IgnorePattern] = (),
    ) -> None:
        super().__init__(ignore_dirs=(*DefaultFilter.ignore_dirs, *IGNORED_DIRS))
        self._root = Path(os.path.realpath(root))
        self._own = frozenset(Path(os.path.realpath(path)) for path in own_files)
        self._patterns = tuple(patterns)

    def __call__(self, change: Change, path: str) -> bool:
        if not super().__call__(change, path):
            return False
        changed = Path(path)
        if changed in self._own or any(_is_temp_of(changed, own) for own in self._own):
            return False
        try:
            parts = changed.relative_to(self._root).parts
        except ValueError:
            return True
        is_dir = os.path.isdir(changed)
        return not any(pattern.matches(parts, is_dir) for pattern in self._patterns)


def _is_temp_of(path: Path, own: Path) -> bool:
    # The outputs writer replaces the file atomically through `.<name>.<hex>.tmp` beside it.
    return (
        path.parent == own.parent
        and path.name.startswith(f".{own.name}.")
        and path.name.endswith(".tmp")
    )


# -- the loop -----------------------------------------------------------------------------------


class Watcher:
    """Deploys at once, then once per batch of relevant changes until `stop` is set.

    watchfiles keeps collecting changes while a deploy runs, so a burst of saves, or saves made
    during a deploy, become one deploy afterwards. The definition is reloaded for every batch;
    when its fingerprint equals the last successfully deployed one and it defines no functions,
    nothing is called (a function's code is not in the definition: its bundle hash decides).
    """

    def __init__(
        self,
        paths: Sequence[Path],
        *,
        load: Callable[[], AuthDefinition],
        deploy: Callable[[AuthDefinition], DeployResult],
        events: WatchEvents,
        stop: threading.Event,
        watch_filter: Callable[[Change, str], bool] | None = None,
        clock: Callable[[], float] = time.monotonic,
        step_ms: int = STEP_MS,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        self._paths = [Path(os.path.realpath(path)) for path in paths]
        self._load = load
        self._deploy = deploy
        self._events = events
        self._stop = stop
        self._filter = watch_filter if watch_filter is not None else DefaultFilter()
        self._clock = clock
        self._step_ms = step_ms
        self._debounce_ms = debounce_ms
        self._deployed: str | None = None
        self.deploying = False

    def run(self) -> None:
        """Watch until `stop` is set. A KeyboardInterrupt (a second Ctrl-C) propagates."""
        from watchfiles import watch

        started = False
        # yield_on_timeout: the first (empty) batch says the watcher is live, so the initial
        # deploy runs only once no change can be missed.
        for batch in watch(
            *self._paths,
            watch_filter=self._filter,
            debounce=self._debounce_ms,
            step=self._step_ms,
            stop_event=self._stop,
            rust_timeout=self._step_ms,
            yield_on_timeout=True,
        ):
            if self._stop.is_set():
                break
            paths = lasting_paths(batch)
            if not started:
                started = True
                self._events.watching(self._paths)
                self.run_once(Trigger(paths, initial=True))
            elif paths:
                self.run_once(Trigger(paths))
            if self._stop.is_set():
                break

    def run_once(self, trigger: Trigger) -> None:
        """Reload, compare, deploy; report the outcome. Never raises a SandboxError."""
        started = self._clock()
        try:
            definition = self._load()
        except SandboxError as error:
            self._events.definition_failed(trigger, error)
            return
        except Exception as error:  # a loader bug must not stop the watcher either
            self._events.deploy_failed(trigger, error, self._clock() - started)
            return
        fingerprint = definition_fingerprint(definition)
        # A function's code (its handler, whatever it imports) is not in the definition: with
        # functions, any change deploys, and each bundle's hash decides what is updated.
        if fingerprint == self._deployed and not definition.functions:
            self._events.unchanged(trigger)
            return
        self._events.deploy_started(trigger)
        self.deploying = True
        try:
            result = self._deploy(definition)
        except Exception as error:  # any failed deploy leaves the watcher running
            self._events.deploy_failed(trigger, error, self._clock() - started)
            return
        finally:
            self.deploying = False
        self._deployed = fingerprint
        self._events.deployed(trigger, result, self._clock() - started)


def lasting_paths(batch: Iterable[tuple[Change, str]]) -> tuple[Path, ...]:
    """The changed paths, without files that came and went within the batch (an editor's or
    `sed -i`'s temp files)."""
    changes = list(batch)
    added = {path for change, path in changes if change is Change.added}
    deleted = {path for change, path in changes if change is Change.deleted}
    passing = {path for path in added & deleted if not os.path.lexists(path)}
    return tuple(sorted({Path(path) for _, path in changes if path not in passing}))


# -- stopping -----------------------------------------------------------------------------------


class StopSignals:
    """SIGINT and SIGTERM become a stop request: `stop` is set and the signal remembered.

    A deploy in progress finishes first; a second signal raises KeyboardInterrupt at once.
    Install from the main thread only (Python's rule for signal handlers).
    """

    def __init__(
        self, stop: threading.Event, on_signal: Callable[[int], None] | None = None
    ) -> None:
        self._stop = stop
        self._on_signal = on_signal
        self._previous: dict[int, Callable[[int, FrameType | None], Any] | int] = {}
        self.received: int | None = None

    def __enter__(self) -> StopSignals:
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous = signal.signal(signum, self._handle)
            self._previous[signum] = signal.SIG_DFL if previous is None else previous
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.received is not None:
            raise KeyboardInterrupt
        self.received = signum
        self._stop.set()
        if self._on_signal is not None:
            self._on_signal(signum)
