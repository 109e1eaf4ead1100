"""The emulator as a real background process: start, status, stop, and the errors around them."""

from __future__ import annotations

import importlib.util
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from amplify_sandbox.errors import SandboxError, UsageError
from amplify_sandbox.local import process


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def sandbox_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AMPLIFY_SANDBOX_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def port(sandbox_home: Path) -> Iterator[int]:
    port = _free_port()
    try:
        yield port
    finally:
        process.stop(port)


def test_start_status_stop(port: int, sandbox_home: Path) -> None:
    assert process.status(port).running is False

    started = process.start(port)

    assert started.running
    assert started.url == f"http://127.0.0.1:{port}"
    assert started.pid is not None and started.started_at is not None
    state = json.loads((sandbox_home / "local" / f"emulator-{port}.json").read_text())
    assert state["pid"] == started.pid
    assert (sandbox_home / "local" / f"emulator-{port}.log").exists()
    sts = boto3.client("sts", endpoint_url=started.url, region_name="us-east-1")
    assert sts.get_caller_identity()["Account"]

    again = process.start(port)
    assert again.pid == started.pid
    assert process.ensure_running(port) == started.url
    assert process.status(port).pid == started.pid

    assert process.stop(port) is True
    assert process.status(port).running is False
    assert not (sandbox_home / "local" / f"emulator-{port}.json").exists()
    assert process.stop(port) is False


def test_ensure_running_asks_only_for_health(
    port: int, sandbox_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = process.start(port)
    asked: list[str] = []
    real_admin_call = process._admin_call

    def admin_call(port: int, token: str, path: str, method: str = "GET") -> object:
        asked.append(path)
        return real_admin_call(port, token, path, method)

    monkeypatch.setattr(process, "_admin_call", admin_call)
    # What the emulator's data holds is not asked (a deploy's first request is its own).
    assert process.ensure_running(port) == started.url
    assert asked == []
    assert process.status(port).snapshot is not None
    assert asked == [process.SNAPSHOT_PATH]


def test_port_taken_by_another_program(sandbox_home: Path) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]

        with pytest.raises(UsageError) as caught:
            process.start(port)

    assert "not the amplify-sandbox emulator" in caught.value.message
    assert caught.value.hint and "--port" in caught.value.hint
    assert process.status(port).running is False


def test_missing_moto_says_how_to_install(
    sandbox_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "moto" else real_find_spec(name, *args),
    )

    with pytest.raises(SandboxError) as caught:
        process.start(_free_port())

    assert caught.value.hint == "pip install 'amplify-sandbox[local]'"


def test_state_dir_defaults_to_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("AMPLIFY_SANDBOX_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))

    assert process.state_dir() == tmp_path / ".amplify-sandbox" / "local"
