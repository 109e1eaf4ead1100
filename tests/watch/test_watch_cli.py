"""`sandbox deploy --watch` as a real subprocess against the emulator, read line by line."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner
from watch_helpers import WAIT_S, definition_text

from amplify_sandbox.cli.app import app
from amplify_sandbox.local.server import EmulatorServer

SANDBOX = str(Path(sys.executable).parent / "sandbox")


class Running:
    """The watching process; its stderr lines arrive on a queue so every wait is bounded."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def expect(self, text: str) -> str:
        """The next line containing `text` (earlier lines are kept in `lines`)."""
        while True:
            try:
                line = self._queue.get(timeout=WAIT_S)
            except queue.Empty:
                raise AssertionError(
                    f"no line with {text!r} in {WAIT_S}s:\n" + self.output
                ) from None
            if line is None:
                raise AssertionError(f"exited before {text!r}:\n" + self.output)
            self.lines.append(line)
            if text in line:
                return line

    def stop(self, signum: int) -> int:
        self.process.send_signal(signum)
        code = self.process.wait(timeout=WAIT_S)
        while (line := self._queue.get(timeout=WAIT_S)) is not None:
            self.lines.append(line)
        return code

    @property
    def output(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def watching(seed_project: Path, emulator_port: int) -> Iterator[Running]:
    """`sandbox deploy --watch --local` on the seed project, after its first deploy."""
    process = subprocess.Popen(
        [
            *(SANDBOX, "deploy", "--watch", "--local", "--port", str(emulator_port)),
            *("--project-dir", str(seed_project), "--identifier", "watch"),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "CI": "1"},
    )
    running = Running(process)
    try:
        running.expect("Watching")
        running.expect("Deployed in")
        yield running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=WAIT_S)


def test_edit_error_fix_then_sigint(watching: Running, seed_project: Path) -> None:
    resource = seed_project / "amplify" / "auth" / "resource.ts"
    resource.write_text("export const auth = defineAuth({\n")
    error = watching.expect("error:")
    assert "resource.ts:" in error
    watching.expect("Still watching")
    resource.write_text(definition_text(["ADMINS"]))
    assert "amplify/auth/resource.ts changed: deploying" in watching.expect("changed")
    watching.expect("created user_pool_group groupADMINS")
    assert "(2 created)" in watching.expect("Deployed in")
    assert watching.stop(signal.SIGINT) == 130
    assert "Stopped watching. The sandbox is still deployed" in watching.output
    assert f"sandbox delete --local --port {watching.process.args[5]}" in watching.output
    assert "Traceback" not in watching.output


def test_sigterm_is_a_clean_stop_with_exit_0(watching: Running) -> None:
    assert watching.stop(signal.SIGTERM) == 0
    assert "Stopped watching" in watching.output


def test_watch_cannot_be_combined_with_json(seed_project: Path) -> None:
    result = CliRunner().invoke(
        app, ["deploy", "--watch", "--json", "--local", "--project-dir", str(seed_project)]
    )
    assert result.exit_code == 2
    assert "--watch and --json" in result.stderr


def test_function_output_is_streamed_with_its_name(
    watching: Running, seed_project: Path, emulator: EmulatorServer, tmp_path: Path
) -> None:
    from amplify_sandbox.cli.logs import function_prefix
    from amplify_sandbox.identity import resolve_identity
    from tests.cli.test_logs import _pool_with_function

    prefix = function_prefix(resolve_identity(seed_project, "watch"))
    pool = _pool_with_function(emulator.url, emulator.token, tmp_path / "fn", prefix)
    pool.sign_up("ann@example.com")
    assert watching.expect("[pre-sign-up]") == "[pre-sign-up] checking ann@example.com"
    assert watching.stop(signal.SIGTERM) == 0
