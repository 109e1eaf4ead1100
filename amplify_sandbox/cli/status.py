"""`sandbox status`: this sandbox — deployed or not, by whom, what differs, the lock, the outputs
file. Read-only (takes no lock)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from amplify_sandbox.cli.application import Application, command
from amplify_sandbox.cli.options import OUT_DIR_OPTION
from amplify_sandbox.cli.output import Output
from amplify_sandbox.cli.ui import Ui, plain

if TYPE_CHECKING:
    from amplify_sandbox.deploy.status import Status

app = typer.Typer()


class StatusOutput(Output):
    status: Status

    def data(self) -> dict[str, Any]:
        s, about = self.status, self.status.about
        return {
            "sandbox_id": s.identity.stack_name,
            "app": s.identity.namespace,
            "identifier": s.identity.identifier,
            "deployed": s.deployed,
            "record": s.record,
            "resources": s.resources,
            "created": about.created if about else None,
            "last_deploy": None
            if about is None
            else {"at": about.deployed, "by": about.deployed_by, "from": about.deployed_from},
            "differs": s.differs,
            "changes": s.counts,
            "locked_by": s.locked_by,
            "outputs_files": [{"path": str(f.path), "matches": f.matches} for f in s.outputs],
        }

    def show(self, ui: Ui) -> None:
        s, about = self.status, self.status.about
        if s.record == "unreadable":
            state = f"record unreadable ({s.unreadable})"
        elif not s.deployed:
            state = "not deployed"
        elif about is None:
            state = f"deployed ({s.resources} resources; no deploy stamp on record)"
        else:
            state = (
                f"deployed {about.deployed} by {about.deployed_by}@{about.deployed_from} "
                f"({s.resources} resources)"
            )
        ui.info(f"  state:    {plain(state)}")
        ui.info(f"  changes:  {plain(s.differs)}")
        ui.info(f"  lock:     {plain(s.locked_by or 'free')}")
        if not s.outputs:
            ui.info("  outputs:  no outputs file")
        for f in s.outputs:
            verdict = "matches the record" if f.matches else "does NOT match the record"
            ui.info(f"  outputs:  {plain(f.path)} ({verdict})")


@command(app, uses=(OUT_DIR_OPTION,))
def status(cli: Application) -> StatusOutput:
    """Show this sandbox: deployed or not, by whom, what differs, the lock, the outputs file."""
    from amplify_sandbox.aws.inventory import AwsInventory
    from amplify_sandbox.definition import load_definition
    from amplify_sandbox.deploy.pipeline import plan
    from amplify_sandbox.deploy.status import sandbox_status

    identity, target = cli.identity, cli.target
    cli.announce()
    result = sandbox_status(
        identity,
        target,
        lambda: load_definition(cli.options.project_dir),
        lambda definition: plan(definition, identity, target, secrets=cli.secrets()).plan,
        lambda: AwsInventory(target.clients).lock_holder(identity.stack_name),
        cli.out_dir,
    )
    return StatusOutput(result)
