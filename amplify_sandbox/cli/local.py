"""`sandbox local start|stop|status`: the embedded emulator, running in the background."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from amplify_sandbox.cli.context import handled, make_ui
from amplify_sandbox.cli.options import DEFAULT_PORT, DebugOpt, JsonOpt, PortOpt

if TYPE_CHECKING:
    from amplify_sandbox.local.process import EmulatorStatus


def _as_dict(status: EmulatorStatus) -> dict[str, object]:
    return {
        "running": status.running,
        "port": status.port,
        "url": status.url,
        "pid": status.pid,
        "started_at": status.started_at.isoformat() if status.started_at else None,
        "log_file": str(status.log_file) if status.log_file else None,
        "allow_origins": list(status.allow_origins),
    }


app = typer.Typer(
    help="The built-in local emulator (Cognito, IAM, SSM on 127.0.0.1).",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


AllowOriginOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-origin",
        metavar="URL",
        help="Also answer browsers on this origin (scheme://host[:port], or :* for any port); "
        "repeatable. Loopback origins are always allowed. Env: AMPLIFY_SANDBOX_ALLOW_ORIGINS.",
    ),
]


@app.command()
def start(
    port: PortOpt = DEFAULT_PORT,
    allow_origin: AllowOriginOpt = None,
    json_mode: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Start the emulator in the background (it runs until `sandbox local stop`)."""
    ui = make_ui(json_mode, debug, 0, False)
    with handled(ui):
        from amplify_sandbox.local import process

        status = process.start(port, allow_origin or ())
        ui.info(f"Local emulator running at [bold]{status.url}[/bold] (pid {status.pid})")
        ui.data(_as_dict(status))


@app.command()
def stop(port: PortOpt = DEFAULT_PORT, json_mode: JsonOpt = False, debug: DebugOpt = False) -> None:
    """Stop the emulator; everything deployed to it is gone."""
    ui = make_ui(json_mode, debug, 0, False)
    with handled(ui):
        from amplify_sandbox.local import process

        stopped = process.stop(port)
        ui.info("Local emulator stopped." if stopped else "Local emulator was not running.")
        ui.data({"stopped": stopped})


@app.command()
def status(
    port: PortOpt = DEFAULT_PORT, json_mode: JsonOpt = False, debug: DebugOpt = False
) -> None:
    """Say whether the emulator is running, where, and since when."""
    ui = make_ui(json_mode, debug, 0, False)
    with handled(ui):
        from amplify_sandbox.local import process

        current = process.status(port)
        if current.running:
            ui.info(f"Local emulator running at [bold]{current.url}[/bold] (pid {current.pid})")
        else:
            ui.info(f"Local emulator not running on port {port}. Start it: sandbox local start")
        ui.data(_as_dict(current))
