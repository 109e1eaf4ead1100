"""referenceAuth: nothing is desired; the referenced resources are described, checked as
Amplify checks them, and the facts the outputs file states are derived from what they are.

Amplify does this in a custom resource (backend-auth src/lambda/reference_auth_initializer.ts):
it describes the pool (DescribeUserPool, GetUserPoolMfaConfig, ListIdentityProviders,
ListGroups), the client and the identity pool (DescribeIdentityPool, GetIdentityPoolRoles),
validates them (`validateResources`, lines 299-395) and turns them into the auth outputs
(`getUserPoolOutputs` 405-494, `getIdentityPoolOutputs` 501-509, `getUserPoolClientOutputs`
516-531). It creates nothing, group roles included: `groups` only names existing roles
(reference_construct.ts 112-119 imports each with `Role.fromRoleArn`), and each must be the
RoleArn of one of the pool's groups (initializer 351-360).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from amplify_sandbox.definition.model import AuthDefinition, ReferenceAuth
from amplify_sandbox.definition.reference import field_name
from amplify_sandbox.desired.defaults import PasswordPolicy
from amplify_sandbox.desired.pool_props import (
    mfa_configuration,
    password_policy,
    required_attributes,
    username_attributes,
)
from amplify_sandbox.errors import UsageError
from amplify_sandbox.outputs.facts import AuthFacts, IdentityProvider, MfaMethod, OAuthFacts

Json = Mapping[str, Any]

# The referenceAuth props, in Amplify's order, and what each names.
REFERENCED: tuple[tuple[str, str], ...] = (
    ("userPoolId", "user pool"),
    ("userPoolClientId", "app client"),
    ("identityPoolId", "identity pool"),
    ("authRoleArn", "IAM role"),
    ("unauthRoleArn", "IAM role"),
)

# ListIdentityProviders types → the names client-config keeps (initializer 437-461).
_SOCIAL: dict[str, IdentityProvider] = {
    "Google": "GOOGLE",
    "Facebook": "FACEBOOK",
    "SignInWithApple": "SIGN_IN_WITH_APPLE",
    "LoginWithAmazon": "LOGIN_WITH_AMAZON",
}


@dataclass(frozen=True)
class DescribedAuth:
    """What the service says about the referenced resources (aws/reference.py). `missing`
    holds the referenceAuth props (`userPoolId`, ...) whose resource does not exist; the
    descriptions of those are empty."""

    user_pool: Json = field(default_factory=dict)
    mfa: Json = field(default_factory=dict)
    providers: tuple[Json, ...] = ()
    groups: tuple[Json, ...] = ()
    client: Json = field(default_factory=dict)
    identity_pool: Json = field(default_factory=dict)
    roles: Mapping[str, str] = field(default_factory=dict)
    missing: tuple[str, ...] = ()


def referenced_ids(reference: ReferenceAuth) -> dict[str, str]:
    """Each referenceAuth prop and the id it names, in Amplify's order."""
    return {
        "userPoolId": reference.user_pool_id,
        "userPoolClientId": reference.user_pool_client_id,
        "identityPoolId": reference.identity_pool_id,
        "authRoleArn": reference.auth_role_arn,
        "unauthRoleArn": reference.unauth_role_arn,
    }


def physical_id(referenced: str) -> str:
    """A referenced id as the record and the tag sweep name the resource: a role by its
    name, everything else as it is."""
    if referenced.startswith("arn:") and ":role/" in referenced:
        return referenced.rsplit("/", 1)[-1]
    return referenced


def check_reference(definition: AuthDefinition, described: DescribedAuth, region: str) -> None:
    """Refuse (exit 2, nothing changed) a reference to something that does not exist, or to
    resources Amplify's initializer would refuse, naming the prop and the id."""
    reference = definition.reference
    assert reference is not None
    ids = referenced_ids(reference)
    what = dict(REFERENCED)
    if described.missing:
        lines = [
            f"  {field_name(definition, key)}: no {what[key]} '{ids[key]}'"
            for key in described.missing
        ]
        raise UsageError(
            f"{definition.source}: referenceAuth names resources that do not exist "
            f"(nothing was changed):\n" + "\n".join(lines),
            hint="Check the ids against the account and region the sandbox deploys to.",
        )
    problem = _amplify_problem(described, reference, region)
    if problem is not None:
        key, message = problem
        raise UsageError(
            f"{definition.source}: {field_name(definition, key)} '{ids.get(key, '')}': "
            f"{message} (nothing was changed)",
            hint="Amplify's referenceAuth refuses the same (reference_auth_initializer.ts).",
        )


