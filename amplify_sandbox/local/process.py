"""The emulator as a background process that outlives the CLI: start, stop, status.

One emulator per port, on 127.0.0.1. Its state file (`emulator-PORT.json`, mode 0600: pid, the
process's start time, url, allowed origins, log file and the emulator's token) and its log
(`emulator-PORT.log`) live in the state directory, `$AMPLIFY_SANDBOX_HOME/local/` or
`~/.amplify-sandbox/local/`, and so does its data, `emulator-PORT.snapshot` (see `persistence`):
what the emulator holds survives `stop` / `start` and a reboot until `reset` empties it.

"Running" means the port answers our health endpoint with a proof made with the token of the
state file (see `access`): a program that merely answers like the emulator is not trusted with
anything (no secret is sent to it) and never signalled. `stop` also checks that the recorded pid
is still the process the tool started (its command line and start time) before signalling it.

The emulator starts with a clean environment: no AWS credentials, no `SANDBOX_SECRET_*`.
"""

from __future__ import annotations

import contextlib
import http.client
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from amplify_sandbox.atomic import write_atomic
from amplify_sandbox.errors import SandboxError, UsageError
from amplify_sandbox.home import sandbox_home
from amplify_sandbox.local.access import health_proof, new_token, same_secret
from amplify_sandbox.local.origins import merge_origins, origins_from_env
from amplify_sandbox.local.server import HEALTH_PATH, INSTALL_HINT, SERVICE_NAME

SNAPSHOT_PATH = "/amplify-sandbox/snapshot"
RESET_PATH = "/amplify-sandbox/reset"

if TYPE_CHECKING:
    from amplify_sandbox.local.server import EmulatorServer
    from amplify_sandbox.local.snapshot import Contents

