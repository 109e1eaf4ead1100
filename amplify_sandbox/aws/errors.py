"""Turn botocore's exceptions into the tool's errors, with a hint a person can act on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

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
