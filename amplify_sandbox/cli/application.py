"""The application object of one run, and the decorator that makes a function a command.

A command is `def name(cli: Application, <its own options>) -> Output | None`, registered with
`@command(group)`. The decorator adds the shared options (see options.py) to its signature, so
they are accepted after the subcommand as well as before it and listed by its --help, merges them
with the root callback's into one `GlobalOptions`, builds the `Application` once, runs the body
inside the error boundary and renders the output model it returns.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from amplify_sandbox.cli.options import (
    OUTPUT_OPTIONS,
    PORT_OPTION,
    TARGET_OPTIONS,
    Given,
    GlobalOptions,
    Shared,
    lock_timeout,
)
from amplify_sandbox.cli.output import Output, render
from amplify_sandbox.cli.ui import Ui, plain
from amplify_sandbox.errors import RefusedError, UsageError

if TYPE_CHECKING:
    from amplify_sandbox.aws.target import AwsTarget
    from amplify_sandbox.deploy.pipeline import OutputsOptions, SecretSource
    from amplify_sandbox.identity import SandboxIdentity


class Application:
    """What every command needs, built once from the merged options; each part on first use."""

    def __init__(self, options: GlobalOptions) -> None:
        self.options = options
        verbosity = -1 if options.quiet else options.verbose
        self.ui = Ui(json_mode=options.json_mode, debug=options.debug, verbosity=verbosity)

    @cached_property
    def identity(self) -> SandboxIdentity:
        from amplify_sandbox.identity import resolve_identity

        return resolve_identity(self.options.project_dir, self.options.identifier)

    def check_target(self) -> None:
        if self.options.local and self.options.profile:
            raise UsageError("--local and --profile cannot be combined.", hint="Pick one target.")

    @cached_property
    def target(self) -> AwsTarget:
        """The AWS target, or the local emulator (started in the background when not running)."""
        from amplify_sandbox.aws.clients import CallLog
        from amplify_sandbox.aws.target import AwsTarget, TargetOptions

        self.check_target()
        endpoint = None
        if self.options.local:
            from amplify_sandbox.local.process import ensure_running

            endpoint = ensure_running(self.options.port)
        options = TargetOptions(
            profile=self.options.profile, region=self.options.region, endpoint_url=endpoint
        )
        return AwsTarget(options, log=CallLog(listener=self.ui.call))

    def secrets(self) -> SecretSource:
        """Where a deploy finds the values of `secret('NAME')`."""
        from amplify_sandbox.cli.secret import secret_source_for

        return secret_source_for(self.options.local, self.identity, self.target, self.ui)

    @property
    def out_dir(self) -> Path:
        """--outputs-out-dir, or the project folder."""
        return self.options.outputs_out_dir or self.options.project_dir

    def outputs_options(self) -> OutputsOptions:
        """The outputs file options (version and format checked before anything is done)."""
        from amplify_sandbox.deploy.pipeline import OutputsOptions

        options = OutputsOptions(
            self.out_dir, self.options.outputs_version, self.options.outputs_format
        )
        _ = options.path
        return options

    @property
    def lock_wait(self) -> float:
        """--lock-timeout, or its default: wait at a terminal, fail at once in CI."""
        return lock_timeout(self.options.lock_timeout)

    def confirm_or_refuse(self, question: str, *, not_done: str, to: str) -> None:
        """Go on with --yes or a yes at the terminal; else refuse: `Not {not_done}`, with a hint
        to pass --yes `to` do it without a prompt."""
        if not self.options.yes and not self.ui.confirm(question):
            raise RefusedError(
                f"Not {not_done}: confirmation needed.",
                hint=f"Pass --yes to {to} without a prompt (required without a terminal).",
            )

    def announce(self, end: str = "") -> None:
        """'Sandbox ID of APP on TARGET': the first line of every command that uses a target."""
        identity = self.identity
        self.ui.info(
            f"Sandbox [bold]{plain(identity.identifier)}[/bold] of "
            f"[bold]{plain(identity.namespace)}[/bold] on {plain(self.target.describe())}{end}"
        )


def group(help: str) -> typer.Typer:
    """A command group: `sandbox <name> --help` lists its commands; bare `sandbox <name>` too."""
    return typer.Typer(
        help=help,
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,
        rich_markup_mode=None,
    )


Body = Callable[..., Output | None]
# typer passes the click context to a parameter of this type, whatever its name.
_CONTEXT = "_sandbox_click_context"


def _context_name(own: Sequence[inspect.Parameter]) -> str | None:
    """The command's own parameter that receives the click context, if it has one."""
    for parameter in own:
        if isinstance(parameter.annotation, type) and issubclass(
            parameter.annotation, typer.Context
        ):
            return parameter.name
    return None


def _signature(fn: Callable[..., Any], shared: Sequence[Shared]) -> inspect.Signature:
    own = list(inspect.signature(fn, eval_str=True).parameters.values())[1:]
    extra = [
        inspect.Parameter(
            option.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=option.default,
            annotation=option.annotation,
        )
        for option in shared
    ]
    if _context_name(own) is None:  # typer fills one context parameter only
        extra.append(
            inspect.Parameter(_CONTEXT, inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context)
        )
    return inspect.Signature([*own, *extra])


def with_options(
    fn: Callable[..., Any], shared: Sequence[Shared], run: Callable[[dict[str, Any], Given], Any]
) -> Callable[..., Any]:
    """A function typer can register: `fn`'s parameters (but its first) plus the shared ones;
    calling it splits them again and calls `run(own, shared_given)`."""
    signature = _signature(fn, shared)
    names = {option.name for option in shared}
    own_context = _context_name(list(signature.parameters.values())) or _CONTEXT

    def wrapper(**kwargs: Any) -> Any:
        ctx = kwargs[own_context] if own_context != _CONTEXT else kwargs.pop(_CONTEXT)
        values = {name: kwargs.pop(name) for name in names}
        return run(kwargs, Given.of(ctx, values))

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    wrapper.__signature__ = signature  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in signature.parameters.values()}
    return wrapper


def root_given(ctx: typer.Context) -> Given | None:
    """What the root callback received (None when a command runs without it)."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Given) else None


def command(
    group: typer.Typer,
    name: str | None = None,
    *,
    target: bool = True,
    uses: Sequence[Shared] = (),
    **settings: Any,
) -> Callable[[Body], Body]:
    """Register `fn(cli, ...)` as a command of `group` (see the module docstring).

    `target=False` for commands that need no sandbox (only the output options and --port);
    `uses` adds option groups of options.py (their values are read from `cli.options`)."""
    base = (*OUTPUT_OPTIONS, *TARGET_OPTIONS) if target else (*OUTPUT_OPTIONS, PORT_OPTION)
    shared = (*uses, *base)

    def register(fn: Body) -> Body:
        def run(own: dict[str, Any], given: Given) -> None:
            from amplify_sandbox.cli.context import handled

            cli = Application(given.over(root_given(given.context)))
            with handled(cli.ui):
                output = fn(cli, **own)
                if output is not None:
                    render(cli.ui, output)
            if output is not None and output.exit_code:
                raise typer.Exit(output.exit_code)

        group.command(name, **settings)(with_options(fn, shared, run))
        return fn

    return register
