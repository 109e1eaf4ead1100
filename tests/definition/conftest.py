"""Helpers for the definition tests: write a fixture as a project's auth resource file."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

# `<fixture>.files/` next to a fixture holds the other files of its project (imported modules,
# tsconfig.json), copied into the project root as they are.
FILES_SUFFIX = ".files"


def resource_suffix(name: str) -> str:
    return Path(name.removesuffix(".txt")).suffix


def fixture_names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if not p.name.endswith(FILES_SUFFIX))


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[[Path], Path]:
    """Copy a fixture file into a fresh project as amplify/auth/resource.<ext>.

    A trailing `.txt` is dropped: Python fixtures that must not parse are stored as `.py.txt`
    so linters skip them."""

    def make(fixture: Path) -> Path:
        project = tmp_path / "project"
        extra = fixture.parent / (fixture.name + FILES_SUFFIX)
        if extra.is_dir():
            shutil.copytree(extra, project, dirs_exist_ok=True)
        auth_dir = project / "amplify" / "auth"
        auth_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy(fixture, auth_dir / f"resource{resource_suffix(fixture.name)}")
        return project

    return make
