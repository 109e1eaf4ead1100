"""The installed `sandbox` binary: a hidden prompt on a real terminal (pty), and stdin when piped."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.secrets.file_keyring import FileKeyring
from tests.secrets.helpers import P8, all_parameters, make_project

SANDBOX = str(Path(sys.executable).parent / "sandbox")
KEYRING_SERVICE = "amplify-sandbox:amplify-mysampleapp-alice-sandbox-2bea0b21ed"
SANDBOX_PATH = "/amplify/mysampleapp/alice-sandbox-2bea0b21ed"


def _read_until(fd: int, marker: bytes, seen: bytearray, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while marker not in seen:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"timed out waiting for {marker!r}; got {bytes(seen)!r}")
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk


def run_in_pty(argv: list[str], answer: bytes | None, wait_for: bytes) -> tuple[int, bytes]:
    """Run `argv` on a fresh pseudo-terminal; type `answer` once `wait_for` appears."""
    pid, fd = pty.fork()
    if pid == 0:  # child: stdin, stdout, stderr and /dev/tty are the pty
        try:
            os.execve(argv[0], argv, {**os.environ, "NO_COLOR": "1", "CI": ""})
        finally:
            os._exit(127)
    seen = bytearray()
    try:
        _read_until(fd, wait_for, seen)
        if answer is not None:
            os.write(fd, answer)
        _read_until(fd, b"\x00never\x00", seen)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), bytes(seen)


def test_prompt_on_a_terminal_is_hidden_local(tmp_path: Path, file_keyring: FileKeyring) -> None:
    project = make_project(tmp_path)
    argv = [SANDBOX, "secret", "set", "GOOGLE_CLIENT_SECRET", "--project-dir", str(project)]
    argv += ["--identifier", "alice", "--local", "--port", "9"]
    code, output = run_in_pty(argv, b"typed-at-the-prompt-42\r", b"(hidden): ")
    assert code == 0, output
    assert b"Value of GOOGLE_CLIENT_SECRET (hidden): " in output
    assert b"typed-at-the-prompt-42" not in output, "the terminal must not echo the value"
    assert b"Set secret GOOGLE_CLIENT_SECRET (version 1)" in output
    assert file_keyring.dump()[KEYRING_SERVICE]["GOOGLE_CLIENT_SECRET"] == "typed-at-the-prompt-42"


def test_prompt_on_a_terminal_aws(
    tmp_path: Path, emulator_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", emulator_url)
    project = make_project(tmp_path)
    argv = [SANDBOX, "secret", "set", "K", "--project-dir", str(project), "--identifier", "alice"]
    code, output = run_in_pty(argv, b"aws-typed-value\r", b"(hidden): ")
    assert code == 0, output
    assert b"aws-typed-value" not in output
    assert all_parameters(emulator_url) == {f"{SANDBOX_PATH}/K": "aws-typed-value"}


def test_json_on_a_terminal_never_prompts(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    argv = [SANDBOX, "secret", "set", "K", "--json", "--project-dir", str(project)]
    argv += ["--identifier", "alice", "--local", "--port", "9"]
    code, output = run_in_pty(argv, None, b"}")
    assert code == 2
    assert b"never prompts" in output and b"hidden" not in output


def test_piped_stdin_is_stored_byte_exact(tmp_path: Path, emulator_url: str) -> None:
    project = make_project(tmp_path)
    where = ["--project-dir", str(project), "--identifier", "alice"]
    env = {**os.environ, "AWS_ENDPOINT_URL": emulator_url, "NO_COLOR": "1"}
    done = subprocess.run(
        [SANDBOX, "secret", "set", "APPLE_PRIVATE_KEY", "--json", *where],
        input=P8.encode(),
        capture_output=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["data"]["version"] == 1
    assert all_parameters(emulator_url)[f"{SANDBOX_PATH}/APPLE_PRIVATE_KEY"] == P8
    shown = subprocess.run(
        [SANDBOX, "secret", "get", "APPLE_PRIVATE_KEY", "--reveal", *where],
        capture_output=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert shown.stdout == P8.encode()
