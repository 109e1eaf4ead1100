"""What the pipeline reports while it works. The CLI decides how to show it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from amplify_sandbox.deploy.planner import Change


class Reporter(Protocol):
    """Called from the thread that runs the pipeline only (never from the executor's workers;
    a throttling warning may come from any thread). When changes run at the same time, each
    one's `change_started` and `change_finished` come together as it ends, so a reporter never
    has two changes open at once; with `AMPLIFY_SANDBOX_MAX_PARALLEL=1` they bracket its work."""

    def change_started(self, change: Change) -> None: ...

    def change_finished(self, change: Change, seconds: float) -> None: ...

    def warning(self, message: str) -> None: ...


class SilentReporter:
    """A reporter that shows nothing (library use, benchmarks)."""

    def change_started(self, change: Change) -> None:
        pass

    def change_finished(self, change: Change, seconds: float) -> None:
        pass

    def warning(self, message: str) -> None:
        pass
