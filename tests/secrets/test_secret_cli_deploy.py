"""`sandbox deploy` with a resource.ts that uses secret(): missing secrets, both targets, the
keychain fallback, the CI environment override, and a scan for leaks of the value."""

from __future__ import annotations

import json
import os
from pathlib import Path

import boto3
import pytest
from typer.testing import CliRunner

from amplify_sandbox.aws.state_store import decode
from amplify_sandbox.cli.app import app
from tests.secrets.helpers import all_parameters

runner = CliRunner()

RESOURCE_TS = """import { defineAuth, secret } from '@aws-amplify/backend';

export const auth = defineAuth({
  loginWith: {
    email: true,
    externalProviders: {
      google: {
        clientId: secret('GOOGLE_CLIENT_ID'),
        clientSecret: secret('google.client-secret'),
      },
      callbackUrls: ['http://localhost:3000/'],
      logoutUrls: ['http://localhost:3000/'],
    },
  },
});
"""
# Recognisable, multi-line, and each line distinctive enough to find a partial leak.
CANARY_LINES = ["CANARY-7f3e9a1b-first", "CANARY-c42d0e88-second"]
CANARY = "\n".join(CANARY_LINES) + "\n"
CLIENT_ID = "canary-client-id-0b5f.apps.googleusercontent.com"


@pytest.fixture
def project(seed_project: Path) -> Path:
    (seed_project / "amplify" / "auth" / "resource.ts").write_text(RESOURCE_TS)
    return seed_project


