"""Retrying CreateFunction while its new execution role propagates: Lambda's real error shape."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from amplify_sandbox.aws.propagation import until_lambda_role_ready

NOT_ASSUMABLE = "The role defined for the function cannot be assumed by Lambda."


def _error(code: str, message: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "CreateFunction")


def test_retries_while_lambda_cannot_assume_the_role() -> None:
    outcomes: list[object] = [
        _error("InvalidParameterValueException", NOT_ASSUMABLE),
        _error("InvalidParameterValueException", NOT_ASSUMABLE),
        "created",
    ]
    waits: list[float] = []

    def call() -> object:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert until_lambda_role_ready(call, sleep=waits.append) == "created"
    assert waits == [1.0, 1.5]


def test_other_invalid_parameters_are_not_retried() -> None:
    waits: list[float] = []

    def call() -> object:
        raise _error("InvalidParameterValueException", "Unzipped size must be smaller than …")

    with pytest.raises(ClientError):
        until_lambda_role_ready(call, sleep=waits.append)
    assert waits == []


def test_gives_up_after_the_attempts() -> None:
    waits: list[float] = []

    def call() -> object:
        raise _error("InvalidParameterValueException", NOT_ASSUMABLE)

    with pytest.raises(ClientError):
        until_lambda_role_ready(call, attempts=3, sleep=waits.append)
    assert len(waits) == 2
