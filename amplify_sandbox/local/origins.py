"""Which browser origins may call the emulator, and which `Host` names it answers to.

Browsers on loopback origins (`http(s)://localhost:*`, `http(s)://127.0.0.1:*`,
`http(s)://[::1]:*`) may call it, plus the origins the user adds (`sandbox local start
--allow-origin URL`, or `AMPLIFY_SANDBOX_ALLOW_ORIGINS`, comma- or space-separated). An added
origin is exact (`scheme://host[:port]`), or any port of one host with `:*`.

A `Host` must be a loopback name (localhost, `*.localhost`, 127.x.x.x, ::1): a page on a DNS
name that resolves to 127.0.0.1 (DNS rebinding) is refused.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from amplify_sandbox.errors import UsageError

ALLOW_ORIGINS_ENV = "AMPLIFY_SANDBOX_ALLOW_ORIGINS"
LOOPBACK_ORIGIN_HOSTS = ("localhost", "127.0.0.1", "[::1]")
_ORIGIN = re.compile(r"^(https?)://([^/?#@\s]+?)(?::(\d{1,5}|\*))?$")
_HOST = re.compile(r"^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$")
_ORIGIN_HINT = (
    "Give an origin as scheme://host[:port], e.g. http://devbox.test:5173 "
    "(or http://devbox.test:* for any port); no path, no wildcard host."
)


def parse_origin(text: str, where: str = "--allow-origin") -> str:
    """One user-given origin, normalised (lower-case, no trailing slash); UsageError if malformed."""
    candidate = text.strip().rstrip("/").lower()
    match = _ORIGIN.match(candidate)
    if match is None or "*" in match.group(2) or not _HOST.match(match.group(2)):
        raise UsageError(f"{where}: {text!r} is not an origin.", hint=_ORIGIN_HINT)
    port = match.group(3)
    if port not in (None, "*") and not 0 < int(port) < 65536:
        raise UsageError(f"{where}: {text!r} has an invalid port.", hint=_ORIGIN_HINT)
    return candidate


def origins_from_env(environ: os._Environ[str] | dict[str, str] | None = None) -> list[str]:
    value = (os.environ if environ is None else environ).get(ALLOW_ORIGINS_ENV, "")
    return [parse_origin(part, ALLOW_ORIGINS_ENV) for part in re.split(r"[\s,]+", value) if part]


def merge_origins(*groups: Iterable[str]) -> tuple[str, ...]:
    """Every origin once, in the order first given, each validated."""
    seen: dict[str, None] = {}
    for group in groups:
        for origin in group:
            seen.setdefault(parse_origin(origin), None)
    return tuple(seen)


def _split_origin(origin: str) -> tuple[str, str, str] | None:
    match = _ORIGIN.match(origin.lower())
    if match is None:
        return None
    scheme, host, port = match.groups()
    return scheme, host, port or ("443" if scheme == "https" else "80")


@dataclass(frozen=True)
class OriginPolicy:
    """The origins a browser may call the emulator from: loopback ones and `extra`."""

    extra: Sequence[str] = ()

    def allows(self, origin: str) -> bool:
        parts = _split_origin(origin)
        if parts is None:
            return False  # "null" (file://, sandboxed frames) and anything malformed
        scheme, host, port = parts
        if host in LOOPBACK_ORIGIN_HOSTS:
            return True
        for allowed in self.extra:
            wanted = _split_origin(allowed)
            if wanted is None:
                continue
            if wanted[:2] == (scheme, host) and (allowed.endswith(":*") or wanted[2] == port):
                return True
        return False


def host_name(host_header: str) -> str | None:
    """The name part of a `Host` header (no port, no brackets), or None when malformed."""
    match = _HOST.match(host_header.strip())
    if match is None:
        return None
    return match.group(1).strip("[]").lower()


def is_loopback_host(host_header: str, also: Iterable[str] = ()) -> bool:
    """True for a `Host` naming this machine's loopback interface (or one of `also`)."""
    name = host_name(host_header)
    if name is None:
        return False
    if name == "localhost" or name.endswith(".localhost") or name in also:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
