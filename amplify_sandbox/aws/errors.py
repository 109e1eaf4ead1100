"""Turn botocore's exceptions into the tool's errors, with a hint a person can act on."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ParamValidationError,
    ProfileNotFound,
    SSOTokenLoadError,
    TokenRetrievalError,
)

from amplify_sandbox.errors import TargetError, UsageError

_QUOTED_VALUE = re.compile(r"(value: ).*?(?=, type: |$)", re.MULTILINE)

NOT_FOUND_CODES = frozenset(
    {"ResourceNotFoundException", "NoSuchEntity", "NoSuchEntityException", "ParameterNotFound"}
)

NO_CREDENTIALS_HINT = (
    "Configure AWS credentials (`aws configure`, `aws sso login --profile NAME`, or "
    "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), pass --profile, or use --local for the "
    "built-in local emulator."
)


def is_not_found(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code", "") in NOT_FOUND_CODES


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


HIDDEN = "(hidden)"


def hidden(text: str, values: Iterable[str]) -> str:
    """`text` with every one of `values` (also as JSON escapes it) replaced by "(hidden)"."""
    for value in sorted({v for v in values if v}, key=len, reverse=True):
        for form in {value, json.dumps(value)[1:-1]}:
            text = text.replace(form, HIDDEN)
    return text


@contextmanager
def secrets_hidden(values: Iterable[str]) -> Iterator[None]:
    """Scrub the secret values being sent from any service error raised inside (its message,
    the text it prints, its traceback's one line): services echo what they were sent."""
    secrets = list(values)
    try:
        yield
    except ClientError as exc:
        _scrub(exc.response, secrets)
        exc.args = tuple(hidden(str(arg), secrets) for arg in exc.args)
        raise


def _scrub(data: Any, secrets: list[str]) -> None:
    """Every string in a parsed response (the error and any modeled fields), in place."""
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, item in list(items):
        if isinstance(item, str):
            data[key] = hidden(item, secrets)
        elif isinstance(item, dict | list):
            _scrub(item, secrets)


@contextmanager
def aws_errors() -> Iterator[None]:
    """Re-raise botocore errors as SandboxErrors (one clear message, no traceback)."""
    try:
        yield
    except ClientError as exc:
        operation = exc.operation_name
        message = exc.response.get("Error", {}).get("Message", str(exc))
        raise TargetError(
            f"{operation} failed: {error_code(exc)}: {message}",
            hint="Run again with --debug to see every call made; state was recorded up to "
            "the last successful change, so the next run continues from there.",
        ) from exc
    except (NoCredentialsError, SSOTokenLoadError, TokenRetrievalError) as exc:
        raise TargetError(f"No usable AWS credentials: {exc}", hint=NO_CREDENTIALS_HINT) from exc
    except ProfileNotFound as exc:
        raise UsageError(
            str(exc), hint="Check --profile / AWS_PROFILE against ~/.aws/config."
        ) from exc
    except NoRegionError as exc:
        raise UsageError(
            "No AWS region configured.",
            hint="Pass --region, set AWS_REGION, or set a region for the profile.",
        ) from exc
    except EndpointConnectionError as exc:
        raise TargetError(
            f"Could not reach {exc.kwargs.get('endpoint_url', 'the endpoint')}.",
            hint="Check the network; for the local emulator run `sandbox local status`.",
        ) from exc
    except ParamValidationError as exc:
        # The SDK quotes the offending value, which may be a secret: keep only its shape.
        report = _QUOTED_VALUE.sub(r"\1(hidden)", str(exc))
        raise TargetError(report, hint="Run again with --debug to see the calls made.") from None
    except BotoCoreError as exc:
        raise TargetError(str(exc)) from exc
