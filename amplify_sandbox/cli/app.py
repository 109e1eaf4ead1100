"""The `sandbox` command: registers the subcommands; each lives in its own module."""

from __future__ import annotations

from typing import Annotated

import typer

from amplify_sandbox import __version__
from amplify_sandbox.cli import local, secret
from amplify_sandbox.cli.delete import delete
from amplify_sandbox.cli.deploy import deploy
from amplify_sandbox.cli.plan import plan
from amplify_sandbox.cli.unlock import unlock

app = typer.Typer(
    name="sandbox",
    help="Personal, isolated Cognito auth sandboxes from your Amplify auth definition.",
    no_args_is_help=True,
    # This tool handles secrets: tracebacks never show local variables.
    pretty_exceptions_show_locals=False,
    add_completion=False,
    # Plain help: rich-formatted help costs ~100 ms of start-up, and --help must be instant.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sandbox {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Personal, isolated Cognito auth sandboxes from your Amplify auth definition."""


app.command()(deploy)
app.command()(plan)
app.command()(delete)
app.command()(unlock)
app.add_typer(local.app, name="local")
app.add_typer(secret.app, name="secret")


def main() -> None:
    app()
