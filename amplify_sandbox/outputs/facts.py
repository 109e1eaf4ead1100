"""What the auth backend looks like to a client, derived once from the definition.

Mirrors what Amplify's auth construct records as stack outputs (and CDK's UserPool derives from
its props), so the v1 and legacy renderers share one derivation instead of each re-reading the
definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from amplify_sandbox.definition.model import AuthDefinition, ExternalProviders
from amplify_sandbox.desired.scopes import oauth_scopes
from amplify_sandbox.outputs.model import AuthOutputs

# Cognito's own MfaConfiguration values (OFF / OPTIONAL / ON), as the construct records them.
CognitoMfaConfiguration = Literal["OFF", "OPTIONAL", "ON"]
MfaMethod = Literal["SMS", "TOTP", "EMAIL"]
# The providers a client can show a button for; client-config drops every other name the
# construct records (OIDC and SAML providers are recorded under their own names).
IdentityProvider = Literal["GOOGLE", "FACEBOOK", "LOGIN_WITH_AMAZON", "SIGN_IN_WITH_APPLE"]

# The identity pool always allows guests in Amplify Gen 2 (auth-construct DEFAULTS).
UNAUTHENTICATED_IDENTITIES_ENABLED = True

# The construct's DEFAULTS.OAUTH_FLOWS: authorization code grant only.
OAUTH_RESPONSE_TYPE = "code"


@dataclass(frozen=True)
class OAuthFacts:
    """The app client's OAuth settings, as the construct's `oauth*` / `socialProviders`
    outputs record them."""

    identity_providers: tuple[IdentityProvider, ...]
    domain: str
    scopes: tuple[str, ...]
    redirect_sign_in: tuple[str, ...]
    redirect_sign_out: tuple[str, ...]
    response_type: str = OAUTH_RESPONSE_TYPE


@dataclass(frozen=True)
class AuthFacts:
    username_attributes: tuple[str, ...]
    standard_required_attributes: tuple[str, ...]
    user_verification_types: tuple[str, ...]
    mfa_configuration: CognitoMfaConfiguration
    mfa_methods: tuple[MfaMethod, ...]
    groups: tuple[tuple[str, int], ...]
    oauth: OAuthFacts | None = None
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
        oauth=_oauth(outputs),
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


def _oauth(outputs: AuthOutputs) -> OAuthFacts | None:
    """OAuth settings when the client has both sign-in and sign-out redirects, else None.

    The construct records the redirect lists joined with "," and client-config writes the
    `oauth` block only when both joined strings are non-empty, splitting them on "," again;
    the round trip is kept so a URL holding a comma comes out as Amplify writes it. Without
    external providers there are no logout URLs, hence no block.
    """
    external = outputs.definition.external_providers
    if external is None:
        return None
    sign_in = ",".join(external.callback_urls)
    sign_out = ",".join(external.logout_urls)
    if not sign_in or not sign_out:
        return None
    return OAuthFacts(
        identity_providers=_identity_providers(external),
        # The construct records "" when the pool has no domain.
        domain=outputs.oauth_domain or "",
        scopes=oauth_scopes(external.scopes),
        redirect_sign_in=tuple(sign_in.split(",")),
        redirect_sign_out=tuple(sign_out.split(",")),
    )


def _identity_providers(external: ExternalProviders) -> tuple[IdentityProvider, ...]:
    """In the order the construct creates (and the pool registers) the providers."""
    configured: tuple[tuple[IdentityProvider, object], ...] = (
        ("GOOGLE", external.google),
        ("FACEBOOK", external.facebook),
        ("LOGIN_WITH_AMAZON", external.login_with_amazon),
        ("SIGN_IN_WITH_APPLE", external.sign_in_with_apple),
    )
    return tuple(name for name, provider in configured if provider is not None)
