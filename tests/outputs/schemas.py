"""Amplify's outputs JSON schemas for the tests, generated from the pinned npm release.

Nothing of Amplify's is kept in this repository. At test time:

1. `npm pack` fetches `@aws-amplify/client-config` (pinned) into `.cache/client-config/`; the
   package ships the TypeScript types of `amplify_outputs.json`, one `.d.ts` per schema version
   (`lib/client-config-schema/client_config_v1*.d.ts`, themselves generated from Amplify's JSON
   schemas).
2. `npm install` puts `ts-json-schema-generator` (pinned, with a pinned TypeScript) into
   `.cache/ts-json-schema-generator/`.
3. The generator turns each `.d.ts` back into a JSON schema, written to
   `.cache/client-config-schemas/<key>/`, where the key names both pinned releases so a version
   bump regenerates instead of reusing stale schemas.

Each step is done once and reused by later runs. No Node.js, no npm or no registry is a test
failure, never a skip: a skipped check would look like a passing one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import pytest

CLIENT_CONFIG_PACKAGE = "@aws-amplify/client-config"
CLIENT_CONFIG_VERSION = "1.11.0"

GENERATOR_PACKAGE = "ts-json-schema-generator"
# 2.4.0 is the newest release that runs on Node 18/20 (2.5.0 and later need Node >= 22).
GENERATOR_VERSION = "2.4.0"
# The generator depends on `typescript@^5.8.2`; pinned too so the generated schemas cannot change
# under us with a new TypeScript release.
TYPESCRIPT_VERSION = "5.9.3"

# The exported root type of every `client_config_v1*.d.ts` of the pinned release.
ROOT_TYPE = "AWSAmplifyBackendOutputs"
SCHEMA_VERSIONS = ("1", "1.1", "1.2", "1.3", "1.4", "1.5")

REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE_ROOT = REPO_ROOT / ".cache"
CLIENT_CONFIG_DIR = CACHE_ROOT / "client-config" / CLIENT_CONFIG_VERSION
GENERATOR_DIR = (
    CACHE_ROOT / "ts-json-schema-generator" / f"{GENERATOR_VERSION}-typescript-{TYPESCRIPT_VERSION}"
)
GENERATED_DIR = (
    CACHE_ROOT
    / "client-config-schemas"
    / f"client-config-{CLIENT_CONFIG_VERSION}_generator-{GENERATOR_VERSION}"
    f"_typescript-{TYPESCRIPT_VERSION}"
)

_NPM_TIMEOUT = 600
_GENERATOR_TIMEOUT = 600


def _fail(message: str) -> NoReturn:
    pytest.fail(message, pytrace=False)


def _tool(name: str, purpose: str) -> str:
    path = shutil.which(name)
    if path is None:
        _fail(
            f"{name} is not installed: it is needed to {purpose} for the outputs schema tests "
            "(install Node.js and npm)."
        )
    return path


def _npm(args: list[str], cwd: Path, what: str) -> None:
    npm = _tool("npm", f"fetch {what}")
    try:
        result = subprocess.run(
            [npm, *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=_NPM_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        _fail(f"`npm {' '.join(args)}` timed out after {_NPM_TIMEOUT}s; is the registry reachable?")
    if result.returncode != 0:
        _fail(
            f"`npm {' '.join(args)}` failed (exit {result.returncode}) while fetching {what}; "
            f"is the npm registry reachable?\n{result.stderr}"
        )


def _publish(built: Path, target: Path) -> None:
    """Move a completely built directory into place, so an interrupted build is redone."""
    shutil.rmtree(target, ignore_errors=True)
    built.rename(target)


def package_dir() -> Path:
    """The unpacked `@aws-amplify/client-config` package, fetched once into the cache."""
    unpacked = CLIENT_CONFIG_DIR / "package"
    if (unpacked / "package.json").is_file():
        return unpacked
    spec = f"{CLIENT_CONFIG_PACKAGE}@{CLIENT_CONFIG_VERSION}"
    CLIENT_CONFIG_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CLIENT_CONFIG_DIR) as scratch:
        _npm(["pack", spec, "--json"], Path(scratch), spec)
        tarballs = list(Path(scratch).glob("*.tgz"))
        if len(tarballs) != 1:
            _fail(f"npm pack {spec} produced {tarballs!r}, expected one tarball")
        with tarfile.open(tarballs[0]) as archive:
            archive.extractall(scratch, filter="data")
        _publish(Path(scratch, "package"), unpacked)
    return unpacked


def declared_types_path(version: str) -> Path:
    """The release's generated TypeScript types for one schema version."""
    path = package_dir() / "lib" / "client-config-schema" / f"client_config_v{version}.d.ts"
    if not path.is_file():
        _fail(f"{path} is missing from the {CLIENT_CONFIG_PACKAGE} package")
    if f"\nexport interface {ROOT_TYPE} {{\n" not in path.read_text(encoding="utf-8"):
        _fail(f"{path} no longer exports `interface {ROOT_TYPE}`: update ROOT_TYPE")
    return path


