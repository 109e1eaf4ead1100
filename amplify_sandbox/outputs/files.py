"""Where the outputs file goes, writing it atomically, and removing every one this tool writes."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from amplify_sandbox.outputs.options import OUTPUTS_FORMATS, check_format, check_version, is_legacy

DEFAULT_BASE_NAME = "amplify_outputs"
LEGACY_BASE_NAME = "amplifyconfiguration"
_TEMP_SUFFIX = ".tmp"


def file_name(version: str, fmt: str) -> str:
    base = LEGACY_BASE_NAME if is_legacy(check_version(version)) else DEFAULT_BASE_NAME
    # json-mobile is a JSON file too: Amplify gives it the same name as json.
    extension = "json" if check_format(fmt) == "json-mobile" else fmt
    return f"{base}.{extension}"


def outputs_path(out_dir: Path, version: str, fmt: str) -> Path:
    return out_dir / file_name(version, fmt)


def all_file_names() -> tuple[str, ...]:
    names = {file_name(version, fmt) for version in ("0", "1") for fmt in OUTPUTS_FORMATS}
    return tuple(sorted(names))


def write_text_atomic(path: Path, text: str) -> None:
    """Write via a temp file in the same directory and `os.replace`, so a reader (or a dev
    server watching the file) never sees a half-written config."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}{_TEMP_SUFFIX}")
    # 0o666 through os.open honours the umask, so the file gets the mode a plain write would.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise


def remove_outputs(out_dir: Path) -> list[Path]:
    """Remove every outputs file any version/format could have written in `out_dir`, and temp
    files an interrupted write left behind; return what was removed."""
    removed: list[Path] = []
    candidates = [out_dir / name for name in all_file_names()]
    if out_dir.is_dir():
        for name in all_file_names():
            candidates.extend(sorted(out_dir.glob(f".{name}.*{_TEMP_SUFFIX}")))
    for path in candidates:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed
