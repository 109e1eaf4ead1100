"""Attributes that differ only by a key (a file name, a setting, a service): one descriptor
instead of a property each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
V = TypeVar("V")


class Keyed(Generic[T, V]):
    """A read-only attribute whose value is `read(instance, key)`, computed on every access."""

    def __init__(self, read: Callable[[T, str], V], key: str) -> None:
        self._read = read
        self._key = key

    def __get__(self, instance: T, owner: type[T] | None = None) -> V:
        return self._read(instance, self._key)
