"""The one object that owns output: people's messages to stderr, data to stdout, errors, prompts.

With --json stdout holds exactly one document ({"data": …} or {"error": …}) and nothing prompts.
Colour follows NO_COLOR / FORCE_COLOR (rich does); spinners and prompts only on a terminal, and
never in CI (`CI=true`). Messages are rich markup; anything a user or a file chose (names, paths,
error texts) goes in through `plain()`, and no control character reaches the terminal.
"""

from __future__ import annotations

import json
import os
import re
import sys
from functools import cached_property
from typing import TYPE_CHECKING, Any

from amplify_sandbox.errors import ExitCode, SandboxError

if TYPE_CHECKING:
    from rich.console import Console

    from amplify_sandbox.deploy.planner import Change


# C0 controls but tab and newline, DEL and C1: ESC starts ANSI / OSC sequences, CR overwrites.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with every control character shown as `\\xNN` instead of sent to the terminal."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def plain(value: object) -> str:
    """A value shown as itself: rich markup in it escaped, control characters made visible."""
    from rich.markup import escape

    return escape(printable(str(value)))


def in_ci() -> bool:
    """`CI` is set to anything but empty, 0, false or no (GitHub Actions, GitLab, … set `true`)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def interactive() -> bool:
    """A person at a terminal: stdin and stderr are TTYs and this is not CI."""
    return sys.stdin.isatty() and sys.stderr.isatty() and not in_ci()


class Ui:
    def __init__(self, *, json_mode: bool = False, debug: bool = False, verbosity: int = 0) -> None:
        self.json_mode = json_mode
        self.debug = debug
        self.verbosity = verbosity

    @cached_property
    def err(self) -> Console:
        """stderr, made on the first line shown (rich costs start-up; -q on success shows none)."""
        from rich.console import Console

        # emoji=False: `:name:` in a value is shown as typed (plain() escapes markup, not
        # emoji codes), and rich's 3,600-entry emoji table is not loaded.
        return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

    # -- people -----------------------------------------------------------------------------
    def info(self, message: str) -> None:
        if self.verbosity >= 0:
            self.err.print(printable(message))

    def detail(self, message: str) -> None:
        if self.verbosity >= 1 or self.debug:
            self.err.print(printable(message), style="dim")

    def warning(self, message: str) -> None:
        """A plain-text warning (never markup: warnings quote definitions and services)."""
        self.err.print(f"[yellow]warning:[/yellow] {plain(message)}")

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
            write_error_document(error)
        self.err.print(f"[bold red]error:[/bold red] {plain(error.message)}")
        if error.hint:
            self.err.print(f"[dim]hint:[/dim] {plain(error.hint)}")
        return error.exit_code

    def confirm(self, question: str) -> bool:
        """Ask at a terminal (default No). Without one, or with --json, the answer is no."""
        if self.json_mode or not interactive():
            return False
        self.err.print(f"{plain(question)} \\[y/N] ", end="")
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
        self._live = not ui.json_mode and ui.verbosity >= 0 and not in_ci() and ui.err.is_terminal

    def change_started(self, change: Change) -> None:
        from amplify_sandbox.cli.words import DOING  # with the planner: not at start-up

        doing = DOING[change.action.value]
        label = f"{doing} {change.kind.value} {plain(change.logical_id)}"
        if self._live:
            self._spinner = self._ui.err.status(label)
            self._spinner.start()
        else:
            self._ui.detail(f"  {label} …")

    def change_finished(self, change: Change, seconds: float) -> None:
        from amplify_sandbox.cli.words import DONE, mark

        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        action = change.action.value
        self._ui.info(
            f"  {mark(change)} {DONE[action]} {change.kind.value} {plain(change.logical_id)} "
            f"({seconds:.2f}s)"
        )

    def warning(self, message: str) -> None:
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        self._ui.warning(message)


def write_error_document(error: SandboxError) -> None:
    """`{"error": …}` on stdout: what --json prints for a failed command (docs/json.md)."""
    document = {"error": {"code": error.code, "message": error.message, "hint": error.hint}}
    sys.stdout.write(json.dumps(document, indent=2) + "\n")
    sys.stdout.flush()
