"""The unified (v1.x) document: exact content, key order, and what each version may hold."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from outputs_cases import (
    CLIENT_ID,
    IDENTITY_POOL_ID,
    LOCAL_ENDPOINT,
    POOL_ID,
    REGION,
    email_only,
    full,
    local,
    phone_only,
)

from amplify_sandbox.definition.model import (
    AuthDefinition,
    EmailLogin,
    LoginWith,
    Multifactor,
    StandardAttribute,
)
from amplify_sandbox.desired.defaults import PasswordPolicy
from amplify_sandbox.errors import UsageError
from amplify_sandbox.outputs import check_supported, render_outputs
from amplify_sandbox.outputs.model import AuthOutputs

EMAIL_ONLY_V1_5 = """{
  "auth": {
    "user_pool_id": "eu-west-1_AbCdEf123",
    "aws_region": "eu-west-1",
    "user_pool_client_id": "3n4b5urk1ft4fl3mg5e62d9ado",
    "identity_pool_id": "eu-west-1:7f6d7a1c-2f3e-4b5a-9c8d-0e1f2a3b4c5d",
    "mfa_methods": [],
    "standard_required_attributes": [
      "email"
    ],
    "username_attributes": [
      "email"
    ],
    "user_verification_types": [
      "email"
    ],
    "groups": [],
    "mfa_configuration": "NONE",
    "password_policy": {
      "min_length": 8,
      "require_lowercase": true,
      "require_numbers": true,
      "require_symbols": true,
      "require_uppercase": true
    },
    "unauthenticated_identities_enabled": true
  },
  "version": "1.5"
}"""


def _auth(outputs: AuthOutputs, version: str = "1.5") -> dict[str, object]:
    document = json.loads(render_outputs(outputs, version, "json"))
    auth: dict[str, object] = document["auth"]
    return auth


def test_email_only_is_written_exactly_as_amplify_writes_it() -> None:
    # JSON.stringify(cfg, null, 2): two-space indent, `[]` for empty lists, no final newline.
    assert render_outputs(email_only(), "1.5", "json") == EMAIL_ONLY_V1_5


def test_phone_only() -> None:
    auth = _auth(phone_only())
    assert auth["username_attributes"] == ["phone_number"]
    assert auth["user_verification_types"] == ["phone_number"]
    assert auth["standard_required_attributes"] == ["phone_number"]


def test_full_definition() -> None:
    auth = _auth(full())
    assert auth["username_attributes"] == ["email", "phone_number"]
    assert auth["user_verification_types"] == ["email", "phone_number"]
    # Login attributes first, then the user's in definition order; custom ones never.
    assert auth["standard_required_attributes"] == [
        "email",
        "phone_number",
        "given_name",
        "birthdate",
    ]
    assert auth["mfa_configuration"] == "OPTIONAL"
    assert auth["mfa_methods"] == ["SMS", "TOTP"]
    assert auth["groups"] == [
        {"ADMINS": {"precedence": 0}},
        {"EDITORS": {"precedence": 1}},
        {"READERS": {"precedence": 2}},
    ]


def test_key_order_follows_amplify() -> None:
    assert list(_auth(full())) == [
        "user_pool_id",
        "aws_region",
        "user_pool_client_id",
        "identity_pool_id",
        "mfa_methods",
        "standard_required_attributes",
        "username_attributes",
        "user_verification_types",
        "groups",
        "mfa_configuration",
        "password_policy",
        "unauthenticated_identities_enabled",
    ]


@pytest.mark.parametrize("version", ["1", "1.1", "1.2"])
def test_groups_only_from_1_3(version: str) -> None:
    document = json.loads(render_outputs(full(), version, "json"))
    assert "groups" not in document["auth"]
    assert document["version"] == version


@pytest.mark.parametrize("version", ["1.3", "1.4", "1.5"])
def test_groups_written_from_1_3_even_when_empty(version: str) -> None:
    assert _auth(email_only(), version)["groups"] == []


def test_local_endpoint_is_the_only_custom_value() -> None:
    document = json.loads(render_outputs(local(), "1.5", "json"))
    assert list(document) == ["auth", "version", "custom"]
    assert document["custom"] == {"local_endpoint": LOCAL_ENDPOINT}
    assert "custom" not in json.loads(render_outputs(email_only(), "1.5", "json"))


def _with(outputs: AuthOutputs, **changes: object) -> AuthOutputs:
    return replace(outputs, definition=replace(outputs.definition, **changes))


def test_required_mfa_and_email_method() -> None:
    outputs = _with(email_only(), multifactor=Multifactor(mode="REQUIRED", totp=True, email=True))
    auth = _auth(outputs, "1.4")
    assert auth["mfa_configuration"] == "REQUIRED"
    assert auth["mfa_methods"] == ["TOTP", "EMAIL"]


@pytest.mark.parametrize("version", ["1", "1.1", "1.2", "1.3"])
def test_email_mfa_needs_1_4(version: str) -> None:
    outputs = _with(email_only(), multifactor=Multifactor(mode="OPTIONAL", email=True))
    with pytest.raises(UsageError) as caught:
        render_outputs(outputs, version, "json")
    assert caught.value.hint is not None and "1.4" in caught.value.hint
    with pytest.raises(UsageError):
        check_supported(outputs.definition, version)
    check_supported(outputs.definition, "1.4")
    check_supported(outputs.definition, "0")
    check_supported(email_only().definition, version)


def test_mfa_methods_empty_when_mfa_is_off() -> None:
    outputs = _with(email_only(), multifactor=Multifactor(mode="OFF", sms=True, totp=True))
    auth = _auth(outputs)
    assert auth["mfa_configuration"] == "NONE"
    assert auth["mfa_methods"] == []


def test_a_user_entry_replaces_the_login_default() -> None:
    # The construct spreads userAttributes over {email: required}, so the user's entry wins.
    outputs = _with(email_only(), user_attributes=(StandardAttribute("email", required=False),))
    assert _auth(outputs)["standard_required_attributes"] == []
    outputs = _with(
        email_only(),
        user_attributes=(
            StandardAttribute("website", required=True),
            StandardAttribute("phone_number", required=True),
        ),
    )
    assert _auth(outputs)["standard_required_attributes"] == ["email", "phone_number", "website"]


def test_password_policy_comes_from_the_outputs() -> None:
    policy = PasswordPolicy(min_length=12, require_symbols=False, require_uppercase=False)
    outputs = replace(email_only(), password_policy=policy)
    assert _auth(outputs)["password_policy"] == {
        "min_length": 12,
        "require_lowercase": True,
        "require_numbers": True,
        "require_symbols": False,
        "require_uppercase": False,
    }


def test_non_ascii_is_written_as_is() -> None:
    outputs = AuthOutputs(
        region=REGION,
        user_pool_id=POOL_ID,
        user_pool_client_id=CLIENT_ID,
        identity_pool_id=IDENTITY_POOL_ID,
        definition=AuthDefinition(
            source=Path("r.ts"), login_with=LoginWith(email=EmailLogin()), groups=("ÉQUIPE",)
        ),
    )
    assert '"ÉQUIPE"' in render_outputs(outputs, "1.5", "json")
