"""`sandbox secret set|get|list|remove`: provider credentials, stored where Amplify keeps them.

AWS: SSM Parameter Store at Amplify's paths. --local: the OS keychain (or, when the machine has
none, the emulator's SSM). Values are read from a hidden prompt or stdin, never from argv, and
printed only by `get --reveal`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Annotated, Any

import typer

from amplify_sandbox.cli.application import Application, command, group
from amplify_sandbox.cli.options import yes_option
from amplify_sandbox.cli.output import Output
from amplify_sandbox.cli.ui import Ui, plain
from amplify_sandbox.errors import UsageError

if TYPE_CHECKING:
    from amplify_sandbox.aws.target import AwsTarget
    from amplify_sandbox.identity import SandboxIdentity
    from amplify_sandbox.secrets.model import Scope, SecretStore, StoredSecret

app = group(
    "Secrets of your sandbox (e.g. social sign-in client secrets), used by `secret('NAME')`."
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


def _store(cli: Application) -> tuple[SandboxIdentity, SecretStore]:
    identity = cli.identity
    cli.check_target()
    store = open_store(cli.options.local, identity, cli.ui, lambda: cli.target)
    cli.ui.detail(
        f"Sandbox {plain(identity.identifier)} ({identity.stack_name}); "
        f"secrets in {plain(store.location)}"
    )
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


# -- what the commands return -----------------------------------------------------------------
class SetOutput(Output):
    sandbox_id: str
    stored: StoredSecret
    location: str

    def data(self) -> dict[str, Any]:
        return {**self.stored.describe(), "sandbox_id": self.sandbox_id}

    def show(self, ui: Ui) -> None:
        ui.info(f"Set secret {plain(self.stored.name)} (version {self.stored.version})")
        ui.detail(f"  {self.stored.scope.value} scope, in {plain(self.location)}")


class GetOutput(Output):
    secret: StoredSecret
    reveal: bool

    def data(self) -> dict[str, Any]:
        payload: dict[str, Any] = {**self.secret.describe(), **_env_note(self.secret.name)}
        if self.reveal:
            payload["value"] = self.secret.value
        return payload

    def show(self, ui: Ui) -> None:
        secret, note = self.secret, _env_note(self.secret.name)
        ui.info(
            f"{plain(secret.name)}  {secret.scope.value}  version {secret.version or '-'}  "
            f"last modified {_when(secret)}"
        )
        if note["env_override"]:
            ui.info(f"  (overridden at deploy by ${note['env_override']})")
        if self.reveal and secret.value is not None and not ui.json_mode:
            # Bytes, so nothing translates line endings: a key's \r\n stays \r\n.
            newline = "" if secret.value.endswith("\n") or not sys.stdout.isatty() else "\n"
            sys.stdout.flush()
            sys.stdout.buffer.write((secret.value + newline).encode("utf-8"))
            sys.stdout.buffer.flush()


class ListOutput(Output):
    identity: SandboxIdentity
    own: list[StoredSecret]
    shared: list[StoredSecret]
    own_names: set[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "own_names", {secret.name for secret in self.own})

    def _used(self, secret: StoredSecret) -> bool:
        """A shared secret is not used when the sandbox has its own of that name."""
        return secret.scope.value != "shared" or secret.name not in self.own_names

    def data(self) -> dict[str, Any]:
        rows = [*self.own, *self.shared]
        return {
            "sandbox_id": self.identity.stack_name,
            "secrets": [{**s.describe(), **_env_note(s.name), "used": self._used(s)} for s in rows],
        }

    def show(self, ui: Ui) -> None:
        rows = [*self.own, *self.shared]
        if not rows:
            ui.info(
                f"No secrets set for sandbox '{plain(self.identity.identifier)}'. "
                "Add one with `sandbox secret set NAME`."
            )
        for secret in rows:
            shadowed = "" if self._used(secret) else "  (the sandbox one is used)"
            ui.info(
                f" - {plain(secret.name)}  {secret.scope.value}  version {secret.version or '-'}  "
                f"{_when(secret)}{shadowed}"
            )


class RemoveOutput(Output):
    sandbox_id: str
    scope: Scope
    removed: list[str]
    one: bool

    def data(self) -> dict[str, Any]:
        return {"sandbox_id": self.sandbox_id, "scope": self.scope.value, "removed": self.removed}

    def show(self, ui: Ui) -> None:
        if not self.removed:
            ui.info(f"No {self.scope.value} secrets to remove.")
        for removed_name in self.removed:
            ui.detail(f"  - {plain(removed_name)}")
        if self.removed:
            label = self.removed[0] if self.one else f"{len(self.removed)} secret(s)"
            ui.info(f"Removed {plain(label)} ({self.scope.value} scope)")


# -- commands ---------------------------------------------------------------------------------
# Extra arguments are collected (not rejected by click, which would echo them back), so a
# value typed after the name is refused without being printed.
@command(app, "set", context_settings={"allow_extra_args": True})
def set_secret(
    cli: Application, ctx: typer.Context, name: NameArg, shared: SharedOpt = False
) -> SetOutput:
    """Set a secret: the value from a hidden prompt, or from stdin when piped (to EOF, as is)."""
    import getpass

    from amplify_sandbox.secrets.names import validate_name
    from amplify_sandbox.secrets.value_input import read_value

    _refuse_extra(ctx.args)
    validate_name(name)
    identity, store = _store(cli)
    value = read_value(
        sys.stdin.buffer,
        is_terminal=sys.stdin.isatty(),
        prompt=lambda: getpass.getpass(f"Value of {name} (hidden): "),
        may_prompt=not cli.options.json_mode,
    )
    stored = store.put(_scope(shared), name, value)
    del value
    return SetOutput(identity.stack_name, stored, store.location)


RevealOpt = Annotated[bool, typer.Option("--reveal", help="Print the value too.")]
OnlySharedOpt = Annotated[
    bool, typer.Option("--shared", help="Only the shared secret (default: sandbox, then shared).")
]


@command(app, "get")
def get_secret(
    cli: Application, name: NameArg, reveal: RevealOpt = False, shared: OnlySharedOpt = False
) -> GetOutput:
    """Show a secret's scope, version and last change; the value only with --reveal."""
    from amplify_sandbox.secrets.model import Scope
    from amplify_sandbox.secrets.names import validate_name
    from amplify_sandbox.secrets.resolve import find

    validate_name(name)
    identity, store = _store(cli)
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
    return GetOutput(secret, reveal)


