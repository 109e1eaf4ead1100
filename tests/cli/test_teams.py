"""`sandbox list`, `gc`, `status` and `outputs` against the emulator, through the real CLI."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from amplify_sandbox.aws.lock import Holder, lock_name
from amplify_sandbox.aws.target import AwsTarget
from amplify_sandbox.cli.app import app
from amplify_sandbox.deploy.stamp import iso
from amplify_sandbox.identity import SandboxIdentity

runner = CliRunner()


def _run(port: int, project: Path, *words: str, identifier: str = "alice") -> Result:
    where = ["--local", "--port", str(port), "--project-dir", str(project)]
    return runner.invoke(app, [*words, *where, "--identifier", identifier])


def _data(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)["data"]
    return document


def _identity(identifier: str) -> SandboxIdentity:
    return SandboxIdentity("seed-app", identifier)


def _age(target: AwsTarget, identifier: str, days: float) -> None:
    """Make the sandbox's last deploy `days` old (as if deployed then)."""
    store = target.state_store(_identity(identifier))
    state = store.load()
    assert state is not None and state.about is not None
    store.save(replace(state, about=replace(state.about, deployed=iso(time.time() - days * 86400))))


def _pools(target: AwsTarget) -> list[str]:
    found = target.clients.cognito_idp.list_user_pools(MaxResults=60)["UserPools"]
    return sorted(pool["Name"] for pool in found)


def _add_user(target: AwsTarget, pool_id: str) -> None:
    target.clients.cognito_idp.admin_create_user(UserPoolId=pool_id, Username="bob@example.com")


def test_list_shows_every_sandbox_with_its_stamp_lock_and_users(
    seed_project: Path, emulator_port: int, target: AwsTarget
) -> None:
    for name in ("alice", "pr-1"):
        assert _run(emulator_port, seed_project, "deploy", identifier=name).exit_code == 0
    listed = _data(_run(emulator_port, seed_project, "list", "--json", identifier="*"))
    by_id = {s["identifier"]: s for s in listed["sandboxes"]}
    assert set(by_id) == {"alice", "pr-1"}
    alice = by_id["alice"]
    assert alice["app"] == "seed-app" and alice["record"] == "ok" and alice["resources"] == 6
    assert alice["last_deploy"]["by"] and alice["last_deploy"]["from"] and alice["created"]
    assert alice["owner"] == alice["last_deploy"]["by"]
    assert alice["users"] is None and alice["locked_by"] is None
    # Bounded: one listing per kind, no describe without --users.
    assert listed["api_calls"] <= 4
    only_pr = _data(_run(emulator_port, seed_project, "list", "--json", identifier="pr-*"))
    assert [s["identifier"] for s in only_pr["sandboxes"]] == ["pr-1"]
    other_app = _data(
        _run(emulator_port, seed_project, "list", "--json", "--app", "shop", identifier="*")
    )
    assert other_app["sandboxes"] == []
    _add_user(target, alice["user_pool_id"])
    holder = Holder("carol", "ci-7", 42, "deploy", "2026-01-01T00:00:00Z", time.time() + 600, "t")
    target.clients.ssm.put_parameter(
        Name=lock_name(_identity("alice")), Value=holder.to_json(), Type="String"
    )
    counted = _data(
        _run(emulator_port, seed_project, "list", "--json", "--users", identifier="alice")
    )
    (only,) = counted["sandboxes"]
    assert only["users"] == 1 and "carol@ci-7" in only["locked_by"]
    text = _run(emulator_port, seed_project, "list", identifier="alice")
    assert "seed-app/alice" in text.stderr and "locked by carol@ci-7" in text.stderr


def test_list_finds_a_sandbox_whose_record_is_lost_by_its_tag(
    seed_project: Path, emulator_port: int, target: AwsTarget
) -> None:
    assert _run(emulator_port, seed_project, "deploy", identifier="pr-2").exit_code == 0
    target.state_store(_identity("pr-2")).clear()
    listed = _data(_run(emulator_port, seed_project, "list", "--json", identifier="*"))
    (lost,) = listed["sandboxes"]
    assert lost["sandbox_id"] == _identity("pr-2").stack_name
    assert lost["record"] == "missing" and lost["resources"] == 2  # user pool + identity pool
    assert lost["user_pool_id"] and lost["users"] == 0


