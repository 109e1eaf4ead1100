"""Warm Python host for one function (amplify-sandbox's local emulator): the same protocol as
host.mjs. Reads JSON lines on stdin, writes JSON lines to the reply fd; print() and logging
output become {log, level} messages. Runs under the function's Python (3.10+), stdlib only."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import sys
import time
import traceback
from types import ModuleType
from typing import Any

REPLY = os.fdopen(int(os.environ.pop("AMPLIFY_SANDBOX_REPLY_FD")), "w", buffering=1)
REQUEST_ID = [""]


def send(message: dict[str, Any]) -> None:
    REPLY.write(json.dumps(message) + "\n")
    REPLY.flush()


class LogStream(io.TextIOBase):
    def __init__(self, level: str) -> None:
        self.level = level
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        while "\n" in self.pending:
            line, self.pending = self.pending.split("\n", 1)
            send({"log": line, "level": self.level, "requestId": REQUEST_ID[0]})
        return len(text)

    def flush(self) -> None:
        if self.pending:
            send({"log": self.pending, "level": self.level, "requestId": REQUEST_ID[0]})
            self.pending = ""


sys.stdout = LogStream("INFO")
sys.stderr = LogStream("ERROR")
MODULES: dict[str, ModuleType] = {}


class Context:
    def __init__(self, fields: dict[str, Any], timeout_ms: int) -> None:
        self._deadline = time.monotonic() + timeout_ms / 1000
        self.function_name = fields["functionName"]
        self.function_version = fields["functionVersion"]
        self.invoked_function_arn = fields["invokedFunctionArn"]
        self.memory_limit_in_mb = fields["memoryLimitInMB"]
        self.aws_request_id = fields["awsRequestId"]
        self.log_group_name = fields["logGroupName"]
        self.log_stream_name = fields["logStreamName"]

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def load(path: str) -> ModuleType:
    if path not in MODULES:
        folder = os.path.dirname(path)
        if folder not in sys.path:
            sys.path.insert(0, folder)
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {path}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        MODULES[path] = module
    return MODULES[path]


def invoke(request: dict[str, Any]) -> dict[str, Any]:
    try:
        module = load(request["file"])
    except Exception as error:
        return {
            "errorType": "Runtime.ImportModuleError",
            "errorMessage": f"Unable to import module: {type(error).__name__}: {error}",
        }
    handler = getattr(module, request["handler"], None)
    if not callable(handler):
        return {
            "errorType": "Runtime.HandlerNotFound",
            "errorMessage": f"Handler '{request['handler']}' missing on module",
        }
    send({"started": request["id"]})
    context = Context(request["context"]["fields"], request["context"]["timeoutMs"])
    try:
        result = handler(request["event"], context)
    except Exception as error:
        sys.stderr.write("".join(traceback.format_exception(error)))
        sys.stderr.flush()
        return {"errorType": type(error).__name__, "errorMessage": str(error)}
    return {"result": result}


for line in sys.stdin:
    if not line.strip():
        continue
    request = json.loads(line)
    REQUEST_ID[0] = request["context"]["fields"]["awsRequestId"]
    outcome = invoke(request)
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        send({"id": request["id"], "ok": "errorType" not in outcome, **outcome})
    except (TypeError, ValueError) as error:
        send(
            {
                "id": request["id"],
                "ok": False,
                "errorType": "Runtime.MarshalError",
                "errorMessage": f"Unable to marshal response: {error}",
            }
        )