HOST = "127.0.0.1"
DEFAULT_PORT = 4566
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
EMULATOR_MODULE = "amplify_sandbox.local"
# What the emulator's environment keeps of ours: no credentials, no secrets.
_ENV_KEEP = frozenset(
    (
        *("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TEMP", "TMP"),
        *("PYTHONPATH", "PYTHONHOME", "PYTHONUTF8", "PYTHONIOENCODING", "NO_COLOR"),
        *("SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "USERPROFILE", "APPDATA", "LOCALAPPDATA"),
        *("COMSPEC", "PATHEXT"),
    )
)
_ENV_SECRET_WORDS = ("SECRET", "TOKEN", "PASSWORD", "CREDENTIAL", "KEY")

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
    allow_origins: tuple[str, ...] = ()
    snapshot: Path | None = None
    # When the snapshot was written, what it holds (running: its own count; stopped: the
    # snapshot's header), and why an old snapshot was set aside, if it was (the order of
    # `sandbox local status --json`).
    saved_at: str | None = None
    contents: Contents | None = None
    notice: str | None = None


@dataclass(frozen=True)
class ResetResult:
    running: bool
    port: int
    snapshot: Path
    emptied: Contents | None


def state_dir() -> Path:
    return sandbox_home() / "local"


def _state_file(port: int) -> Path:
    return state_dir() / f"emulator-{port}.json"


def _log_file(port: int) -> Path:
    return state_dir() / f"emulator-{port}.log"


def snapshot_file(port: int = DEFAULT_PORT) -> Path:
    """Where the emulator on `port` keeps its data between runs."""
    return state_dir() / f"emulator-{port}.snapshot"


def _url(port: int) -> str:
    return f"http://{HOST}:{port}"


def emulator_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment the emulator runs with: PATH, HOME, locale, Python's and the tool's own
    settings; never AWS credentials, `SANDBOX_SECRET_*` or anything else secret-looking."""
    source = os.environ if environ is None else environ
    return {name: value for name, value in source.items() if _kept_variable(name.upper())}


def _kept_variable(upper: str) -> bool:
    if upper in _ENV_KEEP or upper.startswith(("LC_", "MOTO_")):
        return True
    return upper.startswith("AMPLIFY_SANDBOX_") and not any(
        word in upper for word in _ENV_SECRET_WORDS
    )


def _health(port: int, token: str, timeout: float = 1.0) -> dict[str, object] | None:
    """What our emulator says about itself on this port, or None when the answer does not carry
    the proof only the emulator holding `token` can make (another program, or nothing)."""
    nonce = new_token()
    document = _get_json(port, f"{HEALTH_PATH}?nonce={nonce}", timeout=timeout)
    if document is None or document.get("service") != SERVICE_NAME:
        return None
    pid, proof = document.get("pid"), document.get("proof")
    if not isinstance(pid, int) or not isinstance(proof, str):
        return None
    if not same_secret(proof, health_proof(token, port, pid, nonce)):
        return None
    return document


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


def _token(state: Mapping[str, object]) -> str | None:
    token = state.get("token")
    return token if isinstance(token, str) and token else None


def _origins(state: Mapping[str, object]) -> tuple[str, ...]:
    origins = state.get("allow_origins")
    return tuple(o for o in origins if isinstance(o, str)) if isinstance(origins, list) else ()


def status(port: int = DEFAULT_PORT, *, snapshot: bool = True) -> EmulatorStatus:
    """Our emulator on `port`: the one of the state file, proven by its health answer.

    `snapshot=False`: a running emulator is not asked what its data holds (one request less;
    the status then has no snapshot, contents or notice)."""
    state = _read_state(port)
    token = _token(state)
    health = _health(port, token) if token else None
    if health is None or health.get("pid") != state.get("pid") or token is None:
        return _stopped(port)
    log = state.get("log_file")
    running = EmulatorStatus(
        running=True,
        port=port,
        url=_url(port),
        pid=_as_int(health.get("pid")),
        started_at=_as_datetime(health.get("started_at")),
        log_file=Path(log) if isinstance(log, str) else None,
        allow_origins=_origins(state),
    )
    # An emulator inside another program (the test suite's) keeps no snapshot: not asked.
    if not snapshot or state.get("in_process"):
        return running
    return _with_snapshot(running, token)


def _stopped(port: int) -> EmulatorStatus:
    """No emulator on `port`: what its snapshot, if any, says it holds."""
    from amplify_sandbox.local.snapshot import read_header

    path = snapshot_file(port)
    header = read_header(path) if path.exists() else None
    return EmulatorStatus(
        running=False,
        port=port,
        url=_url(port),
        snapshot=path if path.exists() else None,
        contents=header.contents if header else None,
        saved_at=header.written_at if header else None,
    )


def _admin_call(port: int, token: str, path: str, method: str = "GET") -> dict[str, object] | None:
    from amplify_sandbox.local.access import TOKEN_HEADER

    return _get_json(port, path, method=method, headers={TOKEN_HEADER: token}, timeout=30)


def _get_json(
    port: int,
    path: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    timeout: float,
) -> dict[str, object] | None:
    """The emulator's JSON answer on this port, or None (no answer, an error status, not a JSON
    object). http.client, not urllib.request: the AWS SDK has loaded it already."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(
            method, path, body=b"" if method == "POST" else None, headers=dict(headers or {})
        )
        response = connection.getresponse()
        body = response.read()
        if response.status >= 400:
            return None
        document = json.loads(body)
    except (OSError, ValueError, http.client.HTTPException):
        return None
    finally:
        connection.close()
    return document if isinstance(document, dict) else None


def _with_snapshot(current: EmulatorStatus, token: str) -> EmulatorStatus:
    """`current` with what the emulator says of its data (unchanged for one that keeps none,
    such as the test suite's in-process emulator)."""
    from dataclasses import replace

    from amplify_sandbox.local.snapshot import Contents

    document = _admin_call(current.port, token, SNAPSHOT_PATH)
    if document is None or not isinstance(document.get("path"), str):
        return current
    saved, notice = document.get("saved_at"), document.get("notice")
    return replace(
        current,
        snapshot=Path(str(document["path"])),
        contents=Contents.from_dict(document.get("contents")),
        saved_at=saved if isinstance(saved, str) else None,
        notice=notice if isinstance(notice, str) else None,
    )


