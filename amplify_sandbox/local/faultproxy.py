"""A fault-injecting HTTP proxy in front of the local emulator, for tests and benchmarks.

It forwards every request to the emulator and can, per call:
- count the API calls, by operation (`X-Amz-Target` for the JSON services, `Action` for the
  query ones such as IAM and STS);
- add latency (an AWS-like stand-in: real Cognito, IAM and SSM answer in ~50-300 ms), the same
  for every call or per operation (`latency_by_operation`); each request waits in its own thread,
  so concurrent requests are delayed concurrently, as AWS would answer them;
- throttle with probability p: answer as the service does when rate-limited (400
  `ThrottlingException`, or `Throttling` for the query services) without forwarding;
- lose the answer with probability p after the write was applied: forward, then drop the
  connection or answer 500;
- start several clients together: the first `gate` requests wait for each other;
- stop the client after call k: once call k's answer is sent, `on_stop` is called and every later
  request is held (never forwarded), so whoever kills the client kills it between call k and k+1.

Randomness is seeded, so a run can be repeated. Nothing here touches boto3: it is plain HTTP.
"""

from __future__ import annotations

import http.client
import json
import random
import sys
import threading
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal

LoseMode = Literal["drop", "500"]
# Services spoken in the query protocol (form-encoded body with Action=...): their errors are XML.
_QUERY_CONTENT_TYPE = "application/x-www-form-urlencoded"
_HOP_HEADERS = frozenset(
    {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te"}
)


@dataclass
class Faults:
    """What to do to the calls; change it between runs with `FaultProxy.configure`."""

    seed: int = 0
    latency: float = 0.0
    # Seconds for particular operations (`{"CreateUserPool": 0.3}`), instead of `latency`.
    latency_by_operation: dict[str, float] = field(default_factory=dict)
    throttle: float = 0.0
    lose: float = 0.0
    lose_mode: LoseMode = "drop"
    stop_after: int | None = None
    # Hold the first `gate` requests until all of them have arrived, then let them go together:
    # two clients started "at once" really start at once.
    gate: int = 0

    def delay(self, operation: str) -> float:
        """The seconds a call of `operation` waits before it is answered."""
        return self.latency_by_operation.get(operation, self.latency)


@dataclass
class Tally:
    """What the proxy saw: `calls` are the operations forwarded, in order."""

    calls: list[str] = field(default_factory=list)
    throttled: int = 0
    lost: int = 0
    held: int = 0
    # The most requests the proxy had at the same time (1: the client called one after another).
    max_in_flight: int = 0
    # The most requests waiting out their latency at the same time.
    max_waiting: int = 0

    @property
    def by_operation(self) -> Counter[str]:
        return Counter(self.calls)


def operation_of(headers: dict[str, str], body: bytes) -> str:
    """The API operation of a request: `CreateUserPool`, `CreateRole`, ... or "" if none."""
    target = headers.get("x-amz-target", "")
    if target:
        return target.rsplit(".", 1)[-1]
    if headers.get("content-type", "").startswith(_QUERY_CONTENT_TYPE):
        values = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("Action")
        if values:
            return values[0]
    return ""


def error_answer(headers: dict[str, str], code: str, message: str) -> tuple[bytes, str]:
    """The body and content type of a service error, in the protocol of the request."""
    if headers.get("x-amz-target"):
        body = json.dumps({"__type": code, "message": message}).encode()
        return body, "application/x-amz-json-1.1"
    if not headers.get("content-type", "").startswith(_QUERY_CONTENT_TYPE):
        # REST-JSON services (Lambda): a JSON error body too.
        return json.dumps({"__type": code, "message": message}).encode(), "application/json"
    body = (
        f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>"
        f"<Message>{message}</Message></Error><RequestId>0</RequestId></ErrorResponse>"
    ).encode()
    return body, "text/xml"


def throttling_answer(headers: dict[str, str]) -> tuple[bytes, str]:
    """What a rate-limited service answers (with HTTP 400)."""
    query = headers.get("content-type", "").startswith(_QUERY_CONTENT_TYPE)
    code = "Throttling" if query and not headers.get("x-amz-target") else "ThrottlingException"
    return error_answer(headers, code, "Rate exceeded")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client killed mid-connection (the point of a crash test) is not an error."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FaultProxy:
    """A threaded HTTP proxy to `upstream` (e.g. the emulator's URL) on 127.0.0.1:`port`."""

    def __init__(
        self,
        upstream: str,
        port: int = 0,
        *,
        faults: Faults | None = None,
        on_stop: Callable[[int], None] | None = None,
        on_answer: Callable[[int, str], None] | None = None,
    ) -> None:
        parsed = urllib.parse.urlsplit(upstream)
        self._upstream_host = parsed.hostname or "127.0.0.1"
        self._upstream_port = parsed.port or 80
        self._lock = threading.Lock()
        self._release = threading.Event()
        self.on_stop = on_stop
        # Called after each forwarded call's answer with its number (1, 2, ...) and operation.
        self.on_answer = on_answer
        self.stopped = threading.Event()
        # Set when a call after the stop is being held.
        self.holding = threading.Event()
        self.faults = Faults()
        self.tally = Tally()
        self._random = random.Random(0)
        self._gate: threading.Barrier | None = None
        self._gate_entered = 0
        self._in_flight = 0
        self._waiting = 0
        self.configure(faults or Faults())
        self._server = _Server(("127.0.0.1", port), self._handler_class())
        self._thread: threading.Thread | None = None

    # -- control ----------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def configure(self, faults: Faults) -> Tally:
        """New faults and a fresh tally (held requests of an earlier stop are let go unanswered)."""
        with self._lock:
            self._release.set()
            self._release = threading.Event()
            self.stopped = threading.Event()
            self.holding = threading.Event()
            self._gate = threading.Barrier(faults.gate) if faults.gate > 1 else None
            self._gate_entered = 0
            self.faults = faults
            self.tally = Tally()
            self._random = random.Random(faults.seed)
            return self.tally

    def start(self) -> FaultProxy:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fault-proxy", daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- per request ------------------------------------------------------------------------
    def _pass_gate(self) -> None:
        with self._lock:
            gate = self._gate
            if gate is None or self._gate_entered >= gate.parties:
                return
            self._gate_entered += 1
        gate.wait()

    def _enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self.tally.max_in_flight = max(self.tally.max_in_flight, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _delay(self, seconds: float, release: threading.Event) -> None:
        """Wait `seconds` in this request's thread (others wait theirs at the same time)."""
        with self._lock:
            self._waiting += 1
            self.tally.max_waiting = max(self.tally.max_waiting, self._waiting)
        try:
            release.wait(seconds)
        finally:
            with self._lock:
                self._waiting -= 1

    def _decide(self, operation: str) -> tuple[str, threading.Event, Faults, int]:
        """One of "hold", "throttle", "lose", "forward" for the next request (and its number)."""
        with self._lock:
            faults, release = self.faults, self._release
            if faults.stop_after is not None and len(self.tally.calls) >= faults.stop_after:
                self.tally.held += 1
                self.holding.set()
                return "hold", release, faults, 0
            if faults.throttle and self._random.random() < faults.throttle:
                self.tally.throttled += 1
                return "throttle", release, faults, 0
            lose = bool(faults.lose) and self._random.random() < faults.lose
            self.tally.calls.append(operation)
            if lose:
                self.tally.lost += 1
            return ("lose" if lose else "forward"), release, faults, len(self.tally.calls)

    def _forward(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(
            self._upstream_host, self._upstream_port, timeout=60
        )
        try:
            out = {k: v for k, v in headers.items() if k not in _HOP_HEADERS}
            out["host"] = f"{self._upstream_host}:{self._upstream_port}"
            connection.request(method, path, body=body, headers=out)
            response = connection.getresponse()
            data = response.read()
            kept = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_HEADERS]
            return response.status, kept, data
        finally:
            connection.close()

    def _after_answer(self, number: int, operation: str) -> None:
        if self.on_answer is not None:
            self.on_answer(number, operation)
        with self._lock:
            stop_after = self.faults.stop_after
            reached = stop_after is not None and number == stop_after
            if reached and not self.stopped.is_set():
                self.stopped.set()
                callback = self.on_stop
            else:
                callback = None
        if callback is not None and stop_after is not None:
            callback(stop_after)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go in two writes: with Nagle's algorithm the body waits for the
            # client's delayed ACK of the headers (~40 ms a call on a kept-alive connection).
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                operation = operation_of(headers, body)
                proxy._enter()
                try:
                    self._serve(headers, body, operation)
                finally:
                    proxy._leave()

            def _serve(self, headers: dict[str, str], body: bytes, operation: str) -> None:
                proxy._pass_gate()
                verdict, release, faults, number = proxy._decide(operation)
                if verdict == "hold":
                    release.wait()
                    self.close_connection = True
                    return
                delay = faults.delay(operation)
                if delay:
                    proxy._delay(delay, release)
                if verdict == "throttle":
                    data, content_type = throttling_answer(headers)
                    self._answer(400, [("Content-Type", content_type)], data)
                    return
                status, answer_headers, data = proxy._forward(
                    self.command, self.path, headers, body
                )
                if verdict == "lose":
                    if faults.lose_mode == "drop":
                        self.close_connection = True
                        proxy._after_answer(number, operation)
                        return
                    data, content_type = error_answer(headers, "InternalFailure", "Internal error")
                    self._answer(500, [("Content-Type", content_type)], data)
                else:
                    self._answer(status, answer_headers, data)
                proxy._after_answer(number, operation)

            def _answer(self, status: int, headers: list[tuple[str, str]], data: bytes) -> None:
                self.send_response(status)
                for key, value in headers:
                    if key.lower() not in ("content-length", "date", "server"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                self.wfile.flush()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = _handle

        return Handler
