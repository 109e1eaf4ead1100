"""`sandbox users ...` against the emulator through the real CLI: every subcommand, --json, and
the bad inputs (unknown user, weak password, unknown group) leaving nothing half-done."""

from __future__ import annotations

import pytest

from amplify_sandbox.aws.target import AwsTarget
from tests.people.conftest import Invoke, document

PASSWORD = "Passw0rd!seed"


def _pool(target: AwsTarget) -> str:
    pools = target.clients.cognito_idp.list_user_pools(MaxResults=10)["UserPools"]
    assert len(pools) == 1
    return pools[0]["Id"]


def _usernames(target: AwsTarget) -> list[str]:
    users = target.clients.cognito_idp.list_users(UserPoolId=_pool(target))["Users"]
    return [u["Username"] for u in users]


def test_add_list_show_and_sign_in(sandbox: Invoke, target: AwsTarget) -> None:
    added = sandbox(
        "users", "add", "ada@example.com", "--confirmed", "--group", "admin",
        "--attribute", "given_name=Ada", "--json", input=PASSWORD + "\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    user = document(added)["data"]["user"]
    assert user["status"] == "CONFIRMED" and user["groups"] == ["admin"]
    assert user["verified"] == ["email"] and user["attributes"]["given_name"] == "Ada"
    assert PASSWORD not in added.output
    # The password works (and is the one typed, without the line ending).
    client = target.clients.cognito_idp
    signed_in = client.admin_initiate_auth(
        UserPoolId=_pool(target),
        ClientId=client.list_user_pool_clients(UserPoolId=_pool(target))["UserPoolClients"][0][
            "ClientId"
        ],
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ada@example.com", "PASSWORD": PASSWORD},
    )
    assert "AuthenticationResult" in signed_in

    listed = document(sandbox("users", "list", "--json"))["data"]["users"]
    assert [u["login"] for u in listed] == ["ada@example.com"]
    assert listed[0]["created"] is not None
    assert document(sandbox("users", "list", "--group", "editors", "--json"))["data"]["users"] == []
    shown = sandbox("users", "show", "ada@example.com")
    assert shown.exit_code == 0 and "given_name = Ada" in shown.output


def test_groups_disable_enable_set_password_confirm_remove(
    sandbox: Invoke, target: AwsTarget
) -> None:
    assert sandbox("users", "add", "bob@example.com", "--temporary", input=PASSWORD).exit_code == 0
    assert (
        document(sandbox("users", "show", "bob@example.com", "--json"))["data"]["user"]["status"]
        == "FORCE_CHANGE_PASSWORD"
    )
    moved = document(sandbox("users", "groups", "add", "bob@example.com", "editors", "--json"))
    assert moved["data"]["user"]["groups"] == ["editors"]
    moved = document(sandbox("users", "groups", "remove", "bob@example.com", "editors", "--json"))
    assert moved["data"]["user"]["groups"] == []
    disabled = document(sandbox("users", "disable", "bob@example.com", "--json"))
    assert disabled["data"]["user"]["enabled"] is False
    enabled = document(sandbox("users", "enable", "bob@example.com", "--json"))
    assert enabled["data"]["user"]["enabled"] is True
    changed = sandbox("users", "set-password", "bob@example.com", "--json", input="N3w!Passw0rd")
    assert document(changed)["data"]["user"]["status"] == "CONFIRMED"
    confirmed = document(sandbox("users", "confirm", "bob@example.com", "--json"))
    assert confirmed["data"]["user"]["verified"] == ["email"]
    refused = sandbox("users", "remove", "bob@example.com")
    assert refused.exit_code == 3 and "--yes" in refused.output
    removed = sandbox("users", "remove", "bob@example.com", "--yes", "--json")
    assert document(removed)["data"]["removed"] == "bob@example.com"
    assert _usernames(target) == []


@pytest.mark.parametrize(
    "command",
    [
        ["show"],
        ["remove", "--yes"],
        ["confirm"],
        ["disable"],
        ["enable"],
        ["set-password"],
        ["groups", "add"],
    ],
)
def test_unknown_user(sandbox: Invoke, command: list[str]) -> None:
    extra = ["admin"] if command[0] == "groups" else []
    args = [*command[:1], *command[1:2], "nobody@example.com", *extra, *command[2:]]
    if command[0] == "groups":
        args = ["groups", "add", "nobody@example.com", "admin"]
    result = sandbox("users", *args, "--json", input=PASSWORD)
    assert result.exit_code == 2, result.output
    error = document(result)["error"]
    assert error["message"] == "No user nobody@example.com in this sandbox's user pool."
    assert "users list" in error["hint"]


def test_weak_password_creates_nothing(sandbox: Invoke, target: AwsTarget) -> None:
    result = sandbox("users", "add", "weak@example.com", "--json", input="short")
    assert result.exit_code == 2, result.output
    message = document(result)["error"]["message"]
    assert message.startswith("Cognito refused the password: ")
    assert "short" not in result.output
    assert _usernames(target) == []


def test_unknown_group_creates_nothing(sandbox: Invoke, target: AwsTarget) -> None:
    result = sandbox(
        "users", "add", "ann@example.com", "--group", "admin", "--group", "ghosts", "--json",
        input=PASSWORD,
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    error = document(result)["error"]
    assert "No group ghosts" in error["message"] and "admin, editors" in error["message"]
    assert _usernames(target) == []
    assert sandbox("users", "add", "ann@example.com", input=PASSWORD).exit_code == 0
    grouped = sandbox("users", "groups", "add", "ann@example.com", "ghosts", "--json")
    assert grouped.exit_code == 2 and "No group ghosts" in document(grouped)["error"]["message"]


def test_password_never_from_argv_and_not_deployed(
    people_project: object, emulator_port: int
) -> None:
    from typer.testing import CliRunner

    from amplify_sandbox.cli.app import app

    where = ["--local", "--port", str(emulator_port), "--project-dir", str(people_project)]
    result = CliRunner().invoke(app, ["users", "list", "--json", *where])
    assert result.exit_code == 2
    assert "is not deployed" in document(result)["error"]["message"]
    extra = CliRunner().invoke(app, ["users", "add", "a@example.com", "Secr3t!pw", *where])
    assert extra.exit_code == 2 and "Secr3t!pw" not in extra.output
    assert "never taken from the command line" in extra.output


def test_bad_attribute(sandbox: Invoke) -> None:
    result = sandbox("users", "add", "a@example.com", "--attribute", "novalue", "--json")
    assert result.exit_code == 2
    assert "NAME=VALUE" in document(result)["error"]["message"]
