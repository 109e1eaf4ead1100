"""Retrying while a new IAM role propagates: a unit boundary, with Cognito's real error shape."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from amplify_sandbox.aws.propagation import until_role_ready


def _error(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": "not yet"}}, "CreateUserPool")


def test_retries_while_the_role_is_not_ready_then_succeeds() -> None:
    outcomes: list[object] = [
        _error("InvalidSmsRoleTrustRelationshipException"),
        _error("InvalidSmsRoleAccessPolicyException"),
        "created",
    ]
    waits: list[float] = []

    def call() -> object:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert until_role_ready(call, sleep=waits.append) == "created"
    assert waits == [1.0, 1.5]


def test_other_errors_and_the_last_attempt_are_raised() -> None:
    def refused() -> None:
        raise _error("InvalidParameterException")

    no_waits: list[float] = []
    with pytest.raises(ClientError, match="not yet"):
        until_role_ready(refused, sleep=no_waits.append)
    assert no_waits == [], "any other error is raised at once"

    def never_ready() -> None:
        raise _error("InvalidSmsRoleTrustRelationshipException")

    waits: list[float] = []
    with pytest.raises(ClientError):
        until_role_ready(never_ready, attempts=3, sleep=waits.append)
    assert len(waits) == 2
