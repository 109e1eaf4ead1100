"""What a command returns: an output model, printed by one renderer for people or as JSON.

A model's `data()` is the `{"data": …}` document of `--json` (its schema is in docs/json/); its
`show(ui)` writes the lines for people, on stderr, with or without --json (the Ui drops them
with -q). Its `exit_code` ends the run (0 by default).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from amplify_sandbox.cli.ui import Ui


class Output:
    exit_code: int = 0

    def data(self) -> dict[str, Any]:
        raise NotImplementedError

    def show(self, ui: Ui) -> None:
        """Lines for people (stderr); nothing by default. Never writes stdout with --json."""


def render(ui: Ui, output: Output) -> None:
    """The one place a command's result is printed: lines for people, and `{"data": …}` on stdout
    with --json."""
    output.show(ui)
    if ui.json_mode:
        ui.data(output.data())
