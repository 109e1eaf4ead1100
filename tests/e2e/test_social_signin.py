"""End to end (issue 15 "Must show"): examples/react-google — the Authenticator with a Google
provider — deployed with `sandbox deploy --local` (its secrets set with `sandbox secret set
--local` from stdin), built with Vite, served on `http://localhost:PORT` and driven in headless
chromium: "Sign In with Google" goes through the emulator's hosted UI (HTTPS on the emulator's
port, its certificate trusted by its CA's public key) and the Google stand-in page, and comes
back signed in with the mapped email; sign out goes through `/logout`; a user added with
`sandbox users add --confirmed --password-stdin --local` signs in with its password on the same
page. Screenshots in `.test-artifacts/e2e-social/`.
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

from amplify_sandbox.local import tls
from amplify_sandbox.local.server import EmulatorServer

GOOGLE_DIR = REPO_ROOT / "examples" / "react-google"
ARTIFACTS = REPO_ROOT / ".test-artifacts" / "e2e-social"
DEV_URL = "http://localhost:5173/"
GOOGLE = {"sub": "117000000000000000042", "email": "ada.google@gmail.example", "name": "Ada G"}
EMAIL = "grace@example.com"
PASSWORD = "Correct-Horse-1!"


@pytest.fixture
def app(tmp_path: Path, node_packages: str) -> Path:  # noqa: F811
    """A copy of the example. Its package.json and lock file pin the same packages as
    react-authenticator's, so it shares that example's installed node_modules."""
    shared = json.loads((EXAMPLE_DIR / "package.json").read_text())
    own = json.loads((GOOGLE_DIR / "package.json").read_text())
    assert own["dependencies"] == shared["dependencies"]
    assert own["devDependencies"] == shared["devDependencies"]
    copy = tmp_path / "react-google"
    copy.mkdir()
    for name in _APP_FILES:
        source = GOOGLE_DIR / name
        if source.is_dir():
            shutil.copytree(source, copy / name)
        else:
            shutil.copy2(source, copy / name)
    (copy / "node_modules").symlink_to(EXAMPLE_DIR / "node_modules", target_is_directory=True)
    return copy


def _sandbox(port: int, app: Path, *words: str, stdin: str | None = None) -> None:
    where = ["--local", "--port", str(port), "--project-dir", str(app), "--identifier", "e2eg"]
    result = subprocess.run(
        [SANDBOX, *words, *where],
        cwd=app,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"sandbox {' '.join(words)} failed (exit {result.returncode}):\n{result.stderr}",
            pytrace=False,
        )


def test_sign_in_with_google_through_the_local_hosted_ui(
    app: Path,
    node_packages: str,  # noqa: F811
    emulator: EmulatorServer,
    emulator_port: int,
    serve: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    url = serve(app / "dist")
    # The definition's redirect URLs are the dev server's; this run serves the app elsewhere.
    resource = app / "amplify" / "auth" / "resource.ts"
    assert resource.read_text().count(DEV_URL) == 2
    resource.write_text(resource.read_text().replace(DEV_URL, url))

    _sandbox(emulator_port, app, "secret", "set", "GOOGLE_CLIENT_ID", stdin="local-google-id")
    _sandbox(emulator_port, app, "secret", "set", "GOOGLE_CLIENT_SECRET", stdin="local-secret")
    _sandbox(emulator_port, app, "deploy")
    outputs = json.loads((app / "amplify_outputs.json").read_text())
    oauth = outputs["auth"]["oauth"]
    assert oauth["domain"] == f"localhost:{emulator_port}"
    assert oauth["identity_providers"] == ["GOOGLE"]
    assert oauth["redirect_sign_in_uri"] == [url]
    _sandbox(
        emulator_port,
        app,
        *("users", "add", EMAIL, "--confirmed", "--password-stdin"),
        stdin=PASSWORD + "\n",
    )
    _run(
        [node_packages, "node_modules/vite/bin/vite.js", "build", "--logLevel", "warn"],
        app,
        "vite build",
    )
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)

    assert emulator.tls is not None
    hosted_ui = f"https://localhost:{emulator_port}"
    arguments = {
        "url": url,
        "chromium": str(chromium()),
        "spki": tls.spki_hash(emulator.tls.ca_file),
        "hostedUi": hosted_ui,
        "google": GOOGLE,
        "email": EMAIL,
        "password": PASSWORD,
        "screenshots": str(ARTIFACTS),
        "profile": str(tmp_path / "chromium-profile"),
    }
    driver = subprocess.run(
        [node_packages, str(DRIVER_DIR / "social_signin.mjs"), json.dumps(arguments)],
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
    assert steps["stand-in"]["origin"] == hosted_ui
    assert steps["stand-in"]["path"] == "/amplify-sandbox/idp/Google"
    google = steps["google-signed-in"]
    assert google["email"] == GOOGLE["email"]
    assert google["username"] == f"Google_{GOOGLE['sub']}"
    assert google["scope"] == " ".join(oauth["scopes"])
    assert google["url"] == url  # the code and state are gone from the address
    assert steps["google-signed-out"]["tokenKeysLeft"] == []
    assert steps["password-signed-in"]["email"] == EMAIL
    assert steps["password-signed-in"]["username"] != google["username"]

    summary = records[-1]
    assert summary["blocked"] == []
    assert summary["pageErrors"] == []
    assert summary["certificateErrors"] == []
    hops = [(hop["method"], hop["path"], hop["status"]) for hop in summary["hostedUi"]]
    assert ("GET", "/oauth2/authorize", 302) in hops
    assert ("POST", "/amplify-sandbox/idp/Google", 302) in hops
    assert ("POST", "/oauth2/token", 200) in hops
    assert ("GET", "/logout", 302) in hops
    assert all(status < 400 for _, _, status in hops), hops
    calls = [(c["target"].split(".")[-1], c["status"]) for c in summary["calls"]]
    assert [call for call in calls if call[1] >= 400] == []
    assert ("GetUser", 200) in calls  # fetchUserAttributes with the hosted UI's access token
