"""`sandbox deploy`: deploy the auth definition once and write the outputs file."""

from __future__ import annotations

import time
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


def deploy(
    local: LocalOpt = False,
    profile: ProfileOpt = None,
    region: RegionOpt = None,
    identifier: IdentifierOpt = None,
    port: PortOpt = DEFAULT_PORT,
    project_dir: ProjectOpt = Path("."),
    allow_replace: Annotated[
        bool,
        typer.Option("--allow-replace", help="Apply changes that replace the user pool."),
    ] = False,
    outputs_version: Annotated[
        str, typer.Option("--outputs-version", help="0, 1, 1.1, 1.2, 1.3, 1.4 or 1.5.")
    ] = "1.5",
    outputs_format: Annotated[
        str, typer.Option("--outputs-format", help="json, json-mobile, mjs, ts or dart.")
    ] = "json",
    outputs_out_dir: OutDirOpt = None,
    json_mode: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Deploy this project's auth backend to your sandbox once, then write the outputs file."""
    ui = make_ui(json_mode, debug, verbose, quiet)
    with handled(ui):
        from amplify_sandbox.definition import load_definition
        from amplify_sandbox.outputs import outputs_path
        from amplify_sandbox.pipeline import OutputsOptions, deploy

        started = time.perf_counter()
        out_dir = outputs_out_dir or project_dir
        outputs_path(out_dir, outputs_version, outputs_format)  # validates both before any call
        definition = load_definition(project_dir)
        identity = identity_for(project_dir, identifier)
        target = connect(TargetChoice(local, profile, region, port), ui)
        ui.info(
            f"Sandbox [bold]{identity.identifier}[/bold] of [bold]{identity.namespace}[/bold] "
            f"on {target.describe()}"
        )
        ui.detail(f"  id {identity.stack_name}; definition {definition.source}")
        result = deploy(
            definition,
            identity,
            target,
            UiReporter(ui),
            OutputsOptions(out_dir, outputs_version, outputs_format),
            allow_replace=allow_replace,
            confirm_replace=lambda plan: ui.confirm(
                "This change replaces the user pool and deletes every user in it. Apply it?"
            ),
        )
        seconds = time.perf_counter() - started
        if not result.plan.has_changes:
            ui.info("No changes: the sandbox already matches the definition.")
        ui.info(f"Outputs written to [bold]{result.outputs_file}[/bold]")
        ui.info(f"Done in {seconds:.2f}s.")
        ui.data(
            {
                "sandbox_id": identity.stack_name,
                "identifier": identity.identifier,
                "namespace": identity.namespace,
                "target": target.describe(),
                "region": target.region,
                "changes": [
                    {"resource": c.logical_id, "kind": c.kind.value, "action": c.action.value}
                    for c in result.plan.changes
                ],
                "outputs_file": str(result.outputs_file),
                "seconds": round(seconds, 3),
                "api_calls": len(target.log.calls),
            }
        )
