"""`save(state, tidy=False)` (the deploy's background writes): what the previous record used is
deleted by the next save while it writes its own parts, and a crash after any write still leaves
the old record or the new one."""

from __future__ import annotations

from typing import Any

import pytest

from amplify_sandbox.aws.state_store import SsmStateStore
from amplify_sandbox.aws.target import AwsTarget
from tests.state.test_torn_record import IDENTITY, Crash, CrashAfter, _big, _names


def _writes(target: AwsTarget, old: Any, new: Any) -> int:
    calls: list[str] = []

    class Counting(CrashAfter):
        def _write(self, name: str, **kwargs: Any) -> Any:
            calls.append(name)
            return getattr(self._client, name)(**kwargs)

    store = SsmStateStore(Counting(target.clients.ssm, 0), IDENTITY.state_path)  # type: ignore[arg-type]
    store.load()
    store.save(new, tidy=False)
    writes = len(calls)
    store.clear()
    SsmStateStore(target.clients.ssm, IDENTITY.state_path).save(old)
    return writes


@pytest.mark.parametrize(("old_size", "new_size"), [(10, 12), (10, 1), (1, 10)], ids=str)
def test_a_crash_after_any_write_of_an_untidy_save_leaves_the_old_or_the_new_record(
    target: AwsTarget, old_size: int, new_size: int
) -> None:
    old, new = _big("old", old_size), _big("new", new_size)
    SsmStateStore(target.clients.ssm, IDENTITY.state_path).save(old)
    writes = _writes(target, old, new)
    assert writes >= 1
    for k in range(1, writes + 1):
        store = SsmStateStore(CrashAfter(target.clients.ssm, k), IDENTITY.state_path)  # type: ignore[arg-type]
        store.load()
        with pytest.raises(Crash):
            store.save(new, tidy=False)
        after = SsmStateStore(target.clients.ssm, IDENTITY.state_path).load()
        assert after in (old, new), f"crash after write {k} of {writes}"
        store = SsmStateStore(target.clients.ssm, IDENTITY.state_path)
        store.clear()
        SsmStateStore(target.clients.ssm, IDENTITY.state_path).save(old)


def test_an_untidy_save_leaves_only_the_previous_records_parts_for_the_next_save(
    target: AwsTarget,
) -> None:
    store = SsmStateStore(target.clients.ssm, IDENTITY.state_path)
    first, second, third = _big("a", 10), _big("b", 10), _big("c", 10)
    store.save(first, tidy=False)
    first_names = set(_names(target))
    store.save(second, tidy=False)
    # The first record's parts are still there (nothing points at them) ...
    assert first_names - {IDENTITY.state_path + "/0"} <= set(_names(target))
    second_names = set(_names(target)) - first_names
    store.save(third, tidy=False)
    # ... and go with the next save, which leaves the second's in turn.
    names = set(_names(target))
    assert not (first_names - {IDENTITY.state_path + "/0"}) & names
    assert second_names <= names
    assert SsmStateStore(target.clients.ssm, IDENTITY.state_path).load() == third
    # A new run (a fresh store: it knows only what it reads) removes what an earlier run left.
    fresh = SsmStateStore(target.clients.ssm, IDENTITY.state_path)
    fresh.load()
    fresh.save(third, tidy=False)
    assert not second_names & set(_names(target))
    assert len(_names(target)) == len(names) - len(second_names)
    assert SsmStateStore(target.clients.ssm, IDENTITY.state_path).load() == third
