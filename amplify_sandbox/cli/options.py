"""Options shared by the commands, declared once; and how a value given before the subcommand
(`sandbox --json plan`) and one given after it (`sandbox plan --json`) become one set."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Annotated, Any

import typer

JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print one JSON document on stdout; never prompt.")
]
DebugOpt = Annotated[
    bool, typer.Option("--debug", help="Show every API call (by name) and tracebacks.")
]
VerboseOpt = Annotated[int, typer.Option("--verbose", "-v", count=True, help="More detail.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and results.")]

LocalOpt = Annotated[
    bool,
    typer.Option("--local", help="Use the built-in local emulator (started if needed)."),
]
ProfileOpt = Annotated[
    str | None, typer.Option("--profile", help="AWS profile (default: the AWS credential chain).")
]
RegionOpt = Annotated[
    str | None,
    typer.Option("--region", help="AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, profile)."),
]
IdentifierOpt = Annotated[
    str | None,
    typer.Option(
        "--identifier",
        help="Sandbox identifier, 1-15 letters, digits or hyphens (default: your user name).",
    ),
]
PortOpt = Annotated[
    int, typer.Option("--port", help="Local emulator port.", envvar="AMPLIFY_SANDBOX_LOCAL_PORT")
]
ProjectOpt = Annotated[
    Path,
    typer.Option(
        "--project-dir",
        help="The project folder (holds amplify/ and package.json).",
        file_okay=False,
    ),
]
OutDirOpt = Annotated[
    Path | None,
    typer.Option("--outputs-out-dir", help="Where to write the outputs file (default: project)."),
]
OutputsVersionOpt = Annotated[
    str, typer.Option("--outputs-version", help="0, 1, 1.1, 1.2, 1.3, 1.4 or 1.5.")
]
OutputsFormatOpt = Annotated[
    str, typer.Option("--outputs-format", help="json, json-mobile, mjs, ts or dart.")
]
LockTimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--lock-timeout",
        help="Seconds to wait for another run's lock on this sandbox (default: 180 at a "
        "terminal, 0 in CI or without a terminal); then exit 4.",
        min=0,
    ),
]
PasswordStdinOpt = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from stdin (one line), not a prompt."),
]
TemporaryOpt = Annotated[
    bool,
    typer.Option("--temporary", help="The password is temporary: changed at first sign-in."),
]

DEFAULT_PORT = 4566
DEFAULT_LOCK_WAIT = 180.0


@dataclass(frozen=True)
class Shared:
    """One shared option: its parameter name, its typer declaration and its default."""

    name: str
    annotation: Any
    default: Any


OUTPUT_OPTIONS = (
    Shared("json_mode", JsonOpt, False),
    Shared("debug", DebugOpt, False),
    Shared("verbose", VerboseOpt, 0),
    Shared("quiet", QuietOpt, False),
)
PORT_OPTION = Shared("port", PortOpt, DEFAULT_PORT)
TARGET_OPTIONS = (
    Shared("local", LocalOpt, False),
    Shared("profile", ProfileOpt, None),
    Shared("region", RegionOpt, None),
    Shared("identifier", IdentifierOpt, None),
    PORT_OPTION,
    Shared("project_dir", ProjectOpt, Path(".")),
)
ALL_OPTIONS = (*OUTPUT_OPTIONS, *TARGET_OPTIONS)

# Option groups a command takes with `command(..., uses=...)`: declared once, read from
# `cli.options` (and the helpers of `Application`) rather than passed as parameters.
OUT_DIR_OPTION = Shared("outputs_out_dir", OutDirOpt, None)
OUTPUTS_FILE_OPTIONS = (
    Shared("outputs_version", OutputsVersionOpt, "1.5"),
    Shared("outputs_format", OutputsFormatOpt, "json"),
    OUT_DIR_OPTION,
)
LOCK_OPTION = Shared("lock_timeout", LockTimeoutOpt, None)
PASSWORD_OPTIONS = (
    Shared("password_stdin", PasswordStdinOpt, False),
    Shared("temporary", TemporaryOpt, False),
)


def yes_option(help: str = "Do not ask for confirmation.", *, short: bool = True) -> Shared:
    """`--yes` (and `-y`), with the command's own help text."""
    names = ("--yes", "-y") if short else ("--yes",)
    return Shared("yes", Annotated[bool, typer.Option(*names, help=help)], False)


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
