"""`sandbox deploy --watch --local` on a project with functions (issue 13 item 6): a handler
save redeploys, and only that function's code is updated; the emulator then runs the new code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError
from test_watch_cli import Running

from amplify_sandbox.functions.esbuild import install_esbuild
from tests.e2e.node_deps import npm_ci

SANDBOX = str(Path(sys.executable).parent / "sandbox")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "functions"
HANDLER = Path("amplify/auth/pre-sign-up/handler.ts")


@pytest.fixture
def functions_project(tmp_path: Path) -> Path:
    """A copy of examples/functions (its node_modules installed once), esbuild in the cache."""
    install_esbuild(Path(os.environ["XDG_CACHE_HOME"]) / "amplify-sandbox")
    npm_ci(EXAMPLE)
    root = tmp_path / "functions-app"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("node_modules", ".amplify"))
    (root / "node_modules").symlink_to(EXAMPLE / "node_modules")
    return root


@pytest.fixture
def watching(functions_project: Path, emulator_port: int) -> Iterator[Running]:
    process = subprocess.Popen(
        [
            *(SANDBOX, "deploy", "--watch", "--local", "--port", str(emulator_port)),
            *("--project-dir", str(functions_project), "--identifier", "watchfn"),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "CI": "1"},
    )
    running = Running(process)
    try:
        running.expect("Deployed in")
        yield running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=60)


def _sign_up_error(url: str, project: Path, username: str) -> str:
    import json

    outputs = json.loads((project / "amplify_outputs.json").read_text())
    make: object = boto3.client
    cognito = make(  # type: ignore[operator]
        "cognito-idp",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    with pytest.raises(ClientError) as raised:
        cognito.sign_up(
            ClientId=outputs["auth"]["user_pool_client_id"],
            Username=username,
            Password="Watch-Passw0rd!",
            UserAttributes=[{"Name": "email", "Value": username}],
        )
    return str(raised.value)


def test_a_handler_save_updates_only_that_functions_code(
    watching: Running, functions_project: Path, emulator_url: str
) -> None:
    assert "are not allowed" in _sign_up_error(
        emulator_url, functions_project, "a@blocked.example.com"
    )
    handler = functions_project / HANDLER
    handler.write_text(
        handler.read_text().replace("are not allowed", "are refused (edited)"), encoding="utf-8"
    )
    assert "pre-sign-up/handler.ts changed: deploying" in watching.expect("changed")
    assert "updated lambda_function preSignUpLambda" in watching.expect("updated")
    summary = watching.expect("Deployed in")
    assert "(1 updated)" in summary, watching.output
    assert "are refused (edited)" in _sign_up_error(
        emulator_url, functions_project, "b@blocked.example.com"
    )


def test_a_save_that_changes_no_code_updates_nothing(
    watching: Running, functions_project: Path
) -> None:
    resource = functions_project / "amplify" / "auth" / "resource.ts"
    resource.write_text(resource.read_text() + "\n// a comment\n", encoding="utf-8")
    assert "changed: deploying" in watching.expect("changed")
    assert "(no changes)" in watching.expect("Deployed in"), watching.output
