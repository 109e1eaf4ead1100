"""AuthOutputs the outputs tests render: one per kind of auth definition."""

from __future__ import annotations

from pathlib import Path

from amplify_sandbox.definition.model import (
    AppleProvider,
    AuthDefinition,
    CustomAttribute,
    EmailLogin,
    ExternalProviders,
    LoginWith,
    Multifactor,
    OidcProvider,
    PhoneLogin,
    SamlProvider,
    SecretRef,
    SocialProvider,
    StandardAttribute,
)
from amplify_sandbox.outputs.model import AuthOutputs

SOURCE = Path("amplify/auth/resource.ts")
REGION = "eu-west-1"
POOL_ID = "eu-west-1_AbCdEf123"
CLIENT_ID = "3n4b5urk1ft4fl3mg5e62d9ado"
IDENTITY_POOL_ID = "eu-west-1:7f6d7a1c-2f3e-4b5a-9c8d-0e1f2a3b4c5d"
LOCAL_ENDPOINT = "http://127.0.0.1:4566"
OAUTH_DOMAIN = "3f04a409f992df35e605.auth.eu-west-1.amazoncognito.com"
CALLBACK_URLS = ("http://localhost:3000/", "https://app.example.com/")
LOGOUT_URLS = ("http://localhost:3000/signed-out", "https://app.example.com/signed-out")


def _outputs(
    definition: AuthDefinition,
    local_endpoint: str | None = None,
    oauth_domain: str | None = None,
) -> AuthOutputs:
    return AuthOutputs(
        region=REGION,
        user_pool_id=POOL_ID,
        user_pool_client_id=CLIENT_ID,
        identity_pool_id=IDENTITY_POOL_ID,
        definition=definition,
        local_endpoint=local_endpoint,
        oauth_domain=oauth_domain,
    )


def external_outputs(external: ExternalProviders) -> AuthOutputs:
    """Email login with `external`, on a pool with the (sandbox-style) Cognito domain."""
    return _outputs(
        AuthDefinition(
            source=SOURCE, login_with=LoginWith(email=EmailLogin()), external_providers=external
        ),
        oauth_domain=OAUTH_DOMAIN,
    )


def email_only() -> AuthOutputs:
    return _outputs(AuthDefinition(source=SOURCE, login_with=LoginWith(email=EmailLogin())))


def phone_only() -> AuthOutputs:
    return _outputs(AuthDefinition(source=SOURCE, login_with=LoginWith(phone=PhoneLogin())))


def full() -> AuthOutputs:
    """Email + phone, optional SMS + TOTP MFA, groups, required and custom attributes."""
    return _outputs(
        AuthDefinition(
            source=SOURCE,
            login_with=LoginWith(email=EmailLogin(), phone=PhoneLogin()),
            user_attributes=(
                StandardAttribute("given_name", required=True),
                StandardAttribute("nickname", required=False),
                StandardAttribute("birthdate", required=True, mutable=False),
            ),
            custom_attributes=(
                CustomAttribute("tenant", data_type="String", max_len=64),
                CustomAttribute("score", data_type="Number", min=0, max=100),
            ),
            multifactor=Multifactor(mode="OPTIONAL", sms=True, totp=True),
            groups=("ADMINS", "EDITORS", "READERS"),
        )
    )


def local() -> AuthOutputs:
    return _outputs(
        AuthDefinition(source=SOURCE, login_with=LoginWith(email=EmailLogin())),
        local_endpoint=LOCAL_ENDPOINT,
    )


def _social(name: str) -> SocialProvider:
    return SocialProvider(client_id=f"{name}-client", client_secret=SecretRef(f"{name}_SECRET"))


def every_provider() -> AuthOutputs:
    """All four social providers plus OIDC and SAML, given in an order unlike Amplify's."""
    return external_outputs(
        ExternalProviders(
            saml=SamlProvider(
                name="Okta", metadata_content="https://okta.example.com/md", metadata_type="URL"
            ),
            oidc=(
                OidcProvider(
                    client_id="oidc-client",
                    client_secret=SecretRef("OIDC_SECRET"),
                    issuer_url="https://login.example.com",
                    name="Corp",
                ),
            ),
            sign_in_with_apple=AppleProvider(
                client_id="apple-client",
                team_id="TEAM",
                key_id="KEY",
                private_key=SecretRef("APPLE_KEY"),
            ),
            login_with_amazon=_social("amazon"),
            facebook=_social("facebook"),
            google=_social("google"),
            callback_urls=CALLBACK_URLS,
            logout_urls=LOGOUT_URLS,
        )
    )


def urls_only() -> AuthOutputs:
    """Callback and logout URLs with no identity provider (hosted UI with Cognito only)."""
    return external_outputs(ExternalProviders(callback_urls=CALLBACK_URLS, logout_urls=LOGOUT_URLS))


CASES = {
    "email_only": email_only,
    "phone_only": phone_only,
    "full": full,
    "local": local,
    "every_provider": every_provider,
    "urls_only": urls_only,
}
