"""`sandbox secret set|get|list|remove` on both targets: AWS (the emulator reached through the
AWS code path with AWS_ENDPOINT_URL) and --local (the keychain, here a file-backed keyring)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app
from tests.secrets.file_keyring import FileKeyring
from tests.secrets.helpers import P8, all_parameters, make_project, ssm

runner = CliRunner()
SANDBOX_PATH = "/amplify/mysampleapp/alice-sandbox-2bea0b21ed"
KEYRING_SERVICE = "amplify-sandbox:amplify-mysampleapp-alice-sandbox-2bea0b21ed"


@pytest.fixture(params=["aws", "local"])
def where(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    emulator_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> list[str]:
    """Options selecting a target; the local keychain must not need the emulator at all."""
    project = make_project(tmp_path)
    common = ["--project-dir", str(project), "--identifier", "alice"]
    if request.param == "aws":
        monkeypatch.setenv("AWS_ENDPOINT_URL", emulator_url)
        return common
    return [*common, "--local", "--port", "9"]  # nothing listens on port 9


def sandbox(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    """Exit code, stdout exactly as written (CliRunner's .stdout folds \\r\\n), stderr."""
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout_bytes.decode(), result.stderr


def test_set_get_list_remove(where: list[str]) -> None:
    code, out, err = sandbox("secret", "set", "APPLE_KEY", *where, input=P8)
    assert code == 0, err
    assert "Set secret APPLE_KEY (version 1)" in err and out == ""
    code, _, err = sandbox("secret", "set", "APPLE_KEY", *where, input=P8 + "v2")
    assert "Set secret APPLE_KEY (version 2)" in err

    code, out, err = sandbox("secret", "get", "APPLE_KEY", *where)
    assert code == 0, err
    assert "APPLE_KEY  sandbox  version 2  last modified 20" in err
    assert "PRIVATE" not in out + err
    code, out, err = sandbox("secret", "get", "APPLE_KEY", "--reveal", *where)
    assert out == P8 + "v2", "the value, byte for byte, and only on stdout"
    code, out, _ = sandbox("secret", "get", "APPLE_KEY", "--reveal", "--json", *where)
    data = json.loads(out)["data"]
    assert data["value"] == P8 + "v2" and data["scope"] == "sandbox" and data["version"] == 2

    code, out, err = sandbox("secret", "list", *where)
    assert code == 0 and " - APPLE_KEY  sandbox  version 2  20" in err
    code, out, _ = sandbox("secret", "list", "--json", *where)
    (entry,) = json.loads(out)["data"]["secrets"]
    assert entry["name"] == "APPLE_KEY" and entry["version"] == 2 and "value" not in entry
    assert entry["last_modified"].startswith("20")

    code, out, err = sandbox("secret", "remove", "APPLE_KEY", *where)
    assert code == 0 and "Removed APPLE_KEY (sandbox scope)" in err
    code, _, err = sandbox("secret", "list", *where)
    assert code == 0 and "No secrets set for sandbox 'alice'" in err
    code, _, err = sandbox("secret", "get", "APPLE_KEY", *where)
    assert code == 2 and "not set" in err and "sandbox secret set APPLE_KEY" in err
    code, _, err = sandbox("secret", "remove", "APPLE_KEY", *where)
    assert code == 2 and "not set" in err


def test_shared_secret_is_the_fallback(where: list[str]) -> None:
    assert sandbox("secret", "set", "CLIENT", "--shared", *where, input="shared")[0] == 0
    code, out, _ = sandbox("secret", "get", "CLIENT", "--reveal", "--json", *where)
    data = json.loads(out)["data"]
    assert (data["scope"], data["value"]) == ("shared", "shared")
    assert sandbox("secret", "set", "CLIENT", *where, input="own")[0] == 0
    code, out, _ = sandbox("secret", "get", "CLIENT", "--reveal", "--json", *where)
    assert (json.loads(out)["data"]["scope"], json.loads(out)["data"]["value"]) == (
        "sandbox",
        "own",
    )
    code, out, _ = sandbox("secret", "get", "CLIENT", "--shared", "--reveal", "--json", *where)
    assert json.loads(out)["data"]["value"] == "shared"
    code, out, err = sandbox("secret", "list", "--json", *where)
    rows = [(s["name"], s["scope"], s["used"]) for s in json.loads(out)["data"]["secrets"]]
    assert rows == [("CLIENT", "sandbox", True), ("CLIENT", "shared", False)]
    code, _, err = sandbox("secret", "remove", "CLIENT", "--shared", *where)
    assert code == 0 and "Removed CLIENT (shared scope)" in err


def test_env_override_is_reported(where: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    sandbox("secret", "set", "apple.private-key", *where, input="stored")
    monkeypatch.setenv("SANDBOX_SECRET_APPLE_PRIVATE_KEY", "from-env")
    _, out, err = sandbox("secret", "get", "apple.private-key", "--json", *where)
    assert json.loads(out)["data"]["env_override"] == "SANDBOX_SECRET_APPLE_PRIVATE_KEY"
    assert "overridden at deploy by $SANDBOX_SECRET_APPLE_PRIVATE_KEY" in err


def test_remove_all_with_25_secrets(where: list[str]) -> None:
    names = [f"S{i:02d}" for i in range(25)]
    for name in names:
        assert sandbox("secret", "set", name, *where, input=f"v-{name}")[0] == 0
    code, out, _ = sandbox("secret", "remove", "--all", "--json", *where)
    assert code == 3 and "--yes" in json.loads(out)["error"]["hint"]
    code, out, err = sandbox("secret", "remove", "--all", "--yes", "--json", *where)
    assert code == 0, err
    assert sorted(json.loads(out)["data"]["removed"]) == names
    assert "No secrets set" in sandbox("secret", "list", *where)[2]
    code, _, err = sandbox("secret", "remove", "--all", "--yes", *where)
    assert code == 0 and "No sandbox secrets to remove" in err


@pytest.mark.parametrize(
    ("args", "input", "message"),
    [
        (["set", "bad name"], "v", "Invalid secret name"),
        (["set", "OK"], "", "Empty value"),
        (["set", "OK"], "\n", "Empty value"),
        (["remove"], None, "Give a secret name or --all"),
        (["remove", "X", "--all"], None, "Give a secret name or --all"),
        (["get", "a/b"], None, "Invalid secret name"),
    ],
)
def test_usage_errors(where: list[str], args: list[str], input: str | None, message: str) -> None:
    code, _, err = sandbox("secret", *args, *where, input=input)
    assert code == 2 and message in err


def test_value_on_the_command_line_is_refused_and_not_echoed(where: list[str]) -> None:
    code, out, err = sandbox("secret", "set", "NAME", "hunter2-on-argv", *where, input="x")
    assert code == 2 and "never taken from the command line" in err
    assert "hunter2" not in out + err
    assert "No secrets set" in sandbox("secret", "list", *where)[2]


def test_aws_secrets_are_amplify_secrets(
    tmp_path: Path, emulator_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same project and identifier as `npx ampx sandbox secret`: same parameter, both ways."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", emulator_url)
    where = ["--project-dir", str(make_project(tmp_path)), "--identifier", "alice"]
    assert sandbox("secret", "set", "OURS", *where, input="ours-value")[0] == 0
    client = ssm(emulator_url)
    described = client.describe_parameters(
        ParameterFilters=[{"Key": "Path", "Option": "OneLevel", "Values": [SANDBOX_PATH]}]
    )["Parameters"]
    assert [(p["Name"], p["Type"], p["Description"]) for p in described] == [
        (f"{SANDBOX_PATH}/OURS", "SecureString", "Amplify Secret")
    ]
    # What `ampx sandbox secret set THEIRS` writes (backend-secret's SSMSecretClient.setSecret).
    client.put_parameter(
        Name=f"{SANDBOX_PATH}/THEIRS",
        Value="theirs-value",
        Type="SecureString",
        Description="Amplify Secret",
        Overwrite=True,
    )
    client.put_parameter(
        Name="/amplify/shared/my-sample-app/SHARED_ONE", Value="s", Type="SecureString"
    )
    _, out, _ = sandbox("secret", "list", "--json", *where)
    listed = {(s["name"], s["scope"]) for s in json.loads(out)["data"]["secrets"]}
    assert listed == {("OURS", "sandbox"), ("THEIRS", "sandbox"), ("SHARED_ONE", "shared")}
    _, out, _ = sandbox("secret", "get", "THEIRS", "--reveal", *where)
    assert out == "theirs-value"


def test_local_uses_the_keychain_one_service_per_sandbox(
    tmp_path: Path, file_keyring: FileKeyring, emulator_url: str
) -> None:
    where = ["--project-dir", str(make_project(tmp_path)), "--identifier", "alice", "--local"]
    code, _, err = sandbox("secret", "set", "K", *where, "--port", "9", input="v")
    assert code == 0, err
    assert file_keyring.dump()[KEYRING_SERVICE]["K"] == "v"
    assert all_parameters(emulator_url) == {}, "nothing in the emulator"


def test_local_without_a_keychain_uses_the_emulator_and_says_so(
    tmp_path: Path, no_keychain: None, emulator_url: str, emulator_port: int
) -> None:
    where = ["--project-dir", str(make_project(tmp_path)), "--identifier", "alice"]
    where += ["--local", "--port", str(emulator_port)]
    code, _, err = sandbox("secret", "set", "K", *where, input="v")
    assert code == 0, err
    assert "no usable OS keychain" in err and "lost when the emulator stops" in err
    assert all_parameters(emulator_url) == {f"{SANDBOX_PATH}/K": "v"}
    code, out, _ = sandbox("secret", "get", "K", "--reveal", *where)
    assert out == "v"
