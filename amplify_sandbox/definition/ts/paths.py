"""Resolving an import specifier to a file: relative and absolute paths, tsconfig
`compilerOptions.paths` aliases, `.js` → `.ts` and `index` files. npm packages are not local."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from amplify_sandbox.errors import DefinitionError, Location

_SCRIPT_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx")
_JS_TO_TS = {".js": (".ts", ".tsx"), ".mjs": (".mts",), ".cjs": (".cts",), ".jsx": (".tsx",)}

# A tsconfig.json's path patterns and their target bases, cached per config file.
Aliases = list[tuple[str, list[Path]]]


def tsconfig_aliases(root: Path, cache: dict[Path, Aliases], directory: Path) -> Aliases:
    """tsconfig `compilerOptions.paths` patterns and their target bases: the nearest
    tsconfig.json above `directory` first, then the project root's."""
    found: Aliases = []
    configs: list[Path] = []
    current = directory.resolve()
    root = root.resolve()
    while True:
        candidate = current / "tsconfig.json"
        if candidate.is_file():
            configs.append(candidate)
            break
        if current == root or current.parent == current:
            break
        current = current.parent
    if (root / "tsconfig.json").is_file() and root / "tsconfig.json" not in configs:
        configs.append(root / "tsconfig.json")
    for config in configs:
        if config not in cache:
            cache[config] = _tsconfig_paths(config)
        found.extend(cache[config])
    return found


def resolve_specifier(
    importer: Path, specifier: str, aliases: Callable[[Path], Aliases]
) -> tuple[bool, Path | None]:
    """(is local, file) for an import specifier; npm packages are not local."""
    bases: list[Path] = []
    if specifier.startswith(("./", "../")) or specifier in (".", ".."):
        bases = [importer.parent / specifier]
    elif specifier.startswith("/"):
        bases = [Path(specifier)]
    else:
        for pattern, targets in aliases(importer.parent):
            if "*" in pattern:
                prefix, _, suffix = pattern.partition("*")
                if specifier.startswith(prefix) and specifier.endswith(suffix):
                    middle = specifier[len(prefix) : len(specifier) - len(suffix)]
                    bases.extend(Path(str(t).replace("*", middle, 1)) for t in targets)
            elif specifier == pattern:
                bases.extend(targets)
        if not bases:
            return False, None
    for base in bases:
        for candidate in _candidates(base):
            if candidate.is_file():
                return True, candidate
    return True, None


def _candidates(base: Path) -> list[Path]:
    result: list[Path] = []
    suffix = base.suffix
    if suffix in _JS_TO_TS:
        result.extend(base.with_suffix(ts) for ts in _JS_TO_TS[suffix])
    if suffix in _SCRIPT_SUFFIXES:
        result.append(base)
    result.extend(Path(f"{base}{ext}") for ext in (".ts", ".tsx", ".mts", ".js", ".mjs"))
    result.extend(base / f"index{ext}" for ext in (".ts", ".tsx", ".js", ".mjs"))
    return result


def _read_jsonc(path: Path) -> Any:
    """JSON with comments and trailing commas, as tsconfig.json allows."""
    text = path.read_text(encoding="utf-8-sig")
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == '"':
            end = index + 1
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out.append(text[index : end + 1])
            index = end + 1
        elif text.startswith("//", index):
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
        elif text.startswith("/*", index):
            close = text.find("*/", index + 2)
            index = len(text) if close < 0 else close + 2
        else:
            out.append(char)
            index += 1
    cleaned = re.sub(r",(\s*[}\]])", r"\1", "".join(out))
    return json.loads(cleaned)


def _tsconfig_paths(config: Path) -> Aliases:
    try:
        data = _read_jsonc(config)
    except (OSError, ValueError) as exc:
        raise DefinitionError(
            f"cannot read {config.name}: {exc}", location=Location(config, 1, 1)
        ) from None
    options = data.get("compilerOptions") if isinstance(data, dict) else None
    if not isinstance(options, dict) or not isinstance(options.get("paths"), dict):
        return []
    base_url = options.get("baseUrl")
    base = config.parent / base_url if isinstance(base_url, str) else config.parent
    result: Aliases = []
    for pattern, targets in options["paths"].items():
        if isinstance(pattern, str) and isinstance(targets, list):
            result.append((pattern, [base / t for t in targets if isinstance(t, str)]))
    return result
