"""Clients are made once each even when the executor's workers ask for one at the same time
(a botocore session is not thread-safe)."""

from __future__ import annotations

import threading
from typing import Any

from botocore.config import Config

from amplify_sandbox.aws.clients import CallLog, Clients


class _Session:
    """Stands in for botocore's session: counts clients made; while the first is being made,
    another thread asks for the same service."""

    def __init__(self) -> None:
        self.made: list[str] = []
        self.clients: Clients | None = None
        self.other: threading.Thread | None = None

    def create_client(self, service: str, **_: Any) -> object:
        self.made.append(service)
        if self.other is None:
            assert self.clients is not None
            clients = self.clients
            self.other = threading.Thread(target=lambda: clients.iam)
            self.other.start()
            # Give the other thread every chance to make a second client if nothing stops it.
            self.other.join(timeout=0.5)
        return object()


def test_a_client_asked_for_by_two_threads_at_once_is_made_once() -> None:
    session = _Session()
    clients = Clients(session, "us-east-1", None, Config(), CallLog())  # type: ignore[arg-type]
    session.clients = clients
    first = clients.iam
    assert session.other is not None
    session.other.join(timeout=10)
    assert not session.other.is_alive()
    assert session.made == ["iam"]
    assert clients.iam is first
