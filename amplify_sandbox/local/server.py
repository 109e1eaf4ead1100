"""The emulator's HTTP server: moto's server app with our patches, CORS and a health endpoint,
behind the access rules of `access` (loopback `Host` only, moto's admin endpoints need the token)
and `cors` (browsers only from allowed origins).

`EmulatorServer` runs it in a background thread (tests, one per session); `serve` runs it in the
foreground (the background process started by `process`). Moto is imported, and the patches are
applied once, only when a server is built, never when `amplify_sandbox` is imported.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import urllib.parse
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from amplify_sandbox.errors import SandboxError
from amplify_sandbox.local.access import AdminGuard, HostGuard, health_proof, new_token
from amplify_sandbox.local.origins import OriginPolicy

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from werkzeug.serving import BaseWSGIServer

    from amplify_sandbox.local.persistence import Persistence
    from amplify_sandbox.local.tls import TlsFiles

HEALTH_PATH = "/amplify-sandbox/health"
SERVICE_NAME = "amplify-sandbox-emulator"
INSTALL_HINT = "pip install 'amplify-sandbox[local]'"

_patch_lock = threading.Lock()
_patched = False


def require_moto() -> None:
    """Fail with an install hint when the `local` extra is missing."""
    try:
        import flask  # noqa: F401
        import moto  # noqa: F401
        import webauthn  # noqa: F401
    except ImportError as error:
        raise SandboxError(
            f"The local emulator needs moto's server, which is not installed ({error.name}).",
            hint=INSTALL_HINT,
        ) from error


def apply_patches() -> None:
    """Install every emulator patch on moto's classes, once per process."""
    global _patched
    require_moto()
    with _patch_lock:
        if _patched:
            return
        from amplify_sandbox.local import (
            cognito_identity,
            cognito_idp,
            cognito_idp_rules,
            passwordless,
            passwords,
            tokens,
        )
        from amplify_sandbox.local.oauth import federation
        from amplify_sandbox.local.triggers import hooks

        passwords.apply()
        tokens.apply()
        cognito_idp.apply()
        cognito_idp_rules.apply()
        passwordless.apply()
        cognito_identity.apply()
        hooks.apply()
        federation.apply()
        _patched = True


