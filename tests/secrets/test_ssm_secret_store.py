"""The SSM store against the emulator over HTTP: Amplify's paths and settings, pagination,
batches of at most 10 names."""

from __future__ import annotations

from typing import Any

import pytest

from amplify_sandbox.aws.secret_store import SsmSecretStore
from amplify_sandbox.aws.target import AwsTarget
from amplify_sandbox.errors import UsageError
from amplify_sandbox.identity import SandboxIdentity
from amplify_sandbox.secrets import Scope, find, make_source

IDENTITY = SandboxIdentity("my-sample-app", "alice")
SANDBOX_PATH = "/amplify/mysampleapp/alice-sandbox-2bea0b21ed"


@pytest.fixture
def store(target: AwsTarget) -> SsmSecretStore:
    return SsmSecretStore(target.clients.ssm, IDENTITY, "emulator")


def test_paths_match_amplify(store: SsmSecretStore) -> None:
    assert store.path(Scope.SANDBOX, "NAME") == f"{SANDBOX_PATH}/NAME"
    assert store.path(Scope.SHARED, "NAME") == "/amplify/shared/my-sample-app/NAME"


def test_put_writes_an_amplify_secret(store: SsmSecretStore, target: AwsTarget) -> None:
    assert store.put(Scope.SANDBOX, "GOOGLE_CLIENT_ID", "id-1").version == 1
    assert store.put(Scope.SANDBOX, "GOOGLE_CLIENT_ID", "id-2").version == 2
    ssm = target.clients.ssm
    described = ssm.describe_parameters(
        ParameterFilters=[{"Key": "Name", "Values": [f"{SANDBOX_PATH}/GOOGLE_CLIENT_ID"]}]
    )["Parameters"]
    assert [(p["Type"], p.get("Description")) for p in described] == [
        ("SecureString", "Amplify Secret")
    ]
    got = store.get(Scope.SANDBOX, "GOOGLE_CLIENT_ID", reveal=True)
    assert got is not None and got.value == "id-2" and got.version == 2
    assert got.last_modified is not None


def test_sandbox_first_then_shared(store: SsmSecretStore) -> None:
    store.put(Scope.SHARED, "B", "shared-b")
    store.put(Scope.SHARED, "C", "shared-c")
    store.put(Scope.SANDBOX, "B", "sandbox-b")
    b, c = find(store, "B"), find(store, "C")
    assert b is not None and b.scope is Scope.SANDBOX and b.value is None
    assert c is not None and c.scope is Scope.SHARED
    assert make_source(lambda: store, {})(["B", "C", "D"]) == {"B": "sandbox-b", "C": "shared-c"}


def test_twenty_five_secrets_list_and_remove(store: SsmSecretStore, target: AwsTarget) -> None:
    names = [f"SECRET_{i:02d}" for i in range(25)]
    for name in names:
        store.put(Scope.SANDBOX, name, f"value-{name}")
    store.put(Scope.SHARED, "OTHER", "x")
    assert [s.name for s in store.entries(Scope.SANDBOX)] == names  # over several pages
    assert make_source(lambda: store, {})(names) == {n: f"value-{n}" for n in names}

    batches: list[int] = []

    def count(params: dict[str, Any], **_: Any) -> None:
        batches.append(len(params["Names"]))

    target.clients.ssm.meta.events.register("provide-client-params.ssm.DeleteParameters", count)
    assert sorted(store.remove(Scope.SANDBOX, names)) == names
    assert batches == [10, 10, 5]
    assert store.entries(Scope.SANDBOX) == []
    assert [s.name for s in store.entries(Scope.SHARED)] == ["OTHER"]


def test_too_long_a_value_is_refused_without_it(store: SsmSecretStore) -> None:
    with pytest.raises(UsageError) as caught:
        store.put(Scope.SANDBOX, "BIG", "Z" * 5000)
    assert "ZZZ" not in caught.value.message
