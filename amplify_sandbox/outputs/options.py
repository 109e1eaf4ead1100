"""The outputs versions and formats Amplify supports, and checking a requested pair."""

from __future__ import annotations

from amplify_sandbox.errors import UsageError

OUTPUTS_VERSIONS = ("0", "1", "1.1", "1.2", "1.3", "1.4", "1.5")
OUTPUTS_FORMATS = ("json", "json-mobile", "mjs", "ts", "dart")
DEFAULT_OUTPUTS_VERSION = "1.5"
DEFAULT_OUTPUTS_FORMAT = "json"

LEGACY_VERSION = "0"


def check_version(version: str) -> str:
    return _one_of(version, OUTPUTS_VERSIONS, "version", DEFAULT_OUTPUTS_VERSION)


def check_format(fmt: str) -> str:
    return _one_of(fmt, OUTPUTS_FORMATS, "format", DEFAULT_OUTPUTS_FORMAT)


def _one_of(value: str, allowed: tuple[str, ...], what: str, default: str) -> str:
    if value not in allowed:
        raise UsageError(
            f"Unknown outputs {what} {value!r}.",
            hint=f"Use one of: {', '.join(allowed)} (default {default}).",
        )
    return value


def is_legacy(version: str) -> bool:
    return version == LEGACY_VERSION


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))