def test_no_sandbox_listed_on_an_empty_target(seed_project: Path, emulator_port: int) -> None:
    listed = _data(_run(emulator_port, seed_project, "list", "--json"))
    assert listed["sandboxes"] == []
    assert "No sandboxes found" in _run(emulator_port, seed_project, "list").stderr


def test_gc_dry_run_changes_nothing_and_yes_deletes_only_the_stale_matching_ones(
    seed_project: Path, emulator_port: int, target: AwsTarget
) -> None:
    for name in ("alice", "pr-1", "pr-2"):
        assert _run(emulator_port, seed_project, "deploy", identifier=name).exit_code == 0
    _age(target, "alice", 30)
    _age(target, "pr-1", 30)
    pr1 = target.state_store(_identity("pr-1")).load()
    assert pr1 is not None
    _add_user(target, pr1.resources["userPool"].physical_id)
    before = _pools(target)
    gc = ["gc", "--older-than", "14d", "--match", "pr-*"]
    dry = _data(_run(emulator_port, seed_project, *gc, "--json", identifier="*"))
    assert dry["dry_run"] is True
    assert [(s["identifier"], s["outcome"], s["users"]) for s in dry["sandboxes"]] == [
        ("pr-1", "stale", 1)
    ]
    assert _pools(target) == before, "a dry run deletes nothing"
    shown = _run(emulator_port, seed_project, *gc, identifier="*")
    assert "1 user(s) lost" in shown.stderr and "pass --yes" in shown.stderr
    done = _data(_run(emulator_port, seed_project, *gc, "--yes", "--json", identifier="*"))
    assert [(s["identifier"], s["outcome"]) for s in done["sandboxes"]] == [("pr-1", "deleted")]
    left = {
        s["identifier"]
        for s in _data(_run(emulator_port, seed_project, "list", "--json", identifier="*"))[
            "sandboxes"
        ]
    }
    assert left == {"alice", "pr-2"}
    assert target.state_store(_identity("pr-1")).load() is None


def test_gc_collects_a_sandbox_known_only_by_tag_and_skips_a_locked_one(
    seed_project: Path, emulator_port: int, target: AwsTarget
) -> None:
    for name in ("pr-3", "pr-4"):
        assert _run(emulator_port, seed_project, "deploy", identifier=name).exit_code == 0
    _age(target, "pr-4", 30)
    holder = Holder("dave", "box", 7, "deploy", "2026-01-01T00:00:00Z", time.time() + 600, "t")
    target.clients.ssm.put_parameter(
        Name=lock_name(_identity("pr-4")), Value=holder.to_json(), Type="String"
    )
    target.state_store(_identity("pr-3")).clear()  # found by tag; age from the pool
    done = _data(
        _run(
            emulator_port,
            seed_project,
            "gc",
            "--older-than",
            "0s",
            "--yes",
            "--json",
            identifier="*",
        )
    )
    outcomes = {s["sandbox_id"]: (s["outcome"], s["detail"]) for s in done["sandboxes"]}
    assert outcomes[_identity("pr-3").stack_name][0] == "deleted"
    kept = {s["sandbox_id"]: s["detail"] for s in done["kept"]}
    assert "dave@box" in kept[_identity("pr-4").stack_name]
    left = _pools(target)
    assert len(left) == 1 and "pr4" in left[0]


def test_gc_refuses_a_bad_duration(seed_project: Path, emulator_port: int) -> None:
    result = _run(emulator_port, seed_project, "gc", "--older-than", "2 weeks", "--json")
    assert result.exit_code == 2
    assert "14d, 12h, 30m" in json.loads(result.stdout)["error"]["hint"]


def test_status_before_and_after_a_deploy(
    seed_project: Path, emulator_port: int, target: AwsTarget
) -> None:
    before = _data(_run(emulator_port, seed_project, "status", "--json"))
    assert before["deployed"] is False and before["record"] == "missing"
    assert before["differs"] == "6 to add" and before["locked_by"] is None
    assert before["outputs_files"] == []
    assert _run(emulator_port, seed_project, "deploy").exit_code == 0
    calls = len(target.log.calls)
    after = _data(_run(emulator_port, seed_project, "status", "--json"))
    assert after["deployed"] is True and after["differs"] == "up to date"
    assert after["last_deploy"]["by"] and after["resources"] == 6
    (outputs,) = after["outputs_files"]
    assert outputs["path"].endswith("amplify_outputs.json") and outputs["matches"] is True
    shown = _run(emulator_port, seed_project, "status")
    assert "up to date" in shown.stderr and "lock:     free" in shown.stderr
    assert len(target.log.calls) == calls  # nothing through this test's own client
    resource = seed_project / "amplify" / "auth" / "resource.ts"
    resource.write_text(resource.read_text().replace("email: true", "email: true, phone: true"))
    changed = _data(_run(emulator_port, seed_project, "status", "--json"))
    assert "to" in changed["differs"] and changed["differs"] != "up to date"


