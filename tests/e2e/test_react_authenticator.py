"""End to end: the react-authenticator example (Amplify JS `withAuthenticator`), deployed with
`sandbox deploy --local`, built with Vite, served on `http://localhost:PORT` (a loopback origin the
emulator answers; the emulator itself is on 127.0.0.1, so every call is cross-origin) and driven
in Debian's headless
chromium through sign-up, confirmation, sign-out, a wrong password, sign-in, a forced token
refresh, a reload, identity-pool credentials and a last sign-out.

One test, so the app is built once and one browser is started. The browser driver is
`authenticator.mjs` (playwright-core); a screenshot of every step is kept in
`.test-artifacts/e2e/`.
"""

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

import pytest
from node_deps import DRIVER_DIR, EXAMPLE_DIR, REPO_ROOT, chromium, npm_ci, tool

from amplify_sandbox.local.codes import confirmation_code

SANDBOX = str(Path(sys.executable).parent / "sandbox")
ARTIFACTS = REPO_ROOT / ".test-artifacts" / "e2e"
EMAIL = "ada@example.com"
PASSWORD = "Correct-Horse-1!"
WRONG_PASSWORD = "Wrong-Horse-1!"
_APP_FILES = ("amplify", "src", "index.html", "package.json", "package-lock.json", "vite.config.js")
_TIMEOUT = 300


@pytest.fixture(scope="session")
def node_packages() -> str:
    """Node, npm and chromium present (else the test fails), and both folders' packages installed."""
    node = tool("node")
    tool("npm")
    chromium()
    npm_ci(EXAMPLE_DIR)
    npm_ci(DRIVER_DIR)
    return node


@pytest.fixture
def app(tmp_path: Path, node_packages: str) -> Path:
    """A copy of the example, sharing the installed node_modules, so the test writes nothing into
    the checkout but its screenshots."""
    copy = tmp_path / "react-authenticator"
    copy.mkdir()
    for name in _APP_FILES:
        source = EXAMPLE_DIR / name
        if source.is_dir():
            shutil.copytree(source, copy / name)
        else:
            shutil.copy2(source, copy / name)
    (copy / "node_modules").symlink_to(EXAMPLE_DIR / "node_modules", target_is_directory=True)
    return copy


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


def _run(args: list[str], cwd: Path, what: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=_TIMEOUT, check=False
    )
    if result.returncode != 0:
        pytest.fail(
            f"{what} failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    return result


def _artifacts() -> Path:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


def test_authenticator_signs_up_in_and_out(
    app: Path, node_packages: str, emulator_port: int, emulator_url: str, serve: Any, tmp_path: Path
) -> None:
    _run(
        [
            *(SANDBOX, "deploy", "--local", "--port", str(emulator_port)),
            *("--project-dir", str(app), "--identifier", "e2e"),
        ],
        app,
        "sandbox deploy --local",
    )
    outputs = json.loads((app / "amplify_outputs.json").read_text())
    assert outputs["custom"]["local_endpoint"] == emulator_url
    _run(
        [node_packages, "node_modules/vite/bin/vite.js", "build", "--logLevel", "warn"],
        app,
        "vite build",
    )
    url = serve(app / "dist")

    arguments = {
        "url": url,
        "chromium": str(chromium()),
        "email": EMAIL,
        "password": PASSWORD,
        "wrongPassword": WRONG_PASSWORD,
        "code": confirmation_code(),
        "screenshots": str(_artifacts()),
        "profile": str(tmp_path / "chromium-profile"),
    }
    driver = subprocess.run(
        [node_packages, str(DRIVER_DIR / "authenticator.mjs"), json.dumps(arguments)],
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
    assert steps["wrong-password-error"]["text"] == "Incorrect username or password."
    assert steps["token-refresh"]["before"] != steps["token-refresh"]["after"]
    assert steps["credentials"]["identityId"].startswith("us-east-1:")
    assert steps["credentials"]["accessKeyId"].startswith("ASIA")
    assert steps["signed-out-again"]["tokenKeysLeft"] == []
    summary = records[-1]
    assert summary["blocked"] == []
    assert summary["pageErrors"] == []
    calls = [(c["target"].split(".")[-1], c["status"], c["errorType"]) for c in summary["calls"]]
    failed = [call for call in calls if call[1] >= 400]
    # The only refused call is the wrong password's answer to the SRP challenge.
    assert failed == [("RespondToAuthChallenge", 400, "NotAuthorizedException")]
    names = [name for name, _, _ in calls]
    assert names[:2] == ["SignUp", "ConfirmSignUp"]
    assert names.count("RevokeToken") == 2
    assert "GetTokensFromRefreshToken" in names or names.count("InitiateAuth") > 3
    assert "GetCredentialsForIdentity" in names
