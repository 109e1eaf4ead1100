"""Writing a file atomically, so a reader (or a dev server watching it) never sees half of it.

The bytes go to a temporary file beside the target, `.<name>.<8 hex digits>.tmp`, which is
fsynced and renamed over the target with `os.replace`; on any failure it is removed again.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write `data` to `path` atomically. `private`: the file is its owner's only (0o600, a
    folder made for it 0o700) and the folder is fsynced too, so the rename survives a crash.
    Otherwise the file gets the mode a plain write would (0o666 less the umask)."""
    if private:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            if private and os.name != "nt":
                os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    if private and os.name != "nt":
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
