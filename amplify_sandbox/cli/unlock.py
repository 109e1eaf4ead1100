"""`sandbox unlock`: remove this sandbox's write lock, whoever holds it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amplify_sandbox.cli.context import TargetChoice, connect, handled, identity_for, make_ui
from amplify_sandbox.cli.options import (
    DEFAULT_PORT,
    DebugOpt,
    IdentifierOpt,
    JsonOpt,
    LocalOpt,
    PortOpt,
    ProfileOpt,
    ProjectOpt,
    QuietOpt,
    RegionOpt,
    VerboseOpt,
)
from amplify_sandbox.errors import RefusedError


def unlock(
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Remove the lock (required: it is forced).")
    ] = False,
    local: LocalOpt = False,
    profile: ProfileOpt = None,
    region: RegionOpt = None,
    identifier: IdentifierOpt = None,
    port: PortOpt = DEFAULT_PORT,
    project_dir: ProjectOpt = Path("."),
    json_mode: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Remove the sandbox's lock left by a run that died (a live run's lock is taken from it)."""
    ui = make_ui(json_mode, debug, verbose, quiet)
    with handled(ui):
        identity = identity_for(project_dir, identifier)
        if not yes:
            raise RefusedError(
                "Not unlocked: --yes needed.",
                hint="Only if the run holding the lock is gone: a live one would then race "
                "another. Pass --yes to remove it.",
            )
        target = connect(TargetChoice(local, profile, region, port), ui)
        holder = target.unlock(identity)
        if holder is None:
            ui.info(f"Sandbox [bold]{identity.identifier}[/bold] was not locked.")
        else:
            ui.info(f"Removed the lock held by {holder.describe()}.")
        ui.data(
            {
                "sandbox_id": identity.stack_name,
                "unlocked": holder is not None,
                "holder": None if holder is None else holder.describe(),
            }
        )
