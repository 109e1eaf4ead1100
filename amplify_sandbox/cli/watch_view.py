"""`sandbox deploy --watch`: the watch loop's events shown to people, and running it."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from amplify_sandbox.cli.options import DEFAULT_PORT, GlobalOptions
from amplify_sandbox.cli.ui import Ui, plain
from amplify_sandbox.cli.words import DONE
from amplify_sandbox.errors import ExitCode, RefusedError, SandboxError, UsageError

if TYPE_CHECKING:
    from amplify_sandbox.cli.application import Application
    from amplify_sandbox.definition.model import AuthDefinition
    from amplify_sandbox.deploy.pipeline import DeployResult
    from amplify_sandbox.watch import Trigger, WatchFilter


def delete_command(options: GlobalOptions) -> str:
    """The `sandbox delete …` that removes the sandbox these options name."""
    import shlex

    words = ["sandbox", "delete"]
    if options.local:
        port = options.port
        words += ["--local"] + (["--port", str(port)] if port != DEFAULT_PORT else [])
    words += ["--profile", options.profile] if options.profile else []
    words += ["--region", options.region] if options.region else []
    words += ["--identifier", options.identifier] if options.identifier else []
    if options.project_dir != Path("."):
        words += ["--project-dir", str(options.project_dir)]
    return shlex.join(words)


class WatchView:
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
        names = [self._name(path) for path in trigger.paths]
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        return plain(f"{time.strftime('%H:%M:%S')} {shown} changed")

    def watching(self, paths: Sequence[Path]) -> None:
        names = ", ".join(self._name(path) for path in paths)
        self._ui.info(plain(f"Watching {names} for changes; Ctrl-C stops (the sandbox stays)."))

    def deploy_started(self, trigger: Trigger) -> None:
        if not trigger.initial:
            self._ui.info(f"\n{self._changed(trigger)}: deploying")

    def deployed(self, trigger: Trigger, result: DeployResult, seconds: float) -> None:
        counts: dict[str, int] = {}
        for change in result.plan.changes:
            if change.action.value != "no-op":
                done = DONE[change.action.value]
                counts[done] = counts.get(done, 0) + 1
        summary = ", ".join(f"{n} {done}" for done, n in counts.items()) or "no changes"
        self._ui.info(
            f"Deployed in {seconds:.2f}s ({summary}); "
            f"outputs written to [bold]{plain(result.outputs_file)}[/bold]"
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


def _watch_filter(project_dir: Path, outputs_file: Path, exclude: list[str]) -> WatchFilter:
    from amplify_sandbox.watch import WatchFilter, gitignore_patterns, parse_ignore_patterns

    return WatchFilter(
        project_dir,
        own_files=[outputs_file],
        patterns=[*gitignore_patterns(project_dir), *parse_ignore_patterns(exclude)],
    )


def watch_and_deploy(
    cli: Application,
    run: Callable[[AuthDefinition], DeployResult],
    load: Callable[[], AuthDefinition],
    watched: Path,
    exclude: list[str],
    outputs_file: Path,
) -> ExitCode:
    """Deploy, then follow changes until SIGINT (exit 130) or SIGTERM (exit 0)."""
    import signal
    import threading

    from amplify_sandbox.aws.errors import aws_errors
    from amplify_sandbox.watch import StopSignals, Watcher

    ui, project_dir = cli.ui, cli.options.project_dir
    if not watched.is_dir():
        raise UsageError(
            f"{watched} is not a folder, so there is nothing to watch.",
            hint="Pass the folder that holds your definition with --dir-to-watch.",
        )

    stop = threading.Event()
    streaming: list[threading.Thread | None] = []

    def deploy_once(definition: AuthDefinition) -> DeployResult:
        with aws_errors():
            result = run(definition)
        if cli.options.local and not streaming:
            from amplify_sandbox.cli.logs import function_prefix, stream_local

            # Functions' console output, prefixed with their names (ampx's
            # --stream-function-logs), once the emulator runs.
            streaming.append(
                stream_local(ui, cli.options.port, function_prefix(cli.identity), stop)
            )
        return result

    watch_filter = _watch_filter(project_dir, outputs_file, exclude)
    events = WatchView(ui, project_dir)
    watcher = Watcher(
        [watched],
        load=load,
        deploy=deploy_once,
        events=events,
        stop=stop,
        watch_filter=watch_filter,
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
    ui.info(
        "\nStopped watching. The sandbox is still deployed; delete it with: "
        f"[bold]{plain(delete_command(cli.options))}[/bold]"
    )
    return ExitCode.INTERRUPTED if interrupted else ExitCode.OK
