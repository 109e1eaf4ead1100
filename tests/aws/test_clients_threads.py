"""Clients are made one at a time and once each, even when the executor's workers ask for them
at the same time (a botocore session is not thread-safe)."""

from __future__ import annotations

import threading
from typing import Any

from botocore.config import Config

from amplify_sandbox.aws.clients import CallLog, Clients


class _Session:
    """Stands in for botocore's session: records the clients made and how many were being made
    at once; while the first is being made, other threads ask for clients."""

    def __init__(self) -> None:
        self.made: list[str] = []
        self.busy = 0
        self.most_busy = 0
        self.clients: Clients | None = None
        self.others: list[threading.Thread] = []
        self.guard = threading.Lock()

    def create_client(self, service: str, **_: Any) -> object:
        with self.guard:
            self.made.append(service)
            self.busy += 1
            self.most_busy = max(self.most_busy, self.busy)
        if not self.others:
            clients = self.clients
            assert clients is not None
            self.others = [
                threading.Thread(target=lambda: clients.ssm),  # another service
                threading.Thread(target=lambda: clients._client("iam")),  # the same one
            ]
            for other in self.others:
                other.start()
            for other in self.others:
                # Every chance to make a client alongside this one if nothing stops them.
                other.join(timeout=0.5)
        with self.guard:
            self.busy -= 1
        return object()


def test_clients_asked_for_by_several_threads_are_made_one_at_a_time_once_each() -> None:
    session = _Session()
    clients = Clients(session, "us-east-1", None, Config(), CallLog())  # type: ignore[arg-type]
    session.clients = clients
    first = clients.iam
    for other in session.others:
        other.join(timeout=10)
        assert not other.is_alive()
    assert session.most_busy == 1
    assert sorted(session.made) == ["iam", "ssm"]
    assert clients.iam is first
