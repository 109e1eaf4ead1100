"""The record read sent along with the request that takes the lock (one round trip for both).

A deploy that will change something takes the lock and then reads the record under it. Here the
read goes out as the lock's request is sent, for every parameter under the sandbox's root: the
record and the lock itself. When the lock is taken and that read shows this run's own lock, it
was answered while the lock was held (after every earlier holder's last write, which comes
before its release), so it is the read the plan needs. Otherwise (answered first, or the lock
was another's at first) the record is read again, under the lock, as without this.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from typing import TYPE_CHECKING

from amplify_sandbox.aws.lock import Holder, SsmLock
from amplify_sandbox.aws.state_store import SsmStateStore, read_under

if TYPE_CHECKING:
    from mypy_boto3_ssm import SSMClient

    from amplify_sandbox.identity import SandboxIdentity


@contextmanager
def held_with_read(
    lock: SsmLock,
    client: SSMClient,
    identity: SandboxIdentity,
    store: SsmStateStore,
    lock_name: str,
    timeout: float,
    notify: Callable[[str], None],
) -> Iterator[SsmLock]:
    """`lock.held(...)`, with `store`'s next load answered by the read sent along, when that
    read shows the lock as this run's."""
    read: Future[dict[str, str]] = Future()
    sent = threading.Event()

    def run() -> None:
        try:
            read.set_result(read_under(client, identity.parameter_root))
        except BaseException as exc:  # a failed read is only a read made again
            read.set_exception(exc)

    def start() -> None:
        sent.set()
        threading.Thread(target=run, name="read", daemon=True).start()

    lock.on_first_request(start)
    with lock.held(timeout, notify) as held:
        found = _answer(read) if sent.is_set() else None
        mine = held.holder
        if found is not None and mine is not None and _holder(found, lock_name) == mine.token:
            store.use_read(found)
        yield held


def _answer(read: Future[dict[str, str]]) -> dict[str, str] | None:
    try:
        return read.result()
    except Exception:
        return None


def _holder(found: dict[str, str], lock_name: str) -> str | None:
    value = found.get(lock_name)
    holder = Holder.parse(value) if value is not None else None
    return holder.token if holder is not None else None
