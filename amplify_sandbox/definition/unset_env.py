"""Naming the environment variables a definition read but the environment does not set, in
the error a value built from one leads to (`process.env.X ?? ''` → "must not be empty")."""

from __future__ import annotations

from collections.abc import Mapping

from amplify_sandbox.errors import DefinitionError


def with_unset_env(error: DefinitionError, unset: Mapping[str, str]) -> DefinitionError:
    """`error`, its hint naming each unset variable read (name → where it was read)."""
    if not unset:
        return error
    named = ", ".join(
        f"`{name}` ({where})" if where else f"`{name}`" for name, where in unset.items()
    )
    note = f"not set in this environment: {named}"
    hint = f"{error.hint}; {note}" if error.hint else note
    return DefinitionError(error.detail, location=error.location, hint=hint, field=error.field)
