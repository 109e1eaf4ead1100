"""`sandbox gc`: delete the sandboxes last deployed longer ago than a limit (a dry run unless
--yes), each through the same delete as `sandbox delete`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from amplify_sandbox.cli.application import Application, command
from amplify_sandbox.cli.listing import AppOpt, api_calls, sandbox_line
from amplify_sandbox.cli.options import OUT_DIR_OPTION, yes_option
from amplify_sandbox.cli.output import Output
from amplify_sandbox.cli.ui import Ui, UiReporter, plain

if TYPE_CHECKING:
    from amplify_sandbox.deploy.inventory import Collected

app = typer.Typer()

OlderThanOpt = Annotated[
    str, typer.Option("--older-than", help="Last deployed longer ago than this: 14d, 12h, 30m.")
]
MatchOpt = Annotated[
    str | None, typer.Option("--match", help="Only identifiers matching this glob, e.g. 'pr-*'.")
]


class GcOutput(Output):
    dry_run: bool
    older_than: str
    collected: list[Collected]
    kept: list[Collected]
    calls: int

    def data(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "older_than": self.older_than,
            "sandboxes": [c.data() for c in self.collected],
            "kept": [c.data() for c in self.kept],
            "api_calls": self.calls,
        }

    def show(self, ui: Ui) -> None:
        if not self.collected:
            ui.info(f"No sandbox was last deployed more than {plain(self.older_than)} ago.")
        for item in self.collected:
            users = "" if item.summary.users is None else f" — {item.summary.users} user(s) lost"
            detail = f" ({plain(item.detail)})" if item.detail else ""
            ui.info(f"  {item.outcome}: {sandbox_line(item.summary)}{plain(users)}{detail}")
        for item in self.kept:
            ui.info(f"  kept: {sandbox_line(item.summary)} ({plain(item.detail or '')})")
        if self.dry_run and self.collected:
            ui.info(f"Dry run: {len(self.collected)} sandbox(es) would be deleted; pass --yes.")


@command(app, uses=(yes_option(), OUT_DIR_OPTION))
def gc(
    cli: Application,
    older_than: OlderThanOpt,
    match: MatchOpt = None,
    app_name: AppOpt = None,
) -> GcOutput:
    """Delete sandboxes last deployed longer ago than --older-than (a dry run without --yes)."""
    from dataclasses import replace

    from amplify_sandbox.aws.inventory import AwsInventory
    from amplify_sandbox.deploy.inventory import (
        collect,
        list_sandboxes,
        parse_duration,
        stale_sandboxes,
    )
    from amplify_sandbox.deploy.pipeline import delete

    limit = parse_duration(older_than)
    target = cli.target
    cli.ui.info(f"Stale sandboxes on {plain(target.describe())}")
    inventory = AwsInventory(target.clients)
    found = list_sandboxes(inventory, app=app_name, identifier=cli.options.identifier)
    stale, kept = stale_sandboxes(found, limit, match)
    # The users each would lose: one DescribeUserPool per stale sandbox.
    stale = [
        replace(item, summary=replace(item.summary, users=_users(inventory, item.summary)))
        for item in stale
    ]
    if not cli.options.yes:
        return GcOutput(True, older_than, stale, kept, api_calls(cli))
    out_dir = cli.out_dir
    reporter = UiReporter(cli.ui)

    def delete_one(identity: Any) -> int:
        cli.ui.info(f"Deleting {plain(identity.stack_name)}")
        return len(delete(identity, target, reporter, out_dir, lock_timeout=0.0).deleted)

    return GcOutput(False, older_than, collect(stale, delete_one), kept, api_calls(cli))


def _users(inventory: Any, summary: Any) -> int | None:
    if summary.user_pool_id is None:
        return None if summary.users is None else int(summary.users)
    described = inventory.user_pool(summary.user_pool_id)
    return None if described is None else int(described[1])
