"""External providers, the domain, MFA, attributes and the email sender, as they land in the
emulator; and a changed secret updating only the provider that uses it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import boto3
import pytest

from amplify_sandbox.aws.target import AwsTarget
from amplify_sandbox.definition.model import (
    AppleProvider,
    AuthDefinition,
    CustomAttribute,
    EmailLogin,
    EmailSender,
    ExternalProviders,
    FunctionRef,
    LoginWith,
    Multifactor,
    OidcProvider,
    SamlProvider,
    SecretRef,
    SocialProvider,
    StandardAttribute,
    Trigger,
)
from amplify_sandbox.deploy.events import SilentReporter
from amplify_sandbox.deploy.pipeline import OutputsOptions, deploy
from amplify_sandbox.deploy.planner import Action
from amplify_sandbox.errors import UsageError
from amplify_sandbox.identity import SandboxIdentity

IDENTITY = SandboxIdentity("everything-app", "fed")
SECRETS = {
    "GOOGLE_CLIENT_ID": "google-id-123",
    "GOOGLE_CLIENT_SECRET": "google-secret-456",
    "FACEBOOK_CLIENT_SECRET": "fb-secret",
    "APPLE_PRIVATE_KEY": "-----BEGIN PRIVATE KEY-----\nMIGTAgEA\n-----END PRIVATE KEY-----\n",
    "OIDC_SECRET": "oidc-secret",
}

EVERYTHING = AuthDefinition(
    source=Path("amplify/auth/resource.ts"),
    login_with=LoginWith(
        email=EmailLogin(
            verification_email_subject="Your code", verification_email_body="Code: {####}"
        )
    ),
    user_attributes=(
        StandardAttribute("given_name", required=True),
        StandardAttribute("birthdate", mutable=False),
    ),
    custom_attributes=(
        CustomAttribute("tier", "String", min_len=1, max_len=20),
        CustomAttribute("score", "Number", min=0, max=100),
        CustomAttribute("active", "Boolean"),
        CustomAttribute("joined", "DateTime", mutable=False),
    ),
    multifactor=Multifactor(mode="OPTIONAL", totp=True, email=True),
    groups=("ADMINS", "EDITORS"),
    external_providers=ExternalProviders(
        google=SocialProvider(
            SecretRef("GOOGLE_CLIENT_ID"),
            SecretRef("GOOGLE_CLIENT_SECRET"),
            scopes=("email", "profile"),
            attribute_mapping=(("given_name", "given_name"),),
        ),
        facebook=SocialProvider("fb-app-id", SecretRef("FACEBOOK_CLIENT_SECRET")),
        login_with_amazon=SocialProvider("amzn-id", "amzn-secret"),
        sign_in_with_apple=AppleProvider(
            "com.example.web", "TEAM123", "KEY123", SecretRef("APPLE_PRIVATE_KEY")
        ),
        oidc=(
            OidcProvider("oidc-a", SecretRef("OIDC_SECRET"), "https://a.example.com", "CorpA"),
            OidcProvider("oidc-b", "plain", "https://b.example.com", "CorpB", ("openid", "email")),
        ),
        saml=SamlProvider("Okta", "https://okta.example.com/metadata", "URL"),
        callback_urls=("http://localhost:5173/", "myapp://callback/"),
        logout_urls=("http://localhost:5173/",),
    ),
    email_sender=EmailSender("noreply@example.com", "Example", "help@example.com"),
    triggers=(Trigger("postConfirmation", FunctionRef("import", "postConfirmation")),),
)


def _source(values: Mapping[str, str]) -> Any:
    def find(names: Sequence[str]) -> Mapping[str, str]:
        return {name: values[name] for name in names if name in values}

    return find


def _idp(url: str) -> Any:
    return boto3.client(
        "cognito-idp",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def _deploy(target: AwsTarget, project: Path, values: Mapping[str, str], **kw: Any) -> Any:
    return deploy(
        kw.pop("definition", EVERYTHING),
        IDENTITY,
        target,
        SilentReporter(),
        OutputsOptions(project),
        secrets=_source(values),
        **kw,
    )


def test_everything_lands_as_amplify_would_create_it(
    tmp_path: Path, target: AwsTarget, emulator_url: str
) -> None:
    result = _deploy(target, tmp_path, SECRETS)
    ids = result.state.attributes()
    idp = _idp(emulator_url)
    pool_id = ids["userPool"]["id"]

    providers = {
        p["ProviderName"]: p["ProviderType"]
        for p in idp.list_identity_providers(UserPoolId=pool_id)["Providers"]
    }
    assert providers == {
        "Google": "Google",
        "Facebook": "Facebook",
        "LoginWithAmazon": "LoginWithAmazon",
        "SignInWithApple": "SignInWithApple",
        "CorpA": "OIDC",
        "CorpB": "OIDC",
        "Okta": "SAML",
    }
    google = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Google")[
        "IdentityProvider"
    ]
    assert google["ProviderDetails"]["client_id"] == "google-id-123"
    assert google["ProviderDetails"]["authorize_scopes"] == "email profile"
    assert google["AttributeMapping"] == {"email": "email", "given_name": "given_name"}
    apple = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="SignInWithApple")
    assert (
        apple["IdentityProvider"]["ProviderDetails"]["private_key"] == SECRETS["APPLE_PRIVATE_KEY"]
    )
    corp_a = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="CorpA")
    assert corp_a["IdentityProvider"]["ProviderDetails"]["oidc_issuer"] == "https://a.example.com"

    domain = idp.describe_user_pool_domain(Domain=IDENTITY.stable_hash20)["DomainDescription"]
    assert domain["UserPoolId"] == pool_id

    client = idp.describe_user_pool_client(
        UserPoolId=pool_id, ClientId=ids["userPoolWebClient"]["id"]
    )["UserPoolClient"]
    assert client["SupportedIdentityProviders"] == [
        "Google",
        "Facebook",
        "LoginWithAmazon",
        "SignInWithApple",
        "CorpA",
        "CorpB",
        "Okta",
        "COGNITO",
    ]
    assert client["AllowedOAuthFlows"] == ["code"]
    assert client["AllowedOAuthFlowsUserPoolClient"] is True
    assert client["CallbackURLs"] == ["http://localhost:5173/", "myapp://callback/"]
    assert client["LogoutURLs"] == ["http://localhost:5173/"]
    assert set(client["AllowedOAuthScopes"]) == {
        "phone",
        "email",
        "openid",
        "profile",
        "aws.cognito.signin.user.admin",
    }

    identity = boto3.client(
        "cognito-identity",
        endpoint_url=emulator_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    ).describe_identity_pool(IdentityPoolId=ids["identityPool"]["id"])
    assert identity["SupportedLoginProviders"] == {
        "accounts.google.com": "google-id-123",
        "graph.facebook.com": "fb-app-id",
        "www.amazon.com": "amzn-id",
        "appleid.apple.com": "com.example.web",
    }

    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["MfaConfiguration"] == "OPTIONAL"
    mfa = idp.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert mfa["SoftwareTokenMfaConfiguration"]["Enabled"] is True
    assert pool["EmailConfiguration"]["EmailSendingAccount"] == "DEVELOPER"
    assert pool["EmailConfiguration"]["SourceArn"] == (
        "arn:aws:ses:us-east-1:123456789012:identity/noreply@example.com"
    )
    assert pool["EmailConfiguration"]["From"] == "Example <noreply@example.com>"
    schema = {a["Name"]: a for a in pool["SchemaAttributes"]}
    assert schema["given_name"]["Required"] is True
    assert schema["birthdate"]["Mutable"] is False
    assert schema["custom:tier"]["StringAttributeConstraints"] == {
        "MinLength": "1",
        "MaxLength": "20",
    }
    assert schema["custom:score"]["NumberAttributeConstraints"] == {
        "MinValue": "0",
        "MaxValue": "100",
    }
    assert schema["custom:joined"]["Mutable"] is False
    assert pool["VerificationMessageTemplate"]["EmailMessage"] == "Code: {####}"

    outputs = json.loads(result.outputs_file.read_text())
    assert outputs["auth"]["groups"] == [
        {"ADMINS": {"precedence": 0}},
        {"EDITORS": {"precedence": 1}},
    ]
    assert outputs["auth"]["mfa_configuration"] == "OPTIONAL"
    # The pool's domain is the stable hash (DescribeUserPoolDomain above); a local sandbox's
    # outputs point Amplify JS at the emulator's hosted UI instead.
    port = emulator_url.rsplit(":", 1)[1]
    assert outputs["auth"]["oauth"]["domain"] == f"localhost:{port}"

    # No secret value is in the record: only digests.
    record = target.state_store(IDENTITY).load()
    assert record is not None
    for value in SECRETS.values():
        assert value not in record.to_json()


def test_a_changed_secret_updates_only_its_provider(tmp_path: Path, target: AwsTarget) -> None:
    _deploy(target, tmp_path, SECRETS)
    unchanged = _deploy(target, tmp_path, SECRETS)
    assert not unchanged.plan.has_changes
    rotated = _deploy(target, tmp_path, {**SECRETS, "GOOGLE_CLIENT_SECRET": "rotated"})
    changed = {c.logical_id: c.action for c in rotated.plan.changes if c.action is not Action.NOOP}
    assert changed == {"identityProviderGoogle": Action.UPDATE}
    (field,) = next(c for c in rotated.plan.changes if c.action is Action.UPDATE).fields
    assert field.name == "ProviderDetails"
    assert "rotated" not in json.dumps(field.new)


def test_missing_secrets_are_listed_before_any_change(
    tmp_path: Path, target: AwsTarget, emulator_url: str
) -> None:
    with pytest.raises(UsageError) as error:
        _deploy(target, tmp_path, {"GOOGLE_CLIENT_ID": "x"})
    message = error.value.message
    for name in (
        "GOOGLE_CLIENT_SECRET",
        "FACEBOOK_CLIENT_SECRET",
        "APPLE_PRIVATE_KEY",
        "OIDC_SECRET",
    ):
        assert name in message
        assert f"sandbox secret set {name}" in (error.value.hint or "")
    assert _idp(emulator_url).list_user_pools(MaxResults=10)["UserPools"] == []


def test_strict_no_longer_refuses_triggers(tmp_path: Path, target: AwsTarget) -> None:
    """Triggers are deployed now (issue 13; tests/aws/test_functions_emulator.py deploys them):
    --strict no longer refuses a definition with triggers, and nothing is warned."""
    warnings: list[str] = []

    class Recorder(SilentReporter):
        def warning(self, message: str) -> None:
            warnings.append(message)

    deploy(
        EVERYTHING,
        IDENTITY,
        target,
        Recorder(),
        OutputsOptions(tmp_path),
        secrets=_source(SECRETS),
        strict=True,
    )
    assert not any("not deployed" in w for w in warnings), warnings


def test_removing_a_provider_updates_the_client_before_deleting_it(
    tmp_path: Path, target: AwsTarget, emulator_url: str
) -> None:
    first = _deploy(target, tmp_path, SECRETS)
    assert first.plan.count(Action.CREATE) > 10
    external = EVERYTHING.external_providers
    assert external is not None
    fewer = replace(EVERYTHING, external_providers=replace(external, saml=None, oidc=()))
    result = _deploy(target, tmp_path, SECRETS, definition=fewer)
    changed = {c.logical_id: c.action for c in result.plan.changes if c.action is not Action.NOOP}
    assert changed == {
        "userPoolWebClient": Action.UPDATE,
        "identityProviderCorpA": Action.DELETE,
        "identityProviderCorpB": Action.DELETE,
        "identityProviderOkta": Action.DELETE,
    }
    pool_id = result.state.attributes()["userPool"]["id"]
    names = {
        p["ProviderName"]
        for p in _idp(emulator_url).list_identity_providers(UserPoolId=pool_id)["Providers"]
    }
    assert names == {"Google", "Facebook", "LoginWithAmazon", "SignInWithApple"}


def test_delete_without_a_record_removes_a_pool_with_a_domain(
    tmp_path: Path, target: AwsTarget, emulator_url: str
) -> None:
    from amplify_sandbox.deploy.pipeline import delete

    _deploy(target, tmp_path, SECRETS)
    target.state_store(IDENTITY).clear()
    delete(IDENTITY, target, SilentReporter(), tmp_path)
    idp = _idp(emulator_url)
    assert idp.list_user_pools(MaxResults=10)["UserPools"] == []
    domain = idp.describe_user_pool_domain(Domain=IDENTITY.stable_hash20)["DomainDescription"]
    assert not domain.get("UserPoolId")
