"""Shared fixtures: one local emulator (moto server + our patches) per session, reset per test,
and an environment that cannot see the developer's own AWS config."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import keyring.core
import pytest
from keyring.backends import fail

from amplify_sandbox.aws.target import AwsTarget, TargetOptions
from amplify_sandbox.local import process
from amplify_sandbox.local.access import TOKEN_HEADER
from amplify_sandbox.local.server import EmulatorServer


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    # Its HTTPS certificate (the hosted UI's) in a temp folder, not the developer's home.
    server = EmulatorServer(host="127.0.0.1", port=0, tls_dir=tmp_path_factory.mktemp("tls"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _reset(emulator: EmulatorServer) -> None:
    """Wipe the emulator through moto's admin endpoint, which needs the emulator's token."""
    request = urllib.request.Request(
        f"{emulator.url}/moto-api/reset",
        method="POST",
        data=b"",
        headers={TOKEN_HEADER: emulator.token},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        json.loads(response.read() or b"{}")


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    # One tool cache per session (the esbuild that functions are bundled with), not per test.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home / "nonexistent-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / "nonexistent-aws-credentials"))
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    # Never let the credential chain reach for the instance metadata service.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    # No test may reach the developer's real keychain: the "no usable backend" one by default
    # (tests/secrets sets a file-backed one of its own).
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring(), raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def emulator_url(emulator: EmulatorServer) -> str:
    """The running emulator's base URL, freshly reset for this test."""
    _reset(emulator)
    return emulator.url


@pytest.fixture
def seed_project(tmp_path: Path) -> Path:
    """A copy of examples/seed-app in a temp folder."""
    import shutil

    source = Path(__file__).resolve().parent.parent / "examples" / "seed-app"
    target = tmp_path / "seed-app"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("node_modules", ".amplify"))
    return target


@pytest.fixture
def target(emulator_url: str) -> AwsTarget:
    """The AWS target pointed at the (reset) emulator, as `--local` builds it."""
    return AwsTarget(TargetOptions(endpoint_url=emulator_url))


@pytest.fixture
def emulator_port(emulator: EmulatorServer, emulator_url: str) -> int:
    """The reset emulator's port, for `sandbox ... --local --port N` (recorded in this test's
    state directory, so the CLI trusts it as it trusts an emulator it started)."""
    process.adopt(emulator)
    return emulator.port
