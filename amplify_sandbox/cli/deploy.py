"""`sandbox deploy`: deploy the auth definition, write the outputs file; `--watch` follows edits."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
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
    OutDirOpt,
    PortOpt,
    ProfileOpt,
    ProjectOpt,
    QuietOpt,
    RegionOpt,
    VerboseOpt,
)
from amplify_sandbox.cli.ui import Ui, UiReporter
from amplify_sandbox.errors import ExitCode, RefusedError, SandboxError, UsageError

if TYPE_CHECKING:
    from amplify_sandbox.definition.model import AuthDefinition
    from amplify_sandbox.pipeline import DeployResult
    from amplify_sandbox.planner import Plan
    from amplify_sandbox.watch import Trigger


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
    json_mode: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Deploy this project's auth backend to your sandbox once, then write the outputs file."""
    ui = make_ui(json_mode, debug, verbose, quiet)
    with handled(ui):
        from amplify_sandbox.cli.secret import secret_source_for
        from amplify_sandbox.definition import load_definition
        from amplify_sandbox.outputs import outputs_path
        from amplify_sandbox.pipeline import OutputsOptions, deploy

        started = time.perf_counter()
        out_dir = outputs_out_dir or project_dir
        outputs_file = outputs_path(out_dir, outputs_version, outputs_format)  # validates both
        if watch and json_mode:
            raise UsageError("--watch and --json cannot be combined.", hint="Drop --json.")
        definition = None if watch else load_definition(project_dir)
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
                confirm_replace=_confirm_replace(ui, show_plan=watch),
                secrets=secret_source_for(local, identity, target, ui),
            )

        if definition is None:
            delete_hint = _delete_command(local, port, profile, region, identifier, project_dir)
            watched = dir_to_watch or project_dir / "amplify"
            raise typer.Exit(
                _watch(ui, run, project_dir, watched, exclude or [], outputs_file, delete_hint)
            )
        ui.detail(f"  id {identity.stack_name}; definition {definition.source}")
        result = run(definition)
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


# -- deploy --watch ------------------------------------------------------------------------------

_REPLACE_QUESTION = "This change replaces the user pool and deletes every user in it. Apply it?"
_MARKS = {"create": "+", "update": "~", "replace": "-/+", "delete": "-"}
_DONE = {"create": "created", "update": "updated", "replace": "replaced", "delete": "deleted"}


def _confirm_replace(ui: Ui, *, show_plan: bool) -> Callable[[Plan], bool]:
    def confirm(plan: Plan) -> bool:
        if show_plan:
            _show_plan(ui, plan)
        return ui.confirm(_REPLACE_QUESTION)

    return confirm


def _show_plan(ui: Ui, plan: Plan) -> None:
    """The changes, Terraform-style; values only for the fields that force a replacement."""
    from rich.markup import escape

    for change in plan.changes:
        mark = _MARKS.get(change.action.value)
        if mark is None:
            continue
        ui.info(escape(f"  {mark} {change.kind.value} {change.logical_id}"))
        for item in change.fields:
            line = f"      {item.name}"
            if item.forces_replacement:
                line += f": {item.old!r} -> {item.new!r}  # forces replacement"
            ui.info(escape(line))


def _delete_command(
    local: bool,
    port: int,
    profile: str | None,
    region: str | None,
    identifier: str | None,
    project_dir: Path,
) -> str:
    import shlex

    words = ["sandbox", "delete"]
    if local:
        words += ["--local"] + (["--port", str(port)] if port != DEFAULT_PORT else [])
    words += ["--profile", profile] if profile else []
    words += ["--region", region] if region else []
    words += ["--identifier", identifier] if identifier else []
    words += ["--project-dir", str(project_dir)] if project_dir != Path(".") else []
    return shlex.join(words)


