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
