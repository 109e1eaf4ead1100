"""The emulator's data on disk: everything moto holds (user pools, users, clients, groups,
identity pools, IAM, SSM parameters, ...) and the emulator's own state kept on moto's objects
(salted SRP verifiers, open SRP challenges), so it survives a stop, a crash and a reboot.

Moto 5.2.5 has no persistence of its own, so the snapshot pickles every region backend moto has
created. The file is

    AMPLIFY-SANDBOX-SNAPSHOT\\n
    {"format": 1, "moto": "5.2.5", "sha256": ..., "length": ..., "contents": {...}, ...}\\n
    <pickle of {(module, backends attribute, account, region): backend attributes}>

written to a temporary file in the same directory (mode 0600), fsynced and renamed over the old
one, so a crash never leaves a half-written snapshot. A snapshot that cannot be read (another
`format` or moto version, a torn or corrupted file) is renamed aside, never deleted, and the
emulator starts empty with a notice saying why. Bump `FORMAT` whenever the shape of what the
emulator keeps on moto's objects changes.

The file is only read by the emulator of its owner (it lives in the 0700 state directory);
passwords are in it only as SRP verifiers. What moto must hold as it is (SSM SecureString values,
app client secrets) is in it as moto holds it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import sys
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from amplify_sandbox.atomic import write_atomic
from amplify_sandbox.flat import Flat

MAGIC = b"AMPLIFY-SANDBOX-SNAPSHOT\n"
FORMAT = 1
_PROTOCOL = 5

Key = tuple[str, str, str, str]  # module, backends attribute, account, region


def moto_version() -> str:
    import moto

    return str(moto.__version__)


@dataclass(frozen=True)
class Contents(Flat):
    """How much the emulator holds, across every account and region."""

    user_pools: int = 0
    users: int = 0
    groups: int = 0
    clients: int = 0
    identity_pools: int = 0
    parameters: int = 0

    value_type = int

    def summary(self) -> str:
        def count(n: int, word: str) -> str:
            return f"{n} {word}" if n == 1 else f"{n} {word}s"

        return ", ".join(
            (
                count(self.user_pools, "user pool"),
                count(self.users, "user"),
                count(self.groups, "group"),
                count(self.identity_pools, "identity pool"),
                count(self.parameters, "parameter"),
            )
        )


class UnreadableSnapshot(Exception):
    """The snapshot cannot be restored; `reason` says why, in words for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Header:
    format: int
    moto: str
    written_at: str | None
    contents: Contents | None


# --- what moto holds ------------------------------------------------------------------------


def _live_backends() -> Iterator[tuple[Key, Any]]:
    from moto.core.base_backend import BackendDict

    instances: list[Any] = list(BackendDict._instances)  # type: ignore[misc]
    for backends in instances:
        module_name = backends.backend.__module__
        attribute = _attribute_of(module_name, backends)
        if attribute is None:
            continue
        for account, regions in list(backends.items()):
            for region, backend in list(regions.items()):
                yield (module_name, attribute, account, region), backend


def _attribute_of(module_name: str, backends: object) -> str | None:
    module = sys.modules.get(module_name)
    for name, value in vars(module).items() if module else ():
        if value is backends:
            return name
    return None


def contents() -> Contents:
    """Count what the emulator holds now (the caller keeps requests out meanwhile)."""
    from moto.cognitoidentity.models import cognitoidentity_backends
    from moto.cognitoidp.models import cognitoidp_backends
    from moto.ssm.models import ssm_backends

    pools = users = groups = clients = identity_pools = parameters = 0
    backend: Any
    for _, _, backend in cognitoidp_backends.iter_backends():
        for pool in backend.user_pools.values():
            pools += 1
            users += len(pool.users)
            groups += len(pool.groups)
            clients += len(pool.clients)
    for _, _, backend in cognitoidentity_backends.iter_backends():
        identity_pools += len(backend.identity_pools)
    for _, _, backend in ssm_backends.iter_backends():
        stored = backend._parameters
        parameters += sum(1 for name in dict.keys(stored) if not str(name).startswith("/aws/"))
    return Contents(pools, users, groups, clients, identity_pools, parameters)


# --- pickling what moto holds -----------------------------------------------------------------


class _LooseDefaultDict(dict[Any, Any]):
    """A defaultdict whose factory cannot be pickled (a lambda): its items, merged back into the
    fresh backend's own defaultdict at restore."""


def _new_lock() -> Any:
    return threading.RLock()


def _import_rsa_key(data: dict[str, Any]) -> Any:
    from joserfc.jwk import RSAKey

    return RSAKey.import_key(data)


def _loose() -> _LooseDefaultDict:
    return _LooseDefaultDict()


def _new_defaultdict(cls: type[defaultdict[Any, Any]], factory: Any) -> defaultdict[Any, Any]:
    # Subclasses (moto's ParameterDict) take other arguments to __init__: bypass it.
    made = cls.__new__(cls)
    made.default_factory = factory
    return made


