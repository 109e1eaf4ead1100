"""The CLI's own calls to the emulator (health, admin) read a JSON object or give None."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from amplify_sandbox.local.process import _get_json

ANSWERS = {
    "/object": (200, b'{"service": "x"}'),
    "/list": (200, b"[1, 2]"),
    "/broken": (200, b"{not json"),
    "/error": (500, b'{"service": "x"}'),
    "/forbidden": (403, b'{"message": "no"}'),
}


class _Answers(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        status, body = ANSWERS[self.path]
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_a_json_object_is_read(port: int) -> None:
    assert _get_json(port, "/object", timeout=5) == {"service": "x"}
    assert _get_json(port, "/object", method="POST", headers={"X-A": "b"}, timeout=5) == {
        "service": "x"
    }


@pytest.mark.parametrize("path", ["/list", "/broken", "/error", "/forbidden"])
def test_anything_else_is_none(port: int, path: str) -> None:
    assert _get_json(port, path, timeout=5) is None


def test_nothing_listening_is_none() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    assert _get_json(free, "/object", timeout=5) is None
