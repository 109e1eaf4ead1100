"""Every command's --json output against its documented schema (docs/json/), errors included."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner, Result

from amplify_sandbox.cli.app import app
from amplify_sandbox.errors import ExitCode

runner = CliRunner()
SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "json"
DOCS = SCHEMAS.parent / "json.md"
EXIT_CODES = {
    "failed": ExitCode.FAILED,
    "target": ExitCode.FAILED,
    "usage": ExitCode.USAGE,
    "definition": ExitCode.USAGE,
    "refused": ExitCode.REFUSED,
    "locked": ExitCode.LOCKED,
}


def _schema(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def valid(result: Result, name: str) -> dict[str, Any]:
    """The one document on stdout, checked against `name`'s schema (or the error schema)."""
    document: dict[str, Any] = json.loads(result.stdout)
    if "error" in document:
        _schema("error").validate(document)
        assert result.exit_code == EXIT_CODES[document["error"]["code"]], result.output
    else:
        assert result.exit_code == 0, result.output
        _schema(name).validate(document)
    return document


def _local(port: int, project: Path) -> list[str]:
    return ["--local", "--port", str(port), "--project-dir", str(project), "--identifier", "doc"]


def test_every_schema_is_a_valid_schema() -> None:
    names = sorted(path.name for path in SCHEMAS.glob("*.schema.json"))
    linked = sorted(set(re.findall(r"\(json/([\w-]+\.schema\.json)\)", DOCS.read_text())))
    assert names == linked  # every schema documented in docs/json.md, and no dead link
    for name in names:
        _schema(name.removesuffix(".schema.json"))


def test_deploy_plan_delete(seed_project: Path, emulator_port: int) -> None:
    target = _local(emulator_port, seed_project)
    plan = valid(runner.invoke(app, ["--json", "plan", *target]), "plan")["data"]
    assert plan["has_changes"] is True and plan["summary"]["add"] == 6
    deployed = valid(runner.invoke(app, ["deploy", "--json", *target]), "deploy")["data"]
    assert {c["action"] for c in deployed["changes"]} == {"create"}
    again = valid(runner.invoke(app, ["plan", "--json", *target]), "plan")["data"]
    assert again["has_changes"] is False and again["changes"] == []
    deleted = valid(runner.invoke(app, ["delete", "--json", "--yes", *target]), "delete")["data"]
    assert len(deleted["deleted"]) == 6 and len(deleted["removed_files"]) == 1
    # The lock, the record, six deletes: every call counted, as deploy counts them.
    assert deleted["api_calls"] >= 6 + 2, deleted["api_calls"]
    unlocked = valid(runner.invoke(app, ["unlock", "--json", "--yes", *target]), "unlock")["data"]
    assert unlocked["unlocked"] is False and unlocked["holder"] is None
    logs = valid(runner.invoke(app, ["logs", "--json", *target]), "logs")["data"]
    assert logs == {"function": None, "lines": []}


def test_list_gc_status_outputs(seed_project: Path, emulator_port: int) -> None:
    target = _local(emulator_port, seed_project)
    status = valid(runner.invoke(app, ["status", "--json", *target]), "status")["data"]
    assert status["deployed"] is False and status["last_deploy"] is None
    valid(runner.invoke(app, ["deploy", "--json", *target]), "deploy")
    status = valid(runner.invoke(app, ["status", "--json", *target]), "status")["data"]
    assert status["differs"] == "up to date" and status["last_deploy"] is not None
    listed = valid(runner.invoke(app, ["list", "--json", "--users", *target]), "list")["data"]
    assert [s["identifier"] for s in listed["sandboxes"]] == ["doc"]
    written = valid(runner.invoke(app, ["outputs", "--json", *target]), "outputs")["data"]
    assert written["outputs_file"].endswith("amplify_outputs.json")
    gc = ["gc", "--json", "--older-than", "0s", *target]
    dry = valid(runner.invoke(app, gc), "gc")["data"]
    assert dry["dry_run"] is True and [s["outcome"] for s in dry["sandboxes"]] == ["stale"]
    done = valid(runner.invoke(app, [*gc, "--yes"]), "gc")["data"]
    assert [s["outcome"] for s in done["sandboxes"]] == ["deleted"]


def test_secrets(seed_project: Path, emulator_port: int) -> None:
    target = _local(emulator_port, seed_project)
    secret = ["--json", "secret"]
    stored = valid(runner.invoke(app, [*secret, "set", "KEY", *target], input="v"), "secret-set")
    assert stored["data"]["name"] == "KEY"
    got = valid(runner.invoke(app, ["--json", "secret", "get", "KEY", *target]), "secret-get")
    assert "value" not in got["data"]
    shown = valid(
        runner.invoke(app, ["--json", "secret", "get", "KEY", "--reveal", *target]), "secret-get"
    )
    assert shown["data"]["value"] == "v"
    listed = valid(runner.invoke(app, ["--json", "secret", "list", *target]), "secret-list")
    assert [s["name"] for s in listed["data"]["secrets"]] == ["KEY"]
    removed = valid(
        runner.invoke(app, ["--json", "secret", "remove", "KEY", *target]), "secret-remove"
    )
    assert removed["data"]["removed"] == ["KEY"]