class _WatchView:
    """Watch events as lines for people, on stderr."""

    def __init__(self, ui: Ui, project_dir: Path) -> None:
        self._ui = ui
        self._root = project_dir.resolve()

    def _name(self, path: Path) -> str:
        try:
            return path.relative_to(self._root).as_posix()
        except ValueError:
            return str(path)

    def _changed(self, trigger: Trigger) -> str:
        from rich.markup import escape

        names = [self._name(path) for path in trigger.paths]
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        return escape(f"{time.strftime('%H:%M:%S')} {shown} changed")

    def watching(self, paths: Sequence[Path]) -> None:
        from rich.markup import escape

        names = ", ".join(self._name(path) for path in paths)
        self._ui.info(escape(f"Watching {names} for changes; Ctrl-C stops (the sandbox stays)."))

    def deploy_started(self, trigger: Trigger) -> None:
        if not trigger.initial:
            self._ui.info(f"\n{self._changed(trigger)}: deploying")

    def deployed(self, trigger: Trigger, result: DeployResult, seconds: float) -> None:
        from rich.markup import escape

        counts: dict[str, int] = {}
        for change in result.plan.changes:
            if change.action.value in _DONE:
                done = _DONE[change.action.value]
                counts[done] = counts.get(done, 0) + 1
        summary = ", ".join(f"{n} {done}" for done, n in counts.items()) or "no changes"
        self._ui.info(
            f"Deployed in {seconds:.2f}s ({summary}); "
            f"outputs written to [bold]{escape(str(result.outputs_file))}[/bold]"
        )

    def unchanged(self, trigger: Trigger) -> None:
        self._ui.info(
            f"\n{self._changed(trigger)}; the definition did not (comments or formatting only): "
            "nothing to deploy."
        )

    def definition_failed(self, trigger: Trigger, error: SandboxError) -> None:
        if not trigger.initial:
            self._ui.info(f"\n{self._changed(trigger)}")
        self._ui.error(error)
        self._ui.info("Still watching: the next good save deploys.")

    def deploy_failed(self, trigger: Trigger, error: Exception, seconds: float) -> None:
        if isinstance(error, RefusedError):
            error = RefusedError(
                error.message, hint="Undo the change, or restart with --allow-replace to apply it."
            )
        elif not isinstance(error, SandboxError):
            if self._ui.debug:
                self._ui.err.print_exception()
            error = SandboxError(f"unexpected error: {type(error).__name__}: {error}")
        self._ui.error(error)
        self._ui.info(f"Not deployed ({seconds:.2f}s). Still watching: the next save tries again.")


def _watch(
    ui: Ui,
    run: Callable[[AuthDefinition], DeployResult],
    project_dir: Path,
    watched: Path,
    exclude: list[str],
    outputs_file: Path,
    delete_command: str,
) -> ExitCode:
    """Deploy, then follow changes until SIGINT (exit 130) or SIGTERM (exit 0)."""
    import signal
    import threading

    from amplify_sandbox.aws.errors import aws_errors
    from amplify_sandbox.definition import load_definition
    from amplify_sandbox.watch import (
        StopSignals,
        Watcher,
        WatchFilter,
        gitignore_patterns,
        parse_ignore_patterns,
    )

    if not watched.is_dir():
        raise UsageError(
            f"{watched} is not a folder, so there is nothing to watch.",
            hint="Pass the folder that holds your definition with --dir-to-watch.",
        )

    def deploy_once(definition: AuthDefinition) -> DeployResult:
        with aws_errors():
            return run(definition)

    stop = threading.Event()
    watcher = Watcher(
        [watched],
        load=lambda: load_definition(project_dir),
        deploy=deploy_once,
        events=_WatchView(ui, project_dir),
        stop=stop,
        watch_filter=WatchFilter(
            project_dir,
            own_files=[outputs_file],
            patterns=[*gitignore_patterns(project_dir), *parse_ignore_patterns(exclude)],
        ),
    )

    def on_signal(signum: int) -> None:
        if watcher.deploying:
            ui.info("Stopping when this deploy is done (press Ctrl-C again to stop now).")

    with StopSignals(stop, on_signal) as signals:
        try:
            watcher.run()
            interrupted = signals.received == signal.SIGINT
        except KeyboardInterrupt:
            interrupted = True
    from rich.markup import escape

    ui.info(
        "\nStopped watching. The sandbox is still deployed; delete it with: "
        f"[bold]{escape(delete_command)}[/bold]"
    )
    return ExitCode.INTERRUPTED if interrupted else ExitCode.OK
