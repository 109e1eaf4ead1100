"""`sandbox local start|stop|status|reset`: the embedded emulator, running in the background,
and the data it keeps between runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from amplify_sandbox.cli.application import Application, command, group
from amplify_sandbox.cli.output import Output, fields_json
from amplify_sandbox.cli.ui import Ui, plain

if TYPE_CHECKING:
    from amplify_sandbox.local.process import EmulatorStatus, ResetResult

app = group("The built-in local emulator (Cognito, IAM, SSM on 127.0.0.1).")


class EmulatorOutput(Output):
    status: EmulatorStatus

    def data(self) -> dict[str, Any]:
        document = fields_json(self.status)
        started = self.status.started_at
        document["started_at"] = started.isoformat() if started else None
        return document

    def show(self, ui: Ui) -> None:
        status = self.status
        if status.notice:
            ui.warning(status.notice)
        if status.running:
            ui.info(f"Local emulator running at [bold]{status.url}[/bold] (pid {status.pid})")
        else:
            ui.info(
                f"Local emulator not running on port {status.port}. Start it: sandbox local start"
            )
        if status.snapshot is not None:
            held = status.contents.summary() if status.contents else "an unreadable snapshot"
            verb = "Holds" if status.running else "Its snapshot holds"
            ui.info(f"{verb} {held}; kept in {plain(status.snapshot)}")


class ResetOutput(Output):
    result: ResetResult

    def data(self) -> dict[str, Any]:
        emptied = self.result.emptied
        return {
            "running": self.result.running,
            "port": self.result.port,
            "snapshot": str(self.result.snapshot),
            "emptied": emptied.as_dict() if emptied else None,
        }

    def show(self, ui: Ui) -> None:
        emptied = self.result.emptied
        what = f" (it held {emptied.summary()})" if emptied else ""
        where = "The emulator" if self.result.running else "The emulator's snapshot"
        ui.info(f"{where} on port {self.result.port} is empty{what}.")


class StopOutput(Output):
    stopped: bool

    def show(self, ui: Ui) -> None:
        ui.info("Local emulator stopped." if self.stopped else "Local emulator was not running.")


AllowOriginOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-origin",
        metavar="URL",
        help="Also answer browsers on this origin (scheme://host[:port], or :* for any port); "
        "repeatable. Loopback origins are always allowed. Env: AMPLIFY_SANDBOX_ALLOW_ORIGINS.",
    ),
]


@command(app, target=False)
def start(cli: Application, allow_origin: AllowOriginOpt = None) -> EmulatorOutput:
    """Start the emulator in the background (it runs until `sandbox local stop`)."""
    from amplify_sandbox.local import process

    return EmulatorOutput(process.start(cli.options.port, allow_origin or ()))


@command(app, target=False)
def stop(cli: Application) -> StopOutput:
    """Stop the emulator; its data is kept for the next start (`sandbox local reset` empties
    it)."""
    from amplify_sandbox.local import process

    return StopOutput(process.stop(cli.options.port))


@command(app, target=False)
def status(cli: Application) -> EmulatorOutput:
    """Say whether the emulator is running, where, since when, and what it holds."""
    from amplify_sandbox.local import process

    return EmulatorOutput(process.status(cli.options.port))


YesOpt = Annotated[
    bool, typer.Option("--yes", help="Empty it without asking (required without a terminal).")
]


@command(app, target=False)
def reset(cli: Application, yes: YesOpt = False) -> ResetOutput:
    """Empty the emulator: every user pool, user, identity pool, role and parameter it holds."""
    from amplify_sandbox.local import process

    port = cli.options.port
    cli.confirm_or_refuse(
        yes,
        f"Empty the local emulator on port {port} (every user pool, user, secret and role in "
        "it)? This can't be undone.",
        not_done="emptied",
        to="empty it",
    )
    return ResetOutput(process.reset(port))
