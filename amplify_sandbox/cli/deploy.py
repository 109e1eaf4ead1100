"""`sandbox deploy`: deploy the auth definition, write the outputs file; `--watch` follows edits."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from amplify_sandbox.cli.application import Application, command
from amplify_sandbox.cli.options import LOCK_OPTION, OUTPUTS_FILE_OPTIONS
from amplify_sandbox.cli.output import Output
from amplify_sandbox.cli.ui import Ui, UiReporter, plain
from amplify_sandbox.cli.words import DONE
from amplify_sandbox.errors import UsageError

if TYPE_CHECKING:
    from amplify_sandbox.cli.seed import SeedOutput
    from amplify_sandbox.definition.model import AuthDefinition
    from amplify_sandbox.deploy.pipeline import DeployResult, OutputsOptions

app = typer.Typer()

AllowReplaceOpt = Annotated[
    bool, typer.Option("--allow-replace", help="Apply changes that replace the user pool.")
]
WatchOpt = Annotated[
    bool, typer.Option("--watch", help="Deploy, then redeploy on every change until Ctrl-C.")
]
DirToWatchOpt = Annotated[
    Path | None,
    typer.Option("--dir-to-watch", help="(--watch) Folder to watch (default: amplify/)."),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option("--exclude", help="(--watch) Ignore paths matching this glob (repeatable)."),
]
RefreshOpt = Annotated[
    bool,
    typer.Option(
        "--refresh", help="Read every resource first and repair changes made outside this tool."
    ),
]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Kept for compatibility: triggers and access grants are deployed (nothing is refused).",
    ),
]
SeedOpt = Annotated[
    bool,
    typer.Option(
        "--seed",
        help="Seed (amplify/seed/seed.ts or seed.json) after a deploy that created or "
        "replaced the user pool.",
    ),
]
LenientOpt = Annotated[
    bool, typer.Option("--lenient", help="Warn about unknown keys instead of failing.")
]


class DeployOutput(Output):
    cli: Application
    result: DeployResult
    seconds: float
    seeded: SeedOutput | None = None

    def data(self) -> dict[str, Any]:
        identity, target = self.cli.identity, self.cli.target
        return {
            "sandbox_id": identity.stack_name,
            "identifier": identity.identifier,
            "namespace": identity.namespace,
            "target": target.describe(),
            "region": target.region,
            "changes": [
                {"resource": c.logical_id, "kind": c.kind.value, "action": c.action.value}
                for c in self.result.plan.changes
            ],
            "outputs_file": str(self.result.outputs_file),
            "seconds": round(self.seconds, 3),
            "api_calls": len(target.log.calls),
            **({"seed": self.seeded.data()} if self.seeded is not None else {}),
        }

    def show(self, ui: Ui) -> None:
        from amplify_sandbox.deploy.planner import Action

        for change in self.result.plan.changes:
            if change.action is Action.NOOP:
                ui.info(f"    {DONE['no-op']} {change.kind.value} {plain(change.logical_id)}")
        if not self.result.plan.has_changes:
            ui.info("No changes: the sandbox already matches the definition.")
        ui.info(f"Outputs written to [bold]{plain(self.result.outputs_file)}[/bold]")
        if self.seeded is not None:
            self.seeded.show(ui)
        ui.info(f"Done in {self.seconds:.2f}s.")


@dataclass(frozen=True)
class DeployRun:
    """One deploy of a definition with this run's options (called again by every --watch save)."""

    cli: Application
    outputs: OutputsOptions
    allow_replace: bool
    strict: bool
    refresh: bool

    def __call__(self, definition: AuthDefinition) -> DeployResult:
        from amplify_sandbox.cli.plan_view import REPLACE_QUESTION, show_plan
        from amplify_sandbox.deploy.pipeline import deploy

        ui = self.cli.ui
        return deploy(
            definition,
            self.cli.identity,
            self.cli.target,
            UiReporter(ui),
            self.outputs,
            allow_replace=self.allow_replace,
            confirm_replace=lambda plan: ui.confirm(REPLACE_QUESTION),
            show_plan=lambda report: show_plan(ui, report),
            strict=self.strict,
            refresh_first=self.refresh,
            secrets=self.cli.secrets(),  # looked up afresh for every deploy of --watch
            lock_timeout=self.cli.lock_wait,
        )


def loader(cli: Application, lenient: bool) -> Callable[[], AuthDefinition]:
    def load() -> AuthDefinition:
        from amplify_sandbox.definition import load_definition

        loaded = load_definition(cli.options.project_dir, lenient=lenient)
        for warning in loaded.warnings:
            cli.ui.warning(warning)
        return loaded

    return load


@command(app, uses=(*OUTPUTS_FILE_OPTIONS, LOCK_OPTION))
def deploy(
    cli: Application,
    allow_replace: AllowReplaceOpt = False,
    watch: WatchOpt = False,
    dir_to_watch: DirToWatchOpt = None,
    exclude: ExcludeOpt = None,
    refresh: RefreshOpt = False,
    strict: StrictOpt = False,
    lenient: LenientOpt = False,
    seed: SeedOpt = False,
) -> DeployOutput:
    """Deploy this project's auth backend to your sandbox once, then write the outputs file."""
    from amplify_sandbox.cli.watch_view import watch_and_deploy

    started = time.perf_counter()
    outputs = cli.outputs_options()
    if watch and cli.options.json_mode:
        raise UsageError("--watch and --json cannot be combined.", hint="Drop --json.")
    if seed:
        from amplify_sandbox.cli.seed import check_seed_source

        check_seed_source(cli.options.project_dir)
    load = loader(cli, lenient)
    definition = None if watch else load()
    cli.announce()
    run = DeployRun(cli, outputs, allow_replace, strict, refresh)
    if definition is None:
        watched = dir_to_watch or cli.options.project_dir / "amplify"
        raise typer.Exit(watch_and_deploy(cli, run, load, watched, exclude or [], outputs.path))
    cli.ui.detail(f"  id {cli.identity.stack_name}; definition {plain(definition.source)}")
    result = run(definition)
    seeded = _seed_after(cli, result) if seed else None
    return DeployOutput(cli, result, time.perf_counter() - started, seeded)


def _seed_after(cli: Application, result: DeployResult) -> SeedOutput | None:
    """`--seed`: seed when the deploy created or replaced the user pool."""
    from amplify_sandbox.cli.seed import seed_sandbox
    from amplify_sandbox.errors import SandboxError

    if not _pool_created(result):
        return None
    try:
        return seed_sandbox(cli)
    except SandboxError as exc:
        exc.message = f"Deployed, but the seed failed: {exc.message}"
        raise


def _pool_created(result: DeployResult) -> bool:
    """The deploy created or replaced the user pool (its users are new: a seed brings them)."""
    from amplify_sandbox.deploy.planner import Action
    from amplify_sandbox.desired.resources import ResourceKind

    return any(
        change.kind is ResourceKind.USER_POOL and change.action in (Action.CREATE, Action.REPLACE)
        for change in result.plan.changes
    )
