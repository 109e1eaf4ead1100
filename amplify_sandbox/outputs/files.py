"""Where the outputs file goes, writing it atomically, and removing the ones this sandbox wrote."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from pathlib import Path

from amplify_sandbox.atomic import TEMP_SUFFIX, write_atomic
from amplify_sandbox.outputs.options import OUTPUTS_FORMATS, check_format, check_version, is_legacy

DEFAULT_BASE_NAME = "amplify_outputs"
LEGACY_BASE_NAME = "amplifyconfiguration"


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
    """Write the file atomically (see `atomic`), so a reader or a dev server watching the file
    never sees a half-written config."""
    write_atomic(path, text.encode("utf-8"))


def written_for(path: Path, user_pool_ids: Collection[str]) -> bool:
    """Whether the outputs file at `path` names one of `user_pool_ids`: what this tool writes for
    a sandbox always carries its user pool id (every version and format)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(
        re.search(rf"(?<![\w-]){re.escape(pool_id)}(?![\w-])", text)
        for pool_id in user_pool_ids
        if pool_id
    )


def remove_outputs(
    out_dir: Path,
    user_pool_ids: Collection[str],
    on_left: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Remove the outputs files in `out_dir` that this sandbox wrote (they name one of its user
    pools), and the temp files an interrupted write of this tool left behind; return what was
    removed. Any other file with an outputs file's name (a hand-made Gen 1 config, another
    sandbox's or another target's outputs) is left, and passed to `on_left`."""
    removed: list[Path] = []
    if not out_dir.is_dir():
        return removed
    for name in all_file_names():
        path = out_dir / name
        if not path.is_file():
            continue
        if written_for(path, user_pool_ids):
            path.unlink(missing_ok=True)
            removed.append(path)
        elif on_left is not None:
            on_left(path)
    if not any(user_pool_ids):
        return removed
    pattern = re.compile(
        rf"\.(?:{'|'.join(map(re.escape, all_file_names()))})\.[0-9a-f]{{8}}"
        + re.escape(TEMP_SUFFIX)
    )
    for path in sorted(out_dir.iterdir()):
        if pattern.fullmatch(path.name) and path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
