"""The `sandbox` command: the root callback (the shared options) and the commands' registry.

Each command lives in its own module, as `@command(app)` on a module-level `typer.Typer()`;
this module only names them. A command's module is imported when that command runs (or its
--help is asked for): `sandbox --help` lists every command from the one-line summaries below,
without importing any of them, so it stays fast. tests/cli/test_startup.py checks that each
summary is the first paragraph of its command's own help.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from difflib import get_close_matches
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer
from typer import _click as click  # the click typer runs on (it carries its own)
from typer.core import TyperCommand, TyperGroup

from amplify_sandbox import __version__
from amplify_sandbox.cli.application import with_options
from amplify_sandbox.cli.options import ALL_OPTIONS, Given


class Entry(NamedTuple):
    """Where a command lives (amplify_sandbox.cli.<module>), and its one-line summary."""

    module: str
    summary: str
    # A group of commands (`sandbox local start`), registered under its name.
    group: bool = False


# In --help order.
COMMANDS: dict[str, Entry] = {
    "deploy": Entry(
        "deploy",
        "Deploy this project's auth backend to your sandbox once, then write the outputs file.",
    ),
    "plan": Entry(
        "plan", "Show what deploy would change, including changes made outside this tool."
    ),
    "delete": Entry(
        "delete",
        "Delete every resource of your sandbox and its outputs file (secrets are kept).",
    ),
    "unlock": Entry(
        "unlock",
        "Remove the sandbox's lock left by a run that died (a live run's lock is taken from it).",
    ),
    "list": Entry(
        "listing",
        "List every sandbox in the account and region (--identifier and --app filter, globs ok).",
    ),
    "gc": Entry(
        "gc",
        "Delete sandboxes last deployed longer ago than --older-than (a dry run without --yes).",
    ),
    "status": Entry(
        "status",
        "Show this sandbox: deployed or not, by whom, what differs, the lock, the outputs file.",
    ),
    "outputs": Entry(
        "outputs",
        "Write the outputs file of a deployed sandbox from its record (no deploy, no lock).",
    ),
    "seed": Entry(
        "seed",
        "Seed your sandbox: run amplify/seed/seed.ts (as `ampx sandbox seed`), or "
        "amplify/seed.json.",
    ),
    "logs": Entry("logs", "Show what the sandbox's functions printed (console.log / print)."),
    "local": Entry(
        "local", "The built-in local emulator (Cognito, IAM, SSM on 127.0.0.1).", group=True
    ),
    "secret": Entry(
        "secret",
        "Secrets of your sandbox (e.g. social sign-in client secrets), used by `secret('NAME')`.",
        group=True,
    ),
    "users": Entry(
        "users",
        "Test users of your sandbox's user pool (passwords from a hidden prompt or stdin).",
        group=True,
    ),
}


def load(name: str) -> click.Command:
    """The click command `name`, built from its module's `app`."""
    entry = COMMANDS[name]
    module = importlib.import_module(f"amplify_sandbox.cli.{entry.module}")
    holder = typer.Typer(rich_markup_mode=None)  # as the root's
    holder.add_typer(module.app, name=name if entry.group else None)
    return typer.main.get_group(holder).commands[name]


def _asks_json(args: Sequence[str]) -> bool:
    """--json on the command line (before a `--`), wherever it stands."""
    words = list(args)
    return "--json" in (words[: words.index("--")] if "--" in words else words)


class JsonUsageError(click.exceptions.UsageError):
    """A usage error of click's own (an unknown option, a missing argument) under --json: the
    error document on stdout, as the tool's own usage errors give it, and click's lines on stderr."""

    def __init__(self, error: click.exceptions.UsageError) -> None:
        super().__init__(error.message, error.ctx)
        self.exit_code = error.exit_code
        self._error = error

    def show(self, file: Any = None) -> None:
        from amplify_sandbox.cli.ui import write_error_document
        from amplify_sandbox.errors import UsageError

        path = self.ctx.command_path if self.ctx is not None else "sandbox"
        write_error_document(UsageError(self._error.format_message(), f"See '{path} --help'."))
        self._error.show(file)


class LazyGroup(TyperGroup):
    """The root group: commands listed from COMMANDS, each module imported on first use."""

    _json = False

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        self._json = _asks_json(args)
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.UsageError as error:
            raise self._as_document(error) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.UsageError as error:  # a command's own parse, or "Missing command."
            raise self._as_document(error) from None

    def _as_document(self, error: click.exceptions.UsageError) -> click.exceptions.UsageError:
        if not self._json or isinstance(error, JsonUsageError):
            return error
        return JsonUsageError(error)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = load(cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # As TyperGroup's, with a stand-in carrying the summary for a command not loaded.
        rows = [
            (name, self.commands.get(name) or TyperCommand(name, help=entry.summary))
            for name, entry in COMMANDS.items()
        ]
        limit = formatter.width - 6 - max(len(name) for name, _ in rows)
        with formatter.section("Commands"):
            formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in rows])

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return self._click_resolve_command(ctx, args)
        except click.exceptions.UsageError as error:  # "Did you mean …?" over every command
            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches:
                suggestions = ", ".join(f"{match!r}" for match in matches)
                error.message = f"{error.message.rstrip('.')}. Did you mean {suggestions}?"
            raise


app = typer.Typer(
    name="sandbox",
    cls=LazyGroup,
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


def main() -> None:
    app()


def root_help() -> str:
    """`sandbox --help` as the app prints it on a terminal of 80 columns or more."""
    root = typer.main.get_command(app)
    ctx = root.make_context("sandbox", [], resilient_parsing=True)
    ctx.terminal_width = 78  # the width click gives help text on such a terminal
    return root.get_help(ctx) + "\n"


def write_root_help() -> None:
    """Make cli/root_help.txt again (after a change to the root options or COMMANDS)."""
    from amplify_sandbox.cli.main import ROOT_HELP

    Path(ROOT_HELP).write_text(root_help(), encoding="utf-8")
