"""The legacy (version "0") amplifyconfiguration shapes, checked against the keys and order
Amplify's client_config_to_legacy_converter / client_config_to_mobile_legacy_converter write."""

from __future__ import annotations

import json
import re
from dataclasses import replace

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
)

from amplify_sandbox import __version__
from amplify_sandbox.definition.model import Multifactor
from amplify_sandbox.outputs import render_outputs

LEGACY_KEYS = [
    "aws_project_region",
    "aws_user_pools_id",
    "aws_cognito_region",
    "aws_user_pools_web_client_id",
    "aws_cognito_identity_pool_id",
    "allowUnauthenticatedIdentities",
    "aws_cognito_mfa_types",
    "aws_cognito_mfa_configuration",
    "aws_cognito_signup_attributes",
    "aws_cognito_username_attributes",
    "aws_cognito_verification_mechanisms",
    "aws_cognito_password_protection_settings",
]


def _legacy(outputs_factory: object = email_only, fmt: str = "json") -> dict[str, object]:
    assert callable(outputs_factory)
    document: dict[str, object] = json.loads(render_outputs(outputs_factory(), "0", fmt))
    return document


def test_key_set_and_order() -> None:
    assert list(_legacy()) == LEGACY_KEYS


def test_email_only_values() -> None:
    assert _legacy() == {
        "aws_project_region": REGION,
        "aws_user_pools_id": POOL_ID,
        "aws_cognito_region": REGION,
        "aws_user_pools_web_client_id": CLIENT_ID,
        "aws_cognito_identity_pool_id": IDENTITY_POOL_ID,
        "allowUnauthenticatedIdentities": "true",
        "aws_cognito_mfa_types": [],
        "aws_cognito_mfa_configuration": "OFF",
        "aws_cognito_signup_attributes": ["EMAIL"],
        "aws_cognito_username_attributes": ["EMAIL"],
        "aws_cognito_verification_mechanisms": ["EMAIL"],
        "aws_cognito_password_protection_settings": {
            "passwordPolicyMinLength": 8,
            "passwordPolicyCharacters": [
                "REQUIRES_NUMBERS",
                "REQUIRES_LOWERCASE",
                "REQUIRES_UPPERCASE",
                "REQUIRES_SYMBOLS",
            ],
        },
    }


def test_full_definition_has_no_groups_or_version() -> None:
    legacy = _legacy(full)
    assert list(legacy) == LEGACY_KEYS
    assert legacy["aws_cognito_mfa_configuration"] == "OPTIONAL"
    assert legacy["aws_cognito_mfa_types"] == ["SMS", "TOTP"]
    assert legacy["aws_cognito_signup_attributes"] == [
        "EMAIL",
        "PHONE_NUMBER",
        "GIVEN_NAME",
        "BIRTHDATE",
    ]
    assert legacy["aws_cognito_username_attributes"] == ["EMAIL", "PHONE_NUMBER"]


def test_required_mfa_is_on_in_legacy_terms() -> None:
    outputs = email_only()
    outputs = replace(
        outputs,
        definition=replace(outputs.definition, multifactor=Multifactor(mode="REQUIRED", totp=True)),
    )
    legacy = json.loads(render_outputs(outputs, "0", "json"))
    assert legacy["aws_cognito_mfa_configuration"] == "ON"
    assert legacy["aws_cognito_mfa_types"] == ["TOTP"]


def test_local_endpoint_goes_under_custom_in_the_web_config_only() -> None:
    legacy = _legacy(local)
    assert list(legacy) == [*LEGACY_KEYS, "custom"]
    assert legacy["custom"] == {"local_endpoint": LOCAL_ENDPOINT}
    assert LOCAL_ENDPOINT not in render_outputs(local(), "0", "json-mobile")
    assert LOCAL_ENDPOINT not in render_outputs(local(), "0", "dart")


@pytest.mark.parametrize("fmt", ["mjs", "ts"])
def test_module_formats(fmt: str) -> None:
    text = render_outputs(full(), "0", fmt)
    match = re.fullmatch(
        r"const amplifyConfig = (\{.*\})\nexport default amplifyConfig;\n", text, re.S
    )
    assert match
    assert json.loads(match.group(1)) == _legacy(full)


def test_mobile_shape() -> None:
    mobile = _legacy(full, "json-mobile")
    user_agent = f"amplify-sandbox/{__version__}"
    assert list(mobile) == ["UserAgent", "Version", "auth"]
    assert mobile["UserAgent"] == user_agent
    assert mobile["Version"] == "1.0"
    plugin = mobile["auth"]["plugins"]["awsCognitoAuthPlugin"]  # type: ignore[index]
    assert list(plugin) == [
        "UserAgent",
        "Version",
        "CognitoUserPool",
        "CredentialsProvider",
        "Auth",
    ]
    assert plugin["CognitoUserPool"] == {
        "Default": {"PoolId": POOL_ID, "AppClientId": CLIENT_ID, "Region": REGION}
    }
    assert plugin["CredentialsProvider"] == {
        "CognitoIdentity": {"Default": {"PoolId": IDENTITY_POOL_ID, "Region": REGION}}
    }
    assert plugin["Auth"]["Default"] == {
        "authenticationFlowType": "USER_SRP_AUTH",
        "mfaConfiguration": "OPTIONAL",
        "mfaTypes": ["SMS", "TOTP"],
        "passwordProtectionSettings": {
            "passwordPolicyMinLength": 8,
            "passwordPolicyCharacters": [
                "REQUIRES_NUMBERS",
                "REQUIRES_LOWERCASE",
                "REQUIRES_UPPERCASE",
                "REQUIRES_SYMBOLS",
            ],
        },
        "signupAttributes": ["EMAIL", "PHONE_NUMBER", "GIVEN_NAME", "BIRTHDATE"],
        "usernameAttributes": ["EMAIL", "PHONE_NUMBER"],
        "verificationMechanisms": ["EMAIL", "PHONE_NUMBER"],
        "socialProviders": [],
    }


def test_dart_wraps_the_mobile_config_and_keeps_the_old_alias() -> None:
    text = render_outputs(full(), "0", "dart")
    match = re.fullmatch(
        r"const amplifyConfig = r'''(\{.*\})''';\n\nconst amplifyconfig = amplifyConfig;",
        text,
        re.S,
    )
    assert match
    assert match.group(1) == render_outputs(full(), "0", "json-mobile")
