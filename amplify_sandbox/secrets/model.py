"""What a stored secret is, its two scopes, and the interface every store implements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class Scope(StrEnum):
    """`sandbox`: this sandbox only. `shared`: every sandbox of the app (Amplify's fallback)."""

    SANDBOX = "sandbox"
    SHARED = "shared"


@dataclass(frozen=True)
class StoredSecret:
    """A secret's metadata; `value` only when it was asked for, and never in repr()."""

    name: str
    scope: Scope
    version: int | None = None
    last_modified: datetime | None = None
    value: str | None = field(default=None, repr=False, compare=False)

    def describe(self) -> dict[str, object]:
        """JSON-safe metadata (never the value)."""
        return {
            "name": self.name,
            "scope": self.scope.value,
            "version": self.version,
            "last_modified": self.last_modified.isoformat() if self.last_modified else None,
        }


class SecretStore(Protocol):
    """Where secret values live (SSM Parameter Store or the OS keychain)."""

    @property
    def location(self) -> str:
        """Where values are kept, for people ("AWS SSM Parameter Store", "keychain …")."""
        ...

    def put(self, scope: Scope, name: str, value: str) -> StoredSecret: ...

    def get(self, scope: Scope, name: str, *, reveal: bool = False) -> StoredSecret | None: ...

    def values(self, scope: Scope, names: Sequence[str]) -> dict[str, str]:
        """The values of those of `names` that are set in `scope`."""
        ...

    def entries(self, scope: Scope) -> list[StoredSecret]: ...

    def remove(self, scope: Scope, names: Sequence[str]) -> list[str]:
        """Delete each name that exists; returns the names deleted."""
        ...
