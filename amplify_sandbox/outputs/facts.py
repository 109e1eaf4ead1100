"""What the auth backend looks like to a client, derived once from the definition.

Mirrors what Amplify's auth construct records as stack outputs (and CDK's UserPool derives from
its props), so the v1 and legacy renderers share one derivation instead of each re-reading the
definition. Every fact the deployed pool also states comes from desired/pool_facts.py, the
functions desired/build.py builds the pool with, so the file and the pool cannot disagree.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Literal

from amplify_sandbox.definition.model import AuthDefinition, ExternalProviders
from amplify_sandbox.desired.defaults import ALLOW_UNAUTHENTICATED_IDENTITIES
from amplify_sandbox.desired.overrides import overridden, unauthenticated_identities
from amplify_sandbox.desired.pool_facts import (
    CognitoMfa,
    CognitoMfaConfiguration,
    enabled_mfas,
    group_precedences,
    login_attributes,
    mfa_configuration,
    standard_attributes,
)
from amplify_sandbox.desired.pool_props import mfa_configuration as mfa_configuration_of
from amplify_sandbox.desired.pool_props import username_attributes
from amplify_sandbox.desired.scopes import oauth_scopes
from amplify_sandbox.outputs.model import AuthOutputs

MfaMethod = Literal["SMS", "TOTP", "EMAIL"]
_MFA_METHOD_NAMES: dict[CognitoMfa, MfaMethod] = {
    "SMS_MFA": "SMS",
    "SOFTWARE_TOKEN_MFA": "TOTP",
    "EMAIL_OTP": "EMAIL",
}
# The providers a client can show a button for; client-config drops every other name the
# construct records (OIDC and SAML providers are recorded under their own names).
IdentityProvider = Literal["GOOGLE", "FACEBOOK", "LOGIN_WITH_AMAZON", "SIGN_IN_WITH_APPLE"]

# The identity pool's setting, as deployed (desired/build.py uses the same default).
UNAUTHENTICATED_IDENTITIES_ENABLED = ALLOW_UNAUTHENTICATED_IDENTITIES

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
    # None: no `groups` entry at all (Amplify records none for referenceAuth).
    groups: tuple[tuple[str, int], ...] | None
    oauth: OAuthFacts | None = None
    unauthenticated_identities_enabled: bool = UNAUTHENTICATED_IDENTITIES_ENABLED


def auth_facts(outputs: AuthOutputs) -> AuthFacts:
    if outputs.facts is not None:
        return outputs.facts  # referenceAuth: what the described resources state
    definition = outputs.definition
    logins = login_attributes(definition)
    pool = deployed_pool(definition)
    return AuthFacts(
        username_attributes=username_attributes(pool),
        standard_required_attributes=tuple(
            name for name, (required, _) in standard_attributes(definition).items() if required
        ),
        # Amplify auto-verifies exactly the login attributes.
        user_verification_types=logins,
        mfa_configuration=mfa_configuration_of(pool),
        mfa_methods=mfa_methods_of(definition),
        groups=group_precedences(definition),
        oauth=_oauth(outputs),
        unauthenticated_identities_enabled=unauthenticated_identities(definition),
    )


def deployed_pool(definition: AuthDefinition) -> dict[str, object]:
    """The user pool props the outputs state, built by the functions desired/build.py builds
    the pool with, then backend.ts's overrides applied: the outputs follow the L1 pool as the
    construct's Lazy outputs do (construct.ts storeOutput: `cfnUserPool.usernameAttributes`,
    `.mfaConfiguration`, `.enabledMfas`)."""
    base: dict[str, object] = {
        "UsernameAttributes": list(login_attributes(definition)),
        "MfaConfiguration": mfa_configuration(definition),
        "EnabledMfas": list(enabled_mfas(definition)),
    }
    return overridden(definition, "userPool", base)


def mfa_methods_of(definition: AuthDefinition) -> tuple[MfaMethod, ...]:
    """The pool's MFA methods under the names client configs use."""
    enabled = deployed_pool(definition).get("EnabledMfas")
    names = enabled if isinstance(enabled, list) else []
    return tuple(_MFA_METHOD_NAMES[name] for name in names if name in _MFA_METHOD_NAMES)


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
        # The construct records "" when the pool has no domain; a local sandbox's hosted UI is
        # the emulator's (HTTPS on its port).
        domain=local_hosted_ui_domain(outputs.local_endpoint)
        if outputs.local_endpoint is not None and outputs.oauth_domain
        else outputs.oauth_domain or "",
        scopes=oauth_scopes(external.scopes),
        redirect_sign_in=tuple(sign_in.split(",")),
        redirect_sign_out=tuple(sign_out.split(",")),
    )


def local_hosted_ui_domain(endpoint: str) -> str:
    """The hosted UI of the emulator at `endpoint`: HTTPS on the same port, named `localhost`
    (the name its certificate holds; Amplify JS prefixes `https://`)."""
    parts = urllib.parse.urlsplit(endpoint)
    return f"localhost:{parts.port or (443 if parts.scheme == 'https' else 80)}"


def _identity_providers(external: ExternalProviders) -> tuple[IdentityProvider, ...]:
    """In the order the construct creates (and the pool registers) the providers."""
    configured: tuple[tuple[IdentityProvider, object], ...] = (
        ("GOOGLE", external.google),
        ("FACEBOOK", external.facebook),
        ("LOGIN_WITH_AMAZON", external.login_with_amazon),
        ("SIGN_IN_WITH_APPLE", external.sign_in_with_apple),
    )
    return tuple(name for name, provider in configured if provider is not None)
