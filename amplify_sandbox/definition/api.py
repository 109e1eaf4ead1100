"""Placeholder: replaced by the definition loader's Python API (define_auth, secret)."""

from __future__ import annotations

from typing import Any


def define_auth(**props: Any) -> Any:
    raise NotImplementedError


def secret(name: str) -> Any:
    raise NotImplementedError
