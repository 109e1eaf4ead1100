"""`sandbox delete`: remove every resource of this sandbox, its record and its outputs file."""

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
    OutDirOpt,
    PortOpt,
    ProfileOpt,
    ProjectOpt,
    QuietOpt,
    RegionOpt,
    VerboseOpt,
)
from amplify_sandbox.cli.ui import UiReporter
from amplify_sandbox.errors import RefusedError


def delete(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    local: LocalOpt = False,
    profile: ProfileOpt = None,
    region: RegionOpt = None,
    identifier: IdentifierOpt = None,
    port: PortOpt = DEFAULT_PORT,
    project_dir: ProjectOpt = Path("."),
    outputs_out_dir: OutDirOpt = None,
    json_mode: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Delete every resource of your sandbox and its outputs file (secrets are kept)."""
    ui = make_ui(json_mode, debug, verbose, quiet)
    with handled(ui):
        from amplify_sandbox.deploy.pipeline import delete as delete_sandbox
        from amplify_sandbox.deploy.pipeline import pools_to_delete

        identity = identity_for(project_dir, identifier)
        target = connect(TargetChoice(local, profile, region, port), ui)
        pools = "".join(
            f"\n  user pool {pool}: {users} user(s)"
            for pool, users in (pools_to_delete(identity, target) if not yes else {}).items()
        )
        if not yes and not ui.confirm(
            f"Delete every resource of sandbox '{identity.identifier}' ({identity.stack_name})?"
            f"{pools}\nThis can't be undone."
        ):
            raise RefusedError(
                "Not deleted: confirmation needed.",
                hint="Pass --yes to delete without a prompt (required without a terminal).",
            )
        ui.info(f"Deleting sandbox [bold]{identity.identifier}[/bold] on {target.describe()}")
        result = delete_sandbox(identity, target, UiReporter(ui), outputs_out_dir or project_dir)
        deleted = result.deleted
        if not deleted:
            ui.info("Nothing to delete: no resources are recorded for this sandbox.")
        for path in result.removed_files:
            ui.info(f"Removed {path}")
        ui.info("Sandbox deleted.")
        ui.data(
            {
                "sandbox_id": identity.stack_name,
                "deleted": [{"resource": c.logical_id, "kind": c.kind.value} for c in deleted],
                "removed_files": [str(p) for p in result.removed_files],
            }
        )
