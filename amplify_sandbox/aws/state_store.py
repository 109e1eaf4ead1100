"""The deployed-state record in SSM Parameter Store, under the sandbox's own path.

The JSON is compressed (`z1:` + base64 of zlib), so a whole record nearly always fits one
standard (free, 4 KB) parameter `<path>/0` and is replaced in one atomic write.

A larger one is split into parts named by their content (`<path>/p/<digest>`), written first;
then `<path>/0` is switched, in one atomic write, to a pointer (`p1:` + the parts' digests in
order); only then are parts no longer pointed at deleted. A crash at any point leaves the old
record or the new one, never a mix: a part is never overwritten (same name, same content), and
what the old pointer names is deleted only after the switch. Unchanged parts are not rewritten;
the parts of one save are written at the same time, and so are the deletes.

Records written by earlier versions (numbered parts `<path>/0`, `<path>/1`, … joined in order)
are still read; the next save replaces them.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from amplify_sandbox.deploy.state import DeployedState
from amplify_sandbox.deploy.target import UnreadableRecordError

if TYPE_CHECKING:
    from mypy_boto3_ssm import SSMClient

_PART_SIZE = 4000
_COMPRESSED = "z1:"
_POINTER = "p1:"
_HEAD = "0"
_PARTS = "p"
# Parts written (or deleted) at the same time.
_WRITERS = 8

T = TypeVar("T")


def encode(state: DeployedState) -> str:
    packed = zlib.compress(state.to_json().encode("utf-8"), level=9)
    return _COMPRESSED + base64.b64encode(packed).decode("ascii")


def decode(text: str) -> DeployedState:
    if text.startswith(_COMPRESSED):
        text = zlib.decompress(base64.b64decode(text[len(_COMPRESSED) :])).decode("utf-8")
    return DeployedState.from_json(text)


def _each(call: Callable[[T], object], items: list[T]) -> None:
    """`call` for every item: on this thread for one, else at the same time (up to 8 at once);
    the first error is raised once all have ended."""
    if len(items) <= 1:
        for item in items:
            call(item)
        return
    with ThreadPoolExecutor(min(len(items), _WRITERS), thread_name_prefix="state") as pool:
        for future in [pool.submit(call, item) for item in items]:
            future.result()


def _digest(part: str) -> str:
    return hashlib.sha256(part.encode("utf-8")).hexdigest()[:20]


class SsmStateStore:
    def __init__(
        self, client: SSMClient, path: str, seen_arn: Callable[[str], None] | None = None
    ) -> None:
        self._client = client
        self._path = path
        # Told a parameter's ARN when a read finds one: the account's id and partition, without
        # a call of their own.
        self._seen_arn = seen_arn
        # Every parameter under the path as last read or written (name → value).
        self._seen: dict[str, str] = {}
        # The names the record in place uses (its head and the parts it points at).
        self._live: set[str] = set()

    def _head(self) -> str:
        return f"{self._path}/{_HEAD}"

    def _part_name(self, digest: str) -> str:
        return f"{self._path}/{_PARTS}/{digest}"

    def _read_all(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for page in self._client.get_paginator("get_parameters_by_path").paginate(
            Path=self._path, Recursive=True
        ):
            for parameter in page["Parameters"]:
                found[parameter["Name"]] = parameter["Value"]
                if self._seen_arn is not None and "ARN" in parameter:
                    self._seen_arn(parameter["ARN"])
        return found

    def _legacy_parts(self, found: dict[str, str]) -> dict[int, str]:
        """Numbered parts right under the path (the format of earlier versions)."""
        prefix = f"{self._path}/"
        parts: dict[int, str] = {}
        for name, value in found.items():
            index = name.removeprefix(prefix)
            if name.startswith(prefix) and index.isdigit():
                parts[int(index)] = value
        return parts

    def _text(self, found: dict[str, str]) -> str | None:
        head = found.get(self._head())
        if head is not None and head.startswith(_POINTER):
            digests = [d for d in head[len(_POINTER) :].split(",") if d]
            texts = []
            for digest in digests:
                part = found.get(self._part_name(digest))
                if part is None or _digest(part) != digest:
                    raise ValueError(f"part {digest} of the record is missing or altered")
                texts.append(part)
            return "".join(texts)
        parts = self._legacy_parts(found)
        if not parts:
            return None
        return "".join(parts[i] for i in sorted(parts))

    def load(self) -> DeployedState | None:
        self._seen = self._read_all()
        self._live = self._used(self._seen)
        return self.parse(self._seen)

    def _used(self, found: dict[str, str]) -> set[str]:
        """The names the record in `found` uses (everything, when that is unclear)."""
        head = found.get(self._head())
        legacy = self._legacy_parts(found)
        if head is None or not head.startswith((_POINTER, _COMPRESSED)) or len(legacy) > 1:
            # Unreadable, or numbered parts (an earlier version's record): all of it is kept
            # until a save has switched away from it.
            return set(found)
        if head.startswith(_COMPRESSED):
            return {self._head()}
        digests = [d for d in head[len(_POINTER) :].split(",") if d]
        return {self._head(), *(self._part_name(d) for d in digests)}

    def parse(self, found: dict[str, str]) -> DeployedState | None:
        """The record held by `found` (parameter name → value, as read under the path), e.g.
        from one listing of every sandbox's parameters (`sandbox list`)."""
        try:
            text = self._text(found)
            if text is None:
                return None
            return decode(text)
        except (ValueError, zlib.error, KeyError, TypeError, AttributeError) as exc:
            raise UnreadableRecordError(
                f"The state record under {self._path} cannot be read ({exc}).",
                hint="`sandbox delete` removes what is tagged as this sandbox's; or delete the "
                f"parameters under {self._path} and deploy again (resources are adopted).",
            ) from exc

    def _put(self, name: str, value: str) -> None:
        self._client.put_parameter(Name=name, Value=value, Type="String", Overwrite=True)

    def save(self, state: DeployedState, *, tidy: bool = True) -> None:
        """Write the record. `tidy`: then delete what the old record used (so nothing but the
        record is left). Otherwise that is left for the next save, which deletes it while it
        writes its own parts (one round trip less per save; at most one old record's parts
        are left behind until then)."""
        text = encode(state)
        legacy = set(self._legacy_parts(self._seen)) - {0}
        if len(text) <= _PART_SIZE and not legacy:
            # One atomic write; whatever it replaces is then no longer pointed at.
            parts: dict[str, str] = {}
            head = text
        else:
            chunks = [text[i : i + _PART_SIZE] for i in range(0, len(text), _PART_SIZE)]
            parts = {self._part_name(_digest(chunk)): chunk for chunk in chunks}
            head = _POINTER + ",".join(_digest(chunk) for chunk in chunks)
        keep = {self._head(), *parts}
        writes = [(name, part) for name, part in parts.items() if self._seen.get(name) != part]
        # Parameters no record points at (left by an earlier save or a crash): deleted now.
        unused = [] if tidy else [n for n in self._seen if n not in self._live | keep]
        _each(lambda call: call(), [*self._puts(writes), *self._deletes(unused)])
        self._seen.update(writes)
        self._forget(unused)
        if self._seen.get(self._head()) != head:
            self._put(self._head(), head)  # the switch, once every part is there
            self._seen[self._head()] = head
        self._live = keep
        if tidy:
            self._delete([name for name in self._seen if name not in keep])

    def _puts(self, items: list[tuple[str, str]]) -> list[Callable[[], object]]:
        return [partial(self._put, name, value) for name, value in items]

    def _deletes(self, names: list[str]) -> list[Callable[[], object]]:
        return [
            partial(self._client.delete_parameters, Names=names[start : start + 10])
            for start in range(0, len(names), 10)
        ]

    def _forget(self, names: list[str]) -> None:
        for name in names:
            self._seen.pop(name, None)

    def _delete(self, names: list[str]) -> None:
        _each(lambda call: call(), self._deletes(names))
        self._forget(names)

    def clear(self) -> None:
        """Delete every parameter under the path, readable or not."""
        self._seen = self._read_all()
        self._live = set()
        # The head first: a crash after it leaves no record (a deploy adopts by tag) and parts
        # that the next save deletes.
        names = sorted(self._seen, key=lambda name: name != self._head())
        self._delete(names)
