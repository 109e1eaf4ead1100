"""The real `sandbox` CLI (subprocesses) against the emulator: broken records, the lock, races."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import boto3
import pytest

from amplify_sandbox.aws.lock import lock_name
from amplify_sandbox.desired.build import SANDBOX_TAG
from amplify_sandbox.identity import SandboxIdentity, resolve_identity

SANDBOX = str(Path(sys.executable).parent / "sandbox")


def _args(port: int, project: Path) -> list[str]:
    return ["--local", "--port", str(port), "--project-dir", str(project), "--identifier", "cli"]


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", **extra}
    env.pop("CI", None)
    return env


def _run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SANDBOX, *args],
        capture_output=True,
        text=True,
        env=_env(**extra),
        stdin=subprocess.DEVNULL,
    )


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [SANDBOX, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        stdin=subprocess.DEVNULL,
    )


def _aws(url: str, service: str) -> Any:
    return boto3.client(  # type: ignore[call-overload]
        service,
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def _inventory(url: str) -> dict[str, int]:
    """How many of each kind the emulator holds (everything, not only what is tagged)."""
    idp, identity, iam = _aws(url, "cognito-idp"), _aws(url, "cognito-identity"), _aws(url, "iam")
    pools = idp.list_user_pools(MaxResults=60)["UserPools"]
    clients = sum(
        len(idp.list_user_pool_clients(UserPoolId=p["Id"], MaxResults=60)["UserPoolClients"])
        for p in pools
    )
    return {
        "user_pools": len(pools),
        "clients": clients,
        "identity_pools": len(identity.list_identity_pools(MaxResults=60)["IdentityPools"]),
        "roles": len(iam.list_roles()["Roles"]),
    }


def _state_parameters(url: str, identity: SandboxIdentity) -> list[str]:
    pages = (
        _aws(url, "ssm")
        .get_paginator("get_parameters_by_path")
        .paginate(Path=identity.state_path, Recursive=True)
    )
    return [p["Name"] for page in pages for p in page["Parameters"]]


def _tagged_pools(url: str, identity: SandboxIdentity) -> list[str]:
    idp = _aws(url, "cognito-idp")
    return [
        p["Id"]
        for p in idp.list_user_pools(MaxResults=60)["UserPools"]
        if idp.describe_user_pool(UserPoolId=p["Id"])["UserPool"]
        .get("UserPoolTags", {})
        .get(SANDBOX_TAG)
        == identity.stack_name
    ]


ONE_SANDBOX = {"user_pools": 1, "clients": 1, "identity_pools": 1, "roles": 2}
NOTHING = {"user_pools": 0, "clients": 0, "identity_pools": 0, "roles": 0}


@pytest.mark.parametrize("broken", ["garbage", "z1:!!!", '{"format": 1}', "[]"])
def test_delete_with_an_unreadable_record_removes_every_resource(
    seed_project: Path, emulator_port: int, emulator_url: str, broken: str
) -> None:
    identity = resolve_identity(seed_project, "cli")
    deployed = _run("deploy", *_args(emulator_port, seed_project))
    assert deployed.returncode == 0, deployed.stderr
    assert _inventory(emulator_url) == ONE_SANDBOX
    ssm = _aws(emulator_url, "ssm")
    for name in _state_parameters(emulator_url, identity):
        ssm.delete_parameter(Name=name)
    ssm.put_parameter(Name=f"{identity.state_path}/0", Value=broken, Type="String")

    refused = _run("deploy", *_args(emulator_port, seed_project))
    assert refused.returncode == 1
    assert "cannot be read" in refused.stderr and "sandbox delete" in refused.stderr

    deleted = _run("delete", "--yes", *_args(emulator_port, seed_project))
    assert deleted.returncode == 0, deleted.stderr
    assert "Deleting what carries this sandbox's tag instead" in deleted.stderr
    assert _inventory(emulator_url) == NOTHING
    assert _state_parameters(emulator_url, identity) == []
    assert "Traceback" not in deleted.stderr


def _lock_value(**overrides: Any) -> str:
    holder = {
        "user": "alice",
        "host": "ci-runner-7",
        "pid": 4242,
        "command": "deploy",
        "started": "2026-01-01T00:00:00Z",
        "expires": time.time() + 3600,
        "token": "t",
    }
    return json.dumps({**holder, **overrides})


def test_a_deploy_exits_4_naming_the_live_holder_and_unlock_forces_it(
    seed_project: Path, emulator_port: int, emulator_url: str
) -> None:
    identity = resolve_identity(seed_project, "cli")
    ssm = _aws(emulator_url, "ssm")
    ssm.put_parameter(Name=lock_name(identity), Value=_lock_value(), Type="String")
    locked = _run("deploy", *_args(emulator_port, seed_project))
    assert locked.returncode == 4, locked.stderr
    assert "alice@ci-runner-7" in locked.stderr and "pid 4242" in locked.stderr
    assert "sandbox unlock --yes" in locked.stderr
    assert _inventory(emulator_url) == NOTHING

    as_json = _run("delete", "--yes", "--json", *_args(emulator_port, seed_project))
    assert as_json.returncode == 4

    refused = _run("unlock", *_args(emulator_port, seed_project))
    assert refused.returncode == 3
    unlocked = _run("unlock", "--yes", *_args(emulator_port, seed_project))
    assert unlocked.returncode == 0, unlocked.stderr
    assert "alice@ci-runner-7" in unlocked.stderr
    deployed = _run("deploy", *_args(emulator_port, seed_project))
    assert deployed.returncode == 0, deployed.stderr
    assert _inventory(emulator_url) == ONE_SANDBOX
    # The lock was released at the end of the run.
    with pytest.raises(ssm.exceptions.ParameterNotFound):
        ssm.get_parameter(Name=lock_name(identity))


def test_the_lock_of_a_holder_that_died_is_taken_over_after_its_expiry(
    seed_project: Path, emulator_port: int, emulator_url: str
) -> None:
    identity = resolve_identity(seed_project, "cli")
    ssm = _aws(emulator_url, "ssm")
    ssm.put_parameter(
        Name=lock_name(identity), Value=_lock_value(expires=time.time() - 1), Type="String"
    )
    deployed = _run("deploy", *_args(emulator_port, seed_project))
    assert deployed.returncode == 0, deployed.stderr
    assert _inventory(emulator_url) == ONE_SANDBOX


def test_two_deploys_started_together_leave_exactly_one_of_each(
    seed_project: Path, emulator_port: int, emulator_url: str
) -> None:
    runs = [_start("deploy", *_args(emulator_port, seed_project)) for _ in range(2)]
    results = [(run.wait(), run.stderr.read() if run.stderr else "") for run in runs]
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 4]), results
    for code, stderr in results:
        if code == 4:
            assert "locked by" in stderr and "sandbox deploy" in stderr
    assert _inventory(emulator_url) == ONE_SANDBOX


def test_two_deploys_that_wait_for_the_lock_both_succeed_with_one_of_each(
    seed_project: Path, emulator_port: int, emulator_url: str
) -> None:
    args = ["deploy", "--lock-timeout", "120", *_args(emulator_port, seed_project)]
    runs = [_start(*args) for _ in range(2)]
    results = [(run.wait(), run.stderr.read() if run.stderr else "") for run in runs]
    assert [code for code, _ in results] == [0, 0], results
    assert _inventory(emulator_url) == ONE_SANDBOX


def test_a_deploy_racing_a_delete_doubles_nothing_and_the_loser_names_the_holder(
    seed_project: Path, emulator_port: int, emulator_url: str
) -> None:
    identity = resolve_identity(seed_project, "cli")
    deploy = _start("deploy", *_args(emulator_port, seed_project))
    delete = _start("delete", "--yes", *_args(emulator_port, seed_project))
    results = {
        "deploy": (deploy.wait(), deploy.stderr.read() if deploy.stderr else ""),
        "delete": (delete.wait(), delete.stderr.read() if delete.stderr else ""),
    }
    for name, (code, stderr) in results.items():
        assert code in (0, 4), results
        assert "Traceback" not in stderr and "unexpected error" not in stderr
        if code == 4:
            assert "locked by" in stderr, name
    inventory = _inventory(emulator_url)
    assert inventory in (ONE_SANDBOX, NOTHING), results
    # What is there is what the record says: one sandbox and its record, or neither.
    assert bool(_state_parameters(emulator_url, identity)) == (inventory == ONE_SANDBOX)
    assert len(_tagged_pools(emulator_url, identity)) == inventory["user_pools"]
