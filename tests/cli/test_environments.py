"""CI as it is: AWS_REGION alone names the region; CI=true means no prompts and no spinners."""

from __future__ import annotations

import json
import os
import pty
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app

runner = CliRunner()
# rich hides the cursor while a spinner runs.
HIDE_CURSOR = "\x1b[?25l"


def on_a_terminal(argv: list[str], ci: str, answer: bytes) -> tuple[int, bytes]:
    """Run `argv` on a pseudo-terminal with CI=`ci`, `answer` waiting in its input."""
    pid, fd = pty.fork()
    if pid == 0:  # child: stdin, stdout, stderr are the pty
        try:
            os.execve(argv[0], argv, {**os.environ, "NO_COLOR": "1", "CI": ci})
        finally:
            os._exit(127)
    os.write(fd, answer)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), bytes(seen)


def _local(port: int, project: Path) -> list[str]:
    return ["--local", "--port", str(port), "--project-dir", str(project), "--identifier", "ci"]


def test_aws_region_alone_is_honoured(
    seed_project: Path, emulator_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", emulator_url)
    result = runner.invoke(app, ["deploy", "--json", "--project-dir", str(seed_project)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["data"]["region"] == "eu-central-1"
    outputs = json.loads((seed_project / "amplify_outputs.json").read_text())
    assert outputs["auth"]["aws_region"] == "eu-central-1"


def test_aws_region_comes_before_aws_default_region_and_region_before_both(
    seed_project: Path, emulator_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The AWS CLI v2's order: --region, then AWS_REGION, then AWS_DEFAULT_REGION.
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", emulator_url)
    plan = ["plan", "--json", "--project-dir", str(seed_project)]
    from_env = runner.invoke(app, plan)
    assert from_env.exit_code == 0, from_env.output
    assert "AWS region eu-central-1" in from_env.stderr
    explicit = runner.invoke(app, [*plan, "--region", "ap-south-1"])
    assert explicit.exit_code == 0, explicit.output
    assert "AWS region ap-south-1" in explicit.stderr


@pytest.mark.parametrize("ci", ["", "true"])
def test_no_spinner_in_ci(
    ci: str, seed_project: Path, emulator_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A terminal as rich sees it; only CI decides whether the spinner runs.
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("CI", ci)
    result = runner.invoke(app, ["deploy", *_local(emulator_port, seed_project)])
    assert result.exit_code == 0, result.output
    assert "created user_pool userPool" in result.stderr
    assert (HIDE_CURSOR in result.stderr) is (ci == "")


@pytest.mark.parametrize("ci", ["true", "1"])
def test_no_prompt_in_ci_even_at_a_terminal(
    ci: str, seed_project: Path, emulator_port: int
) -> None:
    sandbox = str(Path(sys.executable).parent / "sandbox")
    argv = [sandbox, "delete", *_local(emulator_port, seed_project)]
    code, seen = on_a_terminal(argv, ci, b"y\n")
    assert code == 3, seen
    assert b"[y/N]" not in seen and b"--yes" in seen


@pytest.mark.parametrize("ci", ["", "false"])
def test_a_prompt_at_a_terminal_outside_ci(ci: str, seed_project: Path, emulator_port: int) -> None:
    sandbox = str(Path(sys.executable).parent / "sandbox")
    argv = [sandbox, "delete", *_local(emulator_port, seed_project)]
    code, seen = on_a_terminal(argv, ci, b"n\n")
    assert code == 3, seen
    assert b"can't be undone. [y/N]" in seen
