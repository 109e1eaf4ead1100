"""External providers → Cognito identity providers, the hosted-UI domain, the client's OAuth
settings and the identity pool's login providers (Amplify's auth-construct, CDK defaults)."""

from __future__ import annotations

from typing import Any

from amplify_sandbox.definition.model import (
    AppleProvider,
    AuthDefinition,
    ExternalProviders,
    OidcProvider,
    SamlProvider,
    Secretish,
    SecretRef,
    SocialProvider,
)
from amplify_sandbox.desired.resources import DesiredResource, Ref, ResourceKind, Secret
from amplify_sandbox.desired.scopes import oauth_scopes
from amplify_sandbox.identity import SandboxIdentity

DOMAIN = "userPoolDomain"

# Identity pool login-provider keys of the social providers (Cognito federated identities).
_LOGIN_PROVIDER_KEYS = {
    "Google": "accounts.google.com",
    "Facebook": "graph.facebook.com",
    "LoginWithAmazon": "www.amazon.com",
    "SignInWithApple": "appleid.apple.com",
}
# CDK's default authorize scopes per provider type.
_DEFAULT_SCOPES = {
    "Google": ("profile",),
    "Facebook": ("public_profile",),
    "LoginWithAmazon": ("profile",),
    "SignInWithApple": ("name",),
    "OIDC": ("openid",),
}
_OIDC_ENDPOINT_KEYS = {
    "authorization": "authorize_url",
    "token": "token_url",
    "userInfo": "attributes_url",
    "jwksUri": "jwks_uri",
}


def value(item: Secretish) -> Any:
    """A literal, or a placeholder that is filled with the secret's value just before the call."""
    return Secret(item.name) if isinstance(item, SecretRef) else item


def provider_logical_id(provider_name: str) -> str:
    return f"identityProvider{provider_name}"


def _mapping(
    definition: AuthDefinition, pairs: tuple[tuple[str, str], ...], email_claim: str | None
) -> dict[str, str]:
    mapping: dict[str, str] = {}
    login = definition.login_with
    # Amplify maps the provider's email when people sign in with email (and not phone).
    if email_claim and login.email is not None and login.phone is None:
        mapping["email"] = email_claim
    mapping.update(dict(pairs))
    return mapping


def _scopes(kind: str, scopes: tuple[str, ...], separator: str = " ") -> str:
    return separator.join(scopes or _DEFAULT_SCOPES[kind])


def _social(
    definition: AuthDefinition, kind: str, provider: SocialProvider
) -> tuple[str, dict[str, Any]]:
    separator = "," if kind == "Facebook" else " "
    details = {
        "client_id": value(provider.client_id),
        "client_secret": value(provider.client_secret),
        "authorize_scopes": _scopes(kind, provider.scopes, separator),
    }
    if provider.api_version is not None:
        details["api_version"] = provider.api_version
    return kind, {
        "ProviderType": kind,
        "ProviderDetails": details,
        "AttributeMapping": _mapping(definition, provider.attribute_mapping, "email"),
    }


def _apple(definition: AuthDefinition, provider: AppleProvider) -> tuple[str, dict[str, Any]]:
    return "SignInWithApple", {
        "ProviderType": "SignInWithApple",
        "ProviderDetails": {
            "client_id": value(provider.client_id),
            "team_id": value(provider.team_id),
            "key_id": value(provider.key_id),
            "private_key": value(provider.private_key),
            "authorize_scopes": _scopes("SignInWithApple", provider.scopes),
        },
        "AttributeMapping": _mapping(definition, provider.attribute_mapping, "email"),
    }


def _oidc(
    definition: AuthDefinition, provider: OidcProvider, index: int
) -> tuple[str, dict[str, Any]]:
    details: dict[str, Any] = {
        "client_id": value(provider.client_id),
        "client_secret": value(provider.client_secret),
        "oidc_issuer": provider.issuer_url,
        "authorize_scopes": _scopes("OIDC", provider.scopes),
        "attributes_request_method": provider.attribute_request_method or "GET",
    }
    for key, url in provider.endpoints:
        details[_OIDC_ENDPOINT_KEYS.get(key, key)] = url
    name = provider.name or f"OidcProvider{index}"
    props: dict[str, Any] = {
        "ProviderType": "OIDC",
        "ProviderDetails": details,
        "AttributeMapping": _mapping(definition, provider.attribute_mapping, "email"),
    }
    if provider.identifiers:
        props["IdpIdentifiers"] = list(provider.identifiers)
    return name, props


