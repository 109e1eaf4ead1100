"""The snapshot file: written whole or not at all, and every kind of damage is named."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from amplify_sandbox.local import snapshot


def _capture(payload: bytes) -> snapshot.Capture:
    return snapshot.Capture(payload=payload, contents=snapshot.Contents(user_pools=1, users=2))


def test_written_whole_and_readable(tmp_path: Path) -> None:
    path = tmp_path / "local" / "emulator-1.snapshot"

    snapshot.write(path, _capture(b"payload"))

    header, payload = snapshot.read(path)
    assert payload == b"payload"
    assert header.contents == snapshot.Contents(user_pools=1, users=2)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert list(path.parent.iterdir()) == [path]


def test_a_crash_while_writing_keeps_the_old_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "emulator-1.snapshot"
    snapshot.write(path, _capture(b"old"))
    before = path.read_bytes()

    def crash(_: int) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        snapshot.write(path, _capture(b"new"))

    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda data: data[: len(data) - 3], "it is incomplete (the file is torn)"),
        (lambda data: data[:10], "not an amplify-sandbox snapshot"),
        (lambda data: data[:-1] + bytes([data[-1] ^ 1]), "does not match its checksum"),
        (lambda data: data.replace(b'"format": 1', b'"format": 99'), "snapshot format 99"),
    ],
)
def test_damage_is_named(tmp_path: Path, damage: object, reason: str) -> None:
    path = tmp_path / "emulator-1.snapshot"
    snapshot.write(path, _capture(b"payload-bytes"))
    assert callable(damage)
    path.write_bytes(damage(path.read_bytes()))

    with pytest.raises(snapshot.UnreadableSnapshot) as caught:
        snapshot.read(path)

    assert reason in caught.value.reason


def test_set_aside_keeps_every_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "emulator-1.snapshot"
    kept = []
    for content in (b"first", b"second"):
        path.write_bytes(content)
        kept.append(snapshot.set_aside(path))

    assert not path.exists()
    assert [p.read_bytes() for p in kept] == [b"first", b"second"]
    assert all(p.name.startswith("emulator-1.snapshot.unreadable-") for p in kept)
