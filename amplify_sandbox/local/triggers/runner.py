"""Warm function processes for the local emulator: one long-lived Node (or Python) process per
function, like a warm Lambda container. Requests go to the child's stdin as JSON lines; replies
and console output come back on a separate pipe (so the function's own stdout cannot corrupt
them). A timeout kills the process (Lambda discards a timed-out sandbox); the next invocation
starts a fresh one. The child's environment points the AWS SDK at the emulator with fake
credentials and carries the function's own variables; nothing of the developer's AWS set-up."""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

LogSink = Callable[[str, str], None]  # (function name, line)

# Lambda's init phase limit (on-demand functions).
INIT_TIMEOUT_SECONDS = 10.0
FAKE_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
FAKE_SECRET_ACCESS_KEY = "local-emulator-secret"  # not a secret: the emulator accepts anything


class InvocationError(Exception):
    """The handler threw (or could not be loaded): Lambda's errorType / errorMessage."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(f"{error_type}: {message}")
        self.error_type = error_type
        self.error_message = message


class InvocationTimeout(InvocationError):
    """The handler ran past its timeout; the message is Lambda's."""

    def __init__(self, request_id: str, seconds: float) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        super().__init__(
            "Sandbox.Timedout", f"{stamp} {request_id} Task timed out after {seconds:.2f} seconds"
        )
        self.seconds = seconds


@dataclass(frozen=True)
class RunnerConfig:
    """What a warm process is started with; a different config means a new process."""

    name: str
    code_dir: Path
    entry_file: str  # index.mjs for Node bundles, handler.py for Python
    runtime: str  # nodejs22.x / python3.13
    handler_export: str = "handler"
    environment: tuple[tuple[str, str], ...] = ()
    timeout_seconds: float = 3
    memory_mb: int = 512
    region: str = "us-east-1"
    endpoint_url: str | None = None
    account_id: str = "123456789012"
    code_sha256: str = ""

    @property
    def is_python(self) -> bool:
        return self.runtime.startswith("python")

    @property
    def function_arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{self.account_id}:function:{self.name}"


def _host_script(name: str) -> str:
    return str(resources.files("amplify_sandbox.local.triggers").joinpath(name))


def child_environment(config: RunnerConfig, home: Path | None = None) -> dict[str, str]:
    """Lambda's runtime variables, the SDK pointed at the emulator, then the function's own."""
    env: dict[str, str] = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "AWS_REGION": config.region,
        "AWS_DEFAULT_REGION": config.region,
        "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_ACCESS_KEY,
        "AWS_SESSION_TOKEN": "local-emulator-session",
        # The developer's AWS files must not be read by the function's SDK.
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_LAMBDA_FUNCTION_NAME": config.name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(config.memory_mb),
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{config.name}",
        "AWS_LAMBDA_LOG_STREAM_NAME": "local",
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{config.runtime}",
        "LAMBDA_TASK_ROOT": str(config.code_dir),
        "_HANDLER": f"{Path(config.entry_file).stem}.{config.handler_export}",
        # Secrets are given as values locally; Amplify's banner has nothing to fetch.
        "AMPLIFY_SSM_ENV_CONFIG": "{}",
    }
    if home is not None:
        env["HOME"] = str(home)
    if config.endpoint_url:
        env["AWS_ENDPOINT_URL"] = config.endpoint_url
    env.update(dict(config.environment))
    return env


@dataclass
class _Process:
    popen: subprocess.Popen[bytes]
    reply_fd: int
    buffer: bytes = b""
    readers: list[threading.Thread] = field(default_factory=list)


