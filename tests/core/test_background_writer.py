"""The shared writer thread (the state record's and the snapshot's): coalescing, failures."""

from __future__ import annotations

import threading

import pytest

from amplify_sandbox.background import BackgroundWriter


def test_changes_made_during_a_write_are_written_together_by_the_next() -> None:
    started, release = threading.Event(), threading.Event()
    written: list[int] = []

    def write(value: int) -> None:
        if not written:
            started.set()
            release.wait(10)
        written.append(value)

    writer = BackgroundWriter(write, 0, name="test-writer", failed=lambda _: False)
    writer.changed(1)
    assert started.wait(10)
    for value in (2, 3, 4):
        writer.changed(value)
    release.set()
    writer.flush()
    writer.close()
    assert written == [1, 4]
    assert not writer.pending


def test_a_failed_write_stops_the_writer_and_is_raised_by_flush() -> None:
    def write(value: int) -> None:
        raise OSError(f"cannot write {value}")

    writer = BackgroundWriter(write, 0, name="test-writer", failed=lambda _: False)
    writer.changed(1)
    with pytest.raises(OSError, match="cannot write 1"):
        writer.flush()
    writer.changed(2)
    writer.close()
    assert writer.pending


def test_a_failure_the_owner_accepts_is_written_again_after_the_next_change() -> None:
    attempts: list[int] = []
    seen: list[str] = []
    told = threading.Event()

    def write(value: int) -> None:
        attempts.append(value)
        if value == 1:
            raise OSError("disk full")

    def failed(error: BaseException) -> bool:
        seen.append(str(error))
        told.set()
        return True

    writer = BackgroundWriter(write, 0, name="test-writer", failed=failed)
    writer.changed(1)
    assert told.wait(10)
    assert writer.pending
    writer.changed(2)
    writer.flush()
    writer.close()
    assert attempts == [1, 2]
    assert seen == ["disk full"]
    assert writer.error is None


def test_write_now_writes_on_the_calling_thread_and_returns_its_result() -> None:
    writer = BackgroundWriter(
        lambda value: value * 2, 21, name="test-writer", failed=lambda _: False
    )
    assert writer.write_now() == 42
    assert not writer.pending
    writer.close()
