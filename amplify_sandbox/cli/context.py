"""Turn command-line options into what the pipeline needs: a UI, an identity, a target."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from amplify_sandbox.cli.ui import Ui
from amplify_sandbox.errors import ExitCode, SandboxError, UsageError

if TYPE_CHECKING:
    from amplify_sandbox.aws.target import AwsTarget
    from amplify_sandbox.identity import SandboxIdentity


@dataclass(frozen=True)
class TargetChoice:
    local: bool
    profile: str | None
    region: str | None
    port: int


def make_ui(json_mode: bool, debug: bool, verbose: int, quiet: bool) -> Ui:
    return Ui(json_mode=json_mode, debug=debug, verbosity=-1 if quiet else verbose)


def connect(choice: TargetChoice, ui: Ui) -> AwsTarget:
    """The AWS target, or the local emulator (started in the background when not running)."""
    from amplify_sandbox.aws.clients import CallLog
    from amplify_sandbox.aws.target import AwsTarget, TargetOptions

    if choice.local and choice.profile:
        raise UsageError("--local and --profile cannot be combined.", hint="Pick one target.")
    endpoint = None
    if choice.local:
        from amplify_sandbox.local.process import ensure_running

        endpoint = ensure_running(choice.port)
    options = TargetOptions(profile=choice.profile, region=choice.region, endpoint_url=endpoint)
    return AwsTarget(options, log=CallLog(listener=ui.call))


def identity_for(project_dir: Path, identifier: str | None) -> SandboxIdentity:
    from amplify_sandbox.identity import resolve_identity

    return resolve_identity(project_dir, identifier)


@contextmanager
def handled(ui: Ui) -> Iterator[None]:
    """Run a command body: SandboxErrors become one message and an exit code, never a traceback."""
    from amplify_sandbox.aws.errors import aws_errors

    try:
        with aws_errors():
            yield
    except SandboxError as exc:
        if ui.debug:
            ui.err.print_exception()
        raise typer.Exit(ui.error(exc)) from None
    except KeyboardInterrupt:
        ui.err.print("\ninterrupted")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        if ui.debug:
            raise
        # Unexpected: one line, no locals (they may hold secrets).
        error = SandboxError(
            f"unexpected error: {type(exc).__name__}: {exc}",
            hint="Run again with --debug for the traceback, and report it if it persists.",
        )
        raise typer.Exit(ui.error(error)) from None
