"""The tool's side of the emulator's function-logs endpoint (`function_logs`): our emulator on a
port, proven by its state file, asked with its token."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass

from amplify_sandbox.errors import UsageError
from amplify_sandbox.local.access import TOKEN_HEADER
from amplify_sandbox.local.function_logs import LOGS_PATH


@dataclass(frozen=True)
class EmulatorLine:
    seq: int
    time: float
    function: str
    line: str


class EmulatorLogs:
    def __init__(self, port: int) -> None:
        from amplify_sandbox.local import process

        token = process.admin_token(port)
        if token is None:
            raise UsageError(
                f"No local emulator of this tool runs on port {port}, so there are no local "
                "function logs.",
                hint="Start it with `sandbox deploy --local` (or `sandbox local start`).",
            )
        self._url = f"http://127.0.0.1:{port}{LOGS_PATH}"
        self._token = token

    def read(self, after: int = 0, wait: float = 0) -> tuple[list[EmulatorLine], int]:
        """Lines after sequence number `after` (long-polling up to `wait` seconds) and the last
        sequence number seen."""
        query = urllib.parse.urlencode({"after": after, "wait": wait})
        request = urllib.request.Request(
            f"{self._url}?{query}", headers={TOKEN_HEADER: self._token}
        )
        with urllib.request.urlopen(request, timeout=wait + 30) as answer:
            document = json.loads(answer.read())
        lines = [
            EmulatorLine(int(e["seq"]), float(e["time"]), str(e["function"]), str(e["line"]))
            for e in document.get("lines", [])
        ]
        return lines, int(document.get("last", after))
