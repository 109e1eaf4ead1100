"""A `defineFunction(...)` resource as Amplify hydrates it (defaults and allowed values from
aws-amplify/amplify-backend packages/backend-function/src/factory.ts), and validation helpers
that return messages for the loader to report with file:line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Literal

from amplify_sandbox.definition.model import SecretRef

# factory.ts `resolveTimeout`: whole seconds, 1 to 15 minutes, default 3.
TIMEOUT_MIN = 1
TIMEOUT_MAX = 15 * 60
TIMEOUT_DEFAULT = 3
# factory.ts `resolveMemory`: whole MB, 128 to 10240, default 512.
MEMORY_MIN = 128
MEMORY_MAX = 10240
MEMORY_DEFAULT = 512
# factory.ts `nodeVersionMap` (NodeVersion = 18 | 20 | 22 | 24), default 22.
NODE_VERSIONS: tuple[int, ...] = (18, 20, 22, 24)
NODE_DEFAULT = 22
# Lambda's Python runtimes (Python projects' `define_function(runtime="python3.13")`).
PYTHON_RUNTIMES: tuple[str, ...] = ("python3.10", "python3.11", "python3.12", "python3.13")
# factory.ts `architectureMap`, default x86_64.
ARCHITECTURES: tuple[str, ...] = ("x86_64", "arm64")
ARCHITECTURE_DEFAULT = "x86_64"
# factory.ts `resourceGroupName ?? 'function'`.
RESOURCE_GROUP_DEFAULT = "function"
# factory.ts `resolveEntry`: `./handler.ts` next to the defining file.
ENTRY_DEFAULT = "handler.ts"
PYTHON_ENTRY_DEFAULT = "handler.py"
# factory.ts `resolveEnvironment`: the Lambda API's key pattern, at least 2 characters.
ENV_KEY_PATTERN = re.compile(r"^[a-zA-Z]([a-zA-Z0-9_])+$")
# constants.ts: where Amplify's banner finds the SSM paths of secret environment values.
SSM_ENV_CONFIG_KEY = "AMPLIFY_SSM_ENV_CONFIG"
# constants.ts: the value a secret's variable holds until the banner resolves it.
SECRET_PLACEHOLDER = "<value will be resolved during runtime>"
# Lambda reserves these (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html).
RESERVED_ENV_KEYS: frozenset[str] = frozenset(
    {
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
    }
)

Architecture = Literal["x86_64", "arm64"]
EnvValue = str | SecretRef


@dataclass(frozen=True)
class FunctionSpec:
    """One function, hydrated with Amplify's defaults.

    `entry` is the handler file relative to the project root (posix). `runtime` is
    `nodejs22.x`-style for Node and `python3.13`-style for Python (Lambda's identifiers).
    `environment` keeps the order it was written in; secrets stay references by name.
    """

    name: str
    entry: str
    environment: tuple[tuple[str, EnvValue], ...] = ()
    timeout_seconds: int = TIMEOUT_DEFAULT
    memory_mb: int = MEMORY_DEFAULT
    runtime: str = f"nodejs{NODE_DEFAULT}.x"
    architecture: Architecture = "x86_64"
    resource_group_name: str = RESOURCE_GROUP_DEFAULT
    # Where it was defined ("file:line:col"), for messages.
    where: str | None = field(default=None, compare=False)

    @property
    def is_python(self) -> bool:
        return self.runtime.startswith("python")

    @property
    def handler(self) -> str:
        """Lambda's `Handler`: `index.handler` for a bundle (NodejsFunction's default), the module
        name for Python."""
        if self.is_python:
            return f"{PurePosixPath(self.entry).stem}.handler"
        return "index.handler"

    @property
    def node_major(self) -> int | None:
        match = re.fullmatch(r"nodejs(\d+)\.x", self.runtime)
        return int(match.group(1)) if match else None

    def plain_environment(self) -> dict[str, str]:
        return {k: v for k, v in self.environment if isinstance(v, str)}

    def secret_environment(self) -> dict[str, str]:
        """Variable name → secret name."""
        return {k: v.name for k, v in self.environment if isinstance(v, SecretRef)}


def default_name(entry: str | None, defining_dir: str) -> str:
    """factory.ts `resolveName` without an explicit name: the entry's basename without extension,
    else the directory the function is defined in."""
    if entry:
        return PurePosixPath(entry.replace("\\", "/")).stem
    return PurePosixPath(defining_dir.replace("\\", "/")).name


def node_runtime(version: int) -> str:
    return f"nodejs{version}.x"


def _whole(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value % 1 == 0


def _check_whole(value: object, what: str, prop: str, low: int, high: int) -> str | None:
    """None when `value` is a whole number from `low` to `high`, else Amplify's message."""
    if _whole(value) and low <= value <= high:  # type: ignore[operator]
        return None
    return (
        f"Invalid function {what} of {value}: {prop} must be a whole number "
        f"between {low} and {high} inclusive"
    )


