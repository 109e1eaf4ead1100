"""Only the emulator the tool started is trusted or signalled: a program that answers the health
check like it gets no secret and its pid is never killed. The emulator runs with a clean
environment and its state file is private."""

from __future__ import annotations

import http.server
import json
import os
import socket
import stat
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app
from amplify_sandbox.local import process
from amplify_sandbox.local.server import HEALTH_PATH

SECRET = "s3cr3t-value-for-the-fake"
SANDBOX = str(Path(sys.executable).parent / "sandbox")
runner = CliRunner()


class FakeEmulator:
    """Answers the health check as the emulator does (naming `pid`), and records every request."""

    def __init__(self, pid: int) -> None:
        self.requests: list[bytes] = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                fake.requests.append(self.requestline.encode() + b"\n" + self.rfile.read(length))
                body = json.dumps(
                    {
                        "service": "amplify-sandbox-emulator",
                        "pid": pid,
                        "started_at": "2026-01-01T00:00:00+00:00",
                        "proof": "0" * 64,
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port: int = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sandbox_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AMPLIFY_SANDBOX_HOME", str(tmp_path / "sandbox-home"))
    return tmp_path / "sandbox-home"


@pytest.fixture
def victim() -> Iterator[subprocess.Popen[bytes]]:
    """A process that must survive: the pid the fake names."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        yield child
    finally:
        child.kill()
        child.wait(timeout=10)


@pytest.fixture
def fake(victim: subprocess.Popen[bytes]) -> Iterator[FakeEmulator]:
    server = FakeEmulator(victim.pid)
    try:
        yield server
    finally:
        server.close()


def _forge_state(sandbox_home: Path, port: int, pid: int) -> Path:
    path = sandbox_home / "local" / f"emulator-{port}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"pid": pid, "port": port, "token": "forged", "in_process": False}))
    return path


def test_no_secret_goes_to_a_program_that_answers_like_the_emulator(
    sandbox_home: Path, fake: FakeEmulator, seed_project: Path, victim: subprocess.Popen[bytes]
) -> None:
    command = [
        *("secret", "set", "GOOGLE_CLIENT_SECRET", "--project-dir", str(seed_project)),
        *("--identifier", "alice", "--local", "--port", str(fake.port)),
    ]
    without_state = runner.invoke(app, command, input=SECRET)
    _forge_state(sandbox_home, fake.port, victim.pid)  # a stale state file: the proof decides
    with_state = runner.invoke(app, command, input=SECRET)

    for result in (without_state, with_state):
        assert result.exit_code == 2, result.output
        assert "in use by another program" in result.stderr
    assert fake.requests, "the health check was asked"
    assert all(HEALTH_PATH.encode() in request for request in fake.requests)
    assert all(SECRET.encode() not in request for request in fake.requests)


def test_stop_never_signals_the_pid_another_program_names(
    sandbox_home: Path, fake: FakeEmulator, victim: subprocess.Popen[bytes]
) -> None:
    plain = runner.invoke(app, ["local", "stop", "--port", str(fake.port)])
    state = _forge_state(sandbox_home, fake.port, victim.pid)
    forged = runner.invoke(app, ["local", "stop", "--port", str(fake.port)])

    assert plain.exit_code == 0 and "was not running" in plain.stderr
    assert forged.exit_code == 0 and "was not running" in forged.stderr
    assert victim.poll() is None, "the pid the fake named is alive"
    assert not state.exists(), "the state file of no running emulator is cleared"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (entry.split(b"=", 1) for entry in raw.split(b"\0") if b"=" in entry)
    return {key.decode(): value.decode() for key, value in pairs}


def _preflight(port: int, origin: str) -> str | None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/",
        method="OPTIONS",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers.get("Access-Control-Allow-Origin")
    except urllib.error.HTTPError:
        return None


def test_the_emulator_the_cli_starts(
    sandbox_home: Path, victim: subprocess.Popen[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clean environment, private state file, added origins, and a pid checked before a kill."""
    port = _free_port()
    leaked = {
        "SANDBOX_SECRET_GOOGLE_CLIENT_SECRET": "google-secret-value",
        "AWS_SECRET_ACCESS_KEY": "aws-secret-value",
        "AWS_SESSION_TOKEN": "aws-session-value",
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "AWS_PROFILE": "work",
        "GITHUB_TOKEN": "ghp-value",
    }
    environment = {
        **os.environ,
        **leaked,
        "AMPLIFY_SANDBOX_ALLOW_ORIGINS": "http://from-env.test:8080",
        "LC_ALL": "C.UTF-8",
    }
    started = subprocess.run(
        [
            *(SANDBOX, "local", "start", "--port", str(port), "--json"),
            *("--allow-origin", "http://devbox.test:5173"),
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert started.returncode == 0, started.stderr
    data = json.loads(started.stdout)["data"]
    pid = data["pid"]
    monkeypatch.setenv("AMPLIFY_SANDBOX_ALLOW_ORIGINS", "http://from-env.test:8080")
    try:
        assert data["allow_origins"] == ["http://devbox.test:5173", "http://from-env.test:8080"]
        seen = _environ(pid)
        assert not set(leaked) & set(seen)
        assert not [value for value in seen.values() if value in leaked.values()]
        assert seen["PATH"] == os.environ["PATH"] and seen["LC_ALL"] == "C.UTF-8"
        assert seen["AMPLIFY_SANDBOX_HOME"] == str(sandbox_home)

        state = sandbox_home / "local" / f"emulator-{port}.json"
        assert stat.S_IMODE(state.stat().st_mode) == 0o600
        document = json.loads(state.read_text())
        assert len(document["token"]) >= 32 and document["pid"] == pid
        assert document["token"] not in started.stdout + started.stderr

        assert _preflight(port, "http://devbox.test:5173") == "http://devbox.test:5173"
        assert _preflight(port, "http://from-env.test:8080") == "http://from-env.test:8080"
        assert _preflight(port, "http://devbox.test:5174") is None

        # The state file now names another process (a reused pid): it is not signalled.
        state.write_text(json.dumps({**document, "pid": victim.pid}))
        refused = runner.invoke(app, ["local", "stop", "--port", str(port)])
        assert refused.exit_code == 0 and "was not running" in refused.stderr
        assert victim.poll() is None
        state.write_text(json.dumps(document))
        os.chmod(state, 0o600)
        assert process.status(port).pid == pid
    finally:
        stopped = runner.invoke(app, ["local", "stop", "--port", str(port)])
    assert stopped.exit_code == 0 and "Local emulator stopped." in stopped.stderr
    assert process.status(port).running is False


def test_a_bad_allow_origin_is_a_usage_error(sandbox_home: Path) -> None:
    result = runner.invoke(app, ["local", "start", "--port", "9", "--allow-origin", "*"])

    assert result.exit_code == 2
    assert "'*' is not an origin" in result.stderr
    assert "Traceback" not in result.output
