"""AuthOutputs the outputs tests render: one per kind of auth definition."""

from __future__ import annotations

from pathlib import Path

from amplify_sandbox.definition.model import (
    AuthDefinition,
    CustomAttribute,
    EmailLogin,
    LoginWith,
    Multifactor,
    PhoneLogin,
    StandardAttribute,
)
from amplify_sandbox.outputs.model import AuthOutputs

SOURCE = Path("amplify/auth/resource.ts")
REGION = "eu-west-1"
POOL_ID = "eu-west-1_AbCdEf123"
CLIENT_ID = "3n4b5urk1ft4fl3mg5e62d9ado"
IDENTITY_POOL_ID = "eu-west-1:7f6d7a1c-2f3e-4b5a-9c8d-0e1f2a3b4c5d"
LOCAL_ENDPOINT = "http://127.0.0.1:4566"


def _outputs(definition: AuthDefinition, local_endpoint: str | None = None) -> AuthOutputs:
    return AuthOutputs(
        region=REGION,
        user_pool_id=POOL_ID,
        user_pool_client_id=CLIENT_ID,
        identity_pool_id=IDENTITY_POOL_ID,
        definition=definition,
        local_endpoint=local_endpoint,
    )


def email_only() -> AuthOutputs:
    return _outputs(AuthDefinition(source=SOURCE, login_with=LoginWith(email=EmailLogin())))


def phone_only() -> AuthOutputs:
    return _outputs(AuthDefinition(source=SOURCE, login_with=LoginWith(phone=PhoneLogin())))


def full() -> AuthOutputs:
    """Email + phone, optional SMS + TOTP MFA, groups, required and custom attributes."""
    return _outputs(
        AuthDefinition(
            source=SOURCE,
            login_with=LoginWith(email=EmailLogin(), phone=PhoneLogin()),
            user_attributes=(
                StandardAttribute("given_name", required=True),
                StandardAttribute("nickname", required=False),
                StandardAttribute("birthdate", required=True, mutable=False),
            ),
            custom_attributes=(
                CustomAttribute("tenant", data_type="String", max_len=64),
                CustomAttribute("score", data_type="Number", min=0, max=100),
            ),
            multifactor=Multifactor(mode="OPTIONAL", sms=True, totp=True),
            groups=("ADMINS", "EDITORS", "READERS"),
        )
    )


def local() -> AuthOutputs:
    return _outputs(
        AuthDefinition(source=SOURCE, login_with=LoginWith(email=EmailLogin())),
        local_endpoint=LOCAL_ENDPOINT,
    )


CASES = {"email_only": email_only, "phone_only": phone_only, "full": full, "local": local}
