"""`sandbox users add|list|show|remove|confirm|set-password|groups|disable|enable`: the test users
of your sandbox's user pool, on AWS or `--local`, without a console.

Passwords are read from a hidden prompt (typed twice) or from stdin, never from argv. These
commands change users, never the state record, so they do not take the sandbox's lock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from amplify_sandbox.cli.application import Application, command, group
from amplify_sandbox.cli.options import PASSWORD_OPTIONS, yes_option
from amplify_sandbox.cli.output import Output
from amplify_sandbox.cli.ui import Ui, plain
from amplify_sandbox.errors import UsageError

if TYPE_CHECKING:
    from amplify_sandbox.aws.users import PoolPeople, User

app = group("Test users of your sandbox's user pool (passwords from a hidden prompt or stdin).")
groups_app = group("Add a user to a group of the pool, or remove it from one.")
app.add_typer(groups_app, name="groups")

LoginArg = Annotated[
    str,
    typer.Argument(metavar="EMAIL|PHONE", help="Email, phone number (+15555550100) or username."),
]
UserArg = Annotated[
    str, typer.Argument(metavar="USER", help="The user: username, email or phone number.")
]
GroupArg = Annotated[
    str, typer.Argument(metavar="GROUP", help="A group of the pool (from the definition).")
]
ConfirmedOpt = Annotated[
    bool, typer.Option("--confirmed", help="Mark the email / phone number verified.")
]
GroupsOpt = Annotated[
    list[str] | None, typer.Option("--group", help="Add the user to this group (repeatable).")
]
AttributeOpt = Annotated[
    list[str] | None,
    typer.Option("--attribute", help="NAME=VALUE, e.g. given_name=Ada (repeatable)."),
]
ListGroupOpt = Annotated[str | None, typer.Option("--group", help="Only the users of this group.")]


def _when(user: User) -> str:
    return user.created.strftime("%Y-%m-%d %H:%M") if user.created else "-"


def _line(user: User) -> str:
    verified = ",".join(user.verified) or "-"
    groups = ",".join(user.groups) or "-"
    state = user.status if user.enabled else f"{user.status} (disabled)"
    return (
        f"{plain(user.login)}  {state}  verified: {plain(verified)}  groups: {plain(groups)}  "
        f"created {_when(user)}"
    )


class UserOutput(Output):
    """One user after a command (`action` says which: added, shown, confirmed, …)."""

    sandbox_id: str
    action: str
    user: User

    def data(self) -> dict[str, Any]:
        return {"sandbox_id": self.sandbox_id, "action": self.action, "user": self.user.describe()}

    def show(self, ui: Ui) -> None:
        if self.action != "shown":
            ui.info(f"{self.action.capitalize()}: {plain(self.user.login)}")
        ui.info(_line(self.user))
        if self.action == "shown":
            ui.info(f"  username {plain(self.user.username)}")
            for name, value in sorted(self.user.attributes.items()):
                ui.info(f"  {plain(name)} = {plain(value)}")


class UserListOutput(Output):
    sandbox_id: str
    group: str | None
    users: list[User]

    def data(self) -> dict[str, Any]:
        return {
            "sandbox_id": self.sandbox_id,
            "group": self.group,
            "users": [user.describe() for user in self.users],
        }

    def show(self, ui: Ui) -> None:
        if not self.users:
            where = f" in group {plain(self.group)}" if self.group else ""
            ui.info(f"No users{where}. Add one with `sandbox users add EMAIL`.")
        for user in self.users:
            ui.info(f" - {_line(user)}")


class UserRemovedOutput(Output):
    sandbox_id: str
    removed: str

    def show(self, ui: Ui) -> None:
        ui.info(f"Removed user {plain(self.removed)}")


def _people(cli: Application) -> tuple[str, PoolPeople]:
    from amplify_sandbox.aws.users import PoolPeople
    from amplify_sandbox.people.pool import deployed_pool

    cli.check_target()
    pool = deployed_pool(cli.identity, cli.target)
    cli.ui.detail(f"User pool {pool.user_pool_id} on {plain(cli.target.describe())}")
    return cli.identity.stack_name, PoolPeople(cli.target.clients.cognito_idp, pool.user_pool_id)


def parse_attributes(pairs: list[str] | None) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(
                f"--attribute {plain(pair)}: expected NAME=VALUE.",
                hint="e.g. --attribute given_name=Ada --attribute custom:team=blue",
            )
        attributes[name.strip()] = value
    return attributes


def _no_password_in_argv(ctx: typer.Context) -> None:
    if ctx.args:
        raise UsageError(
            "A password is never taken from the command line (it would stay in your shell "
            "history and be visible to other processes); the extra argument was ignored.",
            hint="Type it at the hidden prompt, or pipe it in with --password-stdin.",
        )


def _password(cli: Application, label: str) -> str:
    from amplify_sandbox.people.passwords import read_password

    return read_password(
        label, from_stdin=cli.options.password_stdin, may_prompt=not cli.options.json_mode
    )


# Extra arguments are collected (not rejected by click, which would echo them back), so a
# password typed after the user is refused without being printed.
EXTRA_ARGS = {"allow_extra_args": True}


@command(app, "add", uses=PASSWORD_OPTIONS, context_settings=EXTRA_ARGS)
def add(
    cli: Application,
    ctx: typer.Context,
    login: LoginArg,
    confirmed: ConfirmedOpt = False,
    group: GroupsOpt = None,
    attribute: AttributeOpt = None,
) -> UserOutput:
    """Add a user with a password (hidden prompt, or stdin); nothing is created on a refusal."""
    _no_password_in_argv(ctx)
    attributes = parse_attributes(attribute)
    sandbox_id, people = _people(cli)
    people.check_groups(group or [])  # before a password is asked for
    password = _password(cli, login)
    user = people.add(
        login,
        password,
        temporary=cli.options.temporary,
        confirmed=confirmed,
        groups=group or [],
        attributes=attributes,
    )
    del password
    return UserOutput(sandbox_id, "added", user)


@command(app, "list")
def list_users(cli: Application, group: ListGroupOpt = None) -> UserListOutput:
    """List the users (status, verified contacts, groups, created)."""
    sandbox_id, people = _people(cli)
    return UserListOutput(sandbox_id, group, people.list(group))


@command(app, "show")
def show(cli: Application, user: UserArg) -> UserOutput:
    """Show one user: status, groups and attributes."""
    sandbox_id, people = _people(cli)
    return UserOutput(sandbox_id, "shown", people.get(user))


@command(app, "remove", uses=(yes_option(),))
def remove(cli: Application, user: UserArg) -> UserRemovedOutput:
    """Remove a user (asks first; --yes without a terminal)."""
    sandbox_id, people = _people(cli)
    found = people.get(user)
    cli.confirm_or_refuse(
        f"Remove user {found.login} from the sandbox's pool?",
        not_done="removed",
        to="remove it",
    )
    people.remove(found.username)
    return UserRemovedOutput(sandbox_id, found.login)


@command(app, "confirm")
def confirm(cli: Application, user: UserArg) -> UserOutput:
    """Confirm a signed-up user and mark its email / phone number verified."""
    sandbox_id, people = _people(cli)
    return UserOutput(sandbox_id, "confirmed", people.confirm(user))


@command(app, "set-password", uses=PASSWORD_OPTIONS, context_settings=EXTRA_ARGS)
def set_password(cli: Application, ctx: typer.Context, user: UserArg) -> UserOutput:
    """Set a user's password (permanent unless --temporary)."""
    _no_password_in_argv(ctx)
    sandbox_id, people = _people(cli)
    found = people.get(user)
    password = _password(cli, found.login)
    people.set_password(found.username, password, temporary=cli.options.temporary)
    del password
    return UserOutput(sandbox_id, "password set", people.get(found.username))


