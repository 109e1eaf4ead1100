"""`sandbox deploy`: deploy the auth definition, write the outputs file; `--watch` follows edits."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from amplify_sandbox.cli.words import DONE
from amplify_sandbox.errors import UsageError

if TYPE_CHECKING:
    from amplify_sandbox.definition.model import AuthDefinition
    from amplify_sandbox.deploy.pipeline import DeployResult


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
    watch: Annotated[
        bool,
        typer.Option("--watch", help="Deploy, then redeploy on every change until Ctrl-C."),
    ] = False,
    dir_to_watch: Annotated[
        Path | None,
        typer.Option("--dir-to-watch", help="(--watch) Folder to watch (default: amplify/)."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", help="(--watch) Ignore paths matching this glob (repeatable)."),
    ] = None,
    refresh: Annotated[
        bool,
        typer.Option(
            "--refresh",
            help="Read every resource first and repair changes made outside this tool.",
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Refuse definitions with triggers or access grants."),
    ] = False,
    lenient: Annotated[
        bool, typer.Option("--lenient", help="Warn about unknown keys instead of failing.")
    ] = False,
    lock_wait: LockTimeoutOpt = None,
    json_mode: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Deploy this project's auth backend to your sandbox once, then write the outputs file."""
    ui = make_ui(json_mode, debug, verbose, quiet)
    with handled(ui):
        from amplify_sandbox.cli.plan_view import REPLACE_QUESTION, show_plan
        from amplify_sandbox.cli.secret import secret_source_for
        from amplify_sandbox.cli.watch_view import delete_command, run_watch
        from amplify_sandbox.definition import load_definition
        from amplify_sandbox.deploy.pipeline import OutputsOptions, deploy
        from amplify_sandbox.outputs import outputs_path

        started = time.perf_counter()
        out_dir = outputs_out_dir or project_dir
        outputs_file = outputs_path(out_dir, outputs_version, outputs_format)  # validates both
        if watch and json_mode:
            raise UsageError("--watch and --json cannot be combined.", hint="Drop --json.")

        def load() -> AuthDefinition:
            loaded = load_definition(project_dir, lenient=lenient)
            for warning in loaded.warnings:
                ui.warning(warning)
            return loaded

        definition = None if watch else load()
        identity = identity_for(project_dir, identifier)
        target = connect(TargetChoice(local, profile, region, port), ui)
        ui.info(
            f"Sandbox [bold]{identity.identifier}[/bold] of [bold]{identity.namespace}[/bold] "
            f"on {target.describe()}"
        )

        def run(definition: AuthDefinition) -> DeployResult:
            # Called for every deploy of --watch: secrets are looked up afresh each time.
            return deploy(
                definition,
                identity,
                target,
                UiReporter(ui),
                OutputsOptions(out_dir, outputs_version, outputs_format),
                allow_replace=allow_replace,
                confirm_replace=lambda plan: ui.confirm(REPLACE_QUESTION),
                show_plan=lambda report: show_plan(ui, report),
                strict=strict,
                refresh_first=refresh,
                secrets=secret_source_for(local, identity, target, ui),
                lock_timeout=lock_timeout(lock_wait),
            )

        if definition is None:
            delete_hint = delete_command(local, port, profile, region, identifier, project_dir)
            watched = dir_to_watch or project_dir / "amplify"
            raise typer.Exit(
                run_watch(
                    ui, run, load, project_dir, watched, exclude or [], outputs_file, delete_hint
                )
            )
        ui.detail(f"  id {identity.stack_name}; definition {definition.source}")
        result = run(definition)
        seconds = time.perf_counter() - started
        for change in result.plan.changes:
            if change.action.value == "no-op":
                ui.info(f"    {DONE['no-op']} {change.kind.value} {change.logical_id}")
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
