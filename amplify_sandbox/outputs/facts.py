"""What the auth backend looks like to a client, derived once from the definition.

Mirrors what Amplify's auth construct records as stack outputs (and CDK's UserPool derives from
its props), so the v1 and legacy renderers share one derivation instead of each re-reading the
definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.outputs.model import AuthOutputs

# Cognito's own MfaConfiguration values (OFF / OPTIONAL / ON), as the construct records them.
CognitoMfaConfiguration = Literal["OFF", "OPTIONAL", "ON"]
MfaMethod = Literal["SMS", "TOTP", "EMAIL"]

# The identity pool always allows guests in Amplify Gen 2 (auth-construct DEFAULTS).
UNAUTHENTICATED_IDENTITIES_ENABLED = True


@dataclass(frozen=True)
class AuthFacts:
    username_attributes: tuple[str, ...]
    standard_required_attributes: tuple[str, ...]
    user_verification_types: tuple[str, ...]
    mfa_configuration: CognitoMfaConfiguration
    mfa_methods: tuple[MfaMethod, ...]
    groups: tuple[tuple[str, int], ...]
    unauthenticated_identities_enabled: bool = UNAUTHENTICATED_IDENTITIES_ENABLED


def auth_facts(outputs: AuthOutputs) -> AuthFacts:
    definition = outputs.definition
    return AuthFacts(
        username_attributes=_login_attributes(definition),
        standard_required_attributes=_required_attributes(definition),
        # Amplify auto-verifies exactly the login attributes.
        user_verification_types=_login_attributes(definition),
        mfa_configuration=_mfa_configuration(definition),
        mfa_methods=mfa_methods_of(definition),
        groups=tuple((name, precedence) for precedence, name in enumerate(definition.groups)),
    )


def _login_attributes(definition: AuthDefinition) -> tuple[str, ...]:
    names: list[str] = []
    if definition.login_with.email is not None:
        names.append("email")
    if definition.login_with.phone is not None:
        names.append("phone_number")
    return tuple(names)


def _required_attributes(definition: AuthDefinition) -> tuple[str, ...]:
    """Required standard attributes in the order Cognito's schema lists them.

    The construct starts from `{email: <login default>, phoneNumber: <login default>}` and
    spreads the user's `userAttributes` over it, so a user entry replaces the login default
    while email and phone_number keep the first two places.
    """
    schema: dict[str, bool] = {
        "email": definition.login_with.email is not None,
        "phone_number": definition.login_with.phone is not None,
    }
    for attribute in definition.user_attributes:
        schema[attribute.name] = attribute.required
    return tuple(name for name, required in schema.items() if required)


def _mfa_configuration(definition: AuthDefinition) -> CognitoMfaConfiguration:
    mode = definition.multifactor.mode
    if mode == "REQUIRED":
        return "ON"
    return mode


def mfa_methods_of(definition: AuthDefinition) -> tuple[MfaMethod, ...]:
    mfa = definition.multifactor
    if mfa.mode == "OFF":
        return ()
    methods: list[MfaMethod] = []
    if mfa.sms:
        methods.append("SMS")
    if mfa.totp:
        methods.append("TOTP")
    if mfa.email:
        methods.append("EMAIL")
    return tuple(methods)
