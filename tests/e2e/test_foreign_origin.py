"""End to end: a web page on another origin, in Debian's headless chromium, can neither read the
emulator's data nor reset it, by fetch (with or without CORS), by a form post, or by DNS
rebinding (the attacker's name resolved to 127.0.0.1). The driver is `foreign_origin.mjs`."""

from __future__ import annotations

import http.server
import json
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from node_deps import DRIVER_DIR, chromium, npm_ci, tool

from amplify_sandbox.local.access import TOKEN_HEADER
from amplify_sandbox.local.server import EmulatorServer

PASSWORD = "Correct-Horse-1!"
_PAGE = b"<!doctype html><title>Totally harmless</title><h1>Nothing to see</h1>"
_TIMEOUT = 120


@pytest.fixture(scope="session")
def driver_node() -> str:
    node = tool("node")
    tool("npm")
    chromium()
    npm_ci(DRIVER_DIR)
    return node


class _PageHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(_PAGE)))
        self.end_headers()
        self.wfile.write(_PAGE)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def attacker_port() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _PageHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()


def _data(emulator: EmulatorServer) -> str:
    from urllib.request import Request, urlopen

    request = Request(f"{emulator.url}/moto-api/data.json", headers={TOKEN_HEADER: emulator.token})
    with urlopen(request, timeout=10) as response:
        text: str = response.read().decode()
        return text


def test_a_foreign_page_cannot_read_or_reset_the_emulator(
    driver_node: str,
    emulator: EmulatorServer,
    emulator_url: str,
    attacker_port: int,
    tmp_path: Path,
) -> None:
    idp = boto3.client(
        "cognito-idp",
        endpoint_url=emulator_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    pool = idp.create_user_pool(PoolName="victim", UsernameAttributes=["email"])["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="web")["UserPoolClient"]
    idp.sign_up(ClientId=client["ClientId"], Username="ada@example.com", Password=PASSWORD)

    arguments = {
        "chromium": str(chromium()),
        "profile": str(tmp_path / "chromium-profile"),
        "page": f"http://evil.test:{attacker_port}/",
        "emulator": emulator_url,
        "rebind": f"http://rebind.test:{emulator.port}/moto-api/data.json",
    }
    driver = subprocess.run(
        [driver_node, str(DRIVER_DIR / "foreign_origin.mjs"), json.dumps(arguments)],
        cwd=DRIVER_DIR,
        capture_output=True,
        text=True,
        timeout=_TIMEOUT,
        check=False,
    )
    assert driver.returncode == 0, f"{driver.stdout}\n{driver.stderr}"
    results = json.loads(driver.stdout.splitlines()[-1])

    assert results["pageOrigin"] == f"http://evil.test:{attacker_port}"
    # Nothing readable: the browser sees no CORS headers, so fetch rejects.
    for name in ("readData", "resetWithCors", "listUserPools"):
        assert "error" in results[name], (name, results[name])
    # The server was reached (a no-cors fetch resolves, opaque): the refusals above are its own.
    assert results["resetNoCors"] == {"type": "opaque", "status": 0, "text": None}
    assert results["resetByForm"]["status"] == 403
    assert "OriginNotAllowed" in results["resetByForm"]["text"]
    assert results["rebound"]["status"] == 403
    assert "HostNotAllowed" in results["rebound"]["text"]
    assert PASSWORD not in json.dumps(results)

    # And nothing was reset.
    assert [p["Id"] for p in idp.list_user_pools(MaxResults=10)["UserPools"]] == [pool]
    assert "ada@example.com" in _data(emulator)
