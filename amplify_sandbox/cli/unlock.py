"""`sandbox unlock`: remove this sandbox's write lock, whoever holds it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from amplify_sandbox.cli.application import Application, command
from amplify_sandbox.cli.options import yes_option
from amplify_sandbox.cli.output import Output
from amplify_sandbox.cli.ui import Ui, plain
from amplify_sandbox.errors import RefusedError

if TYPE_CHECKING:
    from amplify_sandbox.aws.lock import Holder

app = typer.Typer()


class UnlockOutput(Output):
    sandbox_id: str
    identifier: str
    holder: Holder | None

    def data(self) -> dict[str, Any]:
        return {
            "sandbox_id": self.sandbox_id,
            "unlocked": self.holder is not None,
            "holder": None if self.holder is None else self.holder.describe(),
        }

    def show(self, ui: Ui) -> None:
        if self.holder is None:
            ui.info(f"Sandbox [bold]{plain(self.identifier)}[/bold] was not locked.")
        else:
            ui.info(f"Removed the lock held by {plain(self.holder.describe())}.")


@command(app, uses=(yes_option(),))
def unlock(cli: Application) -> UnlockOutput:
    """Remove the sandbox's lock left by a run that died (a live run's lock is taken from it)."""
    identity = cli.identity
    if not cli.options.yes:
        raise RefusedError(
            "Not unlocked: --yes needed.",
            hint="Only if the run holding the lock is gone: a live one would then race "
            "another. Pass --yes to remove it.",
        )
    holder = cli.target.unlock(identity)
    return UnlockOutput(identity.stack_name, identity.identifier, holder)
