"""One writer thread for something that changes faster than it is written (the deploy's state
record, the emulator's snapshot).

Every change is counted; a write covers every change counted before it began, so the changes
made while a write is under way are written together by the next one. After a change the thread
waits for `debounce` seconds without one, at most `max_delay` after the first change not yet
written (both 0: it writes at once).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(eq=False)
class BackgroundWriter(Generic[T, R]):
    """`write(value)` writes the newest value given (`latest`: the one before any). A write that
    fails on the thread is passed to `failed`: True, the writer goes on (the next change writes
    again); False, it stops and keeps the error (`error`, raised by `flush`)."""

    write: Callable[[T], R]
    latest: T
    name: str
    failed: Callable[[BaseException], bool]
    debounce: float = 0.0
    max_delay: float = 0.0

    def __post_init__(self) -> None:
        self._wake = threading.Condition()
        # One write at a time: the thread's, or one asked for on another thread.
        self._writing = threading.Lock()
        self._given = 0
        self._written = 0
        self._first: float | None = None  # the first change no write has begun to cover
        self._last = 0.0
        self._closing = False
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def changed(self, value: T) -> None:
        """Count a change (`value` is the newest); the thread is started by the first."""
        with self._wake:
            self.latest = value
            self._given += 1
            self._last = time.monotonic()
            if self._first is None:
                self._first = self._last
            if self._thread is None and not self._closing:
                self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
                self._thread.start()
            self._wake.notify_all()

    @property
    def pending(self) -> bool:
        """Whether a change is not written yet."""
        with self._wake:
            return self._written != self._given

    def write_now(self) -> R:
        """Write on this thread (every change so far); a failure is raised here."""
        with self._writing:
            with self._wake:
                value, number = self.latest, self._given
                self._first = None
            result = self.write(value)
            with self._wake:
                self._written = max(self._written, number)
                if self._written != self._given and self._first is None:
                    self._first = time.monotonic()
                self._wake.notify_all()
            return result

    def flush(self) -> None:
        """Return once every change given is written; raise the error that stopped the writer."""
        with self._wake:
            while self._written < self._given and self.error is None:
                self._wake.wait()
            if self.error is not None:
                raise self.error

    def close(self) -> None:
        """Stop the thread (a write under way ends first); what is pending stays pending."""
        with self._wake:
            self._closing = True
            self._wake.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join()

    def _loop(self) -> None:
        with self._wake:
            while not self._closing and self.error is None:
                if self._first is None:
                    self._wake.wait()
                    continue
                due = min(self._last + self.debounce, self._first + self.max_delay)
                delay = due - time.monotonic()
                if delay > 0:
                    self._wake.wait(delay)
                    continue
                self._wake.release()
                error: BaseException | None = None
                try:
                    self.write_now()
                except BaseException as exc:
                    error = None if self.failed(exc) else exc
                finally:
                    self._wake.acquire()
                if error is not None:
                    self.error = error
                    self._wake.notify_all()