def check_timeout(value: object) -> str | None:
    """None when valid, else Amplify's message and resolution."""
    return _check_whole(value, "timeout", "timeoutSeconds", TIMEOUT_MIN, TIMEOUT_MAX)


def check_memory(value: object) -> str | None:
    return _check_whole(value, "memoryMB", "memoryMB", MEMORY_MIN, MEMORY_MAX)


def check_runtime(value: object, *, python: bool = False) -> str | None:
    """Node projects give a major version (18, 20, 22, 24); Python projects a Lambda identifier."""
    if python:
        if value in PYTHON_RUNTIMES:
            return None
        return f"Invalid function runtime of {value}: runtime must be one of the following: {', '.join(PYTHON_RUNTIMES)}"
    if _whole(value) and int(value) in NODE_VERSIONS:  # type: ignore[call-overload]
        return None
    return f"Invalid function runtime of {value}: runtime must be one of the following: {', '.join(str(v) for v in NODE_VERSIONS)}"


def check_architecture(value: object) -> str | None:
    if value in ARCHITECTURES:
        return None
    return f"Invalid function architecture of {value}: architecture must be one of the following: {', '.join(ARCHITECTURES)}"


def check_environment_keys(keys: list[str] | tuple[str, ...]) -> str | None:
    invalid = [key for key in keys if not ENV_KEY_PATTERN.match(key)]
    if invalid:
        return (
            f"Invalid function environment key(s): {', '.join(invalid)}: environment keys must "
            "match [a-zA-Z]([a-zA-Z0-9_])+ and be at least 2 characters"
        )
    if SSM_ENV_CONFIG_KEY in keys:
        return f"{SSM_ENV_CONFIG_KEY} is a reserved environment variable name"
    reserved = [key for key in keys if key in RESERVED_ENV_KEYS]
    if reserved:
        return f"reserved Lambda environment variable(s): {', '.join(reserved)}"
    return None


def check_name(name: object) -> str | None:
    """packages/backend/src/engine/validations/default_resource_name_validator.ts."""
    if isinstance(name, str) and re.fullmatch(r"[a-zA-Z][a-zA-Z0-9-_ ]*", name):
        return None
    return (
        f"Resource name contains invalid characters, found {name}: use only alphanumeric "
        "characters, dashes, underscores and spaces, starting with an alphabetic character"
    )


def check_entry(entry: str, *, python: bool = False) -> str | None:
    suffixes = (
        (".py",) if python else (".ts", ".mts", ".cts", ".js", ".mjs", ".cjs", ".tsx", ".jsx")
    )
    if not entry.endswith(suffixes):
        return f"entry {entry!r} must be one of: {', '.join('*' + s for s in suffixes)}"
    return None


def check_unique_names(specs: list[FunctionSpec] | tuple[FunctionSpec, ...]) -> list[str]:
    seen: dict[str, FunctionSpec] = {}
    messages: list[str] = []
    for spec in specs:
        if spec.name in seen:
            messages.append(
                f"two functions are named {spec.name!r} (also at {seen[spec.name].where}); names must be unique"
            )
        else:
            seen[spec.name] = spec
    return messages
