"""A keyring backend in a JSON file, so tests (and the `sandbox` subprocesses they start, through
PYTHON_KEYRING_BACKEND) never touch the developer's real keychain."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

FILE_ENV_VAR = "SANDBOX_TEST_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        # keyring considers every imported backend class: this one only where a test set it up.
        if FILE_ENV_VAR not in os.environ:
            raise RuntimeError(f"{FILE_ENV_VAR} is not set")
        return 1  # "recommended": the tool treats it as a real keychain

    @property
    def path(self) -> Path:
        return Path(os.environ[FILE_ENV_VAR])

    def _load(self) -> dict[str, dict[str, str]]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def _save(self, data: dict[str, dict[str, str]]) -> None:
        self.path.write_text(json.dumps(data))

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data.setdefault(service, {})[username] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if username not in data.get(service, {}):
            raise PasswordDeleteError(username)
        del data[service][username]
        self._save(data)

    def dump(self) -> dict[str, Any]:
        return self._load()
