"""SDK errors become one clear message, and never quote a value (it may be a secret)."""

from __future__ import annotations

import botocore.session
import pytest

from amplify_sandbox.aws.errors import aws_errors
from amplify_sandbox.errors import TargetError


def test_a_rejected_parameter_is_reported_without_its_value() -> None:
    session = botocore.session.get_session()
    session.set_credentials("x", "x")
    client = session.create_client(
        "cognito-idp", region_name="us-east-1", endpoint_url="http://127.0.0.1:9"
    )
    with pytest.raises(TargetError) as error, aws_errors():
        client.create_identity_provider(
            UserPoolId="us-east-1_x",
            ProviderName="Google",
            ProviderType="Google",
            ProviderDetails={"client_secret": 918273645},  # type: ignore[dict-item]
        )
    assert "ProviderDetails.client_secret" in error.value.message
    assert "918273645" not in error.value.message
    assert error.value.__cause__ is None and error.value.__context__ is not None