def reset(port: int = DEFAULT_PORT) -> ResetResult:
    """Empty the emulator on `port`: the running one (and its snapshot at once), or, when none
    runs, its snapshot file."""
    from amplify_sandbox.local.snapshot import Contents, read_header

    path = snapshot_file(port)
    current = status(port)
    token = _token(_read_state(port))
    if current.running and token is not None:
        document = _admin_call(port, token, RESET_PATH, "POST")
        if document is None:
            raise SandboxError(
                f"The emulator on port {port} did not empty itself.",
                hint="Restart it (sandbox local stop, then start) and try again.",
            )
        return ResetResult(True, port, path, Contents.from_dict(document.get("emptied")))
    header = read_header(path) if path.exists() else None
    path.unlink(missing_ok=True)
    return ResetResult(False, port, path, header.contents if header else None)


def admin_token(port: int = DEFAULT_PORT) -> str | None:
    """The token that opens moto's admin endpoints of our emulator on `port` (for the tool)."""
    return _token(_read_state(port)) if status(port).running else None


def _require_moto() -> None:
    if importlib.util.find_spec("moto") is None or importlib.util.find_spec("flask") is None:
        raise SandboxError(
            "The local emulator needs moto's server, which is not installed.", hint=INSTALL_HINT
        )


def _spawn(
    port: int, log_path: Path, token: str, origins: Sequence[str]
) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", EMULATOR_MODULE, "--host", HOST, "--port", str(port)]
    command += ["--token-stdin", *(arg for origin in origins for arg in ("--allow-origin", origin))]
    command += ["--snapshot", str(snapshot_file(port))]
    environment = emulator_environment()
    with log_path.open("ab") as log:
        if os.name == "nt":
            flags = subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.DETACHED_PROCESS  # type: ignore[attr-defined]
            child = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=log,
                creationflags=flags,
                env=environment,
            )
        else:
            child = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=log,
                start_new_session=True,  # outlives the CLI and its Ctrl-C
                env=environment,
            )
    # The token goes over a pipe: never on the command line or in the environment.
    assert child.stdin is not None
    with contextlib.suppress(OSError):
        child.stdin.write(f"{token}\n".encode())
    with contextlib.suppress(OSError):
        child.stdin.close()
    return child


def _log_tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def start(
    port: int = DEFAULT_PORT, allow_origins: Sequence[str] = (), *, snapshot: bool = True
) -> EmulatorStatus:
    """Start the emulator on 127.0.0.1:`port` in the background, or return the one running there.

    `allow_origins` (and `AMPLIFY_SANDBOX_ALLOW_ORIGINS`) are the browser origins it answers
    besides the loopback ones; a running emulator that lacks one of them is an error.
    `snapshot=False`: the emulator is not asked what its data holds (see `status`)."""
    origins = merge_origins(allow_origins, origins_from_env())
    current = status(port, snapshot=snapshot)
    if current.running:
        missing = [origin for origin in origins if origin not in current.allow_origins]
        if missing:
            raise UsageError(
                f"The emulator on port {port} is running without the allowed origin(s) "
                f"{', '.join(missing)}.",
                hint=f"Restart it: sandbox local stop --port {port}, then start it again.",
            )
        return current
    _require_moto()
    if _port_busy(port):
        raise UsageError(
            f"Port {port} is in use by another program, not the amplify-sandbox emulator.",
            hint=f"Stop that program, or pick another port: sandbox local start --port {port + 1}",
        )
    _make_state_dir()
    log_path = _log_file(port)
    token = new_token()
    process = _spawn(port, log_path, token, origins)
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
        health = _health(port, token)
        if health is not None and health.get("pid") == process.pid:
            from amplify_sandbox.local.pids import process_info

            info = process_info(process.pid)
            started_at = _as_datetime(health.get("started_at"))
            _write_state(
                port,
                {
                    "pid": process.pid,
                    "process_started": info.started if info else None,
                    "port": port,
                    "url": _url(port),
                    "started_at": started_at.isoformat() if started_at else None,
                    "log_file": str(log_path),
                    "allow_origins": list(origins),
                    "token": token,
                },
            )
            started = EmulatorStatus(
                running=True,
                port=port,
                url=_url(port),
                pid=process.pid,
                started_at=started_at,
                log_file=log_path,
                allow_origins=origins,
            )
            return _with_snapshot(started, token) if snapshot else started
        time.sleep(0.1)
    _terminate(process.pid)
    raise SandboxError(
        f"The emulator did not answer on {_url(port)} within {START_TIMEOUT:.0f}s.",
        hint=f"See its log: {log_path}",
    )


