"""`defineFunction({...})` / `define_function(...)` props → a FunctionSpec, as Amplify's
factory.ts reads them (packages/backend-function/src/factory.ts), with the checks of
functions/model.py. The caller turns a message into an error at the call's file:line."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from amplify_sandbox.definition.model import SecretRef
from amplify_sandbox.definition.values import UNDEFINED, Placeholder, describe
from amplify_sandbox.functions.model import (
    ENTRY_DEFAULT,
    PYTHON_ENTRY_DEFAULT,
    Architecture,
    FunctionSpec,
    check_architecture,
    check_entry,
    check_environment_keys,
    check_memory,
    check_name,
    check_runtime,
    check_timeout,
    default_name,
    node_runtime,
)

# TypeScript spelling → Python keyword spelling.
SUPPORTED = {
    "name": "name",
    "entry": "entry",
    "environment": "environment",
    "timeoutSeconds": "timeout_seconds",
    "memoryMB": "memory_mb",
    "runtime": "runtime",
    "architecture": "architecture",
    "resourceGroupName": "resource_group_name",
}
# Amplify props this version does not deploy: refused rather than silently dropped.
UNSUPPORTED = (
    "schedule",
    "layers",
    "bundling",
    "logging",
    "ephemeralStorageSizeMB",
    "durableConfig",
)
_PY_UNSUPPORTED = (
    "schedule",
    "layers",
    "bundling",
    "logging",
    "ephemeral_storage_size_mb",
    "durable_config",
)


class PropsError(Exception):
    """A message about one prop, for the caller to locate."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _string(key: str, value: Any) -> str:
    if not isinstance(value, str) or isinstance(value, Placeholder):
        raise PropsError(f"`{key}` must be a string, got {describe(value)}")
    return str(value)


def function_spec(
    props: Mapping[str, Any],
    *,
    defining_file: Path,
    root: Path,
    python: bool,
    where: str | None,
) -> FunctionSpec:
    """The spec for one call. `props` is keyed as the language spells it."""
    spelled = {v: k for k, v in SUPPORTED.items()} if python else dict(SUPPORTED)
    given = {k: v for k, v in props.items() if v is not UNDEFINED and v is not None}
    for key in given:
        if key not in spelled:
            known = ", ".join(spelled)
            if key in (_PY_UNSUPPORTED if python else UNSUPPORTED):
                raise PropsError(
                    f"`{key}` is not supported by this version of amplify-sandbox",
                    hint=f"remove it; supported: {known}",
                )
            raise PropsError(f"unknown function prop `{key}`", hint=f"supported: {known}")
    values = {spelled[k]: v for k, v in given.items()}
    entry_text = (
        _string("entry", values["entry"])
        if "entry" in values
        else (PYTHON_ENTRY_DEFAULT if python else ENTRY_DEFAULT)
    )
    problem = check_entry(entry_text, python=python)
    if problem:
        raise PropsError(problem)
    entry_path = (defining_file.parent / entry_text).resolve()
    try:
        entry = entry_path.relative_to(root.resolve()).as_posix()
    except ValueError:
        entry = entry_path.as_posix()
    name = (
        _string("name", values["name"])
        if "name" in values
        else default_name(values.get("entry"), str(defining_file.resolve().parent))
    )
    problem = check_name(name)
    if problem:
        raise PropsError(problem)
    environment = _environment(values.get("environment"))
    spec_args: dict[str, Any] = {"name": name, "entry": entry, "environment": environment}
    for field, check in (("timeout_seconds", check_timeout), ("memory_mb", check_memory)):
        if field in values:
            problem = check(values[field])
            if problem:
                raise PropsError(problem)
            spec_args[field] = int(values[field])
    if "runtime" in values:
        problem = check_runtime(values["runtime"], python=python)
        if problem:
            raise PropsError(problem)
        runtime = values["runtime"]
        spec_args["runtime"] = str(runtime) if python else node_runtime(int(runtime))
    elif python:
        spec_args["runtime"] = "python3.13"
    if "architecture" in values:
        problem = check_architecture(values["architecture"])
        if problem:
            raise PropsError(problem)
        spec_args["architecture"] = cast(Architecture, str(values["architecture"]))
    if "resource_group_name" in values:
        spec_args["resource_group_name"] = _string("resourceGroupName", values["resource_group_name"])
    return FunctionSpec(**spec_args, where=where)


def _environment(value: Any) -> tuple[tuple[str, str | SecretRef], ...]:
    if value is None or value is UNDEFINED:
        return ()
    if not isinstance(value, Mapping):
        raise PropsError(f"`environment` must be an object of strings, got {describe(value)}")
    items: list[tuple[str, str | SecretRef]] = []
    for key, item in value.items():
        if isinstance(item, SecretRef):
            items.append((str(key), item))
        elif isinstance(item, str) and not isinstance(item, Placeholder):
            items.append((str(key), str(item)))
        else:
            raise PropsError(
                f"environment `{key}` must be a string or secret(), got {describe(item)}"
            )
    problem = check_environment_keys([key for key, _ in items])
    if problem:
        raise PropsError(problem)
    return tuple(items)
