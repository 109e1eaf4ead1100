"""`sandbox` ends without the interpreter's teardown (amplify_sandbox/entry.py, quick_exit.py): the
`atexit` functions run and the exit status is kept, but objects are not freed one by one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Loaded by the child's `site`: an atexit function, and an object whose finalizer says when the
# interpreter tears itself down.
SITE = """
import atexit, builtins, os


class _TornDown:
    def __del__(self, write=os.write):
        write(2, b"torn down\\n")


builtins._quick_exit_marker = _TornDown()
atexit.register(lambda write=os.write: write(2, b"atexit ran\\n"))
"""


def _sandbox(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "sitecustomize.py").write_text(SITE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "amplify_sandbox", *argv],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )


def test_a_finished_command_runs_the_atexit_functions_but_no_teardown(tmp_path: Path) -> None:
    done = _sandbox(tmp_path, "plan", "--help")
    assert done.returncode == 0, done.stderr
    assert "Usage" in done.stdout
    assert done.stderr.splitlines() == ["atexit ran"]


def test_a_failed_command_keeps_its_exit_status(tmp_path: Path) -> None:
    done = _sandbox(tmp_path, "plan", "--no-such-option")
    assert done.returncode == 2
    assert "No such option" in done.stderr
    assert "atexit ran" in done.stderr
    assert "torn down" not in done.stderr


def test_a_usage_error_under_json_prints_the_document_and_keeps_exit_2(tmp_path: Path) -> None:
    done = _sandbox(tmp_path, "--json", "plan", "--no-such-option")
    assert done.returncode == 2
    assert '"code": "usage"' in done.stdout
    assert "No such option" in done.stderr
