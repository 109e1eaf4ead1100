"""`sandbox local start|stop|status`: the embedded emulator, running in the background."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from amplify_sandbox.cli.application import Application, command
from amplify_sandbox.cli.output import Output
from amplify_sandbox.cli.ui import Ui

if TYPE_CHECKING:
    from amplify_sandbox.local.process import EmulatorStatus

app = typer.Typer(
    help="The built-in local emulator (Cognito, IAM, SSM on 127.0.0.1).",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


@dataclass(frozen=True)
class EmulatorOutput(Output):
    status: EmulatorStatus

    def data(self) -> dict[str, Any]:
        status = self.status
        return {
            "running": status.running,
            "port": status.port,
            "url": status.url,
            "pid": status.pid,
            "started_at": status.started_at.isoformat() if status.started_at else None,
            "log_file": str(status.log_file) if status.log_file else None,
            "allow_origins": list(status.allow_origins),
        }

    def show(self, ui: Ui) -> None:
        if self.status.running:
            ui.info(
                f"Local emulator running at [bold]{self.status.url}[/bold] (pid {self.status.pid})"
            )
        else:
            ui.info(
                f"Local emulator not running on port {self.status.port}. "
                "Start it: sandbox local start"
            )


@dataclass(frozen=True)
class StopOutput(Output):
    stopped: bool

    def data(self) -> dict[str, Any]:
        return {"stopped": self.stopped}

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
    """Stop the emulator; everything deployed to it is gone."""
    from amplify_sandbox.local import process

    return StopOutput(process.stop(cli.options.port))


@command(app, target=False)
def status(cli: Application) -> EmulatorOutput:
    """Say whether the emulator is running, where, and since when."""
    from amplify_sandbox.local import process

    return EmulatorOutput(process.status(cli.options.port))
