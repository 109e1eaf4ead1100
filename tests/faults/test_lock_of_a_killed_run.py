"""Issue 12 (7a with the lock): a run SIGKILLed while it held the lock must not block the next
run on the same machine for the lock's whole TTL (in CI, `--lock-timeout 0`, it would exit 4
after every kill). A holder of this host whose process no longer runs is taken over at once;
one whose process runs, or one of another host, is not."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from typing import Any

import boto3
import pytest

from amplify_sandbox.aws.lock import SsmLock
from amplify_sandbox.errors import LockedError

NAME = "/amplify-sandbox/lock-test/lock"


def _ssm(url: str) -> Any:
    make: Any = boto3.client
    return make(
        "ssm",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def _hold(ssm: Any, host: str, pid: int) -> None:
    holder = {
        "user": "bob",
        "host": host,
        "pid": pid,
        "command": "deploy",
        "started": "2026-01-01T00:00:00Z",
        "expires": time.time() + 3600,  # far from expired
        "token": "theirs",
    }
    ssm.put_parameter(Name=NAME, Value=json.dumps(holder), Type="String", Overwrite=True)


def _process() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )


def test_the_lock_of_a_killed_process_of_this_host_is_taken_over_at_once(emulator_url: str) -> None:
    ssm = _ssm(emulator_url)
    killed = _process()
    killed.kill()
    killed.wait()
    _hold(ssm, socket.gethostname(), killed.pid)
    said: list[str] = []
    lock = SsmLock(ssm, NAME, "deploy")

    with lock.held(0, said.append):
        mine = json.loads(ssm.get_parameter(Name=NAME)["Parameter"]["Value"])
        assert mine["token"] != "theirs"
    assert len(said) == 1 and "no longer runs" in said[0] and "bob@" in said[0], said


@pytest.mark.parametrize("where", ["this host, running", "another host"])
def test_a_live_or_remote_holder_keeps_the_lock(emulator_url: str, where: str) -> None:
    ssm = _ssm(emulator_url)
    running = _process()
    try:
        host = socket.gethostname() if where == "this host, running" else "ci-runner-7"
        _hold(ssm, host, running.pid)
        with pytest.raises(LockedError, match="bob@"):
            SsmLock(ssm, NAME, "deploy").acquire(0, lambda _line: None)
    finally:
        running.communicate(b"")
        ssm.delete_parameter(Name=NAME)
