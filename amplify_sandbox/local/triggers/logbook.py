"""The functions' console output kept by the emulator: per function, the last `LIMIT` lines,
each with a sequence number so a follower asks for what came after the last one it saw."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

LIMIT = 2000


@dataclass(frozen=True)
class LogLine:
    seq: int
    time: float  # seconds since the epoch
    function: str
    line: str

    def as_json(self) -> dict[str, object]:
        return {"seq": self.seq, "time": self.time, "function": self.function, "line": self.line}


class LogBook:
    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._lines: dict[str, deque[LogLine]] = {}
        self._seq = 0
        self._changed = threading.Condition()

    def add(self, function: str, line: str) -> None:
        with self._changed:
            self._seq += 1
            entry = LogLine(self._seq, time.time(), function, line)
            self._lines.setdefault(function, deque(maxlen=self.limit)).append(entry)
            self._changed.notify_all()

    def functions(self) -> list[str]:
        with self._changed:
            return sorted(self._lines)

    def since(self, after: int = 0, function: str | None = None) -> list[LogLine]:
        with self._changed:
            return self._since(after, function)

    def _since(self, after: int, function: str | None) -> list[LogLine]:
        books = [self._lines.get(function, deque())] if function else list(self._lines.values())
        found = [entry for book in books for entry in book if entry.seq > after]
        return sorted(found, key=lambda entry: entry.seq)

    def wait(self, after: int, function: str | None, timeout: float) -> list[LogLine]:
        """Lines after `after`, waiting up to `timeout` seconds for the first one."""
        with self._changed:
            self._changed.wait_for(lambda: bool(self._since(after, function)), timeout=timeout)
            return self._since(after, function)
