"""A sandbox's function logs on AWS: CloudWatch Logs groups `/aws/lambda/<function name>`
(Lambda's default), read with FilterLogEvents."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from amplify_sandbox.aws.target import AwsTarget


@dataclass(frozen=True)
class CloudWatchLine:
    function: str
    time_ms: int
    line: str
    event_id: str


def log_groups(target: AwsTarget, function_prefix: str) -> list[str]:
    """The functions (by name) under `function_prefix` that have a log group."""
    logs: Any = target.clients.logs
    prefix = f"/aws/lambda/{function_prefix}"
    names: list[str] = []
    for page in logs.get_paginator("describe_log_groups").paginate(logGroupNamePrefix=prefix):
        for group in page.get("logGroups", []):
            names.append(str(group["logGroupName"]).removeprefix("/aws/lambda/"))
    return names


def read(target: AwsTarget, function: str, start_ms: int) -> Iterator[CloudWatchLine]:
    """Every event of the function's log group since `start_ms` (none when no group yet)."""
    logs: Any = target.clients.logs
    kwargs: dict[str, Any] = {"logGroupName": f"/aws/lambda/{function}", "startTime": start_ms}
    try:
        for page in logs.get_paginator("filter_log_events").paginate(**kwargs):
            for event in page.get("events", []):
                yield CloudWatchLine(
                    function=function,
                    time_ms=int(event.get("timestamp", 0)),
                    line=str(event.get("message", "")).rstrip("\n"),
                    event_id=str(event.get("eventId", "")),
                )
    except logs.exceptions.ResourceNotFoundException:
        return
