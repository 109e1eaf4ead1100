"""A record split into parts: a crash after any single write leaves the old or the new record."""

from __future__ import annotations

import json
import secrets as random_source
import threading
from pathlib import Path
from typing import Any

import pytest

from amplify_sandbox.aws.state_store import SsmStateStore, encode
from amplify_sandbox.aws.target import AwsTarget
from amplify_sandbox.deploy.state import DeployedResource, DeployedState
from amplify_sandbox.desired.resources import ResourceKind
from amplify_sandbox.identity import SandboxIdentity

IDENTITY = SandboxIdentity("seed-app", "tester")
FIXTURES = Path(__file__).parent / "fixtures"


class Crash(Exception):
    pass


class CrashAfter:
    """An SSM client that raises right after its k-th write (the write itself was applied)."""

    def __init__(self, client: Any, k: int) -> None:
        self._client = client
        self._left = k
        self._lock = threading.Lock()  # a save writes its parts at the same time

    def _write(self, name: str, **kwargs: Any) -> Any:
        result = getattr(self._client, name)(**kwargs)
        with self._lock:
            self._left -= 1
            crash = self._left == 0
        if crash:
            raise Crash(name)
        return result

    def put_parameter(self, **kwargs: Any) -> Any:
        return self._write("put_parameter", **kwargs)

    def delete_parameters(self, **kwargs: Any) -> Any:
        return self._write("delete_parameters", **kwargs)

    def get_paginator(self, name: str) -> Any:
        return self._client.get_paginator(name)


def _big(tag: str, count: int = 20) -> DeployedState:
    """Random text does not compress: several 4 KB parts."""
    state = DeployedState(IDENTITY.stack_name)
    for n in range(count):
        state = state.with_resource(
            DeployedResource(
                f"group{n}",
                ResourceKind.USER_POOL_GROUP,
                f"pool/{n}",
                {"name": f"{tag}-{random_source.token_hex(200)}"},
                {"GroupName": random_source.token_hex(200)},
            )
        )
    return state


def _writes_of_a_save(target: AwsTarget, old: DeployedState | None, new: DeployedState) -> int:
    calls: list[str] = []

    class Counting(CrashAfter):
        def _write(self, name: str, **kwargs: Any) -> Any:
            calls.append(name)
            return getattr(self._client, name)(**kwargs)

    store = SsmStateStore(Counting(target.clients.ssm, 0), IDENTITY.state_path)  # type: ignore[arg-type]
    store.load()
    store.save(new)
    writes = len(calls)
    # Put it back as it was before.
    store.clear()
    if old is not None:
        SsmStateStore(target.clients.ssm, IDENTITY.state_path).save(old)
    return writes


@pytest.mark.parametrize(("old_size", "new_size"), [(10, 12), (10, 1), (0, 10), (1, 10)], ids=str)
def test_a_crash_after_any_write_of_a_save_leaves_the_old_or_the_new_record(
    target: AwsTarget, old_size: int, new_size: int
) -> None:
    old = _big("old", old_size) if old_size else None
    new = _big("new", new_size)
    if old is not None:
        SsmStateStore(target.clients.ssm, IDENTITY.state_path).save(old)
    writes = _writes_of_a_save(target, old, new)
    assert writes > 1
    for k in range(1, writes + 1):
        store = SsmStateStore(CrashAfter(target.clients.ssm, k), IDENTITY.state_path)  # type: ignore[arg-type]
        store.load()
        with pytest.raises(Crash):
            store.save(new)
        after = SsmStateStore(target.clients.ssm, IDENTITY.state_path).load()
        assert after in (old, new), f"crash after write {k} of {writes}"
        # The next run's save converges and leaves only what the record needs.
        next_run = SsmStateStore(target.clients.ssm, IDENTITY.state_path)
        next_run.load()
        next_run.save(new)
        assert SsmStateStore(target.clients.ssm, IDENTITY.state_path).load() == new
        names = _names(target)
        assert len(names) == 1 + -(-len(encode(new)) // 4000) or len(names) == 1
        # Back to the old record for the next k.
        next_run.clear()
        if old is not None:
            SsmStateStore(target.clients.ssm, IDENTITY.state_path).save(old)


def _names(target: AwsTarget) -> list[str]:
    pages = target.clients.ssm.get_paginator("get_parameters_by_path").paginate(
        Path=IDENTITY.state_path, Recursive=True
    )
    return [p["Name"] for page in pages for p in page["Parameters"]]


def test_unchanged_parts_are_not_written_again(target: AwsTarget) -> None:
    state = _big("a", 20)
    store = SsmStateStore(target.clients.ssm, IDENTITY.state_path)
    store.save(state)
    target.log.calls.clear()
    store.save(state)
    assert target.log.calls == []


def test_a_record_in_the_earlier_numbered_parts_format_is_read_and_replaced(
    target: AwsTarget,
) -> None:
    fixture = json.loads((FIXTURES / "numbered-parts-record.json").read_text())
    for name, value in fixture["parameters"].items():
        target.clients.ssm.put_parameter(
            Name=IDENTITY.state_path + name, Value=value, Type="String"
        )
    store = SsmStateStore(target.clients.ssm, IDENTITY.state_path)
    loaded = store.load()
    assert loaded is not None
    assert loaded.sandbox_id == fixture["sandbox_id"]
    assert len(loaded.resources) == fixture["resources"]
    smaller = DeployedState(loaded.sandbox_id)
    store.save(smaller)
    assert SsmStateStore(target.clients.ssm, IDENTITY.state_path).load() == smaller
    # The numbered parts are gone (replaced by way of a pointer: never a mix of both formats).
    assert [n for n in _names(target) if n.rsplit("/", 1)[-1].isdigit()] == [
        IDENTITY.state_path + "/0"
    ]
    store.save(DeployedState(loaded.sandbox_id, region="us-east-1"))
    assert _names(target) == [IDENTITY.state_path + "/0"]
