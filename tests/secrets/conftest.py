"""Every secrets test runs with a file-backed keyring (never the real keychain), no
SANDBOX_SECRET_* variables from the outside, and `tests` importable by subprocesses."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.core
import pytest

from tests.secrets.file_keyring import FILE_ENV_VAR, FileKeyring

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FileKeyring]:
    for name in list(os.environ):
        if name.startswith("SANDBOX_SECRET_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv(FILE_ENV_VAR, str(tmp_path / "keychain.json"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.secrets.file_keyring.FileKeyring")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
    )
    # Restored after the test, whatever keyring had chosen before.
    monkeypatch.setattr(keyring.core, "_keyring_backend", None, raising=False)
    backend = FileKeyring()  # type: ignore[no-untyped-call]
    keyring.set_keyring(backend)
    yield backend


@pytest.fixture
def no_keychain(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine without a usable keyring backend (headless Linux, CI)."""
    from keyring.backends import fail

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
