"""Secrets of local sandboxes in the OS keychain, through `keyring`.

One keyring service per sandbox (`amplify-sandbox:<sandbox id>`) and one per app for shared
secrets. keyring cannot list entries, so each service also holds a small index entry with
every name's version and last-modified time (never values).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from amplify_sandbox.errors import TargetError, UsageError
from amplify_sandbox.identity import SandboxIdentity
from amplify_sandbox.secrets.model import Scope, StoredSecret

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# ':' is not allowed in secret names, so the index can never collide with a secret.
INDEX_KEY = ":index"
_UNLOCK_HINT = (
    "Unlock the keychain and try again, or set PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring "
    "to keep local secrets in the emulator instead."
)


# keyring's backends by what people call them.
_KNOWN_BACKENDS = {
    "keyring.backends.macOS.Keyring": "the macOS Keychain",
    "keyring.backends.Windows.WinVaultKeyring": "the Windows Credential Manager",
    "keyring.backends.SecretService.Keyring": "the Secret Service keyring (GNOME Keyring, KWallet)",
    "keyring.backends.libsecret.Keyring": "the libsecret keyring (GNOME Keyring)",
    "keyring.backends.kwallet.DBusKeyring": "KWallet",
}


def backend_class_name(backend: KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def is_plaintext(backend: KeyringBackend) -> bool:
    """A backend that keeps values unencrypted in a file (keyrings.alt's PlaintextKeyring, or any
    other that says so in its name): readable by every process of the user, and by backups."""
    return "plaintext" in type(backend).__qualname__.lower()


def backend_description(backend: KeyringBackend) -> str:
    """Where the values go, for people: which backend, and whether it is the OS keychain."""
    name = backend_class_name(backend)
    if name in _KNOWN_BACKENDS:
        return f"{_KNOWN_BACKENDS[name]} ({name})"
    if is_plaintext(backend):
        path = getattr(backend, "file_path", None)
        where = f" {path}" if path else ""
        return f"a plaintext file{where} (keyring backend {name}, not encrypted)"
    return f"the keyring backend {name}"


def plaintext_warning(backend: KeyringBackend) -> str | None:
    if not is_plaintext(backend):
        return None
    return (
        f"local secrets are kept in {backend_description(backend)}: any program running as you "
        "can read them. Install an OS keychain backend, or set "
        "PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring to keep them in the local emulator."
    )


def usable_backend() -> KeyringBackend | None:
    """The OS keychain backend, or None when keyring has none that works (headless Linux, CI)."""
    import keyring

    backend = keyring.get_keyring()
    # keyring's own rule: priority <= 0 is the "fail" or "null" keyring (or an empty chain).
    return backend if backend.priority > 0 else None


def _now() -> datetime:
    return datetime.now(UTC)


class KeyringSecretStore:
    def __init__(
        self,
        backend: KeyringBackend,
        identity: SandboxIdentity,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._backend = backend
        self._identity = identity
        self._clock = clock

    @property
    def location(self) -> str:
        return backend_description(self._backend)

    def service(self, scope: Scope) -> str:
        if scope is Scope.SHARED:
            return f"amplify-sandbox:shared:{self._identity.namespace}"
        return f"amplify-sandbox:{self._identity.stack_name}"

    # -- keyring calls, with its errors made ours ------------------------------------------
    def _call(self, method: str, *args: str) -> Any:
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            return getattr(self._backend, method)(*args)
        except PasswordDeleteError:
            return None
        except KeyringError as exc:
            raise TargetError(
                f"The keychain refused the request ({type(exc).__name__}).", hint=_UNLOCK_HINT
            ) from None

    def _index(self, scope: Scope) -> dict[str, dict[str, Any]]:
        raw = self._call("get_password", self.service(scope), INDEX_KEY)
        if not raw:
            return {}
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            return {}
        return data if isinstance(data, dict) else {}

    def _save_index(self, scope: Scope, index: dict[str, dict[str, Any]]) -> None:
        if index:
            self._call("set_password", self.service(scope), INDEX_KEY, json.dumps(index))
        else:
            self._call("delete_password", self.service(scope), INDEX_KEY)

    def _entry(self, scope: Scope, name: str, meta: dict[str, Any] | None) -> StoredSecret:
        meta = meta or {}
        modified = meta.get("last_modified")
        return StoredSecret(
            name=name,
            scope=scope,
            version=meta.get("version"),
            last_modified=datetime.fromisoformat(modified) if modified else None,
        )

    def _case_twin(self, index: dict[str, dict[str, Any]], name: str) -> str | None:
        """Another name in the index that differs from `name` only in case. Many keychains
        (Windows Credential Manager, the macOS Keychain) compare entry names without case, so
        the two would be one entry: the second would overwrite or read the first."""
        if name in index:
            return None
        folded = name.casefold()
        return next((other for other in index if other.casefold() == folded), None)

    # -- SecretStore ------------------------------------------------------------------------
    def put(self, scope: Scope, name: str, value: str) -> StoredSecret:
        index = self._index(scope)
        twin = self._case_twin(index, name)
        if twin is not None:
            raise UsageError(
                f"secret '{name}' differs only in case from '{twin}', already set in "
                f"{self.location}: the keychain would keep them as one entry.",
                hint=f"Use the name '{twin}' (or remove it first with "
                f"`sandbox secret remove {twin} --local`).",
            )
        version = int(index.get(name, {}).get("version") or 0) + 1
        self._call("set_password", self.service(scope), name, value)
        index[name] = {"version": version, "last_modified": self._clock().isoformat()}
        self._save_index(scope, index)
        return self._entry(scope, name, index[name])

    def get(self, scope: Scope, name: str, *, reveal: bool = False) -> StoredSecret | None:
        if self._case_twin(self._index(scope), name) is not None:
            return None
        value = self._call("get_password", self.service(scope), name)
        if value is None:
            return None
        entry = self._entry(scope, name, self._index(scope).get(name))
        if not reveal:
            return entry
        return StoredSecret(entry.name, scope, entry.version, entry.last_modified, value)

    def values(self, scope: Scope, names: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        index = self._index(scope)
        for name in names:
            if self._case_twin(index, name) is not None:
                continue
            value = self._call("get_password", self.service(scope), name)
            if value is not None:
                found[name] = value
        return found

    def entries(self, scope: Scope) -> list[StoredSecret]:
        index = self._index(scope)
        return [self._entry(scope, name, index[name]) for name in sorted(index)]

    def remove(self, scope: Scope, names: Sequence[str]) -> list[str]:
        index = self._index(scope)
        removed: list[str] = []
        for name in names:
            if self._case_twin(index, name) is not None:
                continue
            exists = self._call("get_password", self.service(scope), name) is not None
            if exists:
                self._call("delete_password", self.service(scope), name)
                removed.append(name)
            index.pop(name, None)
        self._save_index(scope, index)
        return removed
