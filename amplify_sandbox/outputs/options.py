"""The outputs versions and formats Amplify supports, and checking a requested pair."""

from __future__ import annotations

from amplify_sandbox.errors import UsageError

OUTPUTS_VERSIONS = ("0", "1", "1.1", "1.2", "1.3", "1.4", "1.5")
OUTPUTS_FORMATS = ("json", "json-mobile", "mjs", "ts", "dart")
DEFAULT_OUTPUTS_VERSION = "1.5"
DEFAULT_OUTPUTS_FORMAT = "json"

LEGACY_VERSION = "0"


def check_version(version: str) -> str:
    if version not in OUTPUTS_VERSIONS:
        raise UsageError(
            f"Unknown outputs version {version!r}.",
            hint=f"Use one of: {', '.join(OUTPUTS_VERSIONS)} (default {DEFAULT_OUTPUTS_VERSION}).",
        )
    return version


def check_format(fmt: str) -> str:
    if fmt not in OUTPUTS_FORMATS:
        raise UsageError(
            f"Unknown outputs format {fmt!r}.",
            hint=f"Use one of: {', '.join(OUTPUTS_FORMATS)} (default {DEFAULT_OUTPUTS_FORMAT}).",
        )
    return fmt


def is_legacy(version: str) -> bool:
    return version == LEGACY_VERSION


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))
