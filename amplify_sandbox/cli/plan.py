"""`sandbox plan`: what `deploy` would do, drift included; changes nothing."""

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

# Terraform's --detailed-exitcode convention.
CHANGES_PRESENT = 2


def plan(
    detailed_exitcode: Annotated[
        bool,
        typer.Option(
            "--detailed-exitcode",
            help="Exit 0 when there are no changes, 2 when there are, 1 on error.",
        ),
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
    """Show what deploy would change, including changes made outside this tool."""
    ui = make_ui(json_mode, debug, verbose, quiet)
    with handled(ui):
        from rich.markup import escape

        from amplify_sandbox.cli.plan_view import plan_document, plan_lines
        from amplify_sandbox.cli.secret import secret_source_for
        from amplify_sandbox.definition import load_definition
        from amplify_sandbox.deploy.pipeline import plan as plan_sandbox

        definition = load_definition(project_dir)
        identity = identity_for(project_dir, identifier)
        target = connect(TargetChoice(local, profile, region, port), ui)
        ui.info(
            f"Sandbox [bold]{identity.identifier}[/bold] of [bold]{identity.namespace}[/bold] "
            f"on {target.describe()}\n"
        )
        report = plan_sandbox(
            definition,
            identity,
            target,
            secrets=secret_source_for(local, identity, target, ui),
        )
        for line in plan_lines(report.plan, report.users_affected):
            ui.info(escape(line))
        ui.data(
            {"sandbox_id": identity.stack_name, **plan_document(report.plan, report.users_affected)}
        )
        if detailed_exitcode and report.plan.has_changes:
            raise typer.Exit(CHANGES_PRESENT)
