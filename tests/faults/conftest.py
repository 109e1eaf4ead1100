"""The fault proxy in front of the session's emulator (tests/conftest.py starts that)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from amplify_sandbox.local.faultproxy import FaultProxy
from amplify_sandbox.local.server import EmulatorServer


@pytest.fixture(scope="session")
def fault_proxy(emulator: EmulatorServer) -> Iterator[FaultProxy]:
    with FaultProxy(emulator.url) as proxy:
        yield proxy
