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
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import io
import json
import subprocess
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


def bundle_node(
    spec: FunctionSpec,
    project_root: Path,
    *,
    minify: bool = True,
    cache_dir: Path | None = None,
    notify: Callable[[str], None] | None = None,
) -> Bundle:
    require_node()
    root = project_root.resolve()
    entry = root / spec.entry
    if not entry.is_file():
        raise BundleError(
            f"function {spec.name!r}: entry {spec.entry} does not exist",
            hint="create the handler file or set `entry` in defineFunction",
        )
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


def _run_esbuild(
    spec: FunctionSpec, root: Path, esbuild: Path, out_dir: Path, shim: Path, *, minify: bool
) -> Bundle:
    for stale in ("index.mjs", "index.mjs.map", "index.meta.json"):
        (out_dir / stale).unlink(missing_ok=True)
    result = subprocess.run(
        [str(esbuild), *esbuild_args(spec, root, out_dir, shim, minify=minify)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip()
        raise BundleError(
            f"function {spec.name!r}: esbuild could not bundle {spec.entry}:\n{message}",
            hint="fix the error in the handler (or a file it imports) and save again",
        )
    meta = json.loads((out_dir / "index.meta.json").read_text(encoding="utf-8"))
    inputs = tuple(
        sorted(
            (root / name).resolve()
            for name in meta.get("inputs", {})
            if ":" not in name.split("/", 1)[0] and (root / name).resolve() != shim.resolve()
        )
    )
    files = [
        ("index.mjs", (out_dir / "index.mjs").read_bytes()),
        ("index.mjs.map", (out_dir / "index.mjs.map").read_bytes()),
    ]
    data = deterministic_zip(files)
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


def bundle_python(spec: FunctionSpec, project_root: Path) -> Bundle:
    root = project_root.resolve()
    entry = root / spec.entry
    if not entry.is_file():
        raise BundleError(
            f"function {spec.name!r}: entry {spec.entry} does not exist",
            hint="create the handler file or set `entry` in define_function",
        )
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
    if spec.is_python:
        return bundle_python(spec, project_root)
    return bundle_node(spec, project_root, minify=minify, cache_dir=cache_dir, notify=notify)
