"""The emulator keeps its data across `sandbox local stop` / `start`, a kill -9 and a reboot;
an unreadable snapshot is set aside with a clear line; `sandbox local reset` empties it.

Every test drives the real background emulator through the real CLI, with a temporary
AMPLIFY_SANDBOX_HOME and a free port."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from emulator_helpers import CODE, PASSWORD
from srp_client import SrpClient
from typer.testing import CliRunner, Result

from amplify_sandbox.cli.app import app
from amplify_sandbox.local import process, snapshot

runner = CliRunner()
EMAIL = "ada@example.com"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AMPLIFY_SANDBOX_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def port(home: Path) -> Iterator[int]:
    port = _free_port()
    try:
        yield port
    finally:
        process.stop(port)


def _cli(port: int, *words: str) -> Result:
    return runner.invoke(app, ["local", *words, "--port", str(port)])


def _json(port: int, *words: str) -> dict[str, Any]:
    result = runner.invoke(app, ["local", *words, "--json", "--port", str(port)])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)["data"]
    return data


def _idp(port: int) -> Any:
    return boto3.client(
        "cognito-idp",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _signed_up_user(port: int) -> tuple[str, str]:
    """A pool, a client allowing SRP and USER_PASSWORD_AUTH, and a confirmed user (sign-up)."""
    idp = _idp(port)
    pool = idp.create_user_pool(PoolName="people", UsernameAttributes=["email"])["UserPool"]
    client = idp.create_user_pool_client(
        UserPoolId=pool["Id"],
        ClientName="web",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH"],
    )["UserPoolClient"]
    idp.sign_up(
        ClientId=client["ClientId"],
        Username=EMAIL,
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": EMAIL}],
    )
    idp.confirm_sign_up(ClientId=client["ClientId"], Username=EMAIL, ConfirmationCode=CODE)
    boto3.client(
        "ssm",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).put_parameter(Name="/amplify/shared/app/API_KEY", Value="not-a-secret", Type="SecureString")
    return pool["Id"], client["ClientId"]


def _signs_in(port: int, pool_id: str, client_id: str) -> None:
    idp = _idp(port)
    by_password = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": EMAIL, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    by_srp = SrpClient(pool_id, client_id).sign_in(idp, EMAIL, PASSWORD)["AuthenticationResult"]
    for tokens in (by_password, by_srp):
        assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"]


def _snapshot_written(port: int) -> None:
    """Wait for the emulator to have written every change (the event, not a time)."""
    deadline = time.monotonic() + 60
    while _json(port, "status").get("saved_at") is None or _pending(port):
        assert time.monotonic() < deadline, "the snapshot was never written"
        time.sleep(0.1)


def _pending(port: int) -> bool:
    token = process.admin_token(port)
    assert token is not None
    document = process._admin_call(port, token, process.SNAPSHOT_PATH)
    assert document is not None
    return bool(document["pending"])


def test_a_user_signed_up_before_stop_signs_in_after_start(port: int, home: Path) -> None:
    assert _cli(port, "start").exit_code == 0
    pool_id, client_id = _signed_up_user(port)

    stopped = _cli(port, "stop")
    assert stopped.exit_code == 0, stopped.output
    status = _json(port, "status")
    assert status["running"] is False
    assert status["contents"]["users"] == 1 and status["contents"]["parameters"] == 1
    started = _cli(port, "start")

    assert started.exit_code == 0, started.output
    assert "1 user pool, 1 user" in started.output and "emulator-" in started.output
    _signs_in(port, pool_id, client_id)
    status = _json(port, "status")
    assert status["contents"] == {
        "user_pools": 1,
        "users": 1,
        "groups": 0,
        "clients": 1,
        "identity_pools": 0,
        "parameters": 1,
    }
    path = Path(status["snapshot"])
    assert path == home / "local" / f"emulator-{port}.snapshot"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = path.read_bytes()
    assert PASSWORD.encode() not in data


def test_changes_survive_a_kill_9(port: int) -> None:
    """Written after changes, not only at stop: a crash or reboot keeps them."""
    _cli(port, "start")
    pool_id, client_id = _signed_up_user(port)
    _snapshot_written(port)

    pid = process.status(port).pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    process.stop(port)  # reaps it and forgets its state file, as after a reboot
    assert process.status(port).running is False
    assert _cli(port, "start").exit_code == 0

    _signs_in(port, pool_id, client_id)


def test_a_torn_snapshot_starts_empty_and_keeps_the_old_file(port: int, home: Path) -> None:
    _cli(port, "start")
    _signed_up_user(port)
    _cli(port, "stop")
    path = home / "local" / f"emulator-{port}.snapshot"
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])

    started = _cli(port, "start")

    assert started.exit_code == 0, started.output
    assert "could not be restored: it is incomplete (the file is torn)" in started.output
    assert "started empty" in started.output
    kept = list(path.parent.glob(f"{path.name}.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == whole[: len(whole) // 2]
    status = _json(port, "status")
    assert status["contents"]["user_pools"] == 0
    assert "could not be restored" in status["notice"]
    assert _idp(port).list_user_pools(MaxResults=10)["UserPools"] == []
    log = Path(status["log_file"]).read_text()
    assert "could not be restored: it is incomplete" in log


def test_a_snapshot_of_another_version_says_so(port: int, home: Path) -> None:
    _cli(port, "start")
    _signed_up_user(port)
    _cli(port, "stop")
    path = home / "local" / f"emulator-{port}.snapshot"
    magic, header, payload = path.read_bytes().split(b"\n", 2)
    document = json.loads(header)
    document["moto"] = "4.0.0"
    path.write_bytes(magic + b"\n" + json.dumps(document).encode() + b"\n" + payload)

    started = _cli(port, "start")

    assert "written by another version of the emulator" in started.output
    assert "moto 4.0.0" in started.output and snapshot.moto_version() in started.output
    assert len(list(path.parent.glob(f"{path.name}.unreadable-*"))) == 1


def test_reset_empties_a_running_emulator_and_its_snapshot(port: int) -> None:
    _cli(port, "start")
    _signed_up_user(port)

    refused = _cli(port, "reset")
    assert refused.exit_code == 3
    assert "--yes" in refused.output
    assert _json(port, "status")["contents"]["users"] == 1

    emptied = _json(port, "reset", "--yes")

    assert emptied["running"] is True and emptied["emptied"]["users"] == 1
    assert _json(port, "status")["contents"]["user_pools"] == 0
    _cli(port, "stop")
    _cli(port, "start")
    assert _idp(port).list_user_pools(MaxResults=10)["UserPools"] == []


def test_reset_of_a_stopped_emulator_removes_its_snapshot(port: int, home: Path) -> None:
    _cli(port, "start")
    _signed_up_user(port)
    _cli(port, "stop")

    emptied = _json(port, "reset", "--yes")

    assert emptied == {
        "running": False,
        "port": port,
        "snapshot": str(home / "local" / f"emulator-{port}.snapshot"),
        "emptied": {
            "user_pools": 1,
            "users": 1,
            "groups": 0,
            "clients": 1,
            "identity_pools": 0,
            "parameters": 1,
        },
    }
    assert not Path(emptied["snapshot"]).exists()
    assert _json(port, "status")["snapshot"] is None


def test_the_snapshot_endpoints_need_the_token(port: int) -> None:
    import urllib.error
    import urllib.request

    _cli(port, "start")
    for path, method in (("/amplify-sandbox/snapshot", "GET"), ("/amplify-sandbox/reset", "POST")):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", method=method, data=b"" if method == "POST" else None
        )
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=10)
        assert caught.value.code == 403
