"""`sandbox logs [FUNCTION] [--follow]`: what the sandbox's functions printed. Local: the lines
the emulator kept (per function, the last 2000); AWS: CloudWatch Logs `/aws/lambda/<name>`.
FUNCTION is the function's name in the definition (`post-confirmation`), or its deployed name."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from amplify_sandbox.cli.application import Application, command
from amplify_sandbox.cli.output import Output
from amplify_sandbox.cli.ui import Ui, plain
from amplify_sandbox.errors import SandboxError

if TYPE_CHECKING:
    from amplify_sandbox.identity import SandboxIdentity

app = typer.Typer()

FunctionArg = Annotated[
    str | None, typer.Argument(help="Only this function (its name in the definition).")
]
FollowOpt = Annotated[
    bool, typer.Option("--follow", "-f", help="Keep printing new lines until Ctrl-C.")
]
_AWS_POLL_SECONDS = 2.0
_LONG_POLL_SECONDS = 20.0


@dataclass(frozen=True)
class LogLine:
    function: str
    time: float
    line: str

    def data(self) -> dict[str, Any]:
        return {"function": self.function, "time": self.time, "line": self.line}


def line_text(line: LogLine) -> str:
    return plain(f"[{line.function}] {line.line}")


class LogsOutput(Output):
    function: str | None
    lines: tuple[LogLine, ...]

    def show(self, ui: Ui) -> None:
        for line in self.lines:
            ui.info(line_text(line))
        if not self.lines:
            ui.info("No function output yet.")


def function_prefix(identity: SandboxIdentity) -> str:
    """What every deployed function name of this sandbox starts with."""
    from amplify_sandbox.desired.functions import function_name
    from amplify_sandbox.functions.model import FunctionSpec

    return function_name(identity, FunctionSpec(name="x", entry="handler.ts"))[:-1]


def short_name(prefix: str, deployed: str) -> str:
    return deployed.removeprefix(prefix)


def _matches(wanted: str | None, prefix: str, deployed: str) -> bool:
    if deployed.startswith(prefix) is False and prefix:
        return False
    return wanted is None or wanted in (deployed, short_name(prefix, deployed))


def follow_local(
    port: int,
    prefix: str,
    function: str | None,
    emit: Callable[[LogLine], None],
    stop: threading.Event,
    after: int = 0,
) -> None:
    """Print the emulator's new lines (a long poll) until `stop` is set."""
    from amplify_sandbox.local.log_client import EmulatorLogs

    reader = EmulatorLogs(port)
    while not stop.is_set():
        lines, after = reader.read(after, wait=_LONG_POLL_SECONDS)
        for entry in lines:
            if _matches(function, prefix, entry.function):
                emit(LogLine(short_name(prefix, entry.function), entry.time, entry.line))


def _local(cli: Application, prefix: str, function: str | None, follow: bool) -> LogsOutput:
    from amplify_sandbox.local.log_client import EmulatorLogs

    lines, last = EmulatorLogs(cli.options.port).read()
    kept = tuple(
        LogLine(short_name(prefix, e.function), e.time, e.line)
        for e in lines
        if _matches(function, prefix, e.function)
    )
    if not follow:
        return LogsOutput(function, kept)
    for line in kept:
        cli.ui.info(line_text(line))
    stop = threading.Event()
    try:
        follow_local(
            cli.options.port, prefix, function, lambda x: cli.ui.info(line_text(x)), stop, last
        )
    except KeyboardInterrupt:
        stop.set()
    return LogsOutput(function, ())


def _aws(cli: Application, prefix: str, function: str | None, follow: bool) -> LogsOutput:
    from amplify_sandbox.aws import function_logs
    from amplify_sandbox.aws.errors import aws_errors

    target = cli.target
    start_ms = 0
    seen: set[str] = set()
    collected: list[LogLine] = []
    with aws_errors():
        while True:
            names = function_logs.log_groups(target, prefix)
            chosen = [n for n in names if _matches(function, prefix, n)]
            fresh: list[LogLine] = []
            for name in chosen:
                for event in function_logs.read(target, name, start_ms):
                    if event.event_id in seen:
                        continue
                    seen.add(event.event_id)
                    fresh.append(
                        LogLine(short_name(prefix, name), event.time_ms / 1000, event.line)
                    )
            fresh.sort(key=lambda line: line.time)
            if not follow:
                collected.extend(fresh)
                return LogsOutput(function, tuple(collected))
            for line in fresh:
                cli.ui.info(line_text(line))
                start_ms = max(start_ms, int(line.time * 1000))
            try:
                time.sleep(_AWS_POLL_SECONDS)  # CloudWatch has no push: poll
            except KeyboardInterrupt:
                return LogsOutput(function, ())


@command(app)
def logs(cli: Application, function: FunctionArg = None, follow: FollowOpt = False) -> LogsOutput:
    """Show what the sandbox's functions printed (console.log / print)."""
    prefix = function_prefix(cli.identity)
    if cli.options.local:
        return _local(cli, prefix, function, follow)
    return _aws(cli, prefix, function, follow)


def stream_local(ui: Ui, port: int, prefix: str, stop: threading.Event) -> threading.Thread | None:
    """`deploy --watch --local`: the functions' lines from now on, `[name] line`, until `stop`
    (where the emulator's log stands is read before returning, so nothing printed after is
    missed)."""
    from amplify_sandbox.local.log_client import EmulatorLogs

    try:
        _, last = EmulatorLogs(port).read()
    except (OSError, ValueError, SandboxError):
        return None

    def follow() -> None:
        try:
            follow_local(port, prefix, None, lambda line: ui.info(line_text(line)), stop, last)
        except (OSError, ValueError, SandboxError):
            return  # the emulator went away: nothing more to show

    thread = threading.Thread(target=follow, name="function-logs", daemon=True)
    thread.start()
    return thread
