"""Reading a secret's value: a hidden prompt at a terminal, else stdin to EOF, byte for byte.

Never from the command line: argv is visible to every process and kept in shell history.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from amplify_sandbox.errors import UsageError


def read_value(
    stdin: BinaryIO,
    *,
    is_terminal: bool,
    prompt: Callable[[], str],
    may_prompt: bool = True,
) -> str:
    """The value, unchanged (a multi-line key keeps its newlines); empty is refused."""
    if is_terminal:
        if not may_prompt:
            raise UsageError(
                "No value: --json never prompts and stdin is a terminal.",
                hint="Pipe the value in, e.g. `sandbox secret set NAME --json < key.p8`.",
            )
        value = prompt()
    else:
        try:
            value = stdin.read().decode("utf-8")
        except UnicodeDecodeError:
            # The exception's text quotes the offending bytes, which are part of the secret.
            raise UsageError(
                "The value on stdin is not UTF-8 text.",
                hint="Secrets are stored as text; encode binary keys (e.g. base64) first.",
            ) from None
    if not value.strip():
        raise UsageError(
            "Empty value: nothing was set.",
            hint="Type the value at the prompt, or pipe it in: `sandbox secret set NAME < file`.",
        )
    return value
