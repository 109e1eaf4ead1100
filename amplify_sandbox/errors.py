"""Exit codes and the errors the CLI turns into one clear message."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1
    USAGE = 2
    REFUSED = 3
    LOCKED = 4
    INTERRUPTED = 130


class SandboxError(Exception):
    """An error meant for the user: a message, a hint and an exit code; never a traceback."""

    code: str = "failed"
    exit_code: ExitCode = ExitCode.FAILED

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(SandboxError):
    code = "usage"
    exit_code = ExitCode.USAGE


class RefusedError(SandboxError):
    code = "refused"
    exit_code = ExitCode.REFUSED


class TargetError(SandboxError):
    """The target (AWS or the emulator) could not be reached or refused a call."""

    code = "target"


class LockedError(SandboxError):
    """Another run holds the sandbox's write lock."""

    code = "locked"
    exit_code = ExitCode.LOCKED


@dataclass(frozen=True)
class Location:
    file: Path
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class DefinitionError(SandboxError):
    """The auth definition could not be loaded or is invalid."""

    code = "definition"
    exit_code = ExitCode.USAGE

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        hint: str | None = None,
        field: str | None = None,
    ) -> None:
        prefix = f"{location}: " if location else ""
        where = f"{field}: " if field else ""
        super().__init__(f"{prefix}{where}{message}", hint)
        self.location = location
        self.field = field
        self.detail = message