def _make_state_dir() -> None:
    directory = state_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)


def _write_state(port: int, document: Mapping[str, object]) -> None:
    """The state file, readable by its owner only (it holds the emulator's token)."""
    _make_state_dir()
    text = json.dumps(document, indent=2) + "\n"
    write_atomic(_state_file(port), text.encode(), private=True)


def adopt(server: EmulatorServer) -> None:
    """Record an emulator that runs inside this process (the test suite's), so the CLI trusts
    it on its port. It is never signalled: `stop` finds no emulator process at its pid."""
    _write_state(
        server.port,
        {
            "pid": os.getpid(),
            "process_started": None,
            "port": server.port,
            "url": _url(server.port),
            "started_at": None,
            "log_file": None,
            "allow_origins": list(server.allow_origins),
            "token": server.token,
            "in_process": True,
        },
    )


def _is_our_process(state: Mapping[str, object], port: int) -> bool:
    """The state file's pid is still the emulator process the tool started for `port`."""
    pid = _as_int(state.get("pid"))
    if pid is None or state.get("in_process") or not _alive(pid):
        return False
    from amplify_sandbox.local.pids import process_info

    info = process_info(pid)
    if info is None:
        # No way to ask the system (Windows): the health proof, which names this pid, decides.
        return os.name == "nt"
    command = info.command
    runs_emulator = EMULATOR_MODULE in command and "--token-stdin" in command
    on_port = any(
        command[i : i + 2] == ("--port", str(port)) for i in range(max(len(command) - 1, 0))
    )
    return runs_emulator and on_port and info.started == state.get("process_started")


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
    """Stop our emulator on `port`. False when none was running there.

    Only the process the state file names is signalled, and only when it proves to be the
    emulator (health proof) and is still the process the tool started (command line, start
    time, port); a state file whose process is gone is removed."""
    state = _read_state(port)
    current = status(port)
    ours = _is_our_process(state, port)
    if current.running and state.get("in_process"):
        raise UsageError(
            f"The emulator on port {port} runs inside another program (pid {current.pid}), "
            "not as a background process of sandbox; it is not signalled.",
            hint="Stop the program that runs it.",
        )
    if current.running and current.pid is not None and ours:
        _terminate(current.pid)
        _state_file(port).unlink(missing_ok=True)
        return True
    if current.running:
        raise SandboxError(
            f"The process with pid {current.pid} is not the emulator sandbox started on port "
            f"{port}; it is not signalled.",
            hint=f"Check it yourself (state file: {_state_file(port)}).",
        )
    if not ours:
        _state_file(port).unlink(missing_ok=True)
    return False


def ensure_running(port: int = DEFAULT_PORT) -> str:
    """The URL of our emulator on `port`, started first if needed: one health request when it
    runs (what its data holds is not asked)."""
    return start(port, snapshot=False).url
