"""The emulator as a background process that outlives the CLI: start, stop, status.

One emulator per port, on 127.0.0.1. Its state file (`emulator-PORT.json`: pid, url, start time,
log file) and its log (`emulator-PORT.log`) live in the state directory,
`$AMPLIFY_SANDBOX_HOME/local/` or `~/.amplify-sandbox/local/`. "Running" means the port answers
our health endpoint; anything else listening on the port is reported, never touched.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from amplify_sandbox.errors import SandboxError, UsageError
from amplify_sandbox.local.server import HEALTH_PATH, INSTALL_HINT, SERVICE_NAME

HOST = "127.0.0.1"
DEFAULT_PORT = 4566
HOME_ENV_VAR = "AMPLIFY_SANDBOX_HOME"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0

# Popen objects of emulators this process started, kept so they can be reaped after stop.
_children: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class EmulatorStatus:
    running: bool
    port: int
    url: str
    pid: int | None = None
    started_at: datetime | None = None
    log_file: Path | None = None


def state_dir() -> Path:
    home = os.environ.get(HOME_ENV_VAR)
    base = Path(home).expanduser() if home else Path.home() / ".amplify-sandbox"
    return base / "local"


def _state_file(port: int) -> Path:
    return state_dir() / f"emulator-{port}.json"


def _log_file(port: int) -> Path:
    return state_dir() / f"emulator-{port}.log"


def _url(port: int) -> str:
    return f"http://{HOST}:{port}"


def _health(port: int, timeout: float = 1.0) -> dict[str, object] | None:
    """What our emulator says about itself on this port, or None if it is not ours (or down)."""
    try:
        with urllib.request.urlopen(f"{_url(port)}{HEALTH_PATH}", timeout=timeout) as response:
            document = json.loads(response.read())
    except (OSError, ValueError):
        return None
    if isinstance(document, dict) and document.get("service") == SERVICE_NAME:
        return document
    return None


def _port_busy(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # Same option as the server's own bind, so a port in TIME_WAIT is not "busy".
        if os.name != "nt":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return True
    return False


def _read_state(port: int) -> dict[str, object]:
    try:
        document = json.loads(_state_file(port).read_text())
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}


def _as_int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _as_datetime(value: object) -> datetime | None:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(value)
    return None


def status(port: int = DEFAULT_PORT) -> EmulatorStatus:
    health = _health(port)
    if health is None:
        return EmulatorStatus(running=False, port=port, url=_url(port))
    state = _read_state(port)
    log = state.get("log_file")
    return EmulatorStatus(
        running=True,
        port=port,
        url=_url(port),
        pid=_as_int(health.get("pid")),
        started_at=_as_datetime(health.get("started_at")),
        log_file=Path(log) if isinstance(log, str) else None,
    )


def _require_moto() -> None:
    if importlib.util.find_spec("moto") is None or importlib.util.find_spec("flask") is None:
        raise SandboxError(
            "The local emulator needs moto's server, which is not installed.", hint=INSTALL_HINT
        )


def _spawn(port: int, log_path: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "amplify_sandbox.local", "--host", HOST, "--port", str(port)]
    with log_path.open("ab") as log:
        if os.name == "nt":
            flags = subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.DETACHED_PROCESS  # type: ignore[attr-defined]
            return subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, creationflags=flags
            )
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,  # outlives the CLI and its Ctrl-C
        )


def _log_tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def start(port: int = DEFAULT_PORT) -> EmulatorStatus:
    """Start the emulator on 127.0.0.1:`port` in the background, or return the one running there."""
    current = status(port)
    if current.running:
        return current
    _require_moto()
    if _port_busy(port):
        raise UsageError(
            f"Port {port} is in use by another program, not the amplify-sandbox emulator.",
            hint=f"Stop that program, or pick another port: sandbox local start --port {port + 1}",
        )
    directory = state_dir()
    directory.mkdir(parents=True, exist_ok=True)
    log_path = _log_file(port)
    process = _spawn(port, log_path)
    _children[process.pid] = process
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _children.pop(process.pid, None)
            raise SandboxError(
                f"The emulator exited while starting (exit code {process.returncode}).\n"
                f"{_log_tail(log_path)}",
                hint=f"See the full log: {log_path}",
            )
        current = status(port)
        if current.running and current.pid == process.pid:
            _write_state(port, current, log_path)
            return EmulatorStatus(
                running=True,
                port=port,
                url=current.url,
                pid=current.pid,
                started_at=current.started_at,
                log_file=log_path,
            )
        time.sleep(0.1)
    _terminate(process.pid)
    raise SandboxError(
        f"The emulator did not answer on {_url(port)} within {START_TIMEOUT:.0f}s.",
        hint=f"See its log: {log_path}",
    )


def _write_state(port: int, current: EmulatorStatus, log_path: Path) -> None:
    document = {
        "pid": current.pid,
        "port": port,
        "url": current.url,
        "started_at": current.started_at.isoformat() if current.started_at else None,
        "log_file": str(log_path),
    }
    _state_file(port).write_text(json.dumps(document, indent=2) + "\n")


def _alive(pid: int) -> bool:
    child = _children.get(pid)
    if child is not None:
        return child.poll() is None
    if os.name == "nt":
        return False
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reap it if it is our child, or it looks alive forever
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _terminate(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(pid) and os.name != "nt":
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        child = _children.get(pid)
        if child is not None:
            child.wait(timeout=STOP_TIMEOUT)
    _children.pop(pid, None)


def stop(port: int = DEFAULT_PORT) -> bool:
    """Stop our emulator on `port`. False when none was running there."""
    current = status(port)
    _state_file(port).unlink(missing_ok=True)
    if not current.running or current.pid is None:
        return False
    _terminate(current.pid)
    return True


def ensure_running(port: int = DEFAULT_PORT) -> str:
    """The URL of our emulator on `port`, started first if needed."""
    return start(port).url