class HealthMiddleware:
    """Answers `GET /amplify-sandbox/health[?nonce=N]`. With a nonce the answer carries `proof`,
    an HMAC of port, pid and nonce under the emulator's token: only the emulator holding the token
    from the state file can give it, so a program that copies the rest of the answer is not
    trusted."""

    def __init__(self, app: WSGIApplication, token: str) -> None:
        self.app = app
        self.token = token
        self.started_at = datetime.now(UTC).isoformat(timespec="seconds")

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != HEALTH_PATH:
            return self.app(environ, start_response)
        query = urllib.parse.parse_qs(str(environ.get("QUERY_STRING") or ""))
        document: dict[str, object] = {
            "service": SERVICE_NAME,
            "pid": os.getpid(),
            "started_at": self.started_at,
        }
        nonce = (query.get("nonce") or [""])[0][:128]
        if nonce:
            port = str(environ.get("SERVER_PORT") or "")
            document["proof"] = health_proof(self.token, port, os.getpid(), nonce)
        body = json.dumps(document).encode()
        start_response(
            "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        )
        return [body]


def build_app(
    token: str,
    allow_origins: Sequence[str] = (),
    host: str = "127.0.0.1",
    persistence: Persistence | None = None,
) -> WSGIApplication:
    """Moto's app behind, from the outside in: the Host check, CORS, health, the snapshot
    (when the emulator keeps its data), the admin token."""
    apply_patches()
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    from amplify_sandbox.local.cors import CorsMiddleware
    from amplify_sandbox.local.function_logs import FunctionLogsMiddleware
    from amplify_sandbox.local.oauth.routes import HostedUi

    # The hosted UI (HTTPS only) sits where moto would answer, behind every access rule.
    moto_app: WSGIApplication = HostedUi(DomainDispatcherApplication(create_backend_app))
    guarded: WSGIApplication = FunctionLogsMiddleware(AdminGuard(moto_app, token), token)
    if persistence is not None:
        guarded = persistence.middleware(guarded, token)
    inner = HealthMiddleware(guarded, token)
    bind_names = () if host in ("0.0.0.0", "::", "") else (host.strip("[]"),)
    return HostGuard(CorsMiddleware(inner, OriginPolicy(tuple(allow_origins))), also=bind_names)


def _make_server(
    host: str,
    port: int,
    quiet: bool,
    token: str,
    allow_origins: Sequence[str],
    persistence: Persistence | None = None,
    tls: TlsFiles | None = None,
) -> BaseWSGIServer:
    from moto.moto_server.werkzeug_app import MotoRequestHandler

    from amplify_sandbox.local.https import DualProtocolServer, with_scheme

    class RequestHandler(MotoRequestHandler):
        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            if not quiet:
                super().log_request(code, size)

    try:
        # HTTP and, with `tls`, HTTPS (the hosted UI) on the same port.
        return DualProtocolServer(
            host,
            port,
            build_app(token, allow_origins, host, persistence),
            with_scheme(RequestHandler),
            tls.server_context() if tls is not None else None,
        )
    except OSError as error:
        raise SandboxError(
            f"The emulator cannot listen on {host}:{port}: {error.strerror or error}.",
            hint="Choose another port with --port.",
        ) from error


class EmulatorServer:
    """The emulator in a background thread of this process; port 0 picks a free port.

    `token` opens moto's admin endpoints (send it in `access.TOKEN_HEADER`); a random one unless
    given. With `snapshot` the emulator keeps its data in that file (see `persistence`); moto's
    state is per process, so only one such server should run in a process. Its HTTPS
    certificate (the hosted UI's) is in `tls_dir`, the state directory's `tls/` by default."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 4566,
        *,
        quiet: bool = True,
        token: str | None = None,
        allow_origins: Sequence[str] = (),
        snapshot: Path | None = None,
        tls_dir: Path | None = None,
    ) -> None:
        self.host = host
        self.tls_dir = tls_dir
        self.tls: TlsFiles | None = None
        self.snapshot = snapshot
        self.persistence: Persistence | None = None
        self.token = token or new_token()
        self.allow_origins = tuple(allow_origins)
        self._requested_port = port
        self._quiet = quiet
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_port if self._server else self._requested_port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        if self._server is not None:
            return
        from amplify_sandbox.local import tls

        self.persistence = _restored(self.snapshot)
        self.tls = tls.ensure(self.tls_dir)
        self._server = _make_server(
            self.host,
            self._requested_port,
            self._quiet,
            self.token,
            self.allow_origins,
            self.persistence,
            self.tls,
        )
        _point_functions_at(self.host, self._server.server_port)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="amplify-sandbox-emulator", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
            _stop_functions(self.host, server.server_port)
        if thread is not None:
            thread.join(timeout=10)
        if self.persistence is not None:
            self.persistence.close()

    def __enter__(self) -> EmulatorServer:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def _restored(path: Path | None) -> Persistence | None:
    """The persistence of a snapshot file, restored into moto (None: keep nothing)."""
    if path is None:
        return None
    apply_patches()
    from amplify_sandbox.local.persistence import Persistence

    persistence = Persistence(path)
    persistence.restore()
    return persistence


def _functions_url(host: str, port: int) -> str:
    name = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://{name}:{port}"


def _point_functions_at(host: str, port: int) -> None:
    """Trigger functions' AWS SDK calls go to this emulator."""
    from amplify_sandbox.local.triggers.invoke import configure

    configure(_functions_url(host, port))


def _stop_functions(host: str, port: int) -> None:
    """The warm function processes end with the emulator (they run in their own sessions)."""
    from amplify_sandbox.local.triggers.invoke import release

    release(_functions_url(host, port))


def _exit_on_signal(signum: int, _frame: FrameType | None) -> Any:
    raise SystemExit(128 + signum)


def serve(
    host: str = "127.0.0.1",
    port: int = 4566,
    *,
    token: str | None = None,
    allow_origins: Sequence[str] = (),
    snapshot: Path | None = None,
) -> None:
    """Serve in the foreground until SIGTERM or Ctrl-C. Without a token a random one is made and
    never shown: moto's admin endpoints are then closed to everyone. With `snapshot` the data is
    restored from that file first and written to it after changes and when stopping."""
    from amplify_sandbox.local import tls

    signal.signal(signal.SIGTERM, _exit_on_signal)
    persistence = _restored(snapshot)
    server = _make_server(
        host, port, False, token or new_token(), allow_origins, persistence, tls.ensure()
    )
    _point_functions_at(host, server.server_port)
    print(f"amplify-sandbox emulator listening on http://{host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if persistence is not None:
            persistence.close()
        _stop_functions(host, server.server_port)
        print("amplify-sandbox emulator stopped", file=sys.stderr, flush=True)
