"""Options shared by the commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print one JSON document on stdout; never prompt.")
]
DebugOpt = Annotated[
    bool, typer.Option("--debug", help="Show every API call (by name) and tracebacks.")
]
VerboseOpt = Annotated[int, typer.Option("--verbose", "-v", count=True, help="More detail.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and results.")]

LocalOpt = Annotated[
    bool,
    typer.Option("--local", help="Use the built-in local emulator (started if needed)."),
]
ProfileOpt = Annotated[
    str | None, typer.Option("--profile", help="AWS profile (default: the AWS credential chain).")
]
RegionOpt = Annotated[str | None, typer.Option("--region", help="AWS region.")]
IdentifierOpt = Annotated[
    str | None,
    typer.Option(
        "--identifier",
        help="Sandbox identifier, 1-15 letters, digits or hyphens (default: your user name).",
    ),
]
PortOpt = Annotated[
    int, typer.Option("--port", help="Local emulator port.", envvar="AMPLIFY_SANDBOX_LOCAL_PORT")
]
ProjectOpt = Annotated[
    Path,
    typer.Option(
        "--project-dir",
        help="The project folder (holds amplify/ and package.json).",
        file_okay=False,
    ),
]
OutDirOpt = Annotated[
    Path | None,
    typer.Option("--outputs-out-dir", help="Where to write the outputs file (default: project)."),
]

DEFAULT_PORT = 4566

LockTimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--lock-timeout",
        help="Seconds to wait for another run's lock on this sandbox (default: 180 at a "
        "terminal, 0 in CI or without a terminal); then exit 4.",
        min=0,
    ),
]
DEFAULT_LOCK_WAIT = 180.0


def lock_timeout(value: float | None) -> float:
    """--lock-timeout, or its default: wait at a terminal, fail at once in CI."""
    from amplify_sandbox.cli.ui import interactive

    if value is not None:
        return value
    return DEFAULT_LOCK_WAIT if interactive() else 0.0
