"""Names, env variables, reading values, resolution order and the keychain store."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from amplify_sandbox.errors import UsageError
from amplify_sandbox.identity import SandboxIdentity
from amplify_sandbox.secrets import Scope, env_var_name, find, make_source, validate_name
from amplify_sandbox.secrets.keyring_store import INDEX_KEY, KeyringSecretStore, usable_backend
from amplify_sandbox.secrets.model import StoredSecret
from amplify_sandbox.secrets.value_input import read_value
from tests.secrets.file_keyring import FileKeyring

IDENTITY = SandboxIdentity("my-sample-app", "alice")
P8 = "-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMGByqGSM49\r\nAgEGCCqGSM49AwEHBHkwdw==\n-----END PRIVATE KEY-----\n"


@pytest.mark.parametrize("name", ["GOOGLE_CLIENT_ID", "apple.private-key", "a", "0_9.-x"])
def test_valid_names(name: str) -> None:
    assert validate_name(name) == name


@pytest.mark.parametrize("name", ["", "has space", "a/b", "a:b", "ünï", "x$"])
def test_invalid_names_are_usage_errors(name: str) -> None:
    with pytest.raises(UsageError, match="Invalid secret name"):
        validate_name(name)


def test_env_var_names() -> None:
    assert env_var_name("GOOGLE_CLIENT_ID") == "SANDBOX_SECRET_GOOGLE_CLIENT_ID"
    assert env_var_name("apple.private-key") == "SANDBOX_SECRET_APPLE_PRIVATE_KEY"


# -- reading a value ----------------------------------------------------------------------------
def _fail_prompt() -> str:
    raise AssertionError("must not prompt")


def test_stdin_is_read_to_eof_byte_exact() -> None:
    stdin = io.BytesIO(P8.encode())
    assert read_value(stdin, is_terminal=False, prompt=_fail_prompt) == P8


def test_terminal_uses_the_prompt() -> None:
    assert read_value(io.BytesIO(), is_terminal=True, prompt=lambda: "typed") == "typed"


@pytest.mark.parametrize("data", [b"", b"\n", b"  \t\r\n"])
def test_empty_value_is_refused(data: bytes) -> None:
    with pytest.raises(UsageError, match="Empty value"):
        read_value(io.BytesIO(data), is_terminal=False, prompt=_fail_prompt)


def test_terminal_with_json_never_prompts() -> None:
    with pytest.raises(UsageError, match="never prompts"):
        read_value(io.BytesIO(), is_terminal=True, prompt=_fail_prompt, may_prompt=False)


def test_non_utf8_is_refused_without_quoting_bytes() -> None:
    with pytest.raises(UsageError) as caught:
        read_value(io.BytesIO(b"ok\xfe\xff"), is_terminal=False, prompt=_fail_prompt)
    assert "xfe" not in str(caught.value) and caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_stored_secret_repr_hides_the_value() -> None:
    secret = StoredSecret("X", Scope.SANDBOX, 1, None, value="hunter2-value")
    assert "hunter2" not in repr(secret) and "hunter2" not in str(secret.describe())


# -- resolution order ---------------------------------------------------------------------------
class DictStore:
    """A SecretStore over two dicts, counting how often it is opened."""

    location = "memory"

    def __init__(self, sandbox: dict[str, str], shared: dict[str, str]) -> None:
        self.data = {Scope.SANDBOX: sandbox, Scope.SHARED: shared}

    def put(self, scope: Scope, name: str, value: str) -> StoredSecret:
        self.data[scope][name] = value
        return StoredSecret(name, scope, 1)

    def get(self, scope: Scope, name: str, *, reveal: bool = False) -> StoredSecret | None:
        if name not in self.data[scope]:
            return None
        return StoredSecret(name, scope, 1, value=self.data[scope][name] if reveal else None)

    def values(self, scope: Scope, names: Sequence[str]) -> dict[str, str]:
        return {n: self.data[scope][n] for n in names if n in self.data[scope]}

    def entries(self, scope: Scope) -> list[StoredSecret]:
        return [StoredSecret(n, scope, 1) for n in sorted(self.data[scope])]

    def remove(self, scope: Scope, names: Sequence[str]) -> list[str]:
        return [n for n in names if self.data[scope].pop(n, None) is not None]


def test_env_then_sandbox_then_shared() -> None:
    store = DictStore({"A": "sandbox-a", "B": "sandbox-b"}, {"B": "shared-b", "C": "shared-c"})
    environ = {"SANDBOX_SECRET_A": "env-a", "SANDBOX_SECRET_D": ""}
    source = make_source(lambda: store, environ)
    assert source(["A", "B", "C", "D"]) == {"A": "env-a", "B": "sandbox-b", "C": "shared-c"}


def test_store_is_not_opened_when_the_environment_has_everything() -> None:
    def never() -> DictStore:
        raise AssertionError("store opened")

    source = make_source(never, {"SANDBOX_SECRET_APPLE_PRIVATE_KEY": P8})
    assert source(["apple.private-key"]) == {"apple.private-key": P8}


def test_find_prefers_the_sandbox_scope() -> None:
    store = DictStore({"B": "sandbox-b"}, {"B": "shared-b", "C": "shared-c"})
    found_b, found_c = find(store, "B"), find(store, "C")
    assert found_b is not None and found_b.scope is Scope.SANDBOX
    assert found_c is not None and found_c.scope is Scope.SHARED
    assert find(store, "Z") is None


# -- keychain store -----------------------------------------------------------------------------
def test_keyring_store_round_trip(file_keyring: FileKeyring) -> None:
    ticks = iter([datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, tzinfo=UTC)])
    store = KeyringSecretStore(file_keyring, IDENTITY, clock=lambda: next(ticks))
    assert store.put(Scope.SANDBOX, "KEY", P8).version == 1
    second = store.put(Scope.SANDBOX, "KEY", P8 + "x")
    assert second.version == 2 and second.last_modified == datetime(2025, 1, 2, tzinfo=UTC)
    got = store.get(Scope.SANDBOX, "KEY", reveal=True)
    assert got is not None and got.value == P8 + "x" and got.version == 2
    hidden = store.get(Scope.SANDBOX, "KEY")
    assert hidden is not None and hidden.value is None
    assert [s.name for s in store.entries(Scope.SANDBOX)] == ["KEY"]
    assert store.entries(Scope.SHARED) == []
    dump = file_keyring.dump()
    service = "amplify-sandbox:amplify-mysampleapp-alice-sandbox-2bea0b21ed"
    assert set(dump[service]) == {"KEY", INDEX_KEY}
    assert "BEGIN" not in dump[service][INDEX_KEY], "the index holds metadata only"
    assert store.remove(Scope.SANDBOX, ["KEY", "NOPE"]) == ["KEY"]
    assert store.get(Scope.SANDBOX, "KEY") is None
    assert file_keyring.dump()[service] == {}


def test_keyring_shared_scope_is_one_service_per_app(file_keyring: FileKeyring) -> None:
    KeyringSecretStore(file_keyring, IDENTITY).put(Scope.SHARED, "S", "v")
    other = KeyringSecretStore(file_keyring, SandboxIdentity("my-sample-app", "bob"))
    got = find(other, "S", reveal=True)
    assert got is not None and got.scope is Scope.SHARED and got.value == "v"
    assert "amplify-sandbox:shared:my-sample-app" in file_keyring.dump()


def test_usable_backend(no_keychain: None) -> None:
    assert usable_backend() is None


def test_usable_backend_with_a_real_one(file_keyring: FileKeyring) -> None:
    assert usable_backend() is file_keyring
