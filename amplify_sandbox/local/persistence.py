"""Keeping the emulator's data across restarts: restore the snapshot at start, write it after
changes (debounced: `DEBOUNCE` seconds after the last change, at most `MAX_DELAY` after the
first), on demand and when the emulator stops. A kill -9 or a reboot loses at most a few
seconds of changes.

Requests that may change something run under the shared side of a lock; taking the snapshot
takes the exclusive side, so it never pickles half a request. The lock prefers readers: a
request made from inside another request (a trigger calling the emulator back) never waits for
a snapshot that waits for the outer request.

Token-guarded endpoints (header `access.TOKEN_HEADER`):
- `GET /amplify-sandbox/snapshot`: what the emulator holds, where the snapshot is, when it was
  last written, whether changes are waiting, and the notice of a snapshot that was set aside;
- `POST /amplify-sandbox/snapshot`: write it now;
- `POST /amplify-sandbox/reset`: empty the emulator (moto's reset) and write the empty snapshot.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amplify_sandbox.background import BackgroundWriter
from amplify_sandbox.local import snapshot
from amplify_sandbox.local.access import TOKEN_HEADER, refuse_without_token
from amplify_sandbox.local.responses import refuse

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

SNAPSHOT_PATH = "/amplify-sandbox/snapshot"
RESET_PATH = "/amplify-sandbox/reset"
DEBOUNCE = 1.0
MAX_DELAY = 5.0
_READ_ONLY_METHODS = frozenset(("GET", "HEAD", "OPTIONS"))


class SharedLock:
    """Many requests at once, or one snapshot; a request never waits for a snapshot."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._condition:
            while self._writing:
                self._condition.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._condition:
                self._readers -= 1
                self._condition.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._condition:
            while self._writing or self._readers:
                self._condition.wait()
            self._writing = True
        try:
            yield
        finally:
            with self._condition:
                self._writing = False
                self._condition.notify_all()


def _log(line: str) -> None:
    print(f"amplify-sandbox emulator: {line}", file=sys.stderr, flush=True)


def _logged(error: BaseException) -> bool:
    """A snapshot the writer thread could not write: logged, written again after the next
    change (or at the stop)."""
    if not isinstance(error, Exception):
        return False
    _log(f"the snapshot could not be written: {error}")
    return True


class Persistence:
    """The snapshot of one emulator: `restore()` once before serving, `middleware()` around
    moto's app, `close()` when the emulator stops (writes the last changes)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = SharedLock()
        self.notice: str | None = None
        self.saved_at: str | None = None
        self._writer = BackgroundWriter(
            self._write,
            None,
            name="amplify-sandbox-snapshot",
            failed=_logged,
            debounce=DEBOUNCE,
            max_delay=MAX_DELAY,
        )

    # --- start ---------------------------------------------------------------------------

    def restore(self) -> None:
        """Load the snapshot into moto. One that cannot be read is set aside (kept) and the
        emulator starts empty, with a notice and a line in its log."""
        if not self.path.exists():
            _log(f"no snapshot yet; starting empty (it will be written to {self.path})")
            return
        try:
            header, payload = snapshot.read(self.path)
            snapshot.restore(payload)
        except (snapshot.UnreadableSnapshot, OSError) as error:
            reason = error.reason if isinstance(error, snapshot.UnreadableSnapshot) else str(error)
            self._reset_moto()
            aside = snapshot.set_aside(self.path)
            self.notice = (
                f"The snapshot {self.path} could not be restored: {reason}. The emulator "
                f"started empty; the old file is kept as {aside}."
            )
            _log(self.notice)
            return
        self.saved_at = header.written_at
        held = snapshot.contents()
        _log(f"restored {held.summary()} from {self.path}")

    # --- changes -------------------------------------------------------------------------

    def changed(self) -> None:
        """A request may have changed something: written after the debounce (the writer
        thread starts with the first change)."""
        self._writer.changed(None)

    @property
    def pending(self) -> bool:
        return self._writer.pending

    def save(self) -> snapshot.Contents:
        """Write the snapshot now (what every request so far has changed)."""
        return self._writer.write_now()

    def _write(self, _: None) -> snapshot.Contents:
        with self.lock.exclusive():
            captured = snapshot.capture()
        snapshot.write(self.path, captured)
        for dropped in captured.dropped:
            _log(f"not kept in the snapshot (cannot be saved): {dropped}")
        self.saved_at = datetime.now(UTC).isoformat(timespec="seconds")
        return captured.contents

    def close(self) -> None:
        """Stop the writer and write what is pending (the emulator is stopping)."""
        self._writer.close()
        if self.pending:
            self.save()
            _log(f"snapshot written to {self.path}")

    # --- reset ---------------------------------------------------------------------------

    @staticmethod
    def _reset_moto() -> None:
        from moto.moto_api._internal.models import moto_api_backend

        moto_api_backend.reset()

    def reset(self) -> snapshot.Contents:
        with self.lock.exclusive():
            before = snapshot.contents()
            self._reset_moto()
        self.changed()
        self.save()
        _log("emptied (sandbox local reset)")
        return before

    # --- HTTP ----------------------------------------------------------------------------

    def describe(self) -> dict[str, Any]:
        with self.lock.exclusive():
            held = snapshot.contents()
        return {
            "path": str(self.path),
            "saved_at": self.saved_at,
            "pending": self.pending,
            "notice": self.notice,
            "contents": held.as_dict(),
        }

    def middleware(self, app: WSGIApplication, token: str) -> WSGIApplication:
        return _PersistenceMiddleware(app, token, self)


class _PersistenceMiddleware:
    def __init__(self, app: WSGIApplication, token: str, persistence: Persistence) -> None:
        self.app = app
        self.token = token
        self.persistence = persistence

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO") or "")
        method = str(environ.get("REQUEST_METHOD") or "GET").upper()
        if path in (SNAPSHOT_PATH, RESET_PATH):
            return self._admin(path, method, environ, start_response)
        if method in _READ_ONLY_METHODS:
            return self.app(environ, start_response)
        try:
            with self.persistence.lock.shared():
                return list(self.app(environ, start_response))
        finally:
            self.persistence.changed()

    def _admin(
        self, path: str, method: str, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        refusal = refuse_without_token(
            environ,
            start_response,
            self.token,
            f"The emulator's snapshot endpoints need its token in {TOKEN_HEADER}.",
        )
        if refusal is not None:
            return refusal
        document: dict[str, Any]
        if path == RESET_PATH and method == "POST":
            before = self.persistence.reset()
            document = {"emptied": before.as_dict(), **self.persistence.describe()}
        elif path == SNAPSHOT_PATH and method == "POST":
            self.persistence.save()
            document = self.persistence.describe()
        elif path == SNAPSHOT_PATH and method == "GET":
            document = self.persistence.describe()
        else:
            return refuse(start_response, "MethodNotAllowed", "Not allowed.", "405 Not Allowed")
        body = json.dumps(document).encode()
        start_response(
            "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        )
        return [body]
