"""Issue 11 item 13 (secrets): the local secret store says which keyring backend holds the values
and warns for a plaintext one; names that differ only in case never share one keychain entry."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app
from amplify_sandbox.errors import UsageError
from amplify_sandbox.identity import resolve_identity
from amplify_sandbox.secrets.keyring_store import KeyringSecretStore, backend_description
from amplify_sandbox.secrets.model import Scope
from tests.secrets.file_keyring import FileKeyring
from tests.secrets.helpers import make_project

runner = CliRunner()
SERVICE = "amplify-sandbox:amplify-mysampleapp-alice-sandbox-2bea0b21ed"


class PlaintextKeyring(FileKeyring):
    """Stands for keyrings.alt.file.PlaintextKeyring: values unencrypted in a file."""

    @property
    def file_path(self) -> str:
        return str(self.path)


class CaseBlindKeyring(FileKeyring):
    """A keychain that compares entry names without case, as the Windows Credential Manager and
    the macOS Keychain do."""

    def get_password(self, service: str, username: str) -> str | None:
        return super().get_password(service, username.lower())

    def set_password(self, service: str, username: str, password: str) -> None:
        super().set_password(service, username.lower(), password)

    def delete_password(self, service: str, username: str) -> None:
        super().delete_password(service, username.lower())


def _where(tmp_path: Path) -> list[str]:
    project = make_project(tmp_path)
    return ["--project-dir", str(project), "--identifier", "alice", "--local", "--port", "9"]


def test_a_plaintext_backend_is_named_and_warned_about(tmp_path: Path) -> None:
    backend = PlaintextKeyring()  # type: ignore[no-untyped-call]
    keyring.set_keyring(backend)

    result = runner.invoke(app, ["secret", "set", "K", *_where(tmp_path), "-v"], input="v")

    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr
    assert "plaintext file" in result.stderr
    assert str(backend.path) in result.stderr
    assert "PlaintextKeyring" in result.stderr
    assert "the OS keychain" not in result.stderr
    assert backend.dump()[SERVICE]["K"] == "v"


def test_a_keychain_backend_is_named_without_a_warning(tmp_path: Path) -> None:
    result = runner.invoke(app, ["secret", "set", "K", *_where(tmp_path), "-v"], input="v")

    assert result.exit_code == 0, result.output
    assert "warning:" not in result.stderr
    assert "the keyring backend tests.secrets.file_keyring.FileKeyring" in result.stderr


def test_backend_descriptions() -> None:
    assert "not encrypted" in backend_description(PlaintextKeyring())  # type: ignore[no-untyped-call]
    assert backend_description(FileKeyring()) == (  # type: ignore[no-untyped-call]
        "the keyring backend tests.secrets.file_keyring.FileKeyring"
    )


def _store(tmp_path: Path, backend: FileKeyring) -> KeyringSecretStore:
    return KeyringSecretStore(backend, resolve_identity(make_project(tmp_path), "alice"))


def test_names_differing_only_in_case_do_not_share_an_entry(tmp_path: Path) -> None:
    backend = CaseBlindKeyring()  # type: ignore[no-untyped-call]
    store = _store(tmp_path, backend)
    store.put(Scope.SANDBOX, "API_KEY", "first")

    with pytest.raises(UsageError, match="differs only in case from 'API_KEY'") as refused:
        store.put(Scope.SANDBOX, "api_key", "second")

    assert refused.value.exit_code == 2
    assert store.values(Scope.SANDBOX, ["API_KEY", "api_key"]) == {"API_KEY": "first"}
    assert store.get(Scope.SANDBOX, "Api_Key") is None
    assert store.remove(Scope.SANDBOX, ["api_key"]) == []
    assert [e.name for e in store.entries(Scope.SANDBOX)] == ["API_KEY"]
    assert store.values(Scope.SANDBOX, ["API_KEY"]) == {"API_KEY": "first"}
    # The same name again is an update, not a collision.
    assert store.put(Scope.SANDBOX, "API_KEY", "third").version == 2


def test_a_case_collision_through_the_cli_is_a_usage_error(tmp_path: Path) -> None:
    keyring.set_keyring(CaseBlindKeyring())  # type: ignore[no-untyped-call]
    where = _where(tmp_path)
    assert runner.invoke(app, ["secret", "set", "Token", *where], input="one").exit_code == 0

    result = runner.invoke(app, ["secret", "set", "TOKEN", *where], input="two")

    assert result.exit_code == 2, result.output
    assert "differs only in case from 'Token'" in result.stderr
    assert "Traceback" not in result.output
    got = runner.invoke(app, ["secret", "get", "Token", "--reveal", *where])
    assert got.stdout_bytes.decode() == "one"
