"""The fault proxy in front of the session's emulator (tests/conftest.py starts that)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from amplify_sandbox.local.faultproxy import FaultProxy
from amplify_sandbox.local.server import EmulatorServer
from tests.faults.sweep import reset_emulator


@pytest.fixture(scope="session")
def fault_proxy(emulator: EmulatorServer) -> Iterator[FaultProxy]:
    with FaultProxy(emulator.url) as proxy:
        yield proxy


@pytest.fixture(autouse=True)
def _empty_emulator(emulator: EmulatorServer) -> None:
    """Every fault test starts from an empty emulator: it counts everything the emulator holds."""
    reset_emulator(emulator)
