"""`sandbox delete`: remove every resource of this sandbox, its record and its outputs file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from amplify_sandbox.cli.application import Application, command
from amplify_sandbox.cli.listing import api_calls
from amplify_sandbox.cli.options import LOCK_OPTION, OUT_DIR_OPTION, yes_option
from amplify_sandbox.cli.output import Output
from amplify_sandbox.cli.ui import Ui, UiReporter, plain

if TYPE_CHECKING:
    from amplify_sandbox.deploy.pipeline import DeleteResult

app = typer.Typer()


class DeleteOutput(Output):
    sandbox_id: str
    result: DeleteResult
    calls: int

    def data(self) -> dict[str, Any]:
        return {
            "sandbox_id": self.sandbox_id,
            "deleted": [
                {"resource": c.logical_id, "kind": c.kind.value} for c in self.result.deleted
            ],
            "removed_files": [str(p) for p in self.result.removed_files],
            "api_calls": self.calls,
        }

    def show(self, ui: Ui) -> None:
        if not self.result.deleted:
            ui.info("Nothing to delete: no resources are recorded for this sandbox.")
        for path in self.result.removed_files:
            ui.info(f"Removed {plain(path)}")
        ui.info("Sandbox deleted.")


@command(app, uses=(yes_option(), OUT_DIR_OPTION, LOCK_OPTION))
def delete(cli: Application) -> DeleteOutput:
    """Delete every resource of your sandbox and its outputs file (secrets are kept)."""
    from amplify_sandbox.deploy.pipeline import delete as delete_sandbox
    from amplify_sandbox.deploy.pipeline import pools_to_delete

    identity, target = cli.identity, cli.target
    pools = "".join(
        f"\n  user pool {pool}: {users} user(s)"
        for pool, users in (
            pools_to_delete(identity, target) if not cli.options.yes else {}
        ).items()
    )
    cli.confirm_or_refuse(
        f"Delete every resource of sandbox '{identity.identifier}' ({identity.stack_name})?"
        f"{pools}\nThis can't be undone.",
        not_done="deleted",
        to="delete",
    )
    cli.ui.info(
        f"Deleting sandbox [bold]{plain(identity.identifier)}[/bold] on {plain(target.describe())}"
    )
    result = delete_sandbox(
        identity, target, UiReporter(cli.ui), cli.out_dir, lock_timeout=cli.lock_wait
    )
    return DeleteOutput(identity.stack_name, result, api_calls(cli))
