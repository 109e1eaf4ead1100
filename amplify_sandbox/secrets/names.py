"""Secret names: Amplify's pattern, and the environment variable that overrides each one."""

from __future__ import annotations

import re

from amplify_sandbox.errors import UsageError

NAME_PATTERN = re.compile(r"^[a-zA-Z0-9_.-]+$")
ENV_PREFIX = "SANDBOX_SECRET_"
_NOT_ENV_SAFE = re.compile(r"[^A-Za-z0-9]")


def validate_name(name: str) -> str:
    """The name unchanged, or a UsageError (Amplify accepts the same names)."""
    if not NAME_PATTERN.match(name):
        raise UsageError(
            f"Invalid secret name {name!r}: use letters, digits, '_', '.' or '-'.",
            hint="For example GOOGLE_CLIENT_ID or apple.private-key.",
        )
    return name


def env_var_name(name: str) -> str:
    """`SANDBOX_SECRET_` + the name upper-cased, every other character than A-Z/0-9 as `_`.

    `apple.private-key` → `SANDBOX_SECRET_APPLE_PRIVATE_KEY`.
    """
    return ENV_PREFIX + _NOT_ENV_SAFE.sub("_", name).upper()
