"""Issue 11's leak scan: every command with --debug and with --json, including `plan` after a
provider was changed outside the tool and a service error that echoes the secret it was sent;
the value is in no output and no file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app
from tests.secrets.test_secret_cli_deploy import (
    CANARY,
    CANARY_LINES,
    CLIENT_ID,
    _scan_emulator_ssm,
)
from tests.secrets.test_secret_cli_deploy import (
    project as project,  # the fixture
)

runner = CliRunner()


def _idp(url: str) -> Any:
    return boto3.client(
        "cognito-idp",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def _edit_scopes_outside(url: str) -> None:
    """As in the console: the provider's scopes changed, its secret sent back unchanged."""
    idp = _idp(url)
    (pool,) = idp.list_user_pools(MaxResults=10)["UserPools"]
    details = idp.describe_identity_provider(UserPoolId=pool["Id"], ProviderName="Google")
    provider = details["IdentityProvider"]["ProviderDetails"]
    idp.update_identity_provider(
        UserPoolId=pool["Id"],
        ProviderName="Google",
        ProviderDetails={**provider, "authorize_scopes": "openid"},
    )


def _echoing_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """The service refuses a provider update with a message quoting the secret it was sent."""
    original = BaseClient._make_api_call

    def call(self: BaseClient, operation_name: str, params: dict[str, Any]) -> Any:
        if operation_name == "UpdateIdentityProvider":
            sent = params["ProviderDetails"]["client_secret"]
            raise ClientError(
                {"Error": {"Code": "InvalidParameterException", "Message": f"bad secret {sent}"}},
                operation_name,
            )
        return original(self, operation_name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", call)


def test_no_command_shows_the_secret(
    project: Path,
    tmp_path: Path,
    emulator_url: str,
    emulator_port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    where = ["--project-dir", str(project), "--identifier", "alice", "--local"]
    where += ["--port", str(emulator_port)]
    outputs: list[bytes] = []

    def run(*args: str, input: str | None = None) -> int:
        for mode in (["--debug", "-v"], ["--json"]):
            result = runner.invoke(app, [*args, *mode, *where], input=input)
            outputs.append(result.stdout_bytes + result.stderr_bytes)
        return result.exit_code

    runner.invoke(app, ["secret", "set", "GOOGLE_CLIENT_ID", *where], input=CLIENT_ID)
    runner.invoke(app, ["secret", "set", "google.client-secret", *where], input=CANARY)
    assert run("deploy") == 0
    _edit_scopes_outside(emulator_url)
    assert run("plan") == 0
    plan = runner.invoke(app, ["plan", "--json", *where]).stdout
    assert "authorize_scopes" in plan, "the drift was seen"
    assert run("status") == 0
    assert run("list") == 0
    assert run("outputs") == 0
    assert run("users", "list") == 0
    assert run("secret", "list") == 0
    assert run("secret", "get", "google.client-secret") == 0
    assert run("deploy", "--refresh") == 0  # puts the scopes back
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SANDBOX_SECRET_GOOGLE_CLIENT_SECRET", CANARY + "changed")
        _echoing_errors(patch)
        assert run("deploy") == 1
    assert any(b"bad secret" in output for output in outputs), "the error was shown"
    assert run("delete", "--yes") == 0

    for output in outputs:
        for line in CANARY_LINES:
            assert line.encode() not in output, output.decode(errors="replace")
    for root in (tmp_path, Path(os.environ["HOME"])):
        for path in root.rglob("*"):
            if path.is_file() and path.name != "keychain.json":  # the keychain stand-in
                for line in CANARY_LINES:
                    assert line.encode() not in path.read_bytes(), path
    _scan_emulator_ssm(emulator_url)
