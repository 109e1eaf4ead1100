"""Bounds on what a definition file may be: far above any real auth definition (a few kB),
far below what exhausts the machine."""

from __future__ import annotations

from pathlib import Path

from amplify_sandbox.errors import DefinitionError, Location

# resource.ts / resource.py, and every module resource.ts imports.
MAX_FILE_BYTES = 1_000_000


def check_file_size(path: Path, at: Location | None = None) -> None:
    """Refuse a file larger than `MAX_FILE_BYTES` before reading it (`at`: where it is
    imported, else the file itself)."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DefinitionError(
            f"{path.name} has {size:,} bytes; a definition file may have at most "
            f"{MAX_FILE_BYTES:,}",
            location=at or Location(path, 1, 1),
            hint="an auth definition is a few kilobytes; check that this is the right file",
        )
