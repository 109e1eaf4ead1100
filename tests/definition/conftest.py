"""Helpers for the definition tests: write a fixture as a project's auth resource file."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest


def resource_suffix(name: str) -> str:
    return Path(name.removesuffix(".txt")).suffix


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[[Path], Path]:
    """Copy a fixture file into a fresh project as amplify/auth/resource.<ext>.

    A trailing `.txt` is dropped: Python fixtures that must not parse are stored as `.py.txt`
    so linters skip them."""

    def make(fixture: Path) -> Path:
        auth_dir = tmp_path / "project" / "amplify" / "auth"
        auth_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy(fixture, auth_dir / f"resource{resource_suffix(fixture.name)}")
        return tmp_path / "project"

    return make
