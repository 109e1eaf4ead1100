"""The real `sandbox` entry point: CliRunner for most, true subprocesses for a few."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from typer.testing import CliRunner

from amplify_sandbox import __version__
from amplify_sandbox.cli.app import app

runner = CliRunner()


def _local(port: int, project: Path) -> list[str]:
    return ["--local", "--port", str(port), "--project-dir", str(project), "--identifier", "cli"]


def _user_pools(url: str) -> list[dict[str, object]]:
    client = boto3.client(
        "cognito-idp",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    return list(client.list_user_pools(MaxResults=60)["UserPools"])


def test_deploy_prints_identity_resources_and_outputs_path(
    seed_project: Path, emulator_port: int
) -> None:
    result = runner.invoke(app, ["deploy", *_local(emulator_port, seed_project)])
    assert result.exit_code == 0, result.output
    assert "Sandbox cli of seed-app on local emulator" in result.stderr
    assert "created user_pool userPool" in result.stderr
    outputs = seed_project / "amplify_outputs.json"
    assert f"Outputs written to {outputs}" in result.stderr.replace("\n", "")
    assert json.loads(outputs.read_text())["version"] == "1.5"
    assert result.stdout == "", "without --json, stdout is left for data"


def test_json_mode_prints_one_document_and_no_op_makes_few_calls(
    seed_project: Path, emulator_port: int
) -> None:
    first = runner.invoke(app, ["deploy", "--json", *_local(emulator_port, seed_project)])
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)["data"]
    assert {c["action"] for c in data["changes"]} == {"create"}
    second = runner.invoke(app, ["deploy", "--json", *_local(emulator_port, seed_project)])
    data = json.loads(second.stdout)["data"]
    assert {c["action"] for c in data["changes"]} == {"no-op"}
    assert data["api_calls"] <= 3
    assert "No changes" in second.stderr


def test_outputs_version_and_format_options(seed_project: Path, emulator_port: int) -> None:
    out = seed_project / "web"
    result = runner.invoke(
        app,
        [
            "deploy",
            *_local(emulator_port, seed_project),
            "--outputs-version",
            "0",
            "--outputs-format",
            "mjs",
            "--outputs-out-dir",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    text = (out / "amplifyconfiguration.mjs").read_text()
    assert "aws_user_pools_id" in text
    deleted = runner.invoke(
        app,
        ["delete", "--yes", *_local(emulator_port, seed_project), "--outputs-out-dir", str(out)],
    )
    assert deleted.exit_code == 0, deleted.output
    assert not (out / "amplifyconfiguration.mjs").exists()


def test_bad_outputs_version_is_refused_before_any_call(
    seed_project: Path, emulator_port: int, emulator_url: str
) -> None:
    result = runner.invoke(
        app, ["deploy", *_local(emulator_port, seed_project), "--outputs-version", "2"]
    )
    assert result.exit_code == 2
    assert "1.5" in result.stderr
    assert _user_pools(emulator_url) == []


def test_definition_error_names_file_line_and_changes_nothing(
    seed_project: Path, emulator_port: int, emulator_url: str
) -> None:
    resource = seed_project / "amplify" / "auth" / "resource.ts"
    resource.write_text(resource.read_text().replace("email: true", "emial: true"))
    result = runner.invoke(app, ["deploy", *_local(emulator_port, seed_project)])
    assert result.exit_code == 2, result.output
    assert "resource.ts:9:" in result.stderr
    assert "emial" in result.stderr and "email" in result.stderr
    assert "Traceback" not in result.output
    assert _user_pools(emulator_url) == []


def test_definition_error_as_json(seed_project: Path, emulator_port: int) -> None:
    (seed_project / "amplify" / "auth" / "resource.ts").write_text("export const auth = {")
    result = runner.invoke(app, ["deploy", "--json", *_local(emulator_port, seed_project)])
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "definition"
    assert "resource.ts:1:" in error["message"]


def test_delete_needs_yes_without_a_terminal(seed_project: Path, emulator_port: int) -> None:
    assert runner.invoke(app, ["deploy", *_local(emulator_port, seed_project)]).exit_code == 0
    refused = runner.invoke(app, ["delete", "--json", *_local(emulator_port, seed_project)])
    assert refused.exit_code == 3
    assert "--yes" in json.loads(refused.stdout)["error"]["hint"]
    assert (seed_project / "amplify_outputs.json").exists()
    deleted = runner.invoke(app, ["delete", "--yes", *_local(emulator_port, seed_project)])
    assert deleted.exit_code == 0, deleted.output
    assert not (seed_project / "amplify_outputs.json").exists()
    again = runner.invoke(app, ["delete", "--yes", *_local(emulator_port, seed_project)])
    assert again.exit_code == 0
    assert "Nothing to delete" in again.stderr


def test_invalid_identifier_is_exit_2(seed_project: Path) -> None:
    result = runner.invoke(
        app, ["deploy", "--project-dir", str(seed_project), "--identifier", "not_valid!"]
    )
    assert result.exit_code == 2
    assert "Invalid identifier" in result.stderr


def test_aws_target_without_credentials_suggests_local(
    seed_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    result = runner.invoke(app, ["deploy", "--project-dir", str(seed_project)])
    assert result.exit_code == 1, result.output
    assert "No AWS credentials" in result.stderr
    assert "--local" in result.stderr
    assert "Traceback" not in result.output


def test_aws_target_without_region_says_so(
    seed_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    result = runner.invoke(app, ["deploy", "--project-dir", str(seed_project)])
    assert result.exit_code == 2, result.output
    assert "region" in result.stderr and "--region" in result.stderr


def test_aws_target_honours_aws_endpoint_url(
    seed_project: Path, emulator_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same code path as a real account, pointed at the emulator by the standard variable.
    monkeypatch.setenv("AWS_ENDPOINT_URL", emulator_url)
    result = runner.invoke(
        app, ["deploy", "--project-dir", str(seed_project), "--region", "eu-west-1"]
    )
    assert result.exit_code == 0, result.output
    assert "AWS region eu-west-1" in result.stderr
    outputs = json.loads((seed_project / "amplify_outputs.json").read_text())
    assert outputs["auth"]["aws_region"] == "eu-west-1"
    assert "custom" not in outputs


def _env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1"}


def test_installed_entry_point_version_and_module() -> None:
    sandbox = Path(sys.executable).parent / "sandbox"
    version = subprocess.run(
        [str(sandbox), "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == f"sandbox {__version__}"
    module = subprocess.run(
        [sys.executable, "-m", "amplify_sandbox", "--help"], capture_output=True, text=True
    )
    assert module.returncode == 0 and "deploy" in module.stdout


def test_subprocess_deploy_and_delete(seed_project: Path, emulator_port: int) -> None:
    sandbox = str(Path(sys.executable).parent / "sandbox")
    deployed = subprocess.run(
        [sandbox, "deploy", *_local(emulator_port, seed_project)],
        capture_output=True,
        text=True,
        env=_env(),
        stdin=subprocess.DEVNULL,
    )
    assert deployed.returncode == 0, deployed.stderr
    assert "amplify_outputs.json" in deployed.stderr
    refused = subprocess.run(
        [sandbox, "delete", *_local(emulator_port, seed_project)],
        capture_output=True,
        text=True,
        env=_env(),
        stdin=subprocess.DEVNULL,
    )
    assert refused.returncode == 3
    deleted = subprocess.run(
        [sandbox, "delete", "--yes", *_local(emulator_port, seed_project)],
        capture_output=True,
        text=True,
        env=_env(),
        stdin=subprocess.DEVNULL,
    )
    assert deleted.returncode == 0, deleted.stderr
