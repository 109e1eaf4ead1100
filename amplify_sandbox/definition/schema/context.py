"""What a loader hands the schema and what the schema hands back to it: `MapContext` (how to
spell keys, call functions and read access rules for one loader), `RawGrant` (an access rule
as found, before validation) and `Val` (one value with its field path and locations)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from amplify_sandbox.errors import DefinitionError, Location


@dataclass(frozen=True)
class RawGrant:
    """One `allow.resource(fn).to(actions)` as the loader found it, before validation."""

    function: Any
    actions: Any
    loc: Location
    function_loc: Location
    actions_loc: Location
    path: str


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


Invoke = Callable[[Callable[..., Any], tuple[Any, ...], Location, str], Any]
# Turns an `access` value (the user's `(allow) => [...]`) into the grants it names.
AccessHook = Callable[[Any, Location, str], list[RawGrant]]


def _plain_invoke(fn: Callable[..., Any], args: tuple[Any, ...], loc: Location, path: str) -> Any:
    return fn(*args)


def _no_access(value: Any, loc: Location, path: str) -> list[RawGrant]:
    raise DefinitionError("access rules are not supported here", location=loc, field=path)


@dataclass
class MapContext:
    """How to spell keys and call functions for one loader."""

    source: Path
    default_location: Location
    python: bool = False
    invoke: Invoke = _plain_invoke
    access: AccessHook = _no_access
    # Unknown keys become warnings instead of errors.
    lenient: bool = False
    warnings: list[str] = field(default_factory=list)
    # The project root, to show function references relative to it.
    root: Path | None = None

    def k(self, camel: str) -> str:
        return snake(camel) if self.python else camel


@dataclass(frozen=True)
class Val:
    """One evaluated value with its field path and where it came from."""

    value: Any
    path: str
    loc: Location
    key_loc: Location