class _Pickler(pickle.Pickler):
    _lock_types = (type(threading.Lock()), type(threading.RLock()))

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, self._lock_types):
            return _new_lock, ()
        if isinstance(obj, defaultdict):
            # Items after the object exists, so cycles through them pickle.
            items = iter(list(obj.items()))
            if not _picklable(obj.default_factory):
                return _loose, (), None, None, items
            state = dict(vars(obj)) if hasattr(obj, "__dict__") else None
            return _new_defaultdict, (type(obj), obj.default_factory), state, None, items
        key_type = type(obj)
        if key_type.__module__.startswith("joserfc") and key_type.__name__ == "RSAKey":
            return _import_rsa_key, (obj.as_dict(private=True),)
        return NotImplemented


def _picklable(factory: Callable[[], Any] | None) -> bool:
    if factory is None:
        return True
    qualname = getattr(factory, "__qualname__", "")
    return "<lambda>" not in qualname and "<locals>" not in qualname


def _dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=_PROTOCOL).dump(value)
    return buffer.getvalue()


@dataclass
class Capture:
    payload: bytes
    contents: Contents
    dropped: list[str] = field(default_factory=list)


def capture() -> Capture:
    """Pickle every region backend moto has created. A backend that cannot be pickled whole is
    kept attribute by attribute; what still fails is named in `dropped` (and not kept)."""
    state: dict[Key, dict[str, Any]] = {}
    dropped: list[str] = []
    for key, backend in _live_backends():
        attributes = dict(vars(backend))
        try:
            _dumps(attributes)
        except Exception:
            for name, value in list(attributes.items()):
                try:
                    _dumps(value)
                except Exception:
                    del attributes[name]
                    dropped.append(f"{key[0].split('.')[1]}.{name} ({key[2]}/{key[3]})")
        state[key] = attributes
    return Capture(_dumps(state), contents(), dropped)


def restore(payload: bytes) -> None:
    """Put the pickled backends back into moto (before the server answers anything)."""
    import importlib

    try:
        state = pickle.loads(payload)
    except Exception as error:
        raise UnreadableSnapshot(f"its data cannot be read ({type(error).__name__})") from error
    if not isinstance(state, dict):
        raise UnreadableSnapshot("its data is not a snapshot")
    for (module_name, attribute, account, region), attributes in state.items():
        backends = getattr(importlib.import_module(module_name), attribute)
        backend = backends[account][region]
        for name, value in attributes.items():
            current = getattr(backend, name, None)
            if isinstance(value, _LooseDefaultDict) and isinstance(current, defaultdict):
                current.clear()
                current.update(value)
            else:
                setattr(backend, name, value)


# --- the file ---------------------------------------------------------------------------------


def write(path: Path, captured: Capture) -> None:
    """Write the snapshot safely: a temporary file, fsync, an atomic rename, fsync the folder
    (`atomic.write_atomic`)."""
    header = {
        "format": FORMAT,
        "moto": moto_version(),
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "length": len(captured.payload),
        "sha256": hashlib.sha256(captured.payload).hexdigest(),
        "contents": captured.contents.as_dict(),
    }
    document = json.dumps(header).encode() + b"\n"
    write_atomic(path, MAGIC + document + captured.payload, private=True)


def _split(data: bytes) -> tuple[dict[str, Any], bytes]:
    if not data.startswith(MAGIC):
        raise UnreadableSnapshot("it is not an amplify-sandbox snapshot (torn or overwritten)")
    rest = data[len(MAGIC) :]
    line, _, payload = rest.partition(b"\n")
    try:
        header = json.loads(line)
    except ValueError:
        header = None
    if not isinstance(header, dict):
        raise UnreadableSnapshot("its header is damaged (the file is torn)")
    return header, payload


def read_header(path: Path) -> Header | None:
    """What a snapshot says about itself, without loading it (None: no readable header)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(len(MAGIC) + 4096)
        header, _ = _split(data)
    except (OSError, UnreadableSnapshot):
        return None
    written, version = header.get("written_at"), header.get("format")
    return Header(
        format=version if isinstance(version, int) else -1,
        moto=str(header.get("moto")),
        written_at=written if isinstance(written, str) else None,
        contents=Contents.from_dict(header.get("contents")),
    )


def read(path: Path) -> tuple[Header, bytes]:
    """The header and payload of a snapshot this emulator can restore, else UnreadableSnapshot."""
    header, payload = _split(path.read_bytes())
    version, moto = header.get("format"), header.get("moto")
    if version != FORMAT or moto != moto_version():
        raise UnreadableSnapshot(
            f"it was written by another version of the emulator (snapshot format {version}, "
            f"moto {moto}; this emulator: format {FORMAT}, moto {moto_version()})"
        )
    if header.get("length") != len(payload):
        raise UnreadableSnapshot("it is incomplete (the file is torn)")
    if header.get("sha256") != hashlib.sha256(payload).hexdigest():
        raise UnreadableSnapshot("its data does not match its checksum (the file is damaged)")
    written = header.get("written_at")
    return (
        Header(
            format=FORMAT,
            moto=str(moto),
            written_at=written if isinstance(written, str) else None,
            contents=Contents.from_dict(header.get("contents")),
        ),
        payload,
    )


def set_aside(path: Path) -> Path:
    """Rename an unreadable snapshot out of the way (kept for the user, never deleted)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.unreadable-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = path.with_name(f"{path.name}.unreadable-{stamp}-{counter}")
    os.replace(path, aside)
    return aside
