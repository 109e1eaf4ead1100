"""The one object that owns output: people's messages to stderr, data to stdout, errors, prompts.

With --json stdout holds exactly one document ({"data": …} or {"error": …}) and nothing prompts.
Colour follows NO_COLOR / FORCE_COLOR (rich does); spinners only on a terminal.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

from amplify_sandbox.cli.words import DOING, DONE, mark
from amplify_sandbox.errors import ExitCode, SandboxError

if TYPE_CHECKING:
    from rich.console import Console

    from amplify_sandbox.deploy.planner import Change


def interactive() -> bool:
    """A person at a terminal: stdin and stderr are TTYs and this is not CI."""
    return sys.stdin.isatty() and sys.stderr.isatty() and not os.environ.get("CI")


class Ui:
    def __init__(self, *, json_mode: bool = False, debug: bool = False, verbosity: int = 0) -> None:
        self.json_mode = json_mode
        self.debug = debug
        self.verbosity = verbosity
        from rich.console import Console

        self.err: Console = Console(stderr=True, highlight=False, soft_wrap=True)

    # -- people -----------------------------------------------------------------------------
    def info(self, message: str) -> None:
        if self.verbosity >= 0:
            self.err.print(message)

    def detail(self, message: str) -> None:
        if self.verbosity >= 1 or self.debug:
            self.err.print(message, style="dim")

    def warning(self, message: str) -> None:
        self.err.print(f"[yellow]warning:[/yellow] {message}")

    def call(self, name: str) -> None:
        """--debug: one line per API call, by name only (parameters may hold secrets)."""
        if self.debug:
            self.err.print(f"  [dim]→ {name}[/dim]")

    # -- data and errors ----------------------------------------------------------------------
    def data(self, payload: Any) -> None:
        if self.json_mode:
            sys.stdout.write(json.dumps({"data": payload}, indent=2, default=str) + "\n")
            sys.stdout.flush()

    def error(self, error: SandboxError) -> ExitCode:
        if self.json_mode:
            document = {"error": {"code": error.code, "message": error.message, "hint": error.hint}}
            sys.stdout.write(json.dumps(document, indent=2) + "\n")
            sys.stdout.flush()
        self.err.print(f"[bold red]error:[/bold red] {error.message}", markup=True)
        if error.hint:
            self.err.print(f"[dim]hint:[/dim] {error.hint}")
        return error.exit_code

    def confirm(self, question: str) -> bool:
        """Ask at a terminal (default No). Without one, or with --json, the answer is no."""
        if self.json_mode or not interactive():
            return False
        self.err.print(f"{question} [y/N] ", end="")
        try:
            answer = input()
        except EOFError:
            return False
        return answer.strip().lower() in ("y", "yes")


class UiReporter:
    """Pipeline events as a line per resource (a spinner while it works, on a terminal)."""

    def __init__(self, ui: Ui) -> None:
        self._ui = ui
        self._spinner: Any = None
        self._live = ui.err.is_terminal and not ui.json_mode and ui.verbosity >= 0

    def change_started(self, change: Change) -> None:
        doing = DOING[change.action.value]
        label = f"{doing} {change.kind.value} {change.logical_id}"
        if self._live:
            self._spinner = self._ui.err.status(label)
            self._spinner.start()
        else:
            self._ui.detail(f"  {label} …")

    def change_finished(self, change: Change, seconds: float) -> None:
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        action = change.action.value
        self._ui.info(
            f"  {mark(change)} {DONE[action]} {change.kind.value} {change.logical_id} ({seconds:.2f}s)"
        )

    def warning(self, message: str) -> None:
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        self._ui.warning(message)
