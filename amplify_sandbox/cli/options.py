"""Options shared by the commands, declared once; and how a value given before the subcommand
(`sandbox --json plan`) and one given after it (`sandbox plan --json`) become one set."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Annotated, Any

import typer

DEFAULT_PORT = 4566
DEFAULT_LOCK_WAIT = 180.0


@dataclass(frozen=True)
class Shared:
    """One shared option: its parameter name, its typer declaration and its default."""

    name: str
    annotation: Any
    default: Any


def option(name: str, kind: Any, default: Any, *flags: str, **settings: Any) -> Shared:
    """The option `name` of type `kind`, declared as `typer.Option(*flags, **settings)`."""
    return Shared(name, Annotated[kind, typer.Option(*flags, **settings)], default)


OUTPUT_OPTIONS = (
    option(
        "json_mode", bool, False, "--json", help="Print one JSON document on stdout; never prompt."
    ),
    option("debug", bool, False, "--debug", help="Show every API call (by name) and tracebacks."),
    option("verbose", int, 0, "--verbose", "-v", count=True, help="More detail."),
    option("quiet", bool, False, "--quiet", "-q", help="Only errors and results."),
)
PORT_OPTION = option(
    "port",
    int,
    DEFAULT_PORT,
    "--port",
    help="Local emulator port.",
    envvar="AMPLIFY_SANDBOX_LOCAL_PORT",
)
TARGET_OPTIONS = (
    option(
        "local", bool, False, "--local", help="Use the built-in local emulator (started if needed)."
    ),
    option(
        "profile",
        str | None,
        None,
        "--profile",
        help="AWS profile (default: the AWS credential chain).",
    ),
    option(
        "region",
        str | None,
        None,
        "--region",
        help="AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, profile).",
    ),
    option(
        "identifier",
        str | None,
        None,
        "--identifier",
        help="Sandbox identifier, 1-15 letters, digits or hyphens (default: your user name).",
    ),
    PORT_OPTION,
    option(
        "project_dir",
        Path,
        Path("."),
        "--project-dir",
        help="The project folder (holds amplify/ and package.json).",
        file_okay=False,
    ),
)
ALL_OPTIONS = (*OUTPUT_OPTIONS, *TARGET_OPTIONS)

# Option groups a command takes with `command(..., uses=...)`: read from `cli.options` (and the
# helpers of `Application`) rather than passed as parameters.
OUT_DIR_OPTION = option(
    "outputs_out_dir",
    Path | None,
    None,
    "--outputs-out-dir",
    help="Where to write the outputs file (default: project).",
)
OUTPUTS_FILE_OPTIONS = (
    option(
        "outputs_version", str, "1.5", "--outputs-version", help="0, 1, 1.1, 1.2, 1.3, 1.4 or 1.5."
    ),
    option(
        "outputs_format",
        str,
        "json",
        "--outputs-format",
        help="json, json-mobile, mjs, ts or dart.",
    ),
    OUT_DIR_OPTION,
)
LOCK_OPTION = option(
    "lock_timeout",
    float | None,
    None,
    "--lock-timeout",
    help="Seconds to wait for another run's lock on this sandbox (default: 180 at a "
    "terminal, 0 in CI or without a terminal); then exit 4.",
    min=0,
)
PASSWORD_OPTIONS = (
    option(
        "password_stdin",
        bool,
        False,
        "--password-stdin",
        help="Read the password from stdin (one line), not a prompt.",
    ),
    option(
        "temporary",
        bool,
        False,
        "--temporary",
        help="The password is temporary: changed at first sign-in.",
    ),
)


def yes_option(help: str = "Do not ask for confirmation.", *, short: bool = True) -> Shared:
    """`--yes` (and `-y`), with the command's own help text."""
    return option("yes", bool, False, *(("--yes", "-y") if short else ("--yes",)), help=help)


@dataclass(frozen=True)
class GlobalOptions:
    """The shared options of one run (and those of the option groups its command takes),
    wherever on the command line each was given."""

    json_mode: bool = False
    debug: bool = False
    verbose: int = 0
    quiet: bool = False
    local: bool = False
    profile: str | None = None
    region: str | None = None
    identifier: str | None = None
    port: int = DEFAULT_PORT
    project_dir: Path = Path(".")
    yes: bool = False
    outputs_version: str = "1.5"
    outputs_format: str = "json"
    outputs_out_dir: Path | None = None
    lock_timeout: float | None = None
    password_stdin: bool = False
    temporary: bool = False


# A value typed on the command line beats one from the environment, which beats a default; after
# the subcommand beats before it.
_RANK = {"COMMANDLINE": 2, "ENVIRONMENT": 1}


@dataclass(frozen=True)
class Given:
    """Option values as one command (or the root) received them, with where each came from."""

    values: Mapping[str, Any]
    ranks: Mapping[str, int]
    context: typer.Context

    @classmethod
    def of(cls, ctx: typer.Context, values: Mapping[str, Any]) -> Given:
        ranks = {}
        for name in values:
            source = ctx.get_parameter_source(name)
            ranks[name] = _RANK.get(source.name, 0) if source is not None else 0
        return cls(dict(values), ranks, ctx)

    def over(self, root: Given | None) -> GlobalOptions:
        """These values (a subcommand's) merged over the root callback's."""
        merged: dict[str, Any] = {}
        for field in fields(GlobalOptions):
            name = field.name
            mine, theirs = self.ranks.get(name, 0), root.ranks.get(name, 0) if root else 0
            if root is not None and theirs > mine:
                merged[name] = root.values[name]
            elif name in self.values:
                merged[name] = self.values[name]
            elif root is not None and name in root.values:
                merged[name] = root.values[name]
        if root is not None and "verbose" in self.values:
            merged["verbose"] = self.values["verbose"] + root.values.get("verbose", 0)
        return GlobalOptions(**merged)


def lock_timeout(value: float | None) -> float:
    """--lock-timeout, or its default: wait at a terminal, fail at once in CI."""
    from amplify_sandbox.cli.ui import interactive

    if value is not None:
        return value
    return DEFAULT_LOCK_WAIT if interactive() else 0.0
