"""The sandbox's write lock: an SSM parameter created only if absent, naming its holder.

One run at a time may change a sandbox (deploy, delete). The lock `<sandbox>/lock` holds who has
it (user, host, pid, command, when) and until when; a live holder renews it from a background
thread, so a lock whose holder died (SIGKILL, lost laptop) expires and is taken over. A lock
that cannot be read is treated as expired, and one held by a process of this host that no longer
runs (SIGKILLed) is taken over at once.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from amplify_sandbox.errors import LockedError

if TYPE_CHECKING:
    from mypy_boto3_ssm import SSMClient

    from amplify_sandbox.identity import SandboxIdentity

# A holder that stops renewing loses the lock this long after its last renewal.
LOCK_TTL = 120.0
RENEW_EVERY = 30.0
POLL_EVERY = 2.0


def lock_name(identity: SandboxIdentity) -> str:
    """Next to (not under) the state record's path, which `delete` clears."""
    return f"/amplify-sandbox/{identity.stack_name}/lock"


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    command: str
    started: str
    expires: float
    token: str

    @classmethod
    def me(cls, command: str, now: float, ttl: float) -> Holder:
        started = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return cls(
            _user(),
            socket.gethostname(),
            os.getpid(),
            command,
            started,
            now + ttl,
            uuid.uuid4().hex,
        )

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        try:
            data = json.loads(text)
            return cls(
                str(data["user"]),
                str(data["host"]),
                int(data["pid"]),
                str(data["command"]),
                str(data["started"]),
                float(data["expires"]),
                str(data["token"]),
            )
        except (ValueError, KeyError, TypeError):
            return None

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def describe(self) -> str:
        return (
            f"{self.user}@{self.host} (pid {self.pid}, `sandbox {self.command}`, "
            f"since {self.started})"
        )


def _gone(holder: Holder) -> bool:
    """The holder ran on this host and that process no longer runs (SIGKILLed, crashed): its
    lock can be taken over now rather than when it expires. Another host's holder, or one whose
    process runs (or cannot be checked), is never judged gone."""
    if holder.host != socket.gethostname() or holder.pid <= 0 or holder.pid == os.getpid():
        return False
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # e.g. another user's process: it runs
    return False


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class SsmLock:
    def __init__(
        self,
        client: SSMClient,
        name: str,
        command: str,
        *,
        ttl: float = LOCK_TTL,
        renew_every: float = RENEW_EVERY,
        poll_every: float = POLL_EVERY,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._client = client
        self._name = name
        self._command = command
        self._ttl = ttl
        self._renew_every = renew_every
        self._poll_every = poll_every
        self._clock = clock
        self._holder: Holder | None = None
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None
        # The ownership check of the release, started by `ending` while the last write runs.
        self._check: Future[tuple[Holder | None, int] | None] | None = None

    def _create(self, holder: Holder) -> bool:
        try:
            self._client.put_parameter(
                Name=self._name, Value=holder.to_json(), Type="String", Overwrite=False
            )
        except ClientError as exc:
            if _code(exc) == "ParameterAlreadyExists":
                return False
            raise
        return True

    def current(self) -> tuple[Holder | None, int] | None:
        """The holder (None: unreadable) and the parameter's version; None when unlocked."""
        try:
            parameter = self._client.get_parameter(Name=self._name)["Parameter"]
        except ClientError as exc:
            if _code(exc) == "ParameterNotFound":
                return None
            raise
        return Holder.parse(parameter.get("Value", "")), int(parameter.get("Version", 0))

    def _remove(self) -> None:
        try:
            self._client.delete_parameter(Name=self._name)
        except ClientError as exc:
            if _code(exc) != "ParameterNotFound":
                raise

    def _take_over(self, version: int) -> None:
        """Delete an expired lock, unless it changed since it was read (renewed or retaken)."""
        again = self.current()
        if again is not None and again[1] == version:
            self._remove()

    def acquire(self, timeout: float, notify: Callable[[str], None]) -> None:
        deadline = self._clock() + max(0.0, timeout)
        told = False
        while True:
            now = self._clock()
            holder = Holder.me(self._command, now, self._ttl)
            if self._create(holder):
                self._holder = holder
                self._start_renewing()
                return
            found = self.current()
            if found is None:
                continue  # released meanwhile: try again at once
            other, version = found
            if other is not None and other.token == holder.token:
                # Ours: the create was applied but its answer lost, and the retry was refused.
                self._holder = holder
                self._start_renewing()
                return
            if other is None or other.expires <= now:
                self._take_over(version)
                continue
            if _gone(other):
                notify(
                    f"Taking over the lock held by {other.describe()}: "
                    "that process no longer runs on this host."
                )
                self._take_over(version)
                continue
            if now >= deadline:
                raise LockedError(
                    f"The sandbox is locked by {other.describe()}.",
                    hint="Wait for that run to finish, or pass --lock-timeout SECONDS to wait "
                    f"for it. If it is gone, its lock expires by itself within {self._ttl:.0f}s, "
                    "or `sandbox unlock --yes` removes it now.",
                )
            if not told:
                notify(
                    f"Waiting for the lock held by {other.describe()} "
                    f"(up to {timeout:.0f}s; --lock-timeout changes it)."
                )
                told = True
            self._stop.wait(min(self._poll_every, max(0.0, deadline - now)))

    def _start_renewing(self) -> None:
        self._stop.clear()
        self._renewer = threading.Thread(target=self._renew_loop, name="lock-renewal", daemon=True)
        self._renewer.start()

    def _renew_loop(self) -> None:
        while not self._stop.wait(self._renew_every):
            try:
                self.renew()
            except Exception:
                continue

    def renew(self) -> None:
        if self._holder is None:
            return
        self._holder = replace(self._holder, expires=self._clock() + self._ttl)
        self._client.put_parameter(
            Name=self._name, Value=self._holder.to_json(), Type="String", Overwrite=True
        )

    def ending(self) -> None:
        """The work under the lock is ending (its last record write may be under way): the
        release's ownership check is started now, at the same time as that write. The delete
        still waits for both (`release`, after the write has been answered)."""
        if self._holder is None or self._check is not None:
            return
        check: Future[tuple[Holder | None, int] | None] = Future()

        def run() -> None:
            try:
                check.set_result(self.current())
            except BaseException as exc:  # raised by the release that waits for it
                check.set_exception(exc)

        self._check = check
        threading.Thread(target=run, name="lock-check", daemon=True).start()

    def release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join()
            self._renewer = None
        check, self._check = self._check, None
        if self._holder is None:
            return
        found = check.result() if check is not None else self.current()
        if found is not None and found[0] is not None and found[0].token == self._holder.token:
            self._remove()
        self._holder = None

    def force_remove(self) -> Holder | None:
        """`sandbox unlock`: remove the lock whoever holds it; returns who did (if readable)."""
        found = self.current()
        if found is None:
            return None
        self._remove()
        return found[0] or Holder("unknown", "unknown", 0, "?", "?", 0.0, "")

    @contextmanager
    def held(self, timeout: float, notify: Callable[[str], None]) -> Iterator[SsmLock]:
        self.acquire(timeout, notify)
        try:
            yield self
        finally:
            self.release()