def test_users_and_seed(seed_project: Path, emulator_port: int) -> None:
    target = _local(emulator_port, seed_project)
    assert runner.invoke(app, ["deploy", "-q", *target]).exit_code == 0
    users = ["--json", "users"]
    added = runner.invoke(app, [*users, "add", "a@example.com", *target], input="Passw0rd!x")
    assert valid(added, "users-user")["data"]["action"] == "added"
    for words in (["show"], ["confirm"], ["disable"], ["enable"]):
        valid(runner.invoke(app, [*users, *words, "a@example.com", *target]), "users-user")
    changed = runner.invoke(
        app, [*users, "set-password", "a@example.com", *target], input="N3w!pass"
    )
    valid(changed, "users-user")
    listed = valid(runner.invoke(app, [*users, "list", *target]), "users-list")
    assert [u["login"] for u in listed["data"]["users"]] == ["a@example.com"]
    removed = runner.invoke(app, [*users, "remove", "a@example.com", "--yes", *target])
    assert valid(removed, "users-remove")["data"]["removed"] == "a@example.com"
    seed_file = seed_project / "amplify" / "seed.json"
    seed_file.write_text('{"users": [{"username": "b@example.com", "password": {"secret": "PW"}}]}')
    runner.invoke(app, ["secret", "set", "PW", *target], input="Passw0rd!x")
    seeded = valid(runner.invoke(app, ["--json", "seed", *target]), "seed")
    assert seeded["data"]["created"] == ["b@example.com"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_local_start_status_stop() -> None:
    port = ["--port", str(_free_port())]
    try:
        started = valid(runner.invoke(app, ["local", "start", "--json", *port]), "local-start")
        assert started["data"]["running"] is True
        status = valid(runner.invoke(app, ["local", "status", "--json", *port]), "local-status")
        assert status["data"]["pid"] == started["data"]["pid"]
    finally:
        stopped = valid(runner.invoke(app, ["--json", "local", "stop", *port]), "local-stop")
    assert stopped["data"] == {"stopped": True}
    status = valid(runner.invoke(app, ["local", "status", "--json", *port]), "local-status")
    assert status["data"]["running"] is False
    reset = valid(runner.invoke(app, ["local", "reset", "--yes", "--json", *port]), "local-reset")
    assert reset["data"]["running"] is False
    refused = valid(runner.invoke(app, ["local", "reset", "--json", *port]), "local-reset")
    assert refused["error"]["code"] == "refused"


@pytest.mark.parametrize(
    ("words", "schema", "code"),
    [
        (["deploy", "--outputs-version", "9"], "deploy", "usage"),
        (["plan", "--identifier", "no_good!"], "plan", "usage"),
        (["delete"], "delete", "refused"),
        (["secret", "get", "MISSING"], "secret-get", "usage"),
        (["secret", "remove"], "secret-remove", "usage"),
        (["secret", "set", "bad name"], "secret-set", "usage"),
        (["outputs"], "outputs", "usage"),
        (["gc", "--older-than", "soon"], "gc", "usage"),
        (["status", "--identifier", "-x"], "status", "usage"),
        (["list", "--profile", "p"], "list", "usage"),
        (["users", "show", "nobody@example.com"], "users-user", "usage"),
        (["users", "list"], "users-list", "usage"),
        (["users", "remove", "nobody@example.com", "--yes"], "users-remove", "usage"),
        (["seed"], "seed", "usage"),
    ],
)
def test_errors(
    words: list[str], schema: str, code: str, seed_project: Path, emulator_port: int
) -> None:
    result = runner.invoke(app, ["--json", *_local(emulator_port, seed_project), *words])
    assert valid(result, schema)["error"]["code"] == code


def test_definition_and_target_errors(
    seed_project: Path, emulator_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    (seed_project / "amplify" / "auth" / "resource.ts").write_text("export const auth = {")
    broken = runner.invoke(app, ["plan", "--json", *_local(emulator_port, seed_project)])
    assert valid(broken, "plan")["error"]["code"] == "definition"
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    target = runner.invoke(app, ["--json", "secret", "list", "--project-dir", str(seed_project)])
    assert valid(target, "secret-list")["error"]["code"] == "target"


@pytest.mark.parametrize(
    ("words", "message", "command"),
    [
        (["plan", "--no-such-option"], "No such option: --no-such-option", "sandbox plan"),
        (["deploy", "--port", "abc"], "'abc' is not a valid int", "sandbox deploy"),
        (["secret", "set"], "Missing argument", "sandbox secret set"),
        (["no-such-command"], "No such command 'no-such-command'", "sandbox"),
        ([], "Missing command.", "sandbox"),
    ],
)
@pytest.mark.parametrize("json_first", [True, False])
def test_parser_usage_errors(
    words: list[str], message: str, command: str, json_first: bool
) -> None:
    """click's own usage errors give the error document too, --json before or after the command."""
    argv = ["--json", *words] if json_first or not words else [*words, "--json"]
    result = runner.invoke(app, argv, prog_name="sandbox")
    error = valid(result, "error")["error"]
    assert error["code"] == "usage"
    assert message in error["message"]
    assert error["hint"] == f"See '{command} --help'."
    assert message in result.stderr  # click's own lines stay, on stderr


def test_parser_usage_errors_without_json_print_no_document() -> None:
    result = runner.invoke(app, ["plan", "--no-such-option"], prog_name="sandbox")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "No such option: --no-such-option" in result.stderr