def _google_secret(url: str) -> str:
    idp = boto3.client(
        "cognito-idp",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    (pool,) = idp.list_user_pools(MaxResults=10)["UserPools"]
    details = idp.describe_identity_provider(UserPoolId=pool["Id"], ProviderName="Google")
    return str(details["IdentityProvider"]["ProviderDetails"]["client_secret"])


def test_missing_secrets_are_named_with_the_command_exit_2(
    project: Path, emulator_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", emulator_url)
    where = ["--project-dir", str(project), "--identifier", "alice"]
    runner.invoke(app, ["secret", "set", "GOOGLE_CLIENT_ID", *where], input=CLIENT_ID)
    result = runner.invoke(app, ["deploy", "--json", *where])
    assert result.exit_code == 2, result.output
    error = json.loads(result.stdout)["error"]
    assert "google.client-secret" in error["message"] and "GOOGLE_CLIENT_ID" not in error["message"]
    assert "sandbox secret set google.client-secret --identifier alice" in error["hint"]
    assert [n for n in all_parameters(emulator_url) if "state" in n] == [], "nothing deployed"


def test_local_deploy_reads_the_keychain(
    project: Path, emulator_port: int, emulator_url: str
) -> None:
    where = [
        "--project-dir",
        str(project),
        "--identifier",
        "alice",
        "--local",
        "--port",
        str(emulator_port),
    ]
    runner.invoke(app, ["secret", "set", "GOOGLE_CLIENT_ID", *where], input=CLIENT_ID)
    runner.invoke(app, ["secret", "set", "google.client-secret", *where], input=CANARY)
    assert all_parameters(emulator_url) == {}, "secrets are in the keychain"
    result = runner.invoke(app, ["deploy", *where])
    assert result.exit_code == 0, result.output
    assert _google_secret(emulator_url) == CANARY


def test_local_deploy_without_a_keychain_uses_the_emulator(
    project: Path, emulator_port: int, emulator_url: str, no_keychain: None
) -> None:
    where = [
        "--project-dir",
        str(project),
        "--identifier",
        "alice",
        "--local",
        "--port",
        str(emulator_port),
    ]
    runner.invoke(app, ["secret", "set", "GOOGLE_CLIENT_ID", *where], input=CLIENT_ID)
    runner.invoke(app, ["secret", "set", "google.client-secret", "--shared", *where], input="s")
    result = runner.invoke(app, ["deploy", *where])
    assert result.exit_code == 0, result.output
    assert "no usable OS keychain" in result.stderr
    assert _google_secret(emulator_url) == "s"


def test_ci_environment_override(
    project: Path, emulator_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", emulator_url)
    where = ["--project-dir", str(project), "--identifier", "alice"]
    runner.invoke(app, ["secret", "set", "google.client-secret", *where], input="stored")
    monkeypatch.setenv("SANDBOX_SECRET_GOOGLE_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("SANDBOX_SECRET_GOOGLE_CLIENT_SECRET", "from-ci")
    result = runner.invoke(app, ["deploy", *where])
    assert result.exit_code == 0, result.output
    assert _google_secret(emulator_url) == "from-ci"


def _scan_emulator_ssm(url: str) -> int:
    """Every SSM parameter but the secrets themselves: how many held no trace of the value."""
    secret_paths = ("/amplify/seedapp/alice-sandbox-", "/amplify/shared/")
    scanned = 0
    for name, value in all_parameters(url).items():
        if not name.startswith(secret_paths):
            scanned += 1
            # The state record is stored compressed: scan what it says, not just its bytes.
            readable = decode(value).to_json() if value.startswith("z1:") else value
            for line in CANARY_LINES:
                assert line not in value and line not in readable, name
    return scanned


@pytest.mark.parametrize("target", ["aws", "local"])
def test_the_value_leaks_nowhere(
    target: str,
    project: Path,
    tmp_path: Path,
    emulator_url: str,
    emulator_port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    where = ["--project-dir", str(project), "--identifier", "alice", "--debug", "-v"]
    if target == "aws":
        monkeypatch.setenv("AWS_ENDPOINT_URL", emulator_url)
    else:
        where += ["--local", "--port", str(emulator_port)]
    outputs: list[bytes] = []

    def run(*args: str, input: str | None = None) -> int:
        result = runner.invoke(app, list(args), input=input)
        outputs.append(result.stdout_bytes + result.stderr_bytes)
        return result.exit_code

    assert run("secret", "set", "GOOGLE_CLIENT_ID", *where, input=CLIENT_ID) == 0
    assert run("secret", "set", "google.client-secret", *where, input=CANARY) == 0
    assert run("secret", "set", "google.client-secret", *where, input=CANARY) == 0
    assert run("secret", "set", "too-long", *where, input=CANARY * 400) == (
        2 if target == "aws" else 0
    )
    assert run("secret", "list", *where) == 0
    assert run("secret", "list", "--json", *where) == 0
    assert run("secret", "get", "google.client-secret", *where) == 0
    assert run("secret", "get", "google.client-secret", "--json", *where) == 0
    assert run("deploy", *where) == 0
    assert run("deploy", "--json", *where) == 0  # no-op
    assert _google_secret(emulator_url) == CANARY, "the value did reach Cognito"
    monkeypatch.setenv("SANDBOX_SECRET_GOOGLE_CLIENT_SECRET", CANARY + "changed")
    assert run("deploy", *where) == 0  # a changed secret: an update
    assert _scan_emulator_ssm(emulator_url) > 0, "the state record was scanned"
    assert run("delete", "--yes", *where) == 0
    assert run("secret", "remove", "too-long", *where) in (0, 2)

    for output in outputs:
        for line in CANARY_LINES:
            assert line.encode() not in output, output.decode(errors="replace")

    written = [tmp_path, Path(os.environ["HOME"])]
    for root in written:
        for path in root.rglob("*"):
            if path.is_file() and path.name != "keychain.json":  # the keychain stand-in
                data = path.read_bytes()
                for line in CANARY_LINES:
                    assert line.encode() not in data, path

    _scan_emulator_ssm(emulator_url)
    reveal = runner.invoke(app, ["secret", "get", "google.client-secret", "--reveal", *where])
    assert reveal.stdout_bytes == CANARY.encode(), "shown only when asked for"
    assert CANARY_LINES[0].encode() not in reveal.stderr_bytes