def _amplify_problem(
    described: DescribedAuth, reference: ReferenceAuth, region: str
) -> tuple[str, str] | None:
    """The first of validateResources's checks that fails, as (prop, Amplify's message)."""
    pool, client, identity_pool = described.user_pool, described.client, described.identity_pool
    providers = identity_pool.get("CognitoIdentityProviders") or []
    if not providers:
        return "identityPoolId", (
            "The specified identity pool does not have any cognito identity providers."
        )
    if pool.get("AliasAttributes"):
        return "userPoolId", (
            "The specified user pool is configured with alias attributes which are not "
            "currently supported."
        )
    if described.providers:
        if not (pool.get("Domain") or pool.get("CustomDomain")):
            return "userPoolId", (
                "You must configure a domain for your UserPool if external login providers "
                "are enabled."
            )
        if not client.get("LogoutURLs"):
            return "userPoolClientId", (
                'Your UserPool client must have "Allowed sign-out URLs" configured if external '
                "login providers are enabled."
            )
        if not client.get("CallbackURLs"):
            return "userPoolClientId", (
                'Your UserPool client must have "Allowed callback URLs" configured if external '
                "login providers are enabled."
            )
    group_roles = {group.get("RoleArn") for group in described.groups}
    for name, role_arn in reference.groups:
        if role_arn not in group_roles:
            return "groups", (
                f"The group '{name}' with role '{role_arn}' does not match any group for the "
                "specified user pool."
            )
    provider_name = f"cognito-idp.{region}.amazonaws.com/{pool.get('Id')}"
    if not any(
        p.get("ProviderName") == provider_name and p.get("ClientId") == client.get("ClientId")
        for p in providers
    ):
        return "userPoolClientId", (
            "The user pool and user pool client pair do not match any cognito identity "
            "providers for the specified identity pool."
        )
    if described.roles.get("authenticated") != reference.auth_role_arn:
        return "authRoleArn", (
            "The provided authRoleArn does not match the authenticated role for the specified "
            "identity pool."
        )
    if described.roles.get("unauthenticated") != reference.unauth_role_arn:
        return "unauthRoleArn", (
            "The provided unauthRoleArn does not match the unauthenticated role for the "
            "specified identity pool."
        )
    if client.get("ClientSecret"):
        return (
            "userPoolClientId",
            "The specified user pool client is not configured as a web client.",
        )
    return None


@dataclass(frozen=True)
class ReferenceFacts:
    facts: AuthFacts
    password_policy: PasswordPolicy


def reference_facts(described: DescribedAuth, region: str) -> ReferenceFacts:
    """What the outputs file states for the referenced resources, as the initializer derives
    it; client-config then writes it as for a defined pool (same renderers)."""
    pool = described.user_pool
    return ReferenceFacts(
        AuthFacts(
            username_attributes=username_attributes(pool),
            standard_required_attributes=required_attributes(pool.get("SchemaAttributes")),
            user_verification_types=tuple(pool.get("AutoVerifiedAttributes") or ()),
            mfa_configuration=mfa_configuration(pool),
            mfa_methods=_mfa_methods(described.mfa),
            # The construct records no `groups` output for a reference (reference_construct.ts
            # OUTPUT_PROPERTIES_PROVIDED_BY_AUTH_CUSTOM_RESOURCE), so the file has none.
            groups=None,
            oauth=_oauth(described, region),
            unauthenticated_identities_enabled=(
                described.identity_pool.get("AllowUnauthenticatedIdentities") is True
            ),
        ),
        password_policy(pool),
    )


def _mfa_methods(mfa: Json) -> tuple[MfaMethod, ...]:
    """The initializer's tests (423-436), under the names the outputs schema allows (the
    initializer itself records SMS_MFA / EMAIL_MFA, which no client reads: docs/decisions.md)."""
    methods: list[MfaMethod] = []
    sms = mfa.get("SmsMfaConfiguration")
    if isinstance(sms, Mapping) and sms.get("SmsConfiguration"):
        methods.append("SMS")
    totp = mfa.get("SoftwareTokenMfaConfiguration")
    if isinstance(totp, Mapping) and totp.get("Enabled"):
        methods.append("TOTP")
    if mfa.get("EmailMfaConfiguration"):
        methods.append("EMAIL")
    return tuple(methods)


def _oauth(described: DescribedAuth, region: str) -> OAuthFacts | None:
    """Written when the client has both callback and sign-out URLs (client-config's rule)."""
    pool, client = described.user_pool, described.client
    sign_in = ",".join(client.get("CallbackURLs") or ())
    sign_out = ",".join(client.get("LogoutURLs") or ())
    if not sign_in or not sign_out:
        return None
    custom = pool.get("CustomDomain")
    domain = custom or f"{pool.get('Domain') or ''}.auth.{region}.amazoncognito.com"
    providers = tuple(
        _SOCIAL[str(p.get("ProviderType"))]
        for p in described.providers
        if p.get("ProviderType") in _SOCIAL
    )
    return OAuthFacts(
        identity_providers=providers,
        domain=domain,
        scopes=tuple(client.get("AllowedOAuthScopes") or ()),
        redirect_sign_in=tuple(sign_in.split(",")),
        redirect_sign_out=tuple(sign_out.split(",")),
        response_type=",".join(client.get("AllowedOAuthFlows") or ()),
    )
