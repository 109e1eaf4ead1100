"""Confirmation codes: the one local code confirms sign-up, password reset and attributes."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from emulator_helpers import CODE, PASSWORD, Pool, confirmed_user
from srp_client import SrpClient


def _attributes(idp: Any, pool: Pool, username: str) -> dict[str, str]:
    user = idp.admin_get_user(UserPoolId=pool.id, Username=username)
    return {a["Name"]: a["Value"] for a in user["UserAttributes"]}


def _sign_up(idp: Any, pool: Pool, email: str) -> dict[str, Any]:
    response: dict[str, Any] = idp.sign_up(
        ClientId=pool.client_id,
        Username=email,
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": email}],
    )
    return response


def test_sign_up_then_confirm_with_the_local_code(idp: Any, email_pool: Pool) -> None:
    signed_up = _sign_up(idp, email_pool, "ada@example.com")
    assert signed_up["UserConfirmed"] is False

    idp.confirm_sign_up(
        ClientId=email_pool.client_id, Username="ada@example.com", ConfirmationCode=CODE
    )

    user = idp.admin_get_user(UserPoolId=email_pool.id, Username="ada@example.com")
    assert user["UserStatus"] == "CONFIRMED"
    assert _attributes(idp, email_pool, "ada@example.com")["email_verified"] == "true"


def test_wrong_code_is_a_mismatch(idp: Any, email_pool: Pool) -> None:
    _sign_up(idp, email_pool, "ada@example.com")

    with pytest.raises(ClientError) as caught:
        idp.confirm_sign_up(
            ClientId=email_pool.client_id, Username="ada@example.com", ConfirmationCode="000000"
        )

    assert caught.value.response["Error"]["Code"] == "CodeMismatchException"
    user = idp.admin_get_user(UserPoolId=email_pool.id, Username="ada@example.com")
    assert user["UserStatus"] == "UNCONFIRMED"


def test_code_comes_from_the_environment(
    idp: Any, email_pool: Pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMPLIFY_SANDBOX_LOCAL_CODE", "424242")
    _sign_up(idp, email_pool, "ada@example.com")

    with pytest.raises(ClientError):
        idp.confirm_sign_up(
            ClientId=email_pool.client_id, Username="ada@example.com", ConfirmationCode=CODE
        )
    idp.confirm_sign_up(
        ClientId=email_pool.client_id, Username="ada@example.com", ConfirmationCode="424242"
    )

    user = idp.admin_get_user(UserPoolId=email_pool.id, Username="ada@example.com")
    assert user["UserStatus"] == "CONFIRMED"


def test_confirming_twice_is_refused(idp: Any, email_pool: Pool) -> None:
    confirmed_user(idp, email_pool, "ada@example.com")

    with pytest.raises(ClientError) as caught:
        idp.confirm_sign_up(
            ClientId=email_pool.client_id, Username="ada@example.com", ConfirmationCode=CODE
        )

    assert caught.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_resend_confirmation_code_says_where(idp: Any, email_pool: Pool) -> None:
    _sign_up(idp, email_pool, "ada@example.com")

    details = idp.resend_confirmation_code(
        ClientId=email_pool.client_id, Username="ada@example.com"
    )["CodeDeliveryDetails"]

    assert details == {
        "Destination": "a***@e***",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }


def test_forgot_password_then_confirm_sets_the_new_password(idp: Any, email_pool: Pool) -> None:
    confirmed_user(idp, email_pool, "ada@example.com")
    idp.forgot_password(ClientId=email_pool.client_id, Username="ada@example.com")

    with pytest.raises(ClientError) as caught:
        idp.confirm_forgot_password(
            ClientId=email_pool.client_id,
            Username="ada@example.com",
            ConfirmationCode="999999",
            Password="New-Horse-3",
        )
    assert caught.value.response["Error"]["Code"] == "CodeMismatchException"

    idp.confirm_forgot_password(
        ClientId=email_pool.client_id,
        Username="ada@example.com",
        ConfirmationCode=CODE,
        Password="New-Horse-3",
    )

    srp = SrpClient(email_pool.id, email_pool.client_id)
    assert "AuthenticationResult" in srp.sign_in(idp, "ada@example.com", "New-Horse-3")
    with pytest.raises(ClientError):
        SrpClient(email_pool.id, email_pool.client_id).sign_in(idp, "ada@example.com", PASSWORD)


def test_verify_user_attribute(idp: Any, email_pool: Pool) -> None:
    confirmed_user(idp, email_pool, "ada@example.com")
    tokens = SrpClient(email_pool.id, email_pool.client_id).sign_in(
        idp, "ada@example.com", PASSWORD
    )["AuthenticationResult"]
    idp.admin_update_user_attributes(
        UserPoolId=email_pool.id,
        Username="ada@example.com",
        UserAttributes=[{"Name": "email_verified", "Value": "false"}],
    )
    sent = idp.get_user_attribute_verification_code(
        AccessToken=tokens["AccessToken"], AttributeName="email"
    )
    assert sent["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"

    with pytest.raises(ClientError) as caught:
        idp.verify_user_attribute(
            AccessToken=tokens["AccessToken"], AttributeName="email", Code="111111"
        )
    assert caught.value.response["Error"]["Code"] == "CodeMismatchException"
    assert _attributes(idp, email_pool, "ada@example.com")["email_verified"] == "false"

    idp.verify_user_attribute(AccessToken=tokens["AccessToken"], AttributeName="email", Code=CODE)

    assert _attributes(idp, email_pool, "ada@example.com")["email_verified"] == "true"
