"""What the pipeline reports while it works. The CLI decides how to show it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from amplify_sandbox.deploy.planner import Change


class Reporter(Protocol):
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
