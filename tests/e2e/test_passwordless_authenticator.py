"""End to end (issue 14 "Must show"): examples/passwordless — the Authenticator with
`email: { otpLogin: true }` and `webAuthn: true` — deployed with `sandbox deploy --local`, built
with Vite, served on `http://localhost:PORT` and driven in headless chromium: sign up with an
email code (no password), register a passkey with Chromium's virtual authenticator (DevTools
protocol `WebAuthn.addVirtualAuthenticator`), sign in with an email code (a wrong one refused
first) and with the passkey. Screenshots in `.test-artifacts/e2e-passwordless/`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from node_deps import DRIVER_DIR, EXAMPLE_DIR, REPO_ROOT, chromium
from test_react_authenticator import (  # noqa: F401 (fixtures)
    _APP_FILES,
    _TIMEOUT,
    SANDBOX,
    _run,
    node_packages,
    serve,
)

from amplify_sandbox.local.codes import confirmation_code

PASSWORDLESS_DIR = REPO_ROOT / "examples" / "passwordless"
ARTIFACTS = REPO_ROOT / ".test-artifacts" / "e2e-passwordless"
EMAIL = "grace@example.com"


@pytest.fixture
def app(tmp_path: Path, node_packages: str) -> Path:  # noqa: F811
    """A copy of the example. Its package.json and lock file pin the same packages as
    react-authenticator's, so it shares that example's installed node_modules."""
    shared = json.loads((EXAMPLE_DIR / "package.json").read_text())
    own = json.loads((PASSWORDLESS_DIR / "package.json").read_text())
    assert own["dependencies"] == shared["dependencies"]
    assert own["devDependencies"] == shared["devDependencies"]
    copy = tmp_path / "passwordless"
    copy.mkdir()
    for name in _APP_FILES:
        source = PASSWORDLESS_DIR / name
        if source.is_dir():
            shutil.copytree(source, copy / name)
        else:
            shutil.copy2(source, copy / name)
    (copy / "node_modules").symlink_to(EXAMPLE_DIR / "node_modules", target_is_directory=True)
    return copy


def test_authenticator_signs_up_and_in_with_email_codes_and_a_passkey(
    app: Path,
    node_packages: str,  # noqa: F811
    emulator_port: int,
    emulator_url: str,
    serve: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    _run(
        [
            *(SANDBOX, "deploy", "--local", "--port", str(emulator_port)),
            *("--project-dir", str(app), "--identifier", "e2epw"),
        ],
        app,
        "sandbox deploy --local",
    )
    outputs = json.loads((app / "amplify_outputs.json").read_text())
    assert outputs["auth"]["passwordless"]["web_authn"]["relying_party_id"] == "localhost"
    _run(
        [node_packages, "node_modules/vite/bin/vite.js", "build", "--logLevel", "warn"],
        app,
        "vite build",
    )
    url = serve(app / "dist")
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    arguments = {
        "url": url,
        "chromium": str(chromium()),
        "email": EMAIL,
        "code": confirmation_code(),
        "wrongCode": "000000" if confirmation_code() != "000000" else "111111",
        "screenshots": str(ARTIFACTS),
        "profile": str(tmp_path / "chromium-profile"),
    }
    driver = subprocess.run(
        [node_packages, str(DRIVER_DIR / "passwordless.mjs"), json.dumps(arguments)],
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
    assert steps["sign-up-request"]["hasPassword"] is False
    assert steps["passkey-registered"] == {
        "step": "passkey-registered",
        "count": 1,
        "rpId": "localhost",
    }
    assert steps["signed-in-with-passkey"]["signCount"] >= 1
    summary = records[-1]
    assert summary["blocked"] == []
    assert summary["pageErrors"] == []
    calls = [(c["target"].split(".")[-1], c["status"], c["errorType"]) for c in summary["calls"]]
    refused = [call for call in calls if call[1] >= 400]
    # The only refused call is the wrong email code.
    assert refused == [("RespondToAuthChallenge", 400, "CodeMismatchException")], calls
    names = [name for name, _, _ in calls]
    assert names[:3] == ["SignUp", "ConfirmSignUp", "InitiateAuth"]
    assert "StartWebAuthnRegistration" in names
    assert "CompleteWebAuthnRegistration" in names
