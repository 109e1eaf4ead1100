"""The error boundary of a command: SandboxErrors become one message and an exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from amplify_sandbox.cli.ui import Ui
from amplify_sandbox.errors import ExitCode, SandboxError


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