def test_status_shows_a_definition_error_as_a_line_and_the_lock_holder(
    seed_project: Path, emulator_port: int, target: AwsTarget
) -> None:
    assert _run(emulator_port, seed_project, "deploy").exit_code == 0
    (seed_project / "amplify" / "auth" / "resource.ts").write_text("export const auth = {")
    holder = Holder("erin", "laptop", 9, "deploy", "2026-01-01T00:00:00Z", time.time() + 600, "t")
    target.clients.ssm.put_parameter(
        Name=lock_name(_identity("alice")), Value=holder.to_json(), Type="String"
    )
    (seed_project / "amplify_outputs.json").write_text('{"auth": {"user_pool_id": "other"}}')
    status = _data(_run(emulator_port, seed_project, "status", "--json"))
    assert status["differs"].startswith("cannot compare: ") and status["changes"] is None
    assert "erin@laptop" in status["locked_by"]
    assert status["outputs_files"][0]["matches"] is False
    # Read-only: the lock is still erin's.
    assert (
        "erin"
        in target.clients.ssm.get_parameter(Name=lock_name(_identity("alice")))["Parameter"][
            "Value"
        ]
    )


def test_outputs_for_another_sandbox_from_its_record(
    seed_project: Path, emulator_port: int, tmp_path: Path
) -> None:
    deployed = _data(_run(emulator_port, seed_project, "deploy", "--json", identifier="pr-9"))
    written = json.loads(Path(deployed["outputs_file"]).read_text())
    teammate = tmp_path / "teammate"
    shutil.copytree(seed_project, teammate)
    (teammate / "amplify_outputs.json").unlink()
    got = _data(_run(emulator_port, teammate, "outputs", "--json", identifier="pr-9"))
    assert json.loads(Path(got["outputs_file"]).read_text()) == written
    assert got["user_pool_id"] == written["auth"]["user_pool_id"]
    legacy = _run(
        emulator_port,
        teammate,
        "outputs",
        "--outputs-version",
        "0",
        "--outputs-format",
        "mjs",
        "--outputs-out-dir",
        str(tmp_path / "web"),
        identifier="pr-9",
    )
    assert legacy.exit_code == 0, legacy.output
    text = (tmp_path / "web" / "amplifyconfiguration.mjs").read_text()
    assert written["auth"]["user_pool_id"] in text


def test_outputs_of_a_sandbox_not_deployed_or_without_a_definition(
    seed_project: Path, emulator_port: int, tmp_path: Path
) -> None:
    missing = _run(emulator_port, seed_project, "outputs", "--json", identifier="nobody")
    assert missing.exit_code == 2
    error = json.loads(missing.stdout)["error"]
    assert "'nobody'" in error["message"] and "is not deployed" in error["message"]
    assert "sandbox list" in error["hint"]
    assert not (seed_project / "amplify_outputs.json").exists()
    assert _run(emulator_port, seed_project, "deploy").exit_code == 0
    shutil.rmtree(seed_project / "amplify")
    bare = _run(emulator_port, seed_project, "outputs", "--json")
    assert bare.exit_code == 2
    assert "needs the project's auth definition" in json.loads(bare.stdout)["error"]["message"]


def test_a_no_op_deploy_refreshes_an_old_stamp(
    seed_project: Path, emulator_port: int, target: AwsTarget
) -> None:
    assert _run(emulator_port, seed_project, "deploy").exit_code == 0
    _age(target, "alice", 20)
    assert _run(emulator_port, seed_project, "deploy").exit_code == 0
    state = target.state_store(_identity("alice")).load()
    assert state is not None and state.about is not None
    assert state.about.deployed >= iso(time.time() - 60)
    assert target.clients.ssm.get_parameters_by_path(Path="/amplify-sandbox/", Recursive=True)
    gc = _data(
        _run(emulator_port, seed_project, "gc", "--older-than", "14d", "--json", identifier="*")
    )
    assert gc["sandboxes"] == []
