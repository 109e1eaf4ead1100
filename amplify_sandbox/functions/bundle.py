"""Bundling a function's code for Lambda, as Amplify does.

TypeScript/JavaScript: esbuild with the options Amplify's factory.ts gives CDK's NodejsFunction
(`format: esm`, `bundleAwsSDK: true` so nothing is external, `loader: {'.node': 'file'}`,
`minify: true`, `sourceMap: true`, `logLevel: error`, the CommonJS shim injected, the secrets
banner) and that CDK turns into flags (`--target=node<major>`, `--platform=node`,
`--outfile=index.mjs`). `$amplify/*` resolves to `.amplify/generated/*` (what Amplify's
`amplify/tsconfig.json` paths say). The zip holds `index.mjs` and `index.mjs.map`.

Python: the handler file and the other `.py` modules of its folder, zipped as they are.

Zips are deterministic (sorted names, fixed timestamps and modes), so the content hash is the
same for the same input and changes with any edit to the handler or anything it imports.

esbuild is not run again when nothing it read changed: after a build, `index.inputs.json`
records the content hash of every file esbuild's metafile lists (the handler, what it imports,
the generated env module, the node_modules files bundled with it), of the outputs, and of the
build's key (esbuild binary, arguments, the project's package and tsconfig files). A later
bundle whose key and every input hash match reuses the outputs; any difference runs esbuild.
An input whose size, mtime and inode are those recorded, and that was last written well before
that build started, is not read again (as git trusts its index; most inputs are node_modules).
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import io
import json
import os
import subprocess
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from amplify_sandbox.errors import SandboxError
from amplify_sandbox.functions.env_module import GENERATED_DIR
from amplify_sandbox.functions.esbuild import find_esbuild, require_node
from amplify_sandbox.functions.model import FunctionSpec

# Where bundles are written inside the project (stable, so source map paths are stable too).
OUT_DIR = Path(".amplify") / "sandbox" / "functions"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_OUTPUTS = ("index.mjs", "index.mjs.map")
_RECORD = "index.inputs.json"
_ZIP = "index.zip"
# An input without code in the source map counts as settled when written this long before a build.
_SETTLED_NS = 2_000_000_000
# Files that change how esbuild resolves imports without being inputs of the bundle themselves.
_RESOLUTION_FILES = (
    "package.json",
    "package-lock.json",
    "node_modules/.package-lock.json",
    "tsconfig.json",
    "amplify/package.json",
    "amplify/tsconfig.json",
)
_SKIP_PY_FILES = frozenset({"resource.py"})


class BundleError(SandboxError):
    """The bundler rejected the handler (esbuild's message names file:line)."""


@dataclass(frozen=True)
class Bundle:
    """A function's deployable code. `directory` holds the unzipped files (what the local
    runner loads); `inputs` are the source files it was built from (what watch mode watches)."""

    name: str
    zip_bytes: bytes
    sha256: str
    inputs: tuple[Path, ...]
    directory: Path
    entry_file: str

    @property
    def code_sha256(self) -> str:
        """Lambda's `CodeSha256` (base64 of the zip's SHA-256)."""
        return base64.b64encode(hashlib.sha256(self.zip_bytes).digest()).decode("ascii")


def deterministic_zip(files: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data)
    return buffer.getvalue()


def _shim(name: str) -> str:
    return resources.files("amplify_sandbox.functions").joinpath("shims", name).read_text("utf-8")


def banner_code() -> str:
    """The secrets banner: reads `AMPLIFY_SSM_ENV_CONFIG` and fills the variables from SSM
    before the handler module runs (Amplify's resolve_ssm_params + invoke_ssm_shim)."""
    return _shim("secrets_banner.mjs").strip()


def _write_if_changed(path: Path, text: str) -> None:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def esbuild_args(
    spec: FunctionSpec, project_root: Path, out_dir: Path, shim: Path, *, minify: bool
) -> list[str]:
    major = spec.node_major or 22
    args = [
        "--bundle",
        str(project_root / spec.entry),
        f"--target=node{major}",
        "--platform=node",
        "--format=esm",
        f"--outfile={out_dir / 'index.mjs'}",
        *(["--minify"] if minify else []),
        "--sourcemap",
        "--loader:.node=file",
        "--log-level=error",
        f"--metafile={out_dir / 'index.meta.json'}",
        f"--banner:js={banner_code()}",
        f"--inject:{shim}",
        f"--alias:$amplify={project_root / GENERATED_DIR}",
    ]
    return args


def _bundle_node(
    spec: FunctionSpec,
    root: Path,
    *,
    minify: bool,
    cache_dir: Path | None,
    notify: Callable[[str], None] | None,
) -> Bundle:
    require_node()
    esbuild = find_esbuild(root, cache_dir=cache_dir, notify=notify)
    out_dir = root / OUT_DIR / spec.name
    out_dir.mkdir(parents=True, exist_ok=True)
    # The shim lives in the project's output tree, so its path (and the map) is machine-neutral.
    shim = root / OUT_DIR / "_shims" / "cjs_shim.mjs"
    _write_if_changed(shim, _shim("cjs_shim.mjs"))
    # One bundler per function at a time (a watch rebuild and a deploy share the folder).
    with (root / OUT_DIR / f".{spec.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _run_esbuild(spec, root, esbuild, out_dir, shim, minify=minify)


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def build_key(esbuild: Path, args: list[str], root: Path) -> str:
    """What a build depends on besides its input files."""
    key = hashlib.sha256()
    try:
        stat = esbuild.resolve().stat()
        binary = f"{esbuild.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        binary = str(esbuild)
    for part in (binary, *args):
        key.update(part.encode("utf-8") + b"\0")
    for name in _RESOLUTION_FILES:
        key.update(f"{name}={_digest(root / name) or '-'}\0".encode())
    return key.hexdigest()


def _reused(spec: FunctionSpec, out_dir: Path, key: str, shim: Path) -> Bundle | None:
    """The last build's outputs, when its key and every file it read are unchanged."""
    try:
        record = json.loads((out_dir / _RECORD).read_text(encoding="utf-8"))
        if record.get("key") != key:
            return None
        inputs: dict[str, str] = record["inputs"]
        outputs: dict[str, str] = record["outputs"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if sorted(outputs) != sorted(_OUTPUTS):
        return None
    if any(_digest(out_dir / name) != expected for name, expected in outputs.items()):
        return None
    stats: dict[str, list[int]] = record.get("stats") or {}
    trusted_before = int(record.get("started_ns") or 0) - _SETTLED_NS
    for name, expected in inputs.items():
        if _same_stat(name, stats.get(name), trusted_before):
            continue
        if _digest(Path(name)) != expected:
            return None
    shim_path = str(shim.resolve())
    read = tuple(sorted(Path(name) for name in inputs if name != shim_path))
    try:
        data = (out_dir / _ZIP).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != record.get("zip"):
        return None
    return _bundle_of(spec, out_dir, read, data)


def _stat_of(path: str) -> list[int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def _same_stat(path: str, recorded: list[int] | None, trusted_before: int) -> bool:
    """The file is the one hashed at the build (as git trusts its index): same size, mtime and
    inode, and last written well before the build started (so no later save shares its mtime)."""
    current = _stat_of(path)
    return current is not None and current == recorded and current[1] < trusted_before


def _run_esbuild(
    spec: FunctionSpec, root: Path, esbuild: Path, out_dir: Path, shim: Path, *, minify: bool
) -> Bundle:
    args = esbuild_args(spec, root, out_dir, shim, minify=minify)
    key = build_key(esbuild, args, root)
    reused = _reused(spec, out_dir, key, shim)
    if reused is not None:
        return reused
    for stale in (*_OUTPUTS, "index.meta.json", _RECORD, _ZIP):
        (out_dir / stale).unlink(missing_ok=True)
    started_ns = time.time_ns()
    result = subprocess.run(
        [str(esbuild), *args], cwd=root, capture_output=True, text=True, timeout=300
    )
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip()
        raise BundleError(
            f"function {spec.name!r}: esbuild could not bundle {spec.entry}:\n{message}",
            hint="fix the error in the handler (or a file it imports) and save again",
        )
    meta = json.loads((out_dir / "index.meta.json").read_text(encoding="utf-8"))
    read = [
        _under(root, name) for name in meta.get("inputs", {}) if ":" not in name.split("/", 1)[0]
    ]
    shim_path = shim.resolve()
    files = [(name, (out_dir / name).read_bytes()) for name in _OUTPUTS]
    bundle = _bundle_of(
        spec, out_dir, tuple(sorted(p for p in read if p != shim_path)), deterministic_zip(files)
    )
    _record(out_dir, key, read, started_ns, bundle)
    return bundle


def _under(folder: Path, name: str) -> Path:
    """`folder / name` normalised: esbuild names its inputs by their real paths (symlinks
    resolved), relative to a folder that is itself resolved, so no `resolve()` is needed."""
    return Path(os.path.normpath(os.path.join(folder, name)))


def _read_contents(out_dir: Path) -> dict[Path, str]:
    """The hash of each source as esbuild read it (the source map's `sourcesContent`)."""
    try:
        source_map = json.loads((out_dir / "index.mjs.map").read_text(encoding="utf-8"))
        pairs = zip(source_map["sources"], source_map["sourcesContent"], strict=True)
        return {
            _under(out_dir, name): hashlib.sha256(text.encode("utf-8")).hexdigest()
            for name, text in pairs
            if isinstance(name, str) and isinstance(text, str)
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _record(out_dir: Path, key: str, read: list[Path], started_ns: int, bundle: Bundle) -> None:
    """Write what this build read, so an unchanged next bundle can skip esbuild.

    An input's hash is that of the content esbuild bundled (from the source map), so a save
    made while esbuild ran is never mistaken for what was bundled. An input with no code in
    the map (tree-shaken away) is hashed from the file, only when it was last written well
    before the build started; otherwise nothing is recorded (the next bundle runs esbuild)."""
    bundled = _read_contents(out_dir)
    inputs: dict[str, str] = {}
    for path in read:
        digest = bundled.get(path)
        if digest is None:
            try:
                if path.stat().st_mtime_ns >= started_ns - _SETTLED_NS:
                    return
            except OSError:
                return
            digest = _digest(path)
        if digest is None:
            return
        inputs[str(path)] = digest
    outputs = {name: _digest(out_dir / name) for name in _OUTPUTS}
    if None in outputs.values():
        return
    (out_dir / _ZIP).write_bytes(bundle.zip_bytes)
    stats = {name: _stat_of(name) for name in inputs}
    record = {
        "key": key,
        "inputs": inputs,
        "outputs": outputs,
        "zip": bundle.sha256,
        "started_ns": started_ns,
        "stats": {name: stat for name, stat in stats.items() if stat is not None},
    }
    temporary = out_dir / f".{_RECORD}.tmp"
    temporary.write_text(json.dumps(record, indent=0, sort_keys=True), encoding="utf-8")
    temporary.replace(out_dir / _RECORD)


def _bundle_of(spec: FunctionSpec, out_dir: Path, inputs: tuple[Path, ...], data: bytes) -> Bundle:
    return Bundle(
        name=spec.name,
        zip_bytes=data,
        sha256=hashlib.sha256(data).hexdigest(),
        inputs=inputs,
        directory=out_dir,
        entry_file="index.mjs",
    )


def python_sources(entry: Path) -> list[Path]:
    """The handler and the other modules of its folder (sub-packages included)."""
    folder = entry.parent
    found = [entry]
    for path in sorted(folder.rglob("*.py")):
        relative = path.relative_to(folder)
        if path == entry or "__pycache__" in relative.parts:
            continue
        if len(relative.parts) == 1 and path.name in _SKIP_PY_FILES:
            continue
        found.append(path)
    return found


def _bundle_python(spec: FunctionSpec, entry: Path) -> Bundle:
    sources = python_sources(entry)
    files = [(p.relative_to(entry.parent).as_posix(), p.read_bytes()) for p in sources]
    data = deterministic_zip(files)
    return Bundle(
        name=spec.name,
        zip_bytes=data,
        sha256=hashlib.sha256(data).hexdigest(),
        inputs=tuple(sorted(p.resolve() for p in sources)),
        directory=entry.parent,
        entry_file=entry.name,
    )


def bundle_function(
    spec: FunctionSpec,
    project_root: Path,
    *,
    minify: bool = True,
    cache_dir: Path | None = None,
    notify: Callable[[str], None] | None = None,
) -> Bundle:
    """The function's deployment package: its Python folder zipped, or its Node.js handler
    bundled with esbuild (`minify`, `cache_dir` and `notify` are esbuild's)."""
    root = project_root.resolve()
    entry = root / spec.entry
    if not entry.is_file():
        where = "define_function" if spec.is_python else "defineFunction"
        raise BundleError(
            f"function {spec.name!r}: entry {spec.entry} does not exist",
            hint=f"create the handler file or set `entry` in {where}",
        )
    if spec.is_python:
        return _bundle_python(spec, entry)
    return _bundle_node(spec, root, minify=minify, cache_dir=cache_dir, notify=notify)
