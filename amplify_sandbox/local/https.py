"""HTTP and HTTPS on the emulator's one port.

The emulator's API is plain HTTP (`http://127.0.0.1:PORT`, what the SDKs and Amplify JS's
`userPoolEndpoint` use); the hosted UI must be HTTPS (Amplify JS builds `https://<domain>/...`).
Rather than a second port to choose, record and report, the server looks at the first byte each
connection sends: a TLS handshake record (0x16) is wrapped in TLS with the emulator's
certificate (see `tls`), anything else is served as plain HTTP. No HTTP request starts with that
byte (a request line starts with a method name), so the two never mix up. The peek and the
handshake run in the connection's own thread, so a slow client holds up no other.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import sys
from typing import TYPE_CHECKING, Any

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication, WSGIEnvironment

TLS_HANDSHAKE = 0x16
# How long a new connection may stay silent before its first byte (browsers pre-connect),
# and how long its TLS handshake may take.
FIRST_BYTE_TIMEOUT = 120.0


def _starts_tls(connection: socket.socket) -> bool:
    """Whether the client's first byte opens a TLS handshake (the socket keeps the timeout)."""
    try:
        connection.settimeout(FIRST_BYTE_TIMEOUT)
        first = connection.recv(1, socket.MSG_PEEK)
    except OSError:
        return False
    return first[:1] == bytes([TLS_HANDSHAKE])


def _untimed(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.settimeout(None)


def _closed(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        connection.close()


class DualProtocolServer(ThreadedWSGIServer):
    """Werkzeug's threaded server, serving TLS connections with `tls_context` (None: plain HTTP
    only, as before)."""

    def __init__(
        self,
        host: str,
        port: int,
        app: WSGIApplication,
        handler: type[WSGIRequestHandler],
        tls_context: ssl.SSLContext | None,
    ) -> None:
        super().__init__(host, port, app, handler)
        self.tls_context = tls_context

    def finish_request(self, request: Any, client_address: Any) -> None:
        context = self.tls_context
        if context is None or not _starts_tls(request):
            _untimed(request)
            super().finish_request(request, client_address)
            return
        try:
            # The handshake is bounded by the first byte's timeout too.
            secure = context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return  # a client that does not trust the certificate ends the handshake
        _untimed(secure)
        try:
            super().finish_request(secure, client_address)
        finally:
            _closed(secure)

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ssl.SSLError | ConnectionError):
            return
        super().handle_error(request, client_address)


def with_scheme(handler: type[WSGIRequestHandler]) -> type[WSGIRequestHandler]:
    """`handler` whose requests over TLS say so (`wsgi.url_scheme` "https")."""

    class SchemeAwareHandler(handler):  # type: ignore[valid-type,misc]
        def make_environ(self) -> WSGIEnvironment:
            environ: WSGIEnvironment = super().make_environ()
            if isinstance(self.connection, ssl.SSLSocket):
                environ["wsgi.url_scheme"] = "https"
            return environ

    return SchemeAwareHandler
