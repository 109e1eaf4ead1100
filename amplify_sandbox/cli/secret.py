"""`sandbox secret set|get|list|remove`: provider credentials, stored where Amplify keeps them.

AWS: SSM Parameter Store at Amplify's paths. --local: the OS keychain (or, when the machine has
none, the emulator's SSM). Values are read from a hidden prompt or stdin, never from argv, and
printed only by `get --reveal`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from amplify_sandbox.cli.context import TargetChoice, connect, handled, identity_for, make_ui
from amplify_sandbox.cli.options import (
    DEFAULT_PORT,
    DebugOpt,
    IdentifierOpt,
    JsonOpt,
    LocalOpt,
    PortOpt,
    ProfileOpt,
    ProjectOpt,
    QuietOpt,
    RegionOpt,
    VerboseOpt,
)
from amplify_sandbox.errors import RefusedError, UsageError

if TYPE_CHECKING:
    from amplify_sandbox.aws.target import AwsTarget
    from amplify_sandbox.cli.ui import Ui
    from amplify_sandbox.identity import SandboxIdentity
    from amplify_sandbox.secrets.model import Scope, SecretStore, StoredSecret

app = typer.Typer(
    help="Secrets of your sandbox (e.g. social sign-in client secrets), used by `secret('NAME')`.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

NameArg = Annotated[str, typer.Argument(help="Secret name: letters, digits, '_', '.', '-'.")]
SharedOpt = Annotated[
    bool,
    typer.Option("--shared", help="The app's shared secret (every sandbox's fallback)."),
]

NO_KEYCHAIN_WARNING = (
    "no usable OS keychain (keyring backend) on this machine: local secrets are kept in the "
    "local emulator's SSM instead, and are lost when the emulator stops."
)


# -- where secrets live ----------------------------------------------------------------------
def _ssm_store(target: AwsTarget, identity: SandboxIdentity) -> SecretStore:
    from amplify_sandbox.aws.secret_store import SsmSecretStore

    where = target.describe()
    if target.local_endpoint is not None:
        where += ", until it stops"
    return SsmSecretStore(target.clients.ssm, identity, f"SSM Parameter Store on {where}")


def open_store(
    local: bool, identity: SandboxIdentity, ui: Ui, target: Callable[[], AwsTarget]
) -> SecretStore:
    """The keychain for --local (the emulator's SSM when there is none), else SSM."""
    if local:
        from amplify_sandbox.secrets.keyring_store import (
            KeyringSecretStore,
            plaintext_warning,
            usable_backend,
        )

        backend = usable_backend()
        if backend is not None:
            warning = plaintext_warning(backend)
            if warning is not None:
                ui.warning(warning)
            return KeyringSecretStore(backend, identity)
        ui.warning(NO_KEYCHAIN_WARNING)
    return _ssm_store(target(), identity)


def secret_source_for(
    local: bool,
    identity: SandboxIdentity,
    target: AwsTarget,
    ui: Ui,
    environ: Mapping[str, str] | None = None,
) -> Callable[[Sequence[str]], Mapping[str, str]]:
    """The deploy's SecretSource: SANDBOX_SECRET_<NAME>, then the sandbox's, then shared."""
    from amplify_sandbox.secrets.resolve import make_source

    return make_source(
        lambda: open_store(local, identity, ui, lambda: target),
        os.environ if environ is None else environ,
    )


def _session(
    local: bool,
    profile: str | None,
    region: str | None,
    port: int,
    project_dir: Path,
    identifier: str | None,
    ui: Ui,
) -> tuple[SandboxIdentity, SecretStore]:
    identity = identity_for(project_dir, identifier)
    choice = TargetChoice(local, profile, region, port)
    if local and profile:
        raise UsageError("--local and --profile cannot be combined.", hint="Pick one target.")
    store = open_store(local, identity, ui, lambda: connect(choice, ui))
    ui.detail(f"Sandbox {identity.identifier} ({identity.stack_name}); secrets in {store.location}")
    return identity, store


def _scope(shared: bool) -> Scope:
    from amplify_sandbox.secrets.model import Scope

    return Scope.SHARED if shared else Scope.SANDBOX


def _when(secret: StoredSecret) -> str:
    return secret.last_modified.strftime("%Y-%m-%d %H:%M:%S %Z") if secret.last_modified else "-"


def _env_note(name: str) -> dict[str, object]:
    from amplify_sandbox.secrets.names import env_var_name

    variable = env_var_name(name)
    return {"env_override": variable if os.environ.get(variable) else None}


def _refuse_extra(extra: list[str]) -> None:
    if extra:
        raise UsageError(
            "A secret's value is never taken from the command line (it would stay in your shell "
            "history and be visible to other processes); the extra argument was ignored.",
            hint="Type it at the hidden prompt, or pipe it in: `sandbox secret set NAME < file`.",
        )


# -- commands ---------------------------------------------------------------------------------
# Extra arguments are collected (not rejected by click, which would echo them back), so a
# value typed after the name is refused without being printed.
@app.command("set", context_settings={"allow_extra_args": True})
def set_secret(
    ctx: typer.Context,
    name: NameArg,
    shared: SharedOpt = False,
    local: LocalOpt = False,
    profile: ProfileOpt = None,
    region: RegionOpt = None,
    identifier: IdentifierOpt = None,
    port: PortOpt = DEFAULT_PORT,
    project_dir: ProjectOpt = Path("."),
    json_mode: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Set a secret: the value from a hidden prompt, or from stdin when piped (to EOF, as is)."""
    ui = make_ui(json_mode, debug, verbose, quiet)
    with handled(ui):
        import getpass

        from amplify_sandbox.secrets.names import validate_name
        from amplify_sandbox.secrets.value_input import read_value

        _refuse_extra(ctx.args)
        validate_name(name)
        identity, store = _session(local, profile, region, port, project_dir, identifier, ui)
        value = read_value(
            sys.stdin.buffer,
            is_terminal=sys.stdin.isatty(),
            prompt=lambda: getpass.getpass(f"Value of {name} (hidden): "),
            may_prompt=not json_mode,
        )
        stored = store.put(_scope(shared), name, value)
        del value
        ui.info(f"Set secret {name} (version {stored.version})")
        ui.detail(f"  {stored.scope.value} scope, in {store.location}")
        ui.data({**stored.describe(), "sandbox_id": identity.stack_name})


@app.command("get")
def get_secret(
    name: NameArg,
    reveal: Annotated[bool, typer.Option("--reveal", help="Print the value too.")] = False,
    shared: Annotated[
        bool,
        typer.Option("--shared", help="Only the shared secret (default: sandbox, then shared)."),
    ] = False,
    local: LocalOpt = False,
    profile: ProfileOpt = None,
    region: RegionOpt = None,
    identifier: IdentifierOpt = None,
    port: PortOpt = DEFAULT_PORT,
    project_dir: ProjectOpt = Path("."),
    json_mode: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Show a secret's scope, version and last change; the value only with --reveal."""
    ui = make_ui(json_mode, debug, verbose, quiet)
    with handled(ui):
        from amplify_sandbox.secrets.model import Scope
        from amplify_sandbox.secrets.names import validate_name
        from amplify_sandbox.secrets.resolve import find

        validate_name(name)
        identity, store = _session(local, profile, region, port, project_dir, identifier, ui)
        if shared:
            secret = store.get(Scope.SHARED, name, reveal=reveal)
        else:
            secret = find(store, name, reveal=reveal)
        if secret is None:
            raise UsageError(
                f"Secret {name} is not set for sandbox '{identity.identifier}'"
                f"{' (shared scope)' if shared else ''}.",
                hint=f"Set it with `sandbox secret set {name}`.",
            )
        note = _env_note(name)
        ui.info(
            f"{secret.name}  {secret.scope.value}  version {secret.version or '-'}  "
            f"last modified {_when(secret)}"
        )
        if note["env_override"]:
            ui.info(f"  (overridden at deploy by ${note['env_override']})")
        if json_mode:
            payload = {**secret.describe(), **note}
            if reveal:
                payload["value"] = secret.value
            ui.data(payload)
        elif reveal and secret.value is not None:
            # Bytes, so nothing translates line endings: a key's \r\n stays \r\n.
            newline = "" if secret.value.endswith("\n") or not sys.stdout.isatty() else "\n"
            sys.stdout.flush()
            sys.stdout.buffer.write((secret.value + newline).encode("utf-8"))
            sys.stdout.buffer.flush()


@app.command("list")
def list_secrets(
    local: LocalOpt = False,
    profile: ProfileOpt = None,
    region: RegionOpt = None,
    identifier: IdentifierOpt = None,
    port: PortOpt = DEFAULT_PORT,
    project_dir: ProjectOpt = Path("."),
    json_mode: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """List the sandbox's secrets and the app's shared ones (names and versions, no values)."""
    ui = make_ui(json_mode, debug, verbose, quiet)
    with handled(ui):
        from amplify_sandbox.secrets.model import Scope

        identity, store = _session(local, profile, region, port, project_dir, identifier, ui)
        own = store.entries(Scope.SANDBOX)
        own_names = {secret.name for secret in own}
        shared = store.entries(Scope.SHARED)
        rows = [*own, *shared]
        if not rows:
            ui.info(
                f"No secrets set for sandbox '{identity.identifier}'. "
                "Add one with `sandbox secret set NAME`."
            )
        for secret in rows:
            shadowed = secret.scope is Scope.SHARED and secret.name in own_names
            ui.info(
                f" - {secret.name}  {secret.scope.value}  version {secret.version or '-'}  "
                f"{_when(secret)}{'  (the sandbox one is used)' if shadowed else ''}"
            )
        ui.data(
            {
                "sandbox_id": identity.stack_name,
                "secrets": [
                    {
                        **secret.describe(),
                        **_env_note(secret.name),
                        "used": not (secret.scope is Scope.SHARED and secret.name in own_names),
                    }
                    for secret in rows
                ],
            }
        )


@app.command("remove")
def remove_secret(
    name: Annotated[str | None, typer.Argument(help="Secret name (or --all).")] = None,
    all_: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Remove every secret of the sandbox (or, with --shared, every shared one).",
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm --all.")] = False,
    shared: SharedOpt = False,
    local: LocalOpt = False,
    profile: ProfileOpt = None,
    region: RegionOpt = None,
    identifier: IdentifierOpt = None,
    port: PortOpt = DEFAULT_PORT,
    project_dir: ProjectOpt = Path("."),
    json_mode: JsonOpt = False,
    debug: DebugOpt = False,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Remove one secret, or every one with --all."""
    ui = make_ui(json_mode, debug, verbose, quiet)
    with handled(ui):
        from amplify_sandbox.secrets.names import validate_name

        if (name is None) == (not all_):
            raise UsageError(
                "Give a secret name or --all (not both).",
                hint="`sandbox secret remove NAME` or `sandbox secret remove --all --yes`.",
            )
        if name is not None:
            validate_name(name)
        scope = _scope(shared)
        identity, store = _session(local, profile, region, port, project_dir, identifier, ui)
        if name is not None:
            names = [name]
        else:
            names = [secret.name for secret in store.entries(scope)]
            if (
                names
                and not yes
                and not ui.confirm(
                    f"Remove all {len(names)} {scope.value} secrets of sandbox "
                    f"'{identity.identifier}'?"
                )
            ):
                raise RefusedError(
                    "Not removed: confirmation needed.",
                    hint="Pass --yes to remove them without a prompt (required without a terminal).",
                )
        removed = store.remove(scope, names) if names else []
        if name is not None and not removed:
            raise UsageError(
                f"Secret {name} is not set for sandbox '{identity.identifier}' "
                f"({scope.value} scope).",
                hint="`sandbox secret list` shows what is set; "
                + (
                    "drop --shared for the sandbox's own."
                    if shared
                    else "add --shared for a shared one."
                ),
            )
        if not removed:
            ui.info(f"No {scope.value} secrets to remove.")
        for removed_name in removed:
            ui.detail(f"  - {removed_name}")
        if removed:
            label = removed[0] if name is not None else f"{len(removed)} secret(s)"
            ui.info(f"Removed {label} ({scope.value} scope)")
        ui.data({"sandbox_id": identity.stack_name, "scope": scope.value, "removed": removed})
