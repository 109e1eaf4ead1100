"""End to end: the examples/functions backend (pre-sign-up auto-confirming one domain and refusing
another, post-confirmation adding the user to EVERYONE with the AWS SDK, pre-token-generation
adding a claim) deployed with `sandbox deploy --local`, behind the react-authenticator app
(Amplify's real Authenticator) in headless chromium. The emulator runs the deployed bundles.
Screenshots in `.test-artifacts/e2e-functions/`."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from node_deps import DRIVER_DIR, EXAMPLE_DIR, REPO_ROOT, chromium, npm_ci, tool

from amplify_sandbox.local.codes import confirmation_code

SANDBOX = str(Path(sys.executable).parent / "sandbox")
FUNCTIONS_DIR = REPO_ROOT / "examples" / "functions"
ARTIFACTS = REPO_ROOT / ".test-artifacts" / "e2e-functions"
PASSWORD = "Correct-Horse-1!"
_APP_FILES = ("src", "index.html", "package.json", "package-lock.json", "vite.config.js")
_TIMEOUT = 300


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://localhost:{server.server_port}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _run(args: list[str], cwd: Path, what: str) -> None:
    result = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=_TIMEOUT, check=False
    )
    if result.returncode != 0:
        pytest.fail(
            f"{what} failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def node_ready() -> str:
    node: str = tool("node")
    tool("npm")
    chromium()
    npm_ci(EXAMPLE_DIR)
    npm_ci(DRIVER_DIR)
    npm_ci(FUNCTIONS_DIR)
    return node


@pytest.fixture
def app(tmp_path: Path, node_ready: str) -> Path:
    """The react-authenticator app with examples/functions' `amplify/` folder; the functions'
    packages (the AWS SDK) in `amplify/node_modules`, where esbuild finds them."""
    copy = tmp_path / "functions-app"
    copy.mkdir()
    for name in _APP_FILES:
        source = EXAMPLE_DIR / name
        if source.is_dir():
            shutil.copytree(source, copy / name)
        else:
            shutil.copy2(source, copy / name)
    shutil.copytree(FUNCTIONS_DIR / "amplify", copy / "amplify")
    (copy / "node_modules").symlink_to(EXAMPLE_DIR / "node_modules", target_is_directory=True)
    (copy / "amplify" / "node_modules").symlink_to(
        FUNCTIONS_DIR / "node_modules", target_is_directory=True
    )
    return copy


def test_the_authenticator_runs_the_triggers(
    app: Path, node_ready: str, emulator_port: int, emulator_url: str, serve: Any, tmp_path: Path
) -> None:
    _run(
        [
            *(SANDBOX, "deploy", "--local", "--port", str(emulator_port)),
            *("--project-dir", str(app), "--identifier", "e2efn"),
        ],
        app,
        "sandbox deploy --local",
    )
    _run(
        [node_ready, "node_modules/vite/bin/vite.js", "build", "--logLevel", "warn"],
        app,
        "vite build",
    )
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    arguments = {
        "url": serve(app / "dist"),
        "chromium": str(chromium()),
        "autoEmail": "ann@auto.example.com",
        "normalEmail": "bob@example.org",
        "blockedEmail": "eve@blocked.example.com",
        "password": PASSWORD,
        "code": confirmation_code(),
        "screenshots": str(ARTIFACTS),
        "profile": str(tmp_path / "chromium-profile"),
    }
    driver = subprocess.run(
        [node_ready, str(DRIVER_DIR / "functions_authenticator.mjs"), json.dumps(arguments)],
        cwd=DRIVER_DIR,
        capture_output=True,
        text=True,
        timeout=_TIMEOUT,
        check=False,
    )
    records = [json.loads(line) for line in driver.stdout.splitlines() if line.startswith("{")]
    if driver.returncode != 0:
        pytest.fail(
            f"the browser run failed (screenshots in {ARTIFACTS}):\n{driver.stderr}\n"
            + "\n".join(json.dumps(record) for record in records),
            pytrace=False,
        )
    steps = {record["step"]: record for record in records if "step" in record}
    assert steps["auto-confirm"]["codeScreen"] is False
    (ARTIFACTS / "steps.json").write_text(json.dumps(records, indent=2))
    assert steps["auto-confirm-claims"]["claims"]["tier"] == "sandbox"
    outputs = json.loads((app / "amplify_outputs.json").read_text())
    cognito = boto3.client(  # type: ignore[call-overload]
        "cognito-idp", endpoint_url=emulator_url, region_name=outputs["auth"]["aws_region"]
    )
    auto = cognito.admin_get_user(
        UserPoolId=outputs["auth"]["user_pool_id"], Username="ann@auto.example.com"
    )
    assert auto["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in auto["UserAttributes"]
    confirmed = steps["confirmed-claims"]["claims"]
    assert confirmed["sub"] != steps["auto-confirm-claims"]["claims"]["sub"]
    # (moto puts the user's sub in the ID token's `email` claim; peopleemu makes the claims
    # Cognito's.)
    assert confirmed["cognito:groups"] == ["EVERYONE"]
    assert confirmed["tier"] == "sandbox"
    assert steps["blocked"]["text"] == (
        "PreSignUp failed with error Sign-ups from blocked.example.com are not allowed."
    )
    assert records[-1]["pageErrors"] == []
