"""Running a pool's trigger the way Cognito does: the pool's `LambdaConfig` names a function ARN,
the function is looked up in the emulator's own Lambda API (moto's backend: its code zip, runtime,
handler, environment, timeout), the zip is unpacked once per CodeSha256 into a cache directory,
and the event runs in the function's warm process (`runner.RunnerPool`). A thrown error or a
timeout becomes Cognito's error (`responses.failure_from`); a missing function is Cognito's
`UnexpectedLambdaException`.

One `Triggers` per emulator process (`configure` sets the emulator's URL, which the function's
AWS SDK is pointed at); nothing starts before a trigger is first invoked."""

from __future__ import annotations

import io
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from amplify_sandbox.functions.access import pre_token_version_of, trigger_events_of
from amplify_sandbox.local.triggers.logbook import LogBook
from amplify_sandbox.local.triggers.responses import TriggerFailure, failure_from, trigger_label
from amplify_sandbox.local.triggers.runner import InvocationError, RunnerConfig, RunnerPool

Model = Any  # moto's models are untyped
_NODE_ENTRIES = (".mjs", ".js", ".cjs")


class Triggers:
    """The emulator's function processes, their unpacked code and their logs."""

    def __init__(self, endpoint_url: str | None = None, cache_dir: Path | None = None) -> None:
        self.endpoint_url = endpoint_url
        self.logs = LogBook()
        self.pool = RunnerPool(on_log=self.logs.add)
        self._cache_dir = cache_dir
        self._unpack_lock = threading.Lock()

    @property
    def cache_dir(self) -> Path:
        if self._cache_dir is None:
            self._cache_dir = Path(tempfile.mkdtemp(prefix="amplify-sandbox-functions-"))
        return self._cache_dir

    def close(self) -> None:
        self.pool.close()

    # -- lookups ----------------------------------------------------------------------------
    @staticmethod
    def lambda_config(pool: Model) -> Mapping[str, Any]:
        config = pool.extended_config.get("LambdaConfig") or {}
        return config if isinstance(config, Mapping) else {}

    def arn_for(self, pool: Model, event: str) -> str | None:
        return trigger_events_of(self.lambda_config(pool)).get(event)

    def has(self, pool: Model, event: str) -> bool:
        return self.arn_for(pool, event) is not None

    def pre_token_version(self, pool: Model) -> str:
        return pre_token_version_of(self.lambda_config(pool))

    def _function(self, arn: str) -> Model:
        from moto.awslambda.models import lambda_backends

        parts = arn.split(":")
        if len(parts) < 7 or parts[2] != "lambda":
            raise _unexpected(f"{arn} is not a Lambda function ARN.")
        region, account = parts[3], parts[4]
        try:
            return lambda_backends[account][region].get_function(arn)
        except Exception as error:  # moto raises its own not-found types
            raise _unexpected(f"The function {arn} does not exist.") from error

    def _code_dir(self, function: Model) -> Path:
        sha = str(function.code_sha_256 or "")
        key = sha.replace("/", "_").replace("+", "-").rstrip("=") or "empty"
        target = self.cache_dir / key
        with self._unpack_lock:
            if not target.is_dir():
                staging = Path(tempfile.mkdtemp(dir=self.cache_dir, prefix=".unpack-"))
                try:
                    with zipfile.ZipFile(io.BytesIO(function.code_bytes)) as archive:
                        archive.extractall(staging)
                except zipfile.BadZipFile as error:
                    shutil.rmtree(staging, ignore_errors=True)
                    raise _unexpected(
                        f"The code of {function.function_name} is not a zip."
                    ) from error
                staging.rename(target)
        return target

    def config_for(self, arn: str) -> RunnerConfig:
        function = self._function(arn)
        code_dir = self._code_dir(function)
        runtime = str(function.run_time or "nodejs22.x")
        handler = str(function.handler or "index.handler")
        module, _, export = handler.rpartition(".")
        module = module or "index"
        if runtime.startswith("python"):
            entry = module.replace(".", "/") + ".py"
        else:
            entry = next(
                (module + ext for ext in _NODE_ENTRIES if (code_dir / (module + ext)).is_file()),
                module + ".mjs",
            )
        parts = arn.split(":")
        return RunnerConfig(
            name=str(function.function_name),
            code_dir=code_dir,
            entry_file=entry,
            runtime=runtime,
            handler_export=export or "handler",
            environment=tuple(sorted((function.environment_vars or {}).items())),
            timeout_seconds=float(function.timeout or 3),
            memory_mb=int(function.memory_size or 128),
            region=parts[3],
            account_id=parts[4],
            endpoint_url=self.endpoint_url,
            code_sha256=str(function.code_sha_256 or ""),
        )

    # -- invocation -------------------------------------------------------------------------
    def invoke(self, pool: Model, event: str, payload: Mapping[str, Any]) -> Any | None:
        """The function's returned event, or None when the pool has no such trigger. Raises
        `TriggerFailure` with Cognito's error."""
        arn = self.arn_for(pool, event)
        if arn is None:
            return None
        config = self.config_for(arn)
        try:
            return self.pool.invoke(config, payload)
        except InvocationError as error:
            raise failure_from(event, error) from None


def _unexpected(message: str) -> TriggerFailure:
    return TriggerFailure("UnexpectedLambdaException", message)


def label(event: str) -> str:
    return trigger_label(event)


_current: Triggers | None = None
_current_lock = threading.Lock()


_endpoints: list[str] = []


def configure(endpoint_url: str) -> Triggers:
    """Set the emulator's URL (where the functions' SDK calls go); returns the process's one.
    The latest server started in this process wins until it is released."""
    triggers = current()
    with _current_lock:
        _endpoints.append(endpoint_url)
    triggers.endpoint_url = endpoint_url
    return triggers


def release(endpoint_url: str) -> None:
    """A server stopped: its functions end, and the previous server's URL applies again."""
    triggers = current()
    with _current_lock:
        if endpoint_url in _endpoints:
            _endpoints.remove(endpoint_url)
        previous = _endpoints[-1] if _endpoints else None
    triggers.close()
    triggers.endpoint_url = previous


def current() -> Triggers:
    global _current
    with _current_lock:
        if _current is None:
            _current = Triggers()
        return _current
