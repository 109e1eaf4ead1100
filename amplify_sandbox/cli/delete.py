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
    LockTimeoutOpt,
    OutDirOpt,
    PortOpt,
    ProfileOpt,
    ProjectOpt,
    QuietOpt,
    RegionOpt,
    VerboseOpt,
    lock_timeout,
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
    lock_wait: LockTimeoutOpt = None,
    json_mode: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Delete every resource of your sandbox and its outputs file (secrets are kept)."""
    ui = make_ui(json_mode, debug, verbose, quiet)
    with handled(ui):
        from amplify_sandbox.deploy.pipeline import delete as delete_sandbox

        identity = identity_for(project_dir, identifier)
        if not yes and not ui.confirm(
            f"Delete every resource of sandbox '{identity.identifier}' ({identity.stack_name})? "
            "This can't be undone."
        ):
            raise RefusedError(
                "Not deleted: confirmation needed.",
                hint="Pass --yes to delete without a prompt (required without a terminal).",
            )
        target = connect(TargetChoice(local, profile, region, port), ui)
        ui.info(f"Deleting sandbox [bold]{identity.identifier}[/bold] on {target.describe()}")
        result = delete_sandbox(
            identity,
            target,
            UiReporter(ui),
            outputs_out_dir or project_dir,
            lock_timeout=lock_timeout(lock_wait),
        )
        deleted = [c for c in result.plan.changes]
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
