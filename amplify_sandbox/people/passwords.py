"""Reading a user's password: a hidden prompt (typed twice) at a terminal, else one line of stdin.

Never from the command line (argv is visible to other processes and kept in shell history)."""

from __future__ import annotations

import getpass
import sys

from amplify_sandbox.errors import UsageError
from amplify_sandbox.secrets.value_input import read_value


def _prompt(label: str) -> str:
    first = getpass.getpass(f"Password for {label} (hidden): ")
    if getpass.getpass("Again: ") != first:
        raise UsageError("The two passwords differ: nothing was changed.", hint="Try again.")
    return first


def read_password(label: str, *, from_stdin: bool, may_prompt: bool) -> str:
    """The password from stdin (`--password-stdin`, or stdin is not a terminal), without its
    final line ending; else from a hidden prompt."""
    terminal = sys.stdin.isatty() and not from_stdin
    value = read_value(
        sys.stdin.buffer,
        is_terminal=terminal,
        prompt=lambda: _prompt(label),
        may_prompt=may_prompt,
    )
    if value.endswith("\r\n"):
        return value[:-2]
    return value.removesuffix("\n")
