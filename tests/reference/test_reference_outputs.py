"""The outputs of a referenceAuth, from described resources, are valid documents of every
schema version (the MFA method names are the schema's, not the initializer's SMS_MFA /
EMAIL_MFA: docs/decisions.md), and state what the resources say."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from amplify_sandbox.definition.model import AuthDefinition, LoginWith, ReferenceAuth
from amplify_sandbox.desired.reference import DescribedAuth, reference_facts
from amplify_sandbox.outputs.model import AuthOutputs
from amplify_sandbox.outputs.render import render_outputs
from tests.outputs.schemas import SCHEMA_VERSIONS, load_schema

REGION = "eu-west-1"
DESCRIBED = DescribedAuth(
    user_pool={
        "Id": "eu-west-1_AbC123",
        "UsernameAttributes": ["EMAIL"],
        "AutoVerifiedAttributes": ["email"],
        "SchemaAttributes": [
            {"Name": "sub", "Required": True},
            {"Name": "email", "Required": True},
            {"Name": "family_name", "Required": False},
        ],
        "MfaConfiguration": "ON",
        "Policies": {"PasswordPolicy": {"MinimumLength": 12, "RequireSymbols": True}},
        "Domain": "team-login",
    },
    mfa={
        "SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::1:role/s"}},
        "SoftwareTokenMfaConfiguration": {"Enabled": True},
        "EmailMfaConfiguration": {"Message": "{####}"},
    },
    providers=(
        {"ProviderName": "Google", "ProviderType": "Google"},
        {"ProviderName": "corp", "ProviderType": "OIDC"},
    ),
    client={
        "ClientId": "web1client",
        "CallbackURLs": ["http://localhost:3000/", "https://app.example.com/"],
        "LogoutURLs": ["http://localhost:3000/bye"],
        "AllowedOAuthScopes": ["email", "openid"],
        "AllowedOAuthFlows": ["code"],
    },
    identity_pool={"AllowUnauthenticatedIdentities": False},
)


def _outputs() -> AuthOutputs:
    facts = reference_facts(DESCRIBED, REGION)
    reference = ReferenceAuth("eu-west-1_AbC123", "eu-west-1:0a1b", "a", "u", "web1client")
    return AuthOutputs(
        region=REGION,
        user_pool_id=reference.user_pool_id,
        user_pool_client_id=reference.user_pool_client_id,
        identity_pool_id=reference.identity_pool_id,
        definition=AuthDefinition(Path("resource.ts"), LoginWith(), reference=reference),
        password_policy=facts.password_policy,
        facts=facts.facts,
    )


def test_the_outputs_state_what_the_resources_say() -> None:
    auth: dict[str, Any] = json.loads(render_outputs(_outputs(), "1.5", "json"))["auth"]
    assert auth["mfa_methods"] == ["SMS", "TOTP", "EMAIL"]
    assert auth["mfa_configuration"] == "REQUIRED"
    assert auth["standard_required_attributes"] == ["sub", "email"]
    assert auth["username_attributes"] == ["email"]
    assert auth["password_policy"]["min_length"] == 12
    assert auth["password_policy"]["require_symbols"] is True
    assert auth["oauth"] == {
        "identity_providers": ["GOOGLE"],
        "redirect_sign_in_uri": ["http://localhost:3000/", "https://app.example.com/"],
        "redirect_sign_out_uri": ["http://localhost:3000/bye"],
        "response_type": "code",
        "scopes": ["email", "openid"],
        "domain": f"team-login.auth.{REGION}.amazoncognito.com",
    }
    assert auth["unauthenticated_identities_enabled"] is False
    assert "groups" not in auth


@pytest.mark.parametrize("version", [v for v in SCHEMA_VERSIONS if v >= "1.4"])
def test_every_schema_version_accepts_the_reference_outputs(version: str) -> None:
    document = json.loads(render_outputs(_outputs(), version, "json"))
    jsonschema.Draft7Validator(load_schema(version)).validate(document)
