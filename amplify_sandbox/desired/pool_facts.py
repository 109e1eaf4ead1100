"""Facts of the user pool that both the deployed resources (desired/build.py) and the outputs
file (outputs/facts.py) state, derived here once so the two can never disagree."""

from __future__ import annotations

from typing import Literal

from amplify_sandbox.definition.model import AuthDefinition

# Cognito's MfaConfiguration values.
CognitoMfaConfiguration = Literal["OFF", "OPTIONAL", "ON"]
# Cognito's MFA method names (SetUserPoolMfaConfig), in the order the construct lists them.
CognitoMfa = Literal["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]


def login_attributes(definition: AuthDefinition) -> tuple[str, ...]:
    """The sign-in attributes: Cognito's UsernameAttributes, which Amplify also auto-verifies
    and requires to be verified before an update (CDK's `keepOriginal`)."""
    login = definition.login_with
    return tuple(
        name
        for name, enabled in (("email", login.email), ("phone_number", login.phone))
        if enabled is not None
    )


def standard_attributes(definition: AuthDefinition) -> dict[str, tuple[bool, bool]]:
    """(required, mutable) of each standard attribute of the pool, in the construct's order.

    The construct starts from `{email: <login default>, phoneNumber: <login default>}` and
    spreads the user's `userAttributes` over it: a user entry replaces a login default in
    place, so email and phone_number keep the first two places.
    """
    login = definition.login_with
    flags: dict[str, tuple[bool, bool] | None] = {
        "email": (True, True) if login.email is not None else None,
        "phone_number": (True, True) if login.phone is not None else None,
    }
    for attribute in definition.user_attributes:
        flags[attribute.name] = (attribute.required, attribute.mutable)
    return {name: flag for name, flag in flags.items() if flag is not None}


def mfa_configuration(definition: AuthDefinition) -> CognitoMfaConfiguration:
    mode = definition.multifactor.mode
    return "ON" if mode == "REQUIRED" else mode


def enabled_mfas(definition: AuthDefinition) -> tuple[CognitoMfa, ...]:
    """The MFA methods switched on (none while MFA is off)."""
    mfa = definition.multifactor
    if mfa.mode == "OFF":
        return ()
    methods: tuple[tuple[CognitoMfa, bool], ...] = (
        ("SMS_MFA", mfa.sms),
        ("SOFTWARE_TOKEN_MFA", mfa.totp),
        ("EMAIL_OTP", mfa.email),
    )
    return tuple(name for name, on in methods if on)


def group_precedences(definition: AuthDefinition) -> tuple[tuple[str, int], ...]:
    """Each group and its precedence: its place in the definition's list."""
    return tuple((name, precedence) for precedence, name in enumerate(definition.groups))
