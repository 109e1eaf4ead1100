"""The shared options: before the command or after it, one document; every --help lists them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app

runner = CliRunner()
SHARED = ["--json", "--debug", "--verbose", "--quiet", "--port"]
TARGET = ["--local", "--profile", "--region", "--identifier", "--project-dir"]


def _target(port: int, project: Path) -> list[str]:
    return ["--local", "--port", str(port), "--project-dir", str(project), "--identifier", "glob"]


def _commands() -> list[list[str]]:
    """Every leaf command's words, e.g. ["secret", "set"]."""
    root = typer.main.get_command(app)

    def walk(group: Any, words: list[str]) -> list[list[str]]:
        if not hasattr(group, "list_commands"):  # a command (typer ships its own click)
            return [words]
        found: list[list[str]] = []
        # The public way: the root loads a command's module only when asked for it.
        for name in group.list_commands(None):
            found += walk(group.get_command(None, name), [*words, name])
        return found

    return walk(root, [])


def test_every_command_is_listed() -> None:
    names = {" ".join(words) for words in _commands()}
    assert {"deploy", "plan", "delete", "local start", "secret set", "secret remove"} <= names


@pytest.mark.parametrize("words", _commands(), ids=lambda words: " ".join(words))
def test_every_help_lists_its_options(words: list[str]) -> None:
    result = runner.invoke(app, [*words, "--help"])
    assert result.exit_code == 0, result.output
    expected = SHARED if words[0] == "local" else [*SHARED, *TARGET]
    for option in expected:
        assert option in result.stdout, f"{' '.join(words)} --help lacks {option}"


def test_root_help_lists_the_shared_options_and_completion() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for option in [*SHARED, *TARGET, "--install-completion", "--show-completion"]:
        assert option in result.stdout


def test_json_before_and_after_the_command_give_the_same_document(
    seed_project: Path, emulator_port: int
) -> None:
    target = _target(emulator_port, seed_project)
    before = runner.invoke(app, ["--json", *target, "plan"])
    after = runner.invoke(app, ["plan", "--json", *target])
    mixed = runner.invoke(app, ["--json", "--local", "plan", *target[1:]])
    assert before.exit_code == after.exit_code == mixed.exit_code == 0, before.output
    document = json.loads(after.stdout)
    assert json.loads(before.stdout) == document == json.loads(mixed.stdout)
    assert document["data"]["sandbox_id"].startswith("amplify-seedapp-glob-sandbox-")


def test_a_value_after_the_command_wins(seed_project: Path, emulator_port: int) -> None:
    target = _target(emulator_port, seed_project)
    result = runner.invoke(app, ["--identifier", "first", "plan", "--json", *target])
    assert result.exit_code == 0, result.output
    assert "-glob-sandbox-" in json.loads(result.stdout)["data"]["sandbox_id"]


def test_root_options_reach_a_group_command(seed_project: Path, emulator_port: int) -> None:
    target = _target(emulator_port, seed_project)
    result = runner.invoke(app, ["--json", *target, "secret", "list"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["data"]["secrets"] == []


def test_quiet_before_the_command(seed_project: Path, emulator_port: int) -> None:
    result = runner.invoke(app, ["-q", "plan", *_target(emulator_port, seed_project)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_show_and_install_completion(tmp_path: Path) -> None:
    sandbox = str(Path(sys.executable).parent / "sandbox")
    shown = subprocess.run(
        [sandbox, "--show-completion", "bash"], capture_output=True, text=True, check=True
    )
    assert "_SANDBOX_COMPLETE" in shown.stdout
    env = {"HOME": str(tmp_path), "PATH": str(Path(sys.executable).parent), "SHELL": "/bin/bash"}
    installed = subprocess.run(
        [sandbox, "--install-completion", "bash"], capture_output=True, text=True, env=env
    )
    assert installed.returncode == 0, installed.stderr
    assert "_SANDBOX_COMPLETE" in (tmp_path / ".bash_completions" / "sandbox.sh").read_text()
    assert "sandbox.sh" in (tmp_path / ".bashrc").read_text()


def test_help_imports_nothing_heavy() -> None:
    # --help must be instant: no AWS SDK, no rich, no parser at start-up.
    code = (
        "import sys\n"
        "from amplify_sandbox.cli.app import main\n"
        "sys.argv = ['sandbox', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('boto3', 'botocore', 'rich', 'moto', 'tree_sitter', 'keyring', 'watchfiles')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "[]"
