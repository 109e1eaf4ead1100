"""Loading the auth definition: `amplify/auth/resource.ts` (parsed statically) or
`amplify/auth/resource.py` (run), validated into a typed `AuthDefinition`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from amplify_sandbox.definition.canonical import definition_fingerprint
from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.errors import DefinitionError

RESOURCE_TS = Path("amplify/auth/resource.ts")
RESOURCE_PY = Path("amplify/auth/resource.py")


def find_definition_file(project_dir: Path) -> Path:
    """The project's auth definition file; exactly one of resource.ts / resource.py."""
    ts_file = project_dir / RESOURCE_TS
    py_file = project_dir / RESOURCE_PY
    if ts_file.is_file() and py_file.is_file():
        raise DefinitionError(
            f"both {ts_file} and {py_file} exist; the auth definition must be in one of them",
            hint="delete the one you do not use",
        )
    if ts_file.is_file():
        return ts_file
    if py_file.is_file():
        return py_file
    raise DefinitionError(
        f"no auth definition found: neither {ts_file} nor {py_file} exists",
        hint="create amplify/auth/resource.ts with:\n"
        "  import { defineAuth } from '@aws-amplify/backend';\n"
        "  export const auth = defineAuth({ loginWith: { email: true } });",
    )


def load_definition(
    project_dir: Path, *, env: Mapping[str, str] | None = None, lenient: bool = False
) -> AuthDefinition:
    """Find, load and validate the project's auth definition.

    `env` stands for the process environment the definition reads (`process.env` /
    `os.environ`); it defaults to the real one, as Amplify's Node process would see it.
    `lenient` turns unknown keys into warnings (`AuthDefinition.warnings`) instead of errors,
    for definitions written against a newer Amplify. Warnings never name secret values.
    """
    path = find_definition_file(project_dir)
    environment = os.environ if env is None else env
    if path.suffix == ".ts":
        from amplify_sandbox.definition.ts import load_ts

        definition = load_ts(path, environment, lenient=lenient)
    else:
        from amplify_sandbox.definition.py_loader import load_py

        definition = load_py(path, environment, lenient=lenient)
    return _with_backend(definition, path, environment)


def _with_backend(definition: AuthDefinition, path: Path, env: Mapping[str, str]) -> AuthDefinition:
    """The definition with `amplify/backend.ts`'s overrides, when there is one."""
    from dataclasses import replace

    from amplify_sandbox.definition.backend_ts import find_backend_file, load_backend
    from amplify_sandbox.definition.reference import check_overrides

    backend = find_backend_file(path)
    if backend is None:
        return definition
    loaded = replace(definition, overrides=load_backend(backend, env))
    check_overrides(loaded)
    return loaded


__all__ = ["AuthDefinition", "definition_fingerprint", "find_definition_file", "load_definition"]