def _saml(definition: AuthDefinition, provider: SamlProvider) -> tuple[str, dict[str, Any]]:
    key = "MetadataURL" if provider.metadata_type == "URL" else "MetadataFile"
    details = {key: provider.metadata_content}
    if provider.idp_signout is not None:
        details["IDPSignout"] = "true" if provider.idp_signout else "false"
    props: dict[str, Any] = {
        "ProviderType": "SAML",
        "ProviderDetails": details,
        "AttributeMapping": _mapping(definition, provider.attribute_mapping, None),
    }
    if provider.identifiers:
        props["IdpIdentifiers"] = list(provider.identifiers)
    return provider.name or "SamlProvider", props


def identity_providers(definition: AuthDefinition) -> list[tuple[str, dict[str, Any]]]:
    """(provider name, props without the pool id) for every external provider, in a fixed order."""
    external = definition.external_providers
    if external is None:
        return []
    found: list[tuple[str, dict[str, Any]]] = []
    for kind, social in (
        ("Google", external.google),
        ("Facebook", external.facebook),
        ("LoginWithAmazon", external.login_with_amazon),
    ):
        if social is not None:
            found.append(_social(definition, kind, social))
    if external.sign_in_with_apple is not None:
        found.append(_apple(definition, external.sign_in_with_apple))
    for index, oidc in enumerate(external.oidc):
        found.append(_oidc(definition, oidc, index))
    if external.saml is not None:
        found.append(_saml(definition, external.saml))
    return found


def federation_resources(
    definition: AuthDefinition, identity: SandboxIdentity, user_pool: str
) -> list[DesiredResource]:
    """The identity providers and the domain; none without externalProviders."""
    external = definition.external_providers
    if external is None:
        return []
    resources = [
        DesiredResource(
            provider_logical_id(name),
            ResourceKind.USER_POOL_IDENTITY_PROVIDER,
            {"UserPoolId": Ref(user_pool, "id"), "ProviderName": name, **props},
        )
        for name, props in identity_providers(definition)
    ]
    resources.append(
        DesiredResource(
            DOMAIN,
            ResourceKind.USER_POOL_DOMAIN,
            {
                "UserPoolId": Ref(user_pool, "id"),
                "Domain": external.domain_prefix or identity.stable_hash20,
            },
        )
    )
    return resources


# What CDK's UserPoolClient sets when Amplify's construct passes only its OAUTH_FLOWS
# (authorization code, no implicit) and no external providers: CDK's default scopes in its order
# and its placeholder callback URL (aws-cdk-lib aws-cognito user-pool-client.ts constructor,
# configureOAuthScopes; auth-construct construct.ts setupExternalProviders).
NO_PROVIDER_OAUTH: dict[str, Any] = {
    "AllowedOAuthFlows": ["code"],
    "AllowedOAuthFlowsUserPoolClient": True,
    "AllowedOAuthScopes": ["profile", "phone", "email", "openid", "aws.cognito.signin.user.admin"],
    "CallbackURLs": ["https://example.com"],
}


def client_oauth(definition: AuthDefinition) -> dict[str, Any]:
    """The web client's OAuth settings; CDK's defaults without externalProviders."""
    external = definition.external_providers
    if external is None:
        return {key: list(v) if isinstance(v, list) else v for key, v in NO_PROVIDER_OAUTH.items()}
    providers: list[Any] = [
        Ref(provider_logical_id(name), "name") for name, _ in identity_providers(definition)
    ]
    return {
        "SupportedIdentityProviders": [*providers, "COGNITO"],
        "AllowedOAuthFlows": ["code"],
        "AllowedOAuthFlowsUserPoolClient": True,
        "AllowedOAuthScopes": list(oauth_scopes(external.scopes)),
        "CallbackURLs": list(external.callback_urls),
        "LogoutURLs": list(external.logout_urls),
    }


def login_providers(external: ExternalProviders | None) -> dict[str, Any]:
    """The identity pool's SupportedLoginProviders for the social providers."""
    if external is None:
        return {}
    found: dict[str, Any] = {}
    for kind, provider in (
        ("Google", external.google),
        ("Facebook", external.facebook),
        ("LoginWithAmazon", external.login_with_amazon),
        ("SignInWithApple", external.sign_in_with_apple),
    ):
        if provider is not None:
            found[_LOGIN_PROVIDER_KEYS[kind]] = value(provider.client_id)
    return found
