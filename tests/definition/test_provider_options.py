"""Provider options Amplify passes on to Cognito (through CDK) reach the desired state."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from amplify_sandbox.definition import load_definition
from amplify_sandbox.desired.federation import identity_providers

VALID = Path(__file__).parent / "fixtures" / "valid"


@pytest.mark.parametrize("fixture", ["provider_options.ts", "py_provider_options.py"])
def test_provider_options_map_to_cognito(
    fixture: str, make_project: Callable[[Path], Path]
) -> None:
    definition = load_definition(make_project(VALID / fixture), env={})
    providers = dict(identity_providers(definition))
    assert providers["Google"]["AttributeMapping"]["email_verified"] == "email_verified"
    assert providers["Facebook"]["ProviderDetails"]["api_version"] == "v17.0"
    assert providers["Tenant"]["IdpIdentifiers"] == ["example.com", "example.org"]
    assert providers["OktaSAML"]["IdpIdentifiers"] == ["okta"]
    assert providers["OktaSAML"]["ProviderDetails"]["IDPSignout"] == "true"
