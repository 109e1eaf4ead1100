"""The `sandbox` entry point: `sandbox --help` printed from its kept page, the rest by the app.

Importing typer (and the click it carries) costs several times a bare Python start, and the
root help page is fixed text: the shared options and the one-line summaries of cli/app.py's
registry. So `sandbox --help`, typed as such, prints `root_help.txt` without importing typer
(and `sandbox --version` its line);
any other command line, another program name (`python -m amplify_sandbox`), a terminal narrower
than click's 80 columns or shell completion goes through the app. tests/cli/test_startup.py
checks the page is what the app prints; `write_root_help()` in cli/app.py makes it again.
"""

from __future__ import annotations

import os
import sys

# A path as text: pathlib would cost this start-up more than the rest of it.
ROOT_HELP = os.path.join(os.path.dirname(__file__), "root_help.txt")
PROGRAM = "sandbox"
# click wraps help to the terminal's width, at most 80 columns (78 of text).
HELP_COLUMNS = 80


def _columns() -> int:
    """The terminal's width as click reads it (shutil.get_terminal_size, without shutil)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or HELP_COLUMNS


def _kept_help_applies(argv: list[str]) -> bool:
    main = sys.modules.get("__main__")
    return (
        argv[1:] == ["--help"]
        and os.path.basename(argv[0]) == PROGRAM
        and not getattr(main, "__package__", None)  # the console script, not `python -m`
        and not any(name.startswith("_SANDBOX_COMPLETE") for name in os.environ)
        and _columns() >= HELP_COLUMNS
    )


def main() -> None:
    if sys.argv[1:] == ["--version"]:  # as the app's --version prints it
        from amplify_sandbox import __version__

        sys.stdout.write(f"sandbox {__version__}\n")
        return
    if _kept_help_applies(sys.argv):
        try:
            with open(ROOT_HELP, encoding="utf-8") as file:
                page = file.read()
        except OSError:
            page = ""
        if page:
            sys.stdout.write(page)
            sys.stdout.flush()
            return
    from amplify_sandbox.cli.app import main as run

    run()
