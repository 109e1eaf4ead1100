"""Start-up structure: a command's module (and what it needs) is imported only when it runs.

Structural, not timed: these check which modules a process imported (sys.modules in a fresh
interpreter) and that the help `sandbox --help` prints without loading a command is the help
the loaded commands give."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import typer

import amplify_sandbox
from amplify_sandbox.cli import app as app_module
from amplify_sandbox.cli.main import ROOT_HELP


def _imported_after(argv: list[str], setup: str = "") -> set[str]:
    """The modules a fresh `sandbox ARGV` process has imported when it exits."""
    code = (
        "import sys\n"
        f"{setup}"
        "from amplify_sandbox.cli.app import main\n"
        f"sys.argv = ['sandbox', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return set(result.stderr.split())


def test_root_help_imports_no_command_module() -> None:
    modules = _imported_after(["--help"])
    ours = {m for m in modules if m.startswith("amplify_sandbox.")}
    commands = {f"amplify_sandbox.cli.{entry.module}" for entry in app_module.COMMANDS.values()}
    assert not ours & commands, sorted(ours & commands)
    # Nor the planner, the definition loader or the AWS layer.
    for package in ("deploy", "definition", "desired", "aws", "local"):
        assert not any(m.startswith(f"amplify_sandbox.{package}") for m in ours), package


def test_one_command_help_imports_that_command_only() -> None:
    modules = _imported_after(["plan", "--help"])
    loaded = {
        entry.module
        for entry in app_module.COMMANDS.values()
        if f"amplify_sandbox.cli.{entry.module}" in modules
    }
    assert loaded == {"plan"}
    assert not {m for m in modules if m.split(".")[0] in ("botocore", "boto3", "rich")}


def test_each_summary_is_its_command_help() -> None:
    for name in app_module.COMMANDS:
        command = app_module.load(name)
        first = inspect.cleandoc(command.help or "").split("\n\n")[0]
        assert app_module.COMMANDS[name].summary == " ".join(first.split()), name


def test_root_help_is_the_same_with_every_command_loaded() -> None:
    root = typer.main.get_command(app_module.app)
    ctx = root.make_context("sandbox", [], resilient_parsing=True)
    lazy = root.get_help(ctx)
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        assert root.get_command(ctx, name) is not None  # type: ignore[attr-defined]
    assert set(root.commands) == set(app_module.COMMANDS)  # type: ignore[attr-defined]
    # The same group with every command now loaded: its help must be the same text.
    assert root.get_help(ctx) == lazy
    for name in app_module.COMMANDS:
        assert f"  {name} " in lazy


def test_a_quiet_deploy_makes_no_console(seed_project: Path, emulator_port: int) -> None:
    # -q on success shows nothing: rich's console is never built (nor imported).
    args = ["-q", "deploy", "--local", "--port", str(emulator_port)]
    modules = _imported_after([*args, "--project-dir", str(seed_project)])
    assert (seed_project / "amplify_outputs.json").is_file()
    assert "rich.console" not in modules


def _entry_point(argv: list[str], columns: str) -> subprocess.CompletedProcess[str]:
    """`sandbox ARGV` through the console script's entry point; stderr lists the modules."""
    code = (
        "import sys\n"
        "from amplify_sandbox.cli.main import main\n"
        f"sys.argv = ['/somewhere/bin/sandbox', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "COLUMNS": columns}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)


def test_the_kept_root_help_is_the_apps() -> None:
    assert Path(ROOT_HELP).read_text(encoding="utf-8") == app_module.root_help(), (
        "cli/root_help.txt is out of date: run python -c "
        "'from amplify_sandbox.cli.app import write_root_help; write_root_help()'"
    )


def test_root_help_is_printed_without_typer() -> None:
    result = _entry_point(["--help"], "120")
    assert result.returncode == 0, result.stderr
    assert result.stdout == Path(ROOT_HELP).read_text(encoding="utf-8")
    assert "typer" not in result.stderr.split()
    for name in app_module.COMMANDS:
        assert f"\n  {name} " in result.stdout


def test_a_narrow_terminal_gets_the_apps_help() -> None:
    result = _entry_point(["--help"], "60")
    assert result.returncode == 0, result.stderr
    assert "typer" in result.stderr.split()
    assert "Commands:" in result.stdout
    assert result.stdout != Path(ROOT_HELP).read_text(encoding="utf-8")


def test_other_command_lines_go_through_the_app() -> None:
    for argv in (["plan", "--help"], ["--help", "--json"], ["--version", "--json"]):
        result = _entry_point(argv, "120")
        assert result.returncode == 0, result.stderr
        assert "typer" in result.stderr.split(), argv


def test_the_version_is_printed_without_typer() -> None:
    kept = _entry_point(["--version"], "120")
    assert kept.returncode == 0, kept.stderr
    assert "typer" not in kept.stderr.split()
    code = "from amplify_sandbox.cli.app import main\nimport sys\nsys.argv = ['sandbox', '--version']\nmain()"
    app = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert app.returncode == 0, app.stderr
    assert kept.stdout == app.stdout == f"sandbox {amplify_sandbox.__version__}\n"
