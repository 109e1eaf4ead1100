"""`sandbox seed` and `deploy --seed` against the emulator: amplify/seed.json, and a docs-form
amplify/seed/seed.ts run by real Node (its `@aws-amplify/seed` calls reach the sandbox's pool)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from amplify_sandbox.cli.app import app
from tests.people.conftest import Invoke, document
from tests.people.node_app import seed_ts_project

runner = CliRunner()
PASSWORD = "Passw0rd!seed"
REPLACING_AUTH = """import { defineAuth } from '@aws-amplify/backend';

export const auth = defineAuth({
  loginWith: { email: true, phone: true },
  groups: ['admin', 'editors'],
});
"""
SEED_JSON = {
    "users": [
        {
            "username": "ada@example.com",
            "password": {"secret": "ADA_PASSWORD"},
            "attributes": {"given_name": "Ada"},
            "groups": ["admin", "editors"],
        }
    ]
}


def _write_seed(project: Path, seed: object) -> None:
    (project / "amplify" / "seed.json").write_text(json.dumps(seed), encoding="utf-8")


def test_seed_json_creates_then_updates(sandbox: Invoke, people_project: Path) -> None:
    _write_seed(people_project, SEED_JSON)
    assert sandbox("secret", "set", "ADA_PASSWORD", input=PASSWORD).exit_code == 0
    first = sandbox("seed", "--json")
    assert first.exit_code == 0, first.output
    assert document(first)["data"]["created"] == ["ada@example.com"]
    shown = document(sandbox("users", "show", "ada@example.com", "--json"))["data"]["user"]
    assert shown["status"] == "CONFIRMED" and shown["groups"] == ["admin", "editors"]
    assert shown["attributes"]["given_name"] == "Ada"
    again = document(sandbox("seed", "--json"))["data"]
    assert again["created"] == [] and again["updated"] == ["ada@example.com"]
    assert PASSWORD not in first.output + json.dumps(again)


def test_seed_json_bad_input_changes_nothing(sandbox: Invoke, people_project: Path) -> None:
    _write_seed(people_project, SEED_JSON)
    missing = sandbox("seed", "--json")  # the secret is not set
    assert missing.exit_code == 2 and "ADA_PASSWORD" in document(missing)["error"]["message"]
    assert sandbox("secret", "set", "ADA_PASSWORD", input=PASSWORD).exit_code == 0
    ghost = {"users": [{**SEED_JSON["users"][0], "groups": ["ghosts"]}]}
    _write_seed(people_project, ghost)
    result = sandbox("seed", "--json")
    assert result.exit_code == 2 and "No group ghosts" in document(result)["error"]["message"]
    _write_seed(people_project, {"users": [{**SEED_JSON["users"][0], "password": "x"}]})
    result = sandbox("seed", "--json")
    assert result.exit_code == 2
    assert "users[0].password" in document(result)["error"]["message"]
    assert document(sandbox("users", "list", "--json"))["data"]["users"] == []


def test_no_seed_file(sandbox: Invoke) -> None:
    result = sandbox("seed", "--json")
    assert result.exit_code == 2
    assert "There is no file that corresponds to" in document(result)["error"]["message"]


def _ts(project: Path, port: int, *args: str, input: str | None = None) -> Result:
    where = ["--local", "--port", str(port), "--project-dir", str(project), "--identifier", "ts"]
    return runner.invoke(app, [*args, *where], input=input)


def test_seed_ts_as_the_docs_show_and_deploy_seed_after_replace(
    tmp_path: Path, emulator_port: int
) -> None:
    project = seed_ts_project(tmp_path)
    assert _ts(project, emulator_port, "deploy", "-q").exit_code == 0
    assert (
        _ts(project, emulator_port, "secret", "set", "username", input="ada@example.com").exit_code
        == 0
    )
    assert _ts(project, emulator_port, "secret", "set", "password", input=PASSWORD).exit_code == 0
    seeded = _ts(project, emulator_port, "seed", "--json")
    assert seeded.exit_code == 0, seeded.output
    assert document(seeded)["data"]["created"] == ["ada@example.com"]
    assert "seeded ada@example.com" in seeded.stderr  # the script's own output
    shown = document(_ts(project, emulator_port, "users", "show", "ada@example.com", "--json"))
    user = shown["data"]["user"]
    assert user["status"] == "CONFIRMED" and user["groups"] == ["admin"]
    assert user["attributes"]["locale"] == "en"
    # A second run fails as ampx's does: the script's error shown, exit 1.
    again = _ts(project, emulator_port, "seed", "--json")
    assert again.exit_code == 1
    error = document(again)["error"]
    assert "A user called ada@example.com already exists." in error["message"]
    assert "UsernameExistsError" in again.stderr

    # A change that replaces the pool: its users are gone; --seed brings them back.
    (project / "amplify" / "auth" / "resource.ts").write_text(REPLACING_AUTH, encoding="utf-8")
    deployed = _ts(project, emulator_port, "deploy", "--seed", "--allow-replace", "--json")
    assert deployed.exit_code == 0, deployed.output
    data = document(deployed)["data"]
    assert {"resource": "userPool", "kind": "user_pool", "action": "replace"} in data["changes"]
    assert data["seed"]["created"] == ["ada@example.com"]
    back = document(_ts(project, emulator_port, "users", "list", "--json"))["data"]["users"]
    assert [(u["login"], u["groups"]) for u in back] == [("ada@example.com", ["admin"])]
    # No pool change: --seed does nothing.
    quiet = document(_ts(project, emulator_port, "deploy", "--seed", "--json"))["data"]
    assert "seed" not in quiet


def test_failing_seed_script(tmp_path: Path, emulator_port: int) -> None:
    project = seed_ts_project(tmp_path)
    (project / "amplify" / "seed" / "seed.ts").write_text(
        'import { addToUserGroup } from "@aws-amplify/seed";\n'
        'console.log("starting");\n'
        'await addToUserGroup({ username: "nobody@example.com" }, "ghosts");\n',
        encoding="utf-8",
    )
    assert _ts(project, emulator_port, "deploy", "-q").exit_code == 0
    result = _ts(project, emulator_port, "seed", "--json")
    assert result.exit_code == 1
    message = document(result)["error"]["message"]
    assert message == (
        "Seed failed to complete: AmplifyUserError: There is no group called ghosts in this userpool"
    )
    assert "starting" in result.stderr


def test_deploy_seed_without_a_seed_file_deploys_nothing(
    people_project: Path, emulator_port: int, target: object
) -> None:
    result = _ts(people_project, emulator_port, "deploy", "--seed", "--json")
    assert result.exit_code == 2
    assert "There is no file that corresponds to" in document(result)["error"]["message"]
    assert not (people_project / "amplify_outputs.json").exists()


def test_deploy_seed_with_seed_json(people_project: Path, emulator_port: int) -> None:
    _write_seed(people_project, SEED_JSON)
    env = {"SANDBOX_SECRET_ADA_PASSWORD": PASSWORD}
    where = ["--local", "--port", str(emulator_port), "--project-dir", str(people_project)]
    result = runner.invoke(app, ["deploy", "--seed", "--json", *where], env=env)
    assert result.exit_code == 0, result.output
    assert document(result)["data"]["seed"]["created"] == ["ada@example.com"]
