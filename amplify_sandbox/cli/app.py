"""The `sandbox` command: the root callback (the shared options) and the commands' registry.

Each command lives in its own module, as `@command(app)` on a module-level `typer.Typer()`;
this module only adds those apps. Nothing heavy is imported here: `sandbox --help` stays fast.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from amplify_sandbox import __version__
from amplify_sandbox.cli import (
    delete,
    deploy,
    gc,
    listing,
    local,
    logs,
    outputs,
    plan,
    secret,
    seed,
    status,
    unlock,
    users,
)
from amplify_sandbox.cli.application import with_options
from amplify_sandbox.cli.options import ALL_OPTIONS, Given

app = typer.Typer(
    name="sandbox",
    help="Personal, isolated Cognito auth sandboxes from your Amplify auth definition.",
    no_args_is_help=True,
    # This tool handles secrets: tracebacks never show local variables.
    pretty_exceptions_show_locals=False,
    # --install-completion / --show-completion, the typer way.
    add_completion=True,
    # Plain help: rich-formatted help costs ~100 ms of start-up, and --help must be instant.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sandbox {__version__}")
        raise typer.Exit()


VersionOpt = Annotated[
    bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
]


def _root(_: None, version: VersionOpt = False) -> None:
    """Personal, isolated Cognito auth sandboxes from your Amplify auth definition.

    The shared options (--json, --local, --identifier, …) may come before the command or after it.
    """


def _keep(own: dict[str, Any], given: Given) -> None:
    """Keep what the root received for the command, which merges it with its own."""
    given.context.obj = given


app.callback()(with_options(_root, ALL_OPTIONS, _keep))
for module in (deploy, plan, delete, unlock, listing, gc, status, outputs, seed, logs):
    app.add_typer(module.app)
app.add_typer(local.app, name="local")
app.add_typer(secret.app, name="secret")
app.add_typer(users.app, name="users")


def main() -> None:
    app()
