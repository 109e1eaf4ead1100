"""Lost answers and throttling, injected with botocore's send hook in front of the emulator."""

from __future__ import annotations

import random
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ConnectionClosedError

from amplify_sandbox.aws.clients import RetryPolicy
from amplify_sandbox.aws.target import AwsTarget
from amplify_sandbox.definition import load_definition
from amplify_sandbox.deploy.events import SilentReporter
from amplify_sandbox.deploy.pipeline import OutputsOptions, delete, deploy
from amplify_sandbox.identity import SandboxIdentity

IDENTITY = SandboxIdentity("seed-app", "tester")
SERVICES = ("cognito_idp", "cognito_identity", "iam", "ssm")


class Warnings(SilentReporter):
    def __init__(self) -> None:
        self.lines: list[str] = []

    def warning(self, message: str) -> None:
        self.lines.append(message)


def _send(request: Any) -> None:
    """Deliver the request to the emulator ourselves (the write is applied)."""
    body = request.body
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):  # the query protocol (IAM, STS) has a text body
        body = body.encode("utf-8")
    forwarded = urllib.request.Request(
        request.url, data=body, headers=dict(request.headers.items()), method=request.method
    )
    try:
        with urllib.request.urlopen(forwarded, timeout=30) as response:
            response.read()
    except urllib.error.HTTPError:
        pass


def lose_answers(target: AwsTarget, rate: float, seed: int) -> list[str]:
    """Every write is applied, then its answer is lost (dropped connection) with `rate`."""
    rng = random.Random(seed)
    lost: list[str] = []

    def hook(request: Any, event_name: str, **kwargs: Any) -> None:
        operation = event_name.rsplit(".", 1)[-1]
        writes = ("Create", "Update", "Put", "Delete", "Add", "Set", "Tag")
        if operation.startswith(writes) and rng.random() < rate:
            _send(request)
            lost.append(operation)
            raise ConnectionClosedError(endpoint_url=request.url)

    for service in SERVICES:
        getattr(target.clients, service).meta.events.register("before-send.*.*", hook)
    return lost


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **kwargs: Any) -> Iterator[bytes]:
        yield self._body


def throttle(target: AwsTarget, rate: float, seed: int) -> list[str]:
    """Answer "slow down" to `rate` of all requests, without sending them."""
    rng = random.Random(seed)
    throttled: list[str] = []

    def hook(request: Any, event_name: str, **kwargs: Any) -> AWSResponse | None:
        if rng.random() >= rate:
            return None
        throttled.append(event_name)
        if ".iam." in event_name or ".sts." in event_name:
            body = (
                b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
                b"<Message>Rate exceeded</Message></Error></ErrorResponse>"
            )
            headers = {"Content-Type": "text/xml"}
        else:
            body = b'{"__type":"ThrottlingException","message":"Rate exceeded"}'
            headers = {"Content-Type": "application/x-amz-json-1.1"}
        return AWSResponse(request.url, 400, headers, _Raw(body))

    for service in SERVICES:
        getattr(target.clients, service).meta.events.register("before-send.*.*", hook)
    return throttled


def _counts(url: str) -> dict[str, int]:
    kwargs: dict[str, Any] = {
        "endpoint_url": url,
        "region_name": "us-east-1",
        "aws_access_key_id": "x",
        "aws_secret_access_key": "x",
    }
    idp = boto3.client("cognito-idp", **kwargs)
    pools = idp.list_user_pools(MaxResults=60)["UserPools"]
    return {
        "user_pools": len(pools),
        "clients": sum(
            len(idp.list_user_pool_clients(UserPoolId=p["Id"], MaxResults=60)["UserPoolClients"])
            for p in pools
        ),
        "identity_pools": len(
            boto3.client("cognito-identity", **kwargs).list_identity_pools(MaxResults=60)[
                "IdentityPools"
            ]
        ),
        "roles": len(boto3.client("iam", **kwargs).list_roles()["Roles"]),
    }


ONE_SANDBOX = {"user_pools": 1, "clients": 1, "identity_pools": 1, "roles": 2}


def test_writes_whose_answers_are_lost_are_not_done_twice(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    definition = load_definition(seed_project)
    lost = lose_answers(target, 0.3, seed=7)
    result = deploy(definition, IDENTITY, target, SilentReporter(), OutputsOptions(seed_project))
    assert any(op.startswith("Create") for op in lost), lost
    assert _counts(emulator_url) == ONE_SANDBOX
    assert result.state.attributes()["userPool"]["id"]
    # A clean run agrees: nothing to do, nothing left over.
    clean = AwsTarget(target.options)
    again = deploy(definition, IDENTITY, clean, SilentReporter(), OutputsOptions(seed_project))
    assert not again.plan.has_changes
    delete(IDENTITY, clean, SilentReporter(), seed_project)
    assert _counts(emulator_url) == {k: 0 for k in ONE_SANDBOX}


def test_a_throttled_deploy_succeeds_says_so_and_waits_a_bounded_time(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    throttled = throttle(target, 0.3, seed=3)
    reporter = Warnings()
    deploy(load_definition(seed_project), IDENTITY, target, reporter, OutputsOptions(seed_project))
    assert len(throttled) > 5
    assert len(target.log.throttled) == len(throttled)
    assert [line for line in reporter.lines if "Being throttled" in line] != []
    assert len([line for line in reporter.lines if "Being throttled" in line]) == 1
    assert target.log.waited <= RetryPolicy.local().budget
    assert _counts(emulator_url) == ONE_SANDBOX