def _change(
    cli: Application, user: str, action: str, change: Callable[[PoolPeople, str], None]
) -> UserOutput:
    """Find the user, apply `change(people, username)`, and show the user as it is now."""
    sandbox_id, people = _people(cli)
    found = people.get(user)
    change(people, found.username)
    return UserOutput(sandbox_id, action, people.get(found.username))


@command(groups_app, "add")
def group_add(cli: Application, user: UserArg, group: GroupArg) -> UserOutput:
    """Add a user to a group."""
    return _change(cli, user, f"added to {group}", lambda p, name: p.add_to_group(name, group))


@command(groups_app, "remove")
def group_remove(cli: Application, user: UserArg, group: GroupArg) -> UserOutput:
    """Remove a user from a group."""
    return _change(
        cli, user, f"removed from {group}", lambda p, name: p.remove_from_group(name, group)
    )


@command(app, "disable")
def disable(cli: Application, user: UserArg) -> UserOutput:
    """Disable a user (it can no longer sign in)."""
    return _change(cli, user, "disabled", lambda p, name: p.set_enabled(name, False))


@command(app, "enable")
def enable(cli: Application, user: UserArg) -> UserOutput:
    """Enable a disabled user."""
    return _change(cli, user, "enabled", lambda p, name: p.set_enabled(name, True))
