"""`sandbox list`: every sandbox of this tool in the account and region (or the emulator)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from amplify_sandbox.cli.application import Application, command
from amplify_sandbox.cli.output import Output
from amplify_sandbox.cli.ui import Ui, plain

if TYPE_CHECKING:
    from amplify_sandbox.deploy.inventory import SandboxSummary

app = typer.Typer()

AppOpt = Annotated[
    str | None,
    typer.Option("--app", help="Only this app (its package name; a glob such as 'shop*')."),
]
UsersOpt = Annotated[
    bool,
    typer.Option("--users", help="Count the users of each pool (one more call per sandbox)."),
]


def sandbox_line(summary: SandboxSummary) -> str:
    """One sandbox for people: app/identifier, record, last deploy, resources, users, lock."""
    when = summary.deployed or "never"
    by = f" by {summary.deployed_by}@{summary.deployed_from}" if summary.deployed_by else ""
    users = "" if summary.users is None else f", {summary.users} user(s)"
    lock = f", locked by {summary.locked_by}" if summary.locked_by else ""
    record = "" if summary.record == "ok" else f" [record {summary.record}]"
    owner = f", owner {summary.owner}" if summary.owner else ""
    return plain(
        f"{summary.namespace}/{summary.identifier}{record}: last deploy {when}{by}{owner}, "
        f"{summary.resources} resource(s){users}{lock}"
    )


def api_calls(cli: Application) -> int:
    return len(cli.target.log.calls)


class ListOutput(Output):
    sandboxes: list[SandboxSummary]
    calls: int

    def data(self) -> dict[str, Any]:
        return {"sandboxes": [s.data() for s in self.sandboxes], "api_calls": self.calls}

    def show(self, ui: Ui) -> None:
        if not self.sandboxes:
            ui.info("No sandboxes found.")
        for summary in self.sandboxes:
            ui.info(f"  {sandbox_line(summary)}")
        if self.sandboxes:
            ui.info(f"{len(self.sandboxes)} sandbox(es).")


@command(app, "list")
def list_sandboxes(
    cli: Application, app_name: AppOpt = None, users: UsersOpt = False
) -> ListOutput:
    """List every sandbox in the account and region (--identifier and --app filter, globs ok)."""
    from amplify_sandbox.aws.inventory import AwsInventory
    from amplify_sandbox.deploy.inventory import list_sandboxes as listed

    target = cli.target
    cli.ui.info(f"Sandboxes on {plain(target.describe())}")
    found = listed(
        AwsInventory(target.clients),
        users=users,
        app=app_name,
        identifier=cli.options.identifier,
    )
    return ListOutput(found, api_calls(cli))
