"""Names chosen by users or files are printed as themselves: no markup, no terminal escapes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from amplify_sandbox.cli.app import app

runner = CliRunner()
NAME = "[bold red]x[/] \x1b]0;pwned\x07 \x1b[2J [/]"


def _local(port: int, project: Path) -> list[str]:
    return ["--local", "--port", str(port), "--project-dir", str(project), "--identifier", "t"]


def _name_package(project: Path, name: str) -> None:
    package = project / "package.json"
    document = json.loads(package.read_text())
    package.write_text(json.dumps({**document, "name": name}))


def test_a_package_name_with_markup_and_escapes_is_shown_as_text(
    seed_project: Path, emulator_port: int
) -> None:
    _name_package(seed_project, NAME)
    for command in (["plan"], ["deploy"], ["delete", "--yes"]):
        result = runner.invoke(app, [*command, "-v", *_local(emulator_port, seed_project)])
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        assert "\x1b" not in result.stderr and "\x07" not in result.stderr
        if command[0] != "delete":  # (delete names the identifier only)
            assert "[bold red]x[/]" in result.stderr
            assert "\\x1b]0;pwned\\x07" in result.stderr


def test_the_json_document_keeps_the_name_exactly(seed_project: Path, emulator_port: int) -> None:
    _name_package(seed_project, NAME)
    result = runner.invoke(app, ["deploy", "--json", *_local(emulator_port, seed_project)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout  # JSON escapes it
    assert json.loads(result.stdout)["data"]["namespace"] == NAME


def test_an_error_quoting_user_input_is_shown_as_text(seed_project: Path) -> None:
    result = runner.invoke(app, ["plan", "--project-dir", str(seed_project), "--identifier", "[/]"])
    assert result.exit_code == 2, result.output
    assert "Invalid identifier '[/]'" in result.stderr
    assert "Traceback" not in result.output


def test_a_warning_quoting_the_definition_is_shown_as_text(
    seed_project: Path, emulator_port: int
) -> None:
    resource = seed_project / "amplify" / "auth" / "resource.ts"
    resource.write_text(
        resource.read_text().replace("email: true", "email: true, '[/]\x1b[31m': 1")
    )
    result = runner.invoke(app, ["deploy", "--lenient", *_local(emulator_port, seed_project)])
    assert "Traceback" not in result.output
    assert "\x1b" not in result.stderr
    assert "warning:" in result.stderr and "[/]" in result.stderr


def test_an_emoji_code_in_a_name_is_shown_as_typed(seed_project: Path, emulator_port: int) -> None:
    # rich turns `:fire:` into an emoji unless told not to; a value must be shown as itself.
    _name_package(seed_project, "shop:fire:app")
    result = runner.invoke(app, ["plan", *_local(emulator_port, seed_project)])
    assert result.exit_code == 0, result.output
    assert "shop:fire:app" in result.stderr
    assert "\N{FIRE}" not in result.stderr