@command(app, "list")
def list_secrets(cli: Application) -> ListOutput:
    """List the sandbox's secrets and the app's shared ones (names and versions, no values)."""
    from amplify_sandbox.secrets.model import Scope

    identity, store = _store(cli)
    return ListOutput(identity, store.entries(Scope.SANDBOX), store.entries(Scope.SHARED))


RemoveNameArg = Annotated[str | None, typer.Argument(help="Secret name (or --all).")]
AllOpt = Annotated[
    bool,
    typer.Option(
        "--all", help="Remove every secret of the sandbox (or, with --shared, every shared one)."
    ),
]


def _names_to_remove(cli: Application, store: SecretStore, scope: Scope) -> list[str]:
    names = [secret.name for secret in store.entries(scope)]
    question = (
        f"Remove all {len(names)} {scope.value} secrets of sandbox '{cli.identity.identifier}'?"
    )
    if names:
        cli.confirm_or_refuse(question, not_done="removed", to="remove them")
    return names


def _not_set(name: str, identity: SandboxIdentity, scope: Scope, shared: bool) -> UsageError:
    other = "drop --shared for the sandbox's own." if shared else "add --shared for a shared one."
    return UsageError(
        f"Secret {name} is not set for sandbox '{identity.identifier}' ({scope.value} scope).",
        hint=f"`sandbox secret list` shows what is set; {other}",
    )


@command(app, "remove", uses=(yes_option("Do not ask to confirm --all."),))
def remove_secret(
    cli: Application, name: RemoveNameArg = None, all_: AllOpt = False, shared: SharedOpt = False
) -> RemoveOutput:
    """Remove one secret, or every one with --all."""
    from amplify_sandbox.secrets.names import validate_name

    if (name is None) == (not all_):
        raise UsageError(
            "Give a secret name or --all (not both).",
            hint="`sandbox secret remove NAME` or `sandbox secret remove --all --yes`.",
        )
    if name is not None:
        validate_name(name)
    scope = _scope(shared)
    identity, store = _store(cli)
    names = [name] if name is not None else _names_to_remove(cli, store, scope)
    removed = store.remove(scope, names) if names else []
    if name is not None and not removed:
        raise _not_set(name, identity, scope, shared)
    return RemoveOutput(identity.stack_name, scope, removed, one=name is not None)