def generator_script() -> Path:
    """`ts-json-schema-generator`'s command-line script, installed once into the cache."""
    relative = Path("node_modules", GENERATOR_PACKAGE, "bin", f"{GENERATOR_PACKAGE}.js")
    if (GENERATOR_DIR / relative).is_file():
        return GENERATOR_DIR / relative
    specs = [f"{GENERATOR_PACKAGE}@{GENERATOR_VERSION}", f"typescript@{TYPESCRIPT_VERSION}"]
    GENERATOR_DIR.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=GENERATOR_DIR.parent) as scratch:
        prefix = Path(scratch, "install")
        prefix.mkdir()
        _npm(
            ["install", "--prefix", str(prefix), "--save-exact", "--no-audit", "--no-fund", *specs],
            prefix,
            " and ".join(specs),
        )
        if not (prefix / relative).is_file():
            _fail(f"npm install {' '.join(specs)} did not install {relative}")
        _publish(prefix, GENERATOR_DIR)
    return GENERATOR_DIR / relative


def schema_path(version: str) -> Path:
    return GENERATED_DIR / f"schema_v{version}.json"


@cache
def generate_schemas() -> None:
    """Generate every missing schema, in parallel; each file appears only once complete."""
    missing = [version for version in SCHEMA_VERSIONS if not schema_path(version).is_file()]
    if not missing:
        return
    node = _tool("node", f"run {GENERATOR_PACKAGE}")
    script = generator_script()
    GENERATED_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=GENERATED_DIR) as scratch:
        sources = {version: declared_types_path(version) for version in missing}
        running = {}
        for version, source in sources.items():
            out = Path(scratch, f"schema_v{version}.json")
            command = [node, str(script), "--path", str(source)]
            command += ["--type", ROOT_TYPE, "--out", str(out)]
            running[version] = (
                out,
                subprocess.Popen(
                    command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                ),
            )
        failures = []
        for version, (out, process) in running.items():
            try:
                stdout, stderr = process.communicate(timeout=_GENERATOR_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                stdout, stderr = process.communicate()
            if process.returncode != 0 or not out.is_file():
                failures.append(f"v{version} (exit {process.returncode}):\n{stdout}{stderr}")
                continue
            json.loads(out.read_text(encoding="utf-8"))  # never cache a truncated file
            os.replace(out, schema_path(version))
        if failures:
            _fail(f"{GENERATOR_PACKAGE} failed for schema " + "\n".join(failures))


@cache
def load_schema(version: str) -> dict[str, Any]:
    """The JSON schema (draft-07) generated from the release's types for one version."""
    generate_schemas()
    schema: dict[str, Any] = json.loads(schema_path(version).read_text(encoding="utf-8"))
    return schema


def root_definition(schema: dict[str, Any]) -> dict[str, Any]:
    assert schema["$ref"] == f"#/definitions/{ROOT_TYPE}", schema["$ref"]
    root: dict[str, Any] = schema["definitions"][ROOT_TYPE]
    return root


def object_schemas(node: Any, path: str = "#") -> list[tuple[str, dict[str, Any]]]:
    """Every `"type": "object"` subschema with its JSON pointer, depth first."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        if node.get("type") == "object":
            found.append((path, node))
        for key, value in node.items():
            found += object_schemas(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += object_schemas(value, f"{path}/{index}")
    return found
