"""Short-lived things kept in memory under random keys: authorize requests waiting for a
sign-in, authorization codes, hosted-UI sessions. Expired ones are dropped as new ones come."""

from __future__ import annotations

import secrets
import threading
import time
from typing import Generic, TypeVar

T = TypeVar("T")


class Expiring(Generic[T]):
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._items: dict[str, tuple[T, float]] = {}

    def put(self, item: T, seconds: float | None = None) -> str:
        """A new random key for `item`, valid `seconds` (the store's default if None)."""
        key = secrets.token_urlsafe(32)
        now = time.monotonic()
        with self._lock:
            for old, (_, expires) in list(self._items.items()):
                if expires < now:
                    del self._items[old]
            self._items[key] = (item, now + (self.seconds if seconds is None else seconds))
        return key

    def get(self, key: str) -> T | None:
        with self._lock:
            found = self._items.get(key)
        return found[0] if found is not None and found[1] >= time.monotonic() else None

    def pop(self, key: str) -> T | None:
        """The item, removed (used up) whether or not it is still valid; None if expired."""
        with self._lock:
            found = self._items.pop(key, None)
        return found[0] if found is not None and found[1] >= time.monotonic() else None
