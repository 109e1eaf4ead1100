"""The watch loop run in-process on a real project folder, with the real watcher and the
emulator."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from watch_helpers import StartWatch, WatchRun

from amplify_sandbox.aws.target import AwsTarget
from amplify_sandbox.definition import load_definition
from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.deploy.pipeline import DeployResult
from amplify_sandbox.watch import IgnorePattern, Watcher, WatchFilter


@pytest.fixture
def start_watch(seed_project: Path, target: AwsTarget) -> Iterator[StartWatch]:
    """Start the watch loop in a thread: `start_watch(deploy=(run, definition) -> result, ...)`.
    The first (initial) outcome is awaited; the loop is stopped and joined at the end."""
    threads: list[tuple[threading.Thread, threading.Event, list[BaseException]]] = []

    def start(
        deploy: Callable[[WatchRun, AuthDefinition], DeployResult] | None = None,
        watch_dir: Path | None = None,
        patterns: Sequence[IgnorePattern] = (),
        initial: str = "deployed",
    ) -> WatchRun:
        run = WatchRun(seed_project, target)
        stop = threading.Event()
        failures: list[BaseException] = []
        watcher = Watcher(
            [watch_dir or seed_project / "amplify"],
            load=lambda: load_definition(seed_project),
            deploy=run.deploy if deploy is None else lambda d: deploy(run, d),
            events=run.recorder,
            stop=stop,
            watch_filter=WatchFilter(seed_project, own_files=[run.outputs_file], patterns=patterns),
        )

        def body() -> None:
            try:
                watcher.run()
            except BaseException as exc:  # reported by the fixture's teardown
                failures.append(exc)

        thread = threading.Thread(target=body, daemon=True)
        thread.start()
        threads.append((thread, stop, failures))
        first = run.outcome()
        assert first.kind == initial, (first, first.error)
        assert first.trigger is not None and first.trigger.initial
        return run

    yield start
    for thread, stop, failures in threads:
        stop.set()
        thread.join(timeout=10)
        assert not thread.is_alive(), "the watcher did not stop when asked"
        assert not failures, failures
