"""Valid resource.ts / resource.py files load into the expected AuthDefinition."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from amplify_sandbox.definition import load_definition
from amplify_sandbox.definition.model import (
    AccessGrant,
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
    PhoneLogin,
    SamlProvider,
    SecretRef,
    SocialProvider,
    StandardAttribute,
    Trigger,
    WebAuthn,
)
from amplify_sandbox.errors import DefinitionError
from tests.definition.conftest import fixture_names, resource_suffix

VALID = Path(__file__).parent / "fixtures" / "valid"
ProjectFactory = Callable[[Path], Path]
ANY_SOURCE = Path("resource")
EMAIL = LoginWith(email=EmailLogin())
RESOURCE_TS = "amplify/auth/resource.ts"
RESOURCE_PY = "amplify/auth/resource.py"
LOCALHOST = ("http://localhost:3000/",)


def _defn(**fields: object) -> AuthDefinition:
    fields.setdefault("login_with", EMAIL)
    return AuthDefinition(source=ANY_SOURCE, **fields)  # type: ignore[arg-type]


def _fn(kind: str, name: str, module: str, where: str) -> FunctionRef:
    return FunctionRef(kind=kind, name=name, module=module, where=where)  # type: ignore[arg-type]


def _ts(name: str, where: str, kind: str = "local") -> FunctionRef:
    """A function defined in resource.ts itself, referenced at line:col."""
    return _fn(kind, name, RESOURCE_TS, f"{RESOURCE_TS}:{where}")


def _imp(name: str, module: str, where: str | None) -> FunctionRef:
    """A function imported into resource.ts, referenced at line:col."""
    return _fn("import", name, module, f"{RESOURCE_TS}:{where}")


def _social(prefix: str, **fields: object) -> SocialProvider:
    return SocialProvider(
        SecretRef(f"{prefix}_CLIENT_ID"),
        SecretRef(f"{prefix}_CLIENT_SECRET"),
        **fields,  # type: ignore[arg-type]
    )


def _external(**fields: object) -> ExternalProviders:
    fields.setdefault("callback_urls", LOCALHOST)
    fields.setdefault("logout_urls", LOCALHOST)
    return ExternalProviders(**fields)  # type: ignore[arg-type]


POST_CONFIRMATION_TS = "amplify/functions/post-confirmation/resource.ts"
EVERYTHING = _defn(
    name="everythingAuth",
    login_with=LoginWith(
        email=EmailLogin(
            verification_email_subject="Welcome to Everything",
            verification_email_body="Your verification code is {####}",
            invitation_email_subject="You are invited to Everything",
            invitation_email_body="Hello {username}, your temporary password is {####}",
            invitation_sms_message="Hello {username}, your temporary password is {####}",
        ),
        phone=PhoneLogin(verification_message="Your Everything code is {####}"),
    ),
    external_providers=ExternalProviders(
        google=_social(
            "GOOGLE",
            scopes=("email", "profile", "openid"),
            attribute_mapping=(
                ("email", "email"),
                ("given_name", "given_name"),
                ("family_name", "family_name"),
            ),
        ),
        facebook=_social(
            "FACEBOOK",
            scopes=("public_profile", "email"),
            attribute_mapping=(("email", "email"), ("name", "name")),
        ),
        login_with_amazon=_social(
            "LOGINWITHAMAZON", scopes=("profile",), attribute_mapping=(("email", "email"),)
        ),
        sign_in_with_apple=AppleProvider(
            client_id=SecretRef("SIWA_CLIENT_ID"),
            team_id=SecretRef("SIWA_TEAM_ID"),
            key_id=SecretRef("SIWA_KEY_ID"),
            private_key=SecretRef("SIWA_PRIVATE_KEY"),
            scopes=("email", "name"),
            attribute_mapping=(("email", "email"),),
        ),
        oidc=(
            OidcProvider(
                name="MicrosoftEntraID",
                client_id=SecretRef("MICROSOFT_ENTRA_ID_CLIENT_ID"),
                client_secret=SecretRef("MICROSOFT_ENTRA_ID_CLIENT_SECRET"),
                issuer_url="https://login.microsoftonline.com/common/v2.0",
                scopes=("openid", "email", "profile"),
                attribute_mapping=(("email", "email"),),
            ),
            OidcProvider(
                name="Auth0",
                client_id=SecretRef("AUTH0_CLIENT_ID"),
                client_secret=SecretRef("AUTH0_CLIENT_SECRET"),
                issuer_url="https://everything.us.auth0.com",
                attribute_request_method="POST",
                endpoints=(
                    ("authorization", "https://everything.us.auth0.com/authorize"),
                    ("token", "https://everything.us.auth0.com/oauth/token"),
                    ("userInfo", "https://everything.us.auth0.com/userinfo"),
                    ("jwksUri", "https://everything.us.auth0.com/.well-known/jwks.json"),
                ),
            ),
        ),
        saml=SamlProvider(
            name="OktaSAML",
            metadata_content="https://everything.okta.com/app/exk1/sso/saml/metadata",
            metadata_type="URL",
            attribute_mapping=(
                ("email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"),
            ),
        ),
        scopes=("PHONE", "EMAIL", "OPENID", "PROFILE", "COGNITO_ADMIN"),
        callback_urls=("http://localhost:3000/", "everything://callback/"),
        logout_urls=("http://localhost:3000/signed-out", "everything://signout/"),
    ),
    user_attributes=(
        StandardAttribute("email", required=True),
        StandardAttribute("given_name"),
        StandardAttribute("family_name"),
        StandardAttribute("birthdate"),
        StandardAttribute("picture"),
    ),
    custom_attributes=(
        CustomAttribute("displayName", "String", min_len=1, max_len=64),
        CustomAttribute("loyaltyPoints", "Number", min=0, max=100000),
        CustomAttribute("newsletter", "Boolean"),
        CustomAttribute("memberSince", "DateTime", mutable=False),
    ),
    multifactor=Multifactor(
        mode="OPTIONAL",
        sms=True,
        sms_message="Your Everything sign-in code is {####}",
        totp=True,
        email=True,
    ),
    account_recovery="EMAIL_ONLY",
    groups=("ADMINS", "EDITORS", "READERS"),
    email_sender=EmailSender(
        from_email="no-reply@everything.example.com",
        from_name="Everything",
        reply_to="support@everything.example.com",
    ),
    triggers=(
        Trigger("postConfirmation", _imp("post-confirmation", POST_CONFIRMATION_TS, "120:5")),
        Trigger(
            "preSignUp",
            _imp("pre-sign-up", "amplify/functions/pre-sign-up/resource.ts", "121:5"),
        ),
    ),
    access=(
        AccessGrant(_imp("post-confirmation", POST_CONFIRMATION_TS, "124:20"), ("addUserToGroup",)),
        AccessGrant(
            _imp("user-admin", "amplify/functions/user-admin/resource.ts", "125:20"),
            ("manageUsers", "manageGroupMembership", "listUsers"),
        ),
    ),
)


# fixture name -> (env, expected definition)
CASES: dict[str, tuple[dict[str, str], AuthDefinition]] = {
    "seed.ts": ({}, _defn()),
    "email_code.ts": (
        {},
        _defn(
            login_with=LoginWith(
                email=EmailLogin(
                    verification_email_style="CODE",
                    verification_email_subject="Welcome to the app!",
                    verification_email_body="Use this code to confirm your account: {####}",
                    invitation_email_subject="You're invited",
                    invitation_email_body=("Welcome {username}! Your temporary password is {####}"),
                    invitation_sms_message="Hi {username}, code {####}",
                )
            )
        ),
    ),
    "email_link_method.ts": (
        {},
        _defn(
            login_with=LoginWith(
                email=EmailLogin(
                    verification_email_style="LINK",
                    verification_email_subject="Verify your email",
                    verification_email_body="Thanks for signing up. {##Click here##} to verify.",
                )
            )
        ),
    ),
    "passwordless.ts": (
        {},
        _defn(
            login_with=LoginWith(
                email=EmailLogin(otp_login=True),
                phone=PhoneLogin(otp_login=True),
                web_authn=WebAuthn(relying_party_id="AUTO", user_verification="required"),
            ),
            preferred_challenge="WEB_AUTHN",
        ),
    ),
    "webauthn_true.ts": (
        {},
        _defn(login_with=LoginWith(email=EmailLogin(), web_authn=WebAuthn())),
    ),
    "phone.ts": (
        {},
        _defn(
            login_with=LoginWith(phone=PhoneLogin(verification_message="Your code is {####}")),
            account_recovery="PHONE_ONLY_WITHOUT_MFA",
        ),
    ),
    "attributes.ts": (
        {},
        _defn(
            user_attributes=(
                StandardAttribute("given_name", required=True, mutable=True),
                StandardAttribute("family_name", required=False),
                StandardAttribute("name", mutable=False),
                StandardAttribute("picture"),
                StandardAttribute("zoneinfo", required=True),
            ),
            custom_attributes=(
                CustomAttribute("plan", data_type="String", min_len=1, max_len=32),
                CustomAttribute("score", data_type="Number", min=0, max=100),
                CustomAttribute("active", data_type="Boolean"),
            ),
            groups=("ADMINS", "EDITORS", "VIEWERS"),
        ),
    ),
    "mfa.ts": (
        {},
        _defn(
            login_with=LoginWith(email=EmailLogin(), phone=PhoneLogin()),
            multifactor=Multifactor(
                mode="REQUIRED", sms=True, sms_message="MFA code: {####}", totp=True
            ),
            account_recovery="EMAIL_AND_PHONE_WITHOUT_MFA",
        ),
    ),
    "typed_default_export.ts": ({}, _defn()),
    "consts_and_templates.ts": (
        {},
        _defn(
            name="Café ☕Auth",
            login_with=LoginWith(
                email=EmailLogin(
                    verification_email_subject='It\'s "${APP}"\tverified é',
                    verification_email_body="Bienvenue à Café ☕: {####}",
                )
            ),
            user_attributes=(StandardAttribute("given_name", required=True),),
            groups=("ADMINS", "USERS"),
        ),
    ),
    "env.ts": (
        {"AWS_BRANCH": "main"},
        _defn(name="prodAuth", groups=("ADMINS",), env_vars_read=("AUTH_NAME", "AWS_BRANCH")),
    ),
    "namespace_import.ts": ({}, _defn(account_recovery="EMAIL_ONLY")),
    "helper.ts": (
        {},
        _defn(
            login_with=LoginWith(
                email=EmailLogin(
                    verification_email_subject="Welcome to Demo",
                    verification_email_body="<p>Your code: <b>{####}</b></p>",
                )
            ),
            multifactor=Multifactor(
                mode="OPTIONAL", sms=True, sms_message="SMS {####}", email=True
            ),
        ),
    ),
    "seed.py": ({}, _defn()),
    "full.py": (
        {"AUTH_NAME": "fromEnv"},
        _defn(
            login_with=LoginWith(
                email=EmailLogin(
                    verification_email_subject="Welcome",
                    verification_email_body="Code: {####}",
                    invitation_email_subject="Invited",
                    invitation_email_body="Hi {username}, {####}",
                ),
                phone=PhoneLogin(verification_message="SMS {####}"),
            ),
            user_attributes=(StandardAttribute("given_name", required=True),),
            custom_attributes=(CustomAttribute("tier", data_type="Number", min=1, max=3),),
            multifactor=Multifactor(mode="OPTIONAL", sms=True, totp=True),
            account_recovery="EMAIL_ONLY",
            groups=("ADMINS", "USERS"),
            name="fromEnv",
            env_vars_read=("AUTH_NAME",),
        ),
    ),
    "single_unnamed.py": ({}, _defn(login_with=LoginWith(phone=PhoneLogin()))),
    # -- externalProviders --------------------------------------------------------------------
    "google.ts": ({}, _defn(external_providers=_external(google=_social("GOOGLE")))),
    "social_providers.ts": (
        {},
        _defn(
            external_providers=ExternalProviders(
                google=_social(
                    "GOOGLE",
                    scopes=("email", "profile", "openid"),
                    attribute_mapping=(
                        ("email", "email"),
                        ("given_name", "given_name"),
                        ("family_name", "family_name"),
                        ("picture", "picture"),
                        ("custom:googleId", "sub"),
                        ("email_verified", "email_verified"),
                    ),
                ),
                facebook=_social(
                    "FACEBOOK",
                    scopes=("public_profile", "email"),
                    attribute_mapping=(("name", "name"), ("custom:fbid", "id")),
                ),
                login_with_amazon=_social("LOGINWITHAMAZON"),
                sign_in_with_apple=AppleProvider(
                    client_id=SecretRef("SIWA_CLIENT_ID"),
                    team_id=SecretRef("SIWA_TEAM_ID"),
                    key_id=SecretRef("SIWA_KEY_ID"),
                    private_key=SecretRef("SIWA_PRIVATE_KEY"),
                    scopes=("name", "email"),
                    attribute_mapping=(("email", "email"), ("name", "name")),
                ),
                scopes=("EMAIL", "OPENID", "PROFILE"),
                domain_prefix="my-app-auth",
                callback_urls=(
                    "http://localhost:3000/profile",
                    "myapp://callback/",
                    "exp://127.0.0.1:19000/",
                ),
                logout_urls=("http://localhost:3000/", "myapp://signout/"),
            )
        ),
    ),
    "oidc_two.ts": (
        {},
        _defn(
            external_providers=_external(
                oidc=(
                    OidcProvider(
                        name="MicrosoftEntraID",
                        client_id=SecretRef("MICROSOFT_ENTRA_ID_CLIENT_ID"),
                        client_secret=SecretRef("MICROSOFT_ENTRA_ID_CLIENT_SECRET"),
                        issuer_url="https://login.microsoftonline.com/"
                        "00000000-0000-0000-0000-000000000000/v2.0",
                        scopes=("openid", "profile", "email"),
                        attribute_mapping=(
                            ("email", "email"),
                            ("preferred_username", "preferred_username"),
                        ),
                    ),
                    OidcProvider(
                        name="Auth0",
                        client_id=SecretRef("AUTH0_CLIENT_ID"),
                        client_secret=SecretRef("AUTH0_CLIENT_SECRET"),
                        issuer_url="https://example.us.auth0.com",
                        attribute_request_method="POST",
                        endpoints=(
                            ("authorization", "https://example.us.auth0.com/authorize"),
                            ("token", "https://example.us.auth0.com/oauth/token"),
                            ("userInfo", "https://example.us.auth0.com/userinfo"),
                            ("jwksUri", "https://example.us.auth0.com/.well-known/jwks.json"),
                        ),
                    ),
                )
            )
        ),
    ),
    # A module-level `if (...) { throw ... }` whose condition is false lets the load go on.
    "module_throw_not_taken.ts": ({}, _defn(name="auth-dev", env_vars_read=("STAGE",))),
    "saml.ts": (
        {},
        _defn(
            external_providers=ExternalProviders(
                saml=SamlProvider(
                    name="OktaSAML",
                    metadata_content="https://example.okta.com/app/abc123/sso/saml/metadata",
                    metadata_type="URL",
                    attribute_mapping=(
                        (
                            "email",
                            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
                        ),
                    ),
                ),
                callback_urls=("https://app.example.com/",),
                logout_urls=("https://app.example.com/signed-out",),
            )
        ),
    ),
    # CDK's attribute mapping keys (emailVerified) and the provider options Amplify passes on.
    "provider_options.ts": (
        {},
        _defn(
            external_providers=_external(
                google=_social(
                    "GOOGLE",
                    attribute_mapping=(("email", "email"), ("email_verified", "email_verified")),
                ),
                facebook=_social("FACEBOOK", api_version="v17.0"),
                oidc=(
                    OidcProvider(
                        SecretRef("OIDC_CLIENT_ID"),
                        SecretRef("OIDC_CLIENT_SECRET"),
                        "https://login.example.com",
                        name="Tenant",
                        identifiers=("example.com", "example.org"),
                    ),
                ),
                saml=SamlProvider(
                    name="OktaSAML",
                    metadata_content="https://example.okta.com/app/abc123/sso/saml/metadata",
                    metadata_type="URL",
                    identifiers=("okta",),
                    idp_signout=True,
                ),
            )
        ),
    ),
    "secrets_forms.ts": (
        {},
        _defn(external_providers=_external(google=_social("GOOGLE"), facebook=_social("FACEBOOK"))),
    ),
    "computed_urls.ts": (
        {},
        _defn(
            external_providers=_external(
                google=_social("GOOGLE"),
                callback_urls=(
                    "http://localhost:3000/",
                    "http://localhost:5173/",
                    "exp://127.0.0.1:19000/--/",
                ),
                logout_urls=(
                    "http://localhost:3000/logout",
                    "http://localhost:5173/",
                    "exp://127.0.0.1:19000/--/",
                ),
            ),
            env_vars_read=("APP_URL", "AWS_BRANCH"),
        ),
    ),
    "computed_urls.ts@prod": (
        {"AWS_BRANCH": "main", "APP_URL": "https://shop.example.com"},
        _defn(
            external_providers=_external(
                google=_social("GOOGLE"),
                callback_urls=("https://shop.example.com/",),
                logout_urls=("https://shop.example.com/logout",),
                domain_prefix="shop-prod",
            ),
            env_vars_read=("APP_URL", "AWS_BRANCH"),
        ),
    ),
    "warnings.ts": (
        {},
        _defn(
            name="auth-undefined",
            groups=("EDITORS",),
            external_providers=_external(
                google=SocialProvider(
                    SecretRef("123456789-abcdefg.apps.googleusercontent.com"),
                    "GOCSPX-literal-in-source",
                )
            ),
            env_vars_read=("STAGE",),
            warnings=(
                f"{RESOURCE_TS}:8:19: the secret name looks like a credential itself; secret() "
                "takes the NAME of a sandbox secret (set its value with `sandbox secret set NAME`)",
                f"{RESOURCE_TS}:15:17: `${{process.env.STAGE}}` is undefined; the text says "
                '"undefined" there',
                f"{RESOURCE_TS}:9:23: loginWith.externalProviders.google.clientSecret is a literal; "
                "Amplify takes secret('NAME') here, so the value is not written in the source",
            ),
        ),
    ),
    # -- triggers, access, senders ------------------------------------------------------------
    "triggers_local.ts": (
        {},
        _defn(
            triggers=(
                Trigger("preSignUp", _ts("pre-sign-up", "13:5")),
                Trigger("preTokenGeneration", _ts("token-hook", "14:25")),
            )
        ),
    ),
    "triggers_inline.ts": (
        {},
        _defn(
            triggers=(
                Trigger("customMessage", _ts("custom-message", "7:20", "inline")),
                # No name or entry: Amplify names it after the directory of the call.
                Trigger("userMigration", _ts("auth", "8:20", "inline")),
            )
        ),
    ),
    "triggers_import.ts": (
        {},
        _defn(
            groups=("ADMINS",),
            triggers=(
                Trigger(
                    "postConfirmation", _imp("post-confirmation", POST_CONFIRMATION_TS, "10:5")
                ),
                Trigger(
                    "preSignUp",
                    _imp("pre-sign-up", "amplify/auth/pre-sign-up/resource.ts", "11:16"),
                ),
                Trigger(
                    "defineAuthChallenge",
                    _imp("define-challenge", "amplify/functions/challenges/define.ts", "12:26"),
                ),
                Trigger(
                    "createAuthChallenge",
                    _imp(
                        "create-challenge",
                        "amplify/functions/challenges/create-and-verify.ts",
                        "13:26",
                    ),
                ),
                Trigger(
                    "verifyAuthChallengeResponse",
                    _imp(
                        "verify-challenge",
                        "amplify/functions/challenges/create-and-verify.ts",
                        "14:34",
                    ),
                ),
            ),
            access=(
                AccessGrant(
                    _imp("post-confirmation", POST_CONFIRMATION_TS, "16:38"), ("addUserToGroup",)
                ),
            ),
        ),
    ),
    "tsconfig_alias.ts": (
        {},
        _defn(
            name="ShopAuth",
            external_providers=_external(
                callback_urls=("http://localhost:5173/",), logout_urls=("http://localhost:5173/",)
            ),
            triggers=(
                Trigger(
                    "postConfirmation", _imp("post-confirmation", POST_CONFIRMATION_TS, "11:15")
                ),
            ),
        ),
    ),
    "access.ts": (
        {},
        _defn(
            groups=("ADMINS", "EDITORS"),
            access=(
                AccessGrant(
                    _ts("group-manager", "12:22"), ("manageGroups", "manageGroupMembership")
                ),
                AccessGrant(
                    _imp("admin-api", "amplify/auth/admin-api/resource.ts", "13:22"),
                    ("manageUsers", "listUsers", "getUser", "listUsersInGroup"),
                ),
                AccessGrant(
                    _imp("admin-api", "amplify/auth/admin-api/resource.ts", "14:22"),
                    ("managePasswordRecovery",),
                ),
            ),
        ),
    ),
    # access is evaluated like any other function: helpers, spreads and map work.
    "access_evaluated.ts": (
        {},
        _defn(
            access=(
                AccessGrant(_ts("reader", "10:20"), ("getUser", "listUsers")),
                AccessGrant(_ts("writer", "11:9"), ("manageUsers",)),
            ),
        ),
    ),
    "senders.ts": (
        {},
        _defn(
            email_sender=EmailSender(
                "registrations@example.com", from_name="My App", reply_to="support@example.com"
            )
        ),
    ),
    # -- evaluation forms ---------------------------------------------------------------------
    "statement_helper.ts": (
        {},
        _defn(
            name="sandboxAuth",
            external_providers=_external(
                callback_urls=("http://localhost:3000/", "https://app.example.com/"),
                logout_urls=(
                    "http://localhost:3000/signed-out",
                    "https://app.example.com/signed-out",
                ),
            ),
            groups=("ADMINS", "EDITORS"),
            env_vars_read=("AWS_BRANCH", "CALLBACK_URLS", "USER"),
        ),
    ),
    "statement_helper.ts@branch": (
        {"AWS_BRANCH": "feature/login", "CALLBACK_URLS": "https://a.example.com/,,"},
        _defn(
            name="feature-loginAuth",
            external_providers=_external(
                callback_urls=("https://a.example.com/",),
                logout_urls=("https://a.example.com/signed-out",),
            ),
            groups=("ADMINS", "EDITORS"),
            env_vars_read=("AWS_BRANCH", "CALLBACK_URLS"),
        ),
    ),
    "imported_consts.ts": (
        {},
        _defn(
            name="store-dev",
            login_with=LoginWith(
                email=EmailLogin(
                    verification_email_subject="Welcome to store-dev!",
                    verification_email_body="<h1>Your code</h1><p>{####}</p>",
                )
            ),
            external_providers=_external(
                callback_urls=("http://localhost:3000/",),
                logout_urls=("http://localhost:3000/bye",),
            ),
            groups=("ADMINS", "DEV_USERS"),
            env_vars_read=("APP_URL", "STAGE"),
        ),
    ),
    "operators.ts": (
        {},
        _defn(
            multifactor=Multifactor(mode="OPTIONAL", totp=True),
            account_recovery="EMAIL_ONLY",
            groups=("ADMINS",),
            env_vars_read=("ENABLE_PHONE", "EXTRA_GROUP"),
        ),
    ),
    "operators.ts@phone": (
        {"ENABLE_PHONE": "1", "EXTRA_GROUP": "OPS"},
        _defn(
            login_with=LoginWith(email=EmailLogin(), phone=PhoneLogin()),
            multifactor=Multifactor(mode="OPTIONAL", totp=True, sms=True),
            account_recovery="EMAIL_ONLY",
            groups=("OPS", "ADMINS"),
            env_vars_read=("ENABLE_PHONE", "EXTRA_GROUP"),
        ),
    ),
    "mfa_all.ts": (
        {},
        _defn(
            login_with=LoginWith(email=EmailLogin(), phone=PhoneLogin()),
            multifactor=Multifactor(mode="OPTIONAL", sms=True, totp=True, email=True),
        ),
    ),
    "custom_attributes.ts": (
        {},
        _defn(
            user_attributes=tuple(
                StandardAttribute(name)
                for name in (
                    "address",
                    "birthdate",
                    "gender",
                    "locale",
                    "middle_name",
                    "nickname",
                    "phone_number",
                    "preferred_username",
                    "profile",
                    "updated_at",
                    "website",
                )
            ),
            custom_attributes=(
                CustomAttribute("displayName", "String", max_len=64),
                CustomAttribute("age", "Number", min=13),
                CustomAttribute("newsletter", "Boolean", mutable=False),
                CustomAttribute("joinedAt", "DateTime"),
            ),
        ),
    ),
    "message_forms.ts": (
        {},
        _defn(
            login_with=LoginWith(
                email=EmailLogin(
                    # A plain string: `${user()}` inside quotes stays literal.
                    verification_email_subject="Hi ${user()}",
                    verification_email_body="Code: {####}",
                    invitation_email_subject="Join us",
                    invitation_email_body="User {username}, temporary password {####}",
                    invitation_sms_message="Hello {username}: {####}",
                ),
                phone=PhoneLogin(verification_message="SMS code {####}"),
            ),
            multifactor=Multifactor(
                mode="REQUIRED", sms=True, sms_message="{####} is your MFA code"
            ),
            account_recovery="PHONE_WITHOUT_MFA_AND_EMAIL",
        ),
    ),
    "export_default_name.ts": (
        {},
        _defn(
            name="NotesAuth",
            login_with=LoginWith(phone=PhoneLogin()),
            account_recovery="PHONE_ONLY_WITHOUT_MFA",
        ),
    ),
    "destructuring.ts": (
        {},
        _defn(name="stable", groups=("OWNERS",), account_recovery="EMAIL_ONLY"),
    ),
    "lenient_unknown.ts": (
        {},
        _defn(
            user_attributes=(StandardAttribute("given_name"),),
            warnings=(
                f"{RESOURCE_TS}:7:3: authenticatorOptions: unknown option `authenticatorOptions` "
                "(expected one of: name, loginWith, userAttributes, multifactor, accountRecovery, "
                "groups, triggers, access, senders, passwordlessOptions); ignored",
                f"{RESOURCE_TS}:5:29: loginWith.username: unknown option `username` (expected one "
                "of: email, phone, externalProviders, webAuthn); ignored (login with a username is not "
                "supported by defineAuth; use email or phone (add `preferredUsername` to "
                "userAttributes to keep a username))",
                f"{RESOURCE_TS}:6:21: userAttributes.name: unknown user attribute `name`; ignored "
                "(use `fullname` for Cognito's `name` attribute)",
            ),
        ),
    ),
    # -- resource.py --------------------------------------------------------------------------
    "py_external.py": (
        {},
        _defn(
            external_providers=ExternalProviders(
                google=_social(
                    "GOOGLE",
                    scopes=("email", "openid"),
                    attribute_mapping=(("email", "email"), ("given_name", "given_name")),
                ),
                facebook=_social("FACEBOOK"),
                login_with_amazon=_social("AMAZON"),
                sign_in_with_apple=AppleProvider(
                    SecretRef("SIWA_CLIENT_ID"),
                    SecretRef("SIWA_TEAM_ID"),
                    SecretRef("SIWA_KEY_ID"),
                    SecretRef("SIWA_PRIVATE_KEY"),
                ),
                oidc=(
                    OidcProvider(
                        name="Entra",
                        client_id=SecretRef("ENTRA_CLIENT_ID"),
                        client_secret=SecretRef("ENTRA_CLIENT_SECRET"),
                        issuer_url="https://login.microsoftonline.com/common/v2.0",
                        attribute_request_method="GET",
                        attribute_mapping=(("custom:tenant", "tid"),),
                    ),
                    OidcProvider(
                        client_id=SecretRef("OKTA_CLIENT_ID"),
                        client_secret=SecretRef("OKTA_CLIENT_SECRET"),
                        issuer_url="https://example.okta.com",
                        endpoints=(
                            ("authorization", "https://example.okta.com/authorize"),
                            ("token", "https://example.okta.com/token"),
                            ("userInfo", "https://example.okta.com/userinfo"),
                            ("jwksUri", "https://example.okta.com/keys"),
                        ),
                    ),
                ),
                saml=SamlProvider(
                    name=None,
                    metadata_content="<xml>metadata</xml>",
                    metadata_type="FILE",
                    attribute_mapping=(("name", "name"),),
                ),
                scopes=("EMAIL", "OPENID"),
                callback_urls=LOCALHOST,
                logout_urls=LOCALHOST,
                domain_prefix="py-auth",
            )
        ),
    ),
    "py_functions.py": (
        {},
        _defn(
            groups=("ADMINS",),
            triggers=(
                Trigger(
                    "postConfirmation",
                    _fn("local", "post-confirmation", RESOURCE_PY, f"{RESOURCE_PY}:6:1"),
                ),
                Trigger(
                    "preSignUp", _fn("local", "pre_sign_up", RESOURCE_PY, f"{RESOURCE_PY}:7:1")
                ),
            ),
            access=(
                AccessGrant(
                    _fn("local", "post-confirmation", RESOURCE_PY, f"{RESOURCE_PY}:6:1"),
                    ("addUserToGroup",),
                ),
                AccessGrant(
                    # No name or entry: named after the directory of the calling file.
                    _fn("local", "auth", RESOURCE_PY, f"{RESOURCE_PY}:8:1"),
                    ("manageUsers", "listUsers"),
                ),
            ),
            email_sender=EmailSender("hello@example.com", from_name="Py App"),
        ),
    ),
    "py_everything.py": (
        {},
        _defn(
            name="devAuth",
            login_with=LoginWith(
                email=EmailLogin(
                    verification_email_style="LINK", verification_email_body="Click {##here##}"
                ),
                phone=PhoneLogin(),
            ),
            external_providers=ExternalProviders(
                google=_social("GOOGLE"),
                callback_urls=("https://dev.example.com/",),
                logout_urls=("https://dev.example.com/bye",),
            ),
            user_attributes=(StandardAttribute("family_name", required=True),),
            custom_attributes=(
                CustomAttribute("team", "String", max_len=20),
                CustomAttribute("seen", "DateTime"),
                CustomAttribute("vip", "Boolean"),
            ),
            multifactor=Multifactor(
                mode="REQUIRED", sms=True, sms_message="dev code {####}", totp=True, email=True
            ),
            account_recovery="PHONE_AND_EMAIL",
            groups=("ADMINS", "USERS"),
            triggers=(
                Trigger(
                    "userMigration",
                    _fn("local", "user-migration", RESOURCE_PY, f"{RESOURCE_PY}:9:1"),
                ),
            ),
            access=(
                AccessGrant(
                    _fn("local", "user-migration", RESOURCE_PY, f"{RESOURCE_PY}:9:1"),
                    ("getUser", "createUser"),
                ),
            ),
            email_sender=EmailSender("no-reply@example.com", reply_to="help@example.com"),
            env_vars_read=("STAGE",),
        ),
    ),
}


# -- resource.py mirrors of resource.ts fixtures: both loaders must agree -------------------
# Python fixture -> the .ts case whose expected definition (and environment) it shares.
PY_MIRRORS = {
    "py_email_code.py": "email_code.ts",
    "py_email_link_method.py": "email_link_method.ts",
    "py_phone.py": "phone.ts",
    "py_passwordless.py": "passwordless.ts",
    "py_attributes.py": "attributes.ts",
    "py_mfa.py": "mfa.ts",
    "py_mfa_all.py": "mfa_all.ts",
    "py_consts_and_templates.py": "consts_and_templates.ts",
    "py_env.py": "env.ts",
    "py_helper.py": "helper.ts",
    "py_google.py": "google.ts",
    "py_social_providers.py": "social_providers.ts",
    "py_oidc_two.py": "oidc_two.ts",
    "py_saml.py": "saml.ts",
    "py_provider_options.py": "provider_options.ts",
    "py_secrets_forms.py": "secrets_forms.ts",
    "py_computed_urls.py": "computed_urls.ts",
    "py_computed_urls.py@prod": "computed_urls.ts@prod",
    "py_message_forms.py": "message_forms.ts",
    "py_custom_attributes.py": "custom_attributes.ts",
    "py_senders.py": "senders.ts",
    "py_operators.py": "operators.ts",
    "py_operators.py@phone": "operators.ts@phone",
    "py_statement_helper.py": "statement_helper.ts",
    "py_statement_helper.py@branch": "statement_helper.ts@branch",
    "py_destructuring.py": "destructuring.ts",
    "py_imported_consts.py": "imported_consts.ts",
}
CASES.update({py: CASES[ts] for py, ts in PY_MIRRORS.items()})


def _py(name: str, line: int, module: str = RESOURCE_PY) -> FunctionRef:
    """A define_function(...) result made at `module`:line (resource.py unless named)."""
    return _fn("local", name, module, f"{module}:{line}:1")


def _py_warning(line: int, text: str) -> str:
    return f"{RESOURCE_PY}:{line}:1: {text}"


LITERAL_SECRET = 'is a literal; Amplify takes secret("NAME") here, so the value is not written'
GOOGLE_LITERAL = "login_with.external_providers.google"
CHALLENGE = _py("auth-challenge", 7)
DIRECTORY_NAMED = _py("auth", 8)  # define_function(): named after the calling file's directory
SIBLING_HOOK = _py("py_post_confirmation", 4, "amplify/auth/py_post_confirmation/resource.py")
ADMIN_API = _py("admin-api", 6)

CASES.update(
    {
        "py_env.py@dev": (
            {},
            _defn(
                name="devAuth",
                groups=("ADMINS", "TESTERS"),
                env_vars_read=("AUTH_NAME", "AWS_BRANCH"),
            ),
        ),
        "py_everything_example.py": (
            {},
            dataclasses.replace(
                EVERYTHING,
                triggers=(
                    Trigger("postConfirmation", _py("post-confirmation", 5)),
                    Trigger("preSignUp", _py("pre-sign-up", 6)),
                ),
                access=(
                    AccessGrant(_py("post-confirmation", 5), ("addUserToGroup",)),
                    AccessGrant(
                        _py("user-admin", 7), ("manageUsers", "manageGroupMembership", "listUsers")
                    ),
                ),
            ),
        ),
        "lenient_py_unknown.py": (
            {},
            _defn(
                user_attributes=(StandardAttribute("given_name"),),
                warnings=(
                    _py_warning(
                        5,
                        "authenticator_options: unknown option `authenticator_options` (expected "
                        "one of: name, login_with, user_attributes, multifactor, account_recovery, "
                        "groups, triggers, access, senders, passwordless_options, "
                        "pre_token_generation_version); ignored",
                    ),
                    _py_warning(
                        5,
                        "login_with.username: unknown option `username` (expected one of: email, "
                        "phone, external_providers, web_authn); ignored (login with a username is not "
                        "supported by defineAuth; use email or phone (add `preferredUsername` to "
                        "userAttributes to keep a username))",
                    ),
                    _py_warning(
                        5,
                        "user_attributes.name: unknown user attribute `name`; ignored (use "
                        "`fullname` for Cognito's `name` attribute)",
                    ),
                ),
            ),
        ),
        "py_triggers.py": (
            {},
            _defn(
                triggers=(
                    Trigger("createAuthChallenge", CHALLENGE),
                    Trigger("customMessage", _py("custom-message", 5)),
                    Trigger("defineAuthChallenge", CHALLENGE),
                    Trigger("postAuthentication", DIRECTORY_NAMED),
                    Trigger("postConfirmation", _py("post-confirmation", 17)),
                    Trigger("preAuthentication", DIRECTORY_NAMED),
                    # No name: the stem of `entry`, as the .ts loader resolves it.
                    Trigger("preSignUp", _py("handler", 6)),
                    # `name` wins over `entry`.
                    Trigger("preTokenGeneration", _py("token-hook", 20)),
                    Trigger("userMigration", DIRECTORY_NAMED),
                    Trigger("verifyAuthChallengeResponse", CHALLENGE),
                )
            ),
        ),
        "py_triggers_sibling.py": (
            {},
            _defn(
                triggers=(
                    Trigger("preSignUp", _py("pre-sign-up", 3, "amplify/auth/py_hooks.py")),
                    Trigger("postConfirmation", SIBLING_HOOK),
                ),
                access=(AccessGrant(SIBLING_HOOK, ("addUserToGroup",)),),
            ),
        ),
        "py_access.py": (
            {},
            _defn(
                groups=("ADMINS", "EDITORS"),
                access=(
                    AccessGrant(_py("group-manager", 5), ("manageGroups", "manageGroupMembership")),
                    AccessGrant(
                        ADMIN_API, ("manageUsers", "listUsers", "getUser", "listUsersInGroup")
                    ),
                    AccessGrant(ADMIN_API, ("managePasswordRecovery",)),
                ),
            ),
        ),
        "py_branch_config.py": (
            {},
            _defn(name="devAuth", groups=("ADMINS", "TESTERS"), env_vars_read=("AWS_BRANCH",)),
        ),
        "py_branch_config.py@main": (
            {"AWS_BRANCH": "main"},
            _defn(
                name="prodAuth",
                multifactor=Multifactor(mode="REQUIRED", totp=True),
                env_vars_read=("AWS_BRANCH",),
            ),
        ),
        "py_kwargs_unpacking.py": (
            {},
            _defn(name="mergedAuth", account_recovery="EMAIL_ONLY", groups=("ADMINS", "USERS")),
        ),
        "py_placeholder_as_string.py": (
            {},
            _defn(
                login_with=LoginWith(
                    email=EmailLogin(
                        verification_email_subject="Your code: {####}",
                        verification_email_body="Code {####}",
                        invitation_email_body="{username} / {####}",
                        invitation_sms_message="{username} {####}",
                    ),
                    phone=PhoneLogin(verification_message="{####}"),
                )
            ),
        ),
        "py_string_messages.py": (
            {},
            _defn(
                login_with=LoginWith(
                    email=EmailLogin(
                        verification_email_style="LINK",
                        verification_email_subject="Confirm",
                        verification_email_body="Please {##confirm your address##}.",
                        invitation_email_subject="Welcome aboard",
                        invitation_email_body="Sign in as {username} with {####}",
                        invitation_sms_message="{username}: {####}",
                    ),
                    phone=PhoneLogin(verification_message="Code {####}"),
                ),
                multifactor=Multifactor(mode="OPTIONAL", sms=True, sms_message="MFA {####}"),
            ),
        ),
        "py_oidc_three.py": (
            {},
            _defn(
                external_providers=_external(
                    oidc=(
                        OidcProvider(
                            SecretRef("OKTA_CLIENT_ID"),
                            SecretRef("OKTA_CLIENT_SECRET"),
                            "https://example.okta.com/oauth2/default",
                            name="Okta",
                            scopes=("openid",),
                        ),
                        OidcProvider(
                            SecretRef("KEYCLOAK_CLIENT_ID"),
                            SecretRef("KEYCLOAK_CLIENT_SECRET"),
                            "https://sso.example.com/realms/main",
                            name="Keycloak",
                            attribute_request_method="GET",
                            attribute_mapping=(("email", "email"), ("custom:roles", "roles")),
                        ),
                        OidcProvider(
                            SecretRef("GITLAB_CLIENT_ID"),
                            SecretRef("GITLAB_CLIENT_SECRET"),
                            "https://gitlab.com",
                            name="GitLab",
                            attribute_request_method="POST",
                        ),
                    ),
                    scopes=("OPENID", "EMAIL"),
                )
            ),
        ),
        "py_saml_file.py": (
            {},
            _defn(
                external_providers=ExternalProviders(
                    saml=SamlProvider(
                        name="AzureAD",
                        metadata_content='<EntityDescriptor entityID="https://sts.example.com/"/>',
                        metadata_type="FILE",
                        attribute_mapping=(("email", "email"), ("custom:department", "department")),
                    ),
                    callback_urls=("https://app.example.com/",),
                    logout_urls=("https://app.example.com/",),
                )
            ),
        ),
        "py_feature_flags.py": (
            {},
            _defn(
                multifactor=Multifactor(mode="OPTIONAL", totp=True),
                account_recovery="EMAIL_ONLY",
                env_vars_read=("MFA_SMS", "MFA_TOTP", "RECOVERY"),
            ),
        ),
        "py_feature_flags.py@set": (
            {"MFA_SMS": "", "MFA_TOTP": "0", "RECOVERY": "phone_and_email"},
            _defn(
                login_with=LoginWith(email=EmailLogin(), phone=PhoneLogin()),
                multifactor=Multifactor(mode="OPTIONAL", sms=True),
                account_recovery="PHONE_AND_EMAIL",
                env_vars_read=("MFA_SMS", "MFA_TOTP", "RECOVERY"),
            ),
        ),
        "py_comprehensions.py": (
            {},
            _defn(
                external_providers=_external(
                    callback_urls=("http://localhost:3000/", "http://localhost:5173/"),
                    logout_urls=("http://localhost:3000/bye", "http://localhost:5173/bye"),
                ),
                user_attributes=tuple(
                    StandardAttribute(name) for name in ("nickname", "locale", "website")
                ),
                groups=("ADMINS", "EDITORS", "VIEWERS"),
            ),
        ),
        "py_multifactor_off.py": ({}, _defn(account_recovery="NONE")),
        "py_phone_only_mfa.py": (
            {},
            _defn(
                login_with=LoginWith(phone=PhoneLogin()),
                multifactor=Multifactor(mode="REQUIRED", sms=True),
                account_recovery="PHONE_ONLY_WITHOUT_MFA",
            ),
        ),
        "py_tuples.py": (
            {},
            _defn(
                external_providers=_external(
                    facebook=_social("FACEBOOK", scopes=("email",)), scopes=("EMAIL", "PROFILE")
                ),
                groups=("ADMINS", "USERS"),
            ),
        ),
        "py_auth_picked.py": ({}, _defn(name="realAuth")),
        "py_main_guard.py": ({}, _defn(groups=("ADMINS",))),
        "py_literal_secrets.py": (
            {},
            _defn(
                external_providers=_external(
                    google=SocialProvider("my-google-id", "my-google-secret")
                ),
                warnings=(
                    _py_warning(5, f"{GOOGLE_LITERAL}.client_id {LITERAL_SECRET} in the source"),
                    _py_warning(
                        5, f"{GOOGLE_LITERAL}.client_secret {LITERAL_SECRET} in the source"
                    ),
                ),
            ),
        ),
        # BUG (fails today): resource.ts warns when a secret NAME looks like the credential
        # itself (warnings.ts); resource.py's secret() checks the characters only, so the same
        # mistake loads silently. Python warnings sit at the define_auth line.
        "py_secret_name_is_credential.py": (
            {},
            _defn(
                external_providers=_external(
                    google=SocialProvider(
                        SecretRef("123456789-abcdefg.apps.googleusercontent.com"),
                        SecretRef("GOOGLE_CLIENT_SECRET"),
                    )
                ),
                warnings=(
                    _py_warning(
                        5,
                        "the secret name looks like a credential itself; secret() takes the NAME "
                        "of a sandbox secret (set its value with `sandbox secret set NAME`)",
                    ),
                ),
            ),
        ),
    }
)


def _fixture(case: str) -> str:
    """`name@variant` cases load the same fixture with another environment."""
    return case.partition("@")[0]


def test_every_valid_fixture_has_a_case() -> None:
    assert fixture_names(VALID) == sorted({_fixture(case) for case in CASES})


def test_the_corpus_is_large_enough() -> None:
    # The fixtures plus examples/everything, checked by test_the_everything_example_loads_whole.
    assert len(fixture_names(VALID)) + 1 >= 40


def test_the_python_corpus_is_large_enough() -> None:
    python = [name for name in fixture_names(VALID) if resource_suffix(name) == ".py"]
    assert len(python) >= 40


@pytest.mark.parametrize("name", sorted(CASES))
def test_loads_expected_definition(name: str, make_project: ProjectFactory) -> None:
    env, expected = CASES[name]
    fixture = _fixture(name)
    project = make_project(VALID / fixture)
    # Files named lenient_* hold keys Amplify does not know; they load only with lenient=True.
    loaded = load_definition(project, env=env, lenient=fixture.startswith("lenient_"))
    assert loaded.source == project / "amplify" / "auth" / f"resource{Path(fixture).suffix}"
    assert dataclasses.replace(loaded, source=ANY_SOURCE) == expected


def test_lenient_fixtures_fail_without_lenient(make_project: ProjectFactory) -> None:
    for fixture in fixture_names(VALID):
        if fixture.startswith("lenient_"):
            project = make_project(VALID / fixture)
            with pytest.raises(DefinitionError, match="unknown option"):
                load_definition(project, env={})
            shutil.rmtree(project)  # the next one is made in the same place


def test_the_everything_example_loads_whole() -> None:
    # examples/everything is this corpus's "everything" fixture (kept in one place).
    example = Path(__file__).parents[2] / "examples" / "everything"
    loaded = load_definition(example, env={})
    assert dataclasses.replace(loaded, source=ANY_SOURCE) == EVERYTHING
    assert [secret.name for secret in loaded.secret_refs()] == sorted(
        f"{prefix}_{suffix}"
        for prefix, suffixes in (
            ("GOOGLE", ("CLIENT_ID", "CLIENT_SECRET")),
            ("FACEBOOK", ("CLIENT_ID", "CLIENT_SECRET")),
            ("LOGINWITHAMAZON", ("CLIENT_ID", "CLIENT_SECRET")),
            ("SIWA", ("CLIENT_ID", "TEAM_ID", "KEY_ID", "PRIVATE_KEY")),
            ("MICROSOFT_ENTRA_ID", ("CLIENT_ID", "CLIENT_SECRET")),
            ("AUTH0", ("CLIENT_ID", "CLIENT_SECRET")),
        )
        for suffix in suffixes
    )


def test_env_changes_the_result(make_project: ProjectFactory) -> None:
    project = make_project(VALID / "env.ts")
    loaded = load_definition(project, env={"AUTH_NAME": "custom"})
    assert loaded.name == "custom"
    assert loaded.groups == ("ADMINS", "TESTERS")


def test_env_defaults_to_the_process_environment(
    make_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTH_NAME", "fromProcess")
    project = make_project(VALID / "env.ts")
    assert load_definition(project).name == "fromProcess"
