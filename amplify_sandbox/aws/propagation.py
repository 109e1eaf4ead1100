"""Waiting out IAM's eventual consistency: a role created a moment ago may not be assumable by
Cognito yet, and Cognito says so with errors that go away on their own."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from botocore.exceptions import ClientError

from amplify_sandbox.aws.errors import error_code

T = TypeVar("T")

# Cognito's answers while a new SMS role has not reached every IAM endpoint yet.
ROLE_NOT_READY = frozenset(
    {"InvalidSmsRoleTrustRelationshipException", "InvalidSmsRoleAccessPolicyException"}
)


def until_role_ready(
    call: Callable[[], T],
    *,
    attempts: int = 8,
    first_wait: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run `call`, retrying with a growing wait (about 30 s in all) while the role propagates."""
    wait = first_wait
    for attempt in range(attempts):
        try:
            return call()
        except ClientError as exc:
            if error_code(exc) not in ROLE_NOT_READY or attempt == attempts - 1:
                raise
        sleep(wait)
        wait = min(wait * 1.5, 8.0)
    raise AssertionError("unreachable")


def _lambda_role_not_ready(exc: ClientError) -> bool:
    # "The role defined for the function cannot be assumed by Lambda." until IAM propagates.
    return error_code(exc) == "InvalidParameterValueException" and "cannot be assumed" in str(
        exc.response.get("Error", {}).get("Message", "")
    )


def until_lambda_role_ready(
    call: Callable[[], T],
    *,
    attempts: int = 10,
    first_wait: float = 1.0,
    sleep: Callable[[float], None] | None = None,
) -> T:
    """Run a Lambda create/update call, retrying while its new execution role propagates
    (about 40 s in all), as `until_role_ready` does for Cognito's SMS role."""
    pause = sleep or time.sleep
    wait = first_wait
    for attempt in range(attempts):
        try:
            return call()
        except ClientError as exc:
            if not _lambda_role_not_ready(exc) or attempt == attempts - 1:
                raise
        pause(wait)
        wait = min(wait * 1.5, 8.0)
    raise AssertionError("unreachable")