class FunctionRunner:
    """One function's warm process. Thread-safe: invocations are serialized."""

    def __init__(self, config: RunnerConfig, on_log: LogSink | None = None) -> None:
        self.config = config
        self.on_log = on_log
        self._lock = threading.Lock()
        self._process: _Process | None = None
        self._next_id = 0
        self.starts = 0  # how many processes were started (cold starts)

    # -- process lifecycle ----------------------------------------------------------------
    def _command(self) -> list[str]:
        if self.config.is_python:
            return [sys.executable, "-u", _host_script("host.py")]
        node = shutil.which("node")
        if node is None:
            raise InvocationError("Runtime.Unavailable", "Node.js is not on PATH")
        return [node, "--enable-source-maps", _host_script("host.mjs")]

    def _start(self) -> _Process:
        read_fd, write_fd = os.pipe()
        env = child_environment(self.config)
        env["AMPLIFY_SANDBOX_REPLY_FD"] = str(write_fd)
        try:
            popen = subprocess.Popen(
                self._command(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=self.config.code_dir,
                env=env,
                pass_fds=(write_fd,),
                start_new_session=True,
            )
        finally:
            os.close(write_fd)
        process = _Process(popen=popen, reply_fd=read_fd)
        for stream in (popen.stdout, popen.stderr):
            assert stream is not None
            reader = threading.Thread(target=self._pump, args=(stream,), daemon=True)
            reader.start()
            process.readers.append(reader)
        self.starts += 1
        return process

    def _pump(self, stream: Any) -> None:
        for raw in iter(stream.readline, b""):
            self._log(raw.decode("utf-8", "replace").rstrip("\n"))

    def _log(self, line: str) -> None:
        if self.on_log is not None:
            for part in line.split("\n"):
                self.on_log(self.config.name, part)

    def _kill(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.popen.pid, signal.SIGKILL)
        process.popen.wait()
        os.close(process.reply_fd)
        for reader in process.readers:
            reader.join(timeout=5)
        for stream in (process.popen.stdin, process.popen.stdout, process.popen.stderr):
            if stream is not None:
                stream.close()

    def close(self) -> None:
        with self._lock:
            self._kill()

    @property
    def warm(self) -> bool:
        return self._process is not None and self._process.popen.poll() is None

    # -- invocation -----------------------------------------------------------------------
    def invoke(self, event: Mapping[str, Any], request_id: str | None = None) -> Any:
        """The handler's result; raises InvocationError / InvocationTimeout."""
        with self._lock:
            if not self.warm:
                self._kill()
                self._process = self._start()
            process = self._process
            assert process is not None and process.popen.stdin is not None
            self._next_id += 1
            request_id = request_id or str(uuid.uuid4())
            timeout_ms = int(self.config.timeout_seconds * 1000)
            request = {
                "id": self._next_id,
                "file": str(self.config.code_dir / self.config.entry_file),
                "handler": self.config.handler_export,
                "event": event,
                "context": {
                    "timeoutMs": timeout_ms,
                    "fields": {
                        "functionName": self.config.name,
                        "functionVersion": "$LATEST",
                        "invokedFunctionArn": self.config.function_arn,
                        "memoryLimitInMB": str(self.config.memory_mb),
                        "awsRequestId": request_id,
                        "logGroupName": f"/aws/lambda/{self.config.name}",
                        "logStreamName": "local",
                    },
                },
            }
            try:
                process.popen.stdin.write(json.dumps(request).encode() + b"\n")
                process.popen.stdin.flush()
            except (BrokenPipeError, OSError):
                self._kill()
                raise InvocationError("Runtime.ExitError", "the function process exited") from None
            # Loading the code is Lambda's init phase (its own 10 s budget); the function's
            # timeout counts from the moment the handler is called.
            deadline = time.monotonic() + INIT_TIMEOUT_SECONDS + self.config.timeout_seconds
            while True:
                message = self._read_message(process, deadline)
                if message is None:
                    self._kill()
                    raise InvocationTimeout(request_id, self.config.timeout_seconds)
                if message.get("exited"):
                    self._kill()
                    raise InvocationError(
                        "Runtime.ExitError", "the function process exited before replying"
                    )
                if message.get("started") == request["id"]:
                    deadline = time.monotonic() + self.config.timeout_seconds
                    continue
                if "log" in message:
                    self._log(str(message["log"]))
                    continue
                if message.get("id") != request["id"]:
                    continue
                if message.get("ok"):
                    return message.get("result")
                raise InvocationError(
                    str(message.get("errorType", "Error")), str(message.get("errorMessage", ""))
                )

    def _read_message(self, process: _Process, deadline: float) -> dict[str, Any] | None:
        """The next JSON message, {"exited": True} at end of stream, None past the deadline."""
        while b"\n" not in process.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([process.reply_fd], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(process.reply_fd, 65536)
            if not chunk:
                return {"exited": True}
            process.buffer += chunk
        line, process.buffer = process.buffer.split(b"\n", 1)
        parsed = json.loads(line)
        assert isinstance(parsed, dict)
        return parsed


class RunnerPool:
    """The emulator's warm processes, by function name. A changed config (new code hash,
    environment or timeout) replaces the function's process."""

    def __init__(self, on_log: LogSink | None = None) -> None:
        self.on_log = on_log
        self._runners: dict[str, FunctionRunner] = {}
        self._lock = threading.Lock()

    def runner(self, config: RunnerConfig) -> FunctionRunner:
        with self._lock:
            current = self._runners.get(config.name)
            if current is not None and current.config == config:
                return current
            if current is not None:
                current.close()
            runner = FunctionRunner(config, on_log=self.on_log)
            self._runners[config.name] = runner
            return runner

    def invoke(self, config: RunnerConfig, event: Mapping[str, Any]) -> Any:
        return self.runner(config).invoke(event)

    def close(self) -> None:
        with self._lock:
            runners, self._runners = list(self._runners.values()), {}
        for runner in runners:
            runner.close()
