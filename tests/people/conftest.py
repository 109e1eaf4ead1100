"""A project with groups, deployed to the (reset) test emulator through the real CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from amplify_sandbox.cli.app import app

runner = CliRunner()

AUTH = """import { defineAuth } from '@aws-amplify/backend';

export const auth = defineAuth({
  loginWith: { email: true },
  groups: ['admin', 'editors'],
});
"""

Invoke = Callable[..., Result]


@pytest.fixture
def people_project(seed_project: Path) -> Path:
    (seed_project / "amplify" / "auth" / "resource.ts").write_text(AUTH, encoding="utf-8")
    return seed_project


@pytest.fixture
def sandbox(people_project: Path, emulator_port: int) -> Invoke:
    """`sandbox <args> --local ...` on the project (deployed once first)."""
    where = ["--local", "--port", str(emulator_port), "--project-dir", str(people_project)]
    where += ["--identifier", "people"]

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, [*args, *where], input=input)

    deployed = invoke("deploy", "-q")
    assert deployed.exit_code == 0, deployed.output
    return invoke


def document(result: Result) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed
