"""The typed auth definition: what `defineAuth({...})` / `define_auth(...)` says, nothing more.

Frozen dataclasses with Amplify's defaults filled in by the loaders. Cognito names and AWS
concerns live in `desired/`, not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from amplify_sandbox.functions.model import FunctionSpec

VerificationStyle = Literal["CODE", "LINK"]
MfaMode = Literal["OFF", "OPTIONAL", "REQUIRED"]
AccountRecovery = Literal[
    "EMAIL_ONLY",
    "PHONE_ONLY_WITHOUT_MFA",
    "PHONE_WITHOUT_MFA_AND_EMAIL",
    "EMAIL_AND_PHONE_WITHOUT_MFA",
    "PHONE_AND_EMAIL",
    "NONE",
]
CustomAttributeType = Literal["String", "Number", "Boolean", "DateTime"]


@dataclass(frozen=True)
class SecretRef:
    """`secret('NAME')`: resolved at deploy time, never stored."""

    name: str


# A value given literally or as `secret('NAME')`.
Secretish = str | SecretRef


@dataclass(frozen=True)
class FunctionRef:
    """A `defineFunction` resource referenced by the definition.

    kind: `import` (an identifier imported from another module), `inline` (a `defineFunction`
    call written in place) or `local` (a same-file const). `where` is "file:line:col".
    """

    kind: Literal["import", "inline", "local"]
    name: str
    module: str | None = None
    where: str | None = None
    # The function as its `defineFunction(...)` props describe it. Not part of equality (a
    # reference is the same reference whatever the props say); the fingerprint includes it.
    spec: FunctionSpec | None = field(default=None, compare=False)


@dataclass(frozen=True)
class AccessGrant:
    """`allow.resource(fn).to([...actions])`."""

    function: FunctionRef
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Trigger:
    """A Cognito Lambda trigger (`preSignUp`, `postConfirmation`, …) and its function."""

    event: str
    function: FunctionRef


@dataclass(frozen=True)
class SocialProvider:
    """Google, Facebook or Login with Amazon."""

    client_id: Secretish
    client_secret: Secretish
    scopes: tuple[str, ...] = ()
    # Cognito attribute name → provider attribute name, e.g. {"email": "email"}.
    attribute_mapping: tuple[tuple[str, str], ...] = ()
    # Facebook's Graph API version (ProviderDetails `api_version`), e.g. "v17.0".
    api_version: str | None = None


@dataclass(frozen=True)
class AppleProvider:
    client_id: Secretish
    team_id: Secretish
    key_id: Secretish
    private_key: Secretish
    scopes: tuple[str, ...] = ()
    attribute_mapping: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class OidcProvider:
    client_id: Secretish
    client_secret: Secretish
    issuer_url: str
    name: str | None = None
    scopes: tuple[str, ...] = ()
    attribute_request_method: Literal["GET", "POST"] | None = None
    attribute_mapping: tuple[tuple[str, str], ...] = ()
    # Optional explicit endpoints: authorization, token, userInfo, jwksUri (Cognito names).
    endpoints: tuple[tuple[str, str], ...] = ()
    # IdpIdentifiers: names that route a user to this provider (multi-tenant apps).
    identifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class SamlProvider:
    name: str | None
    metadata_content: str
    metadata_type: Literal["URL", "FILE"]
    attribute_mapping: tuple[tuple[str, str], ...] = ()
    identifiers: tuple[str, ...] = ()
    # The "Sign-out flow" (ProviderDetails `IDPSignout`); None: not written.
    idp_signout: bool | None = None


@dataclass(frozen=True)
class ExternalProviders:
    google: SocialProvider | None = None
    facebook: SocialProvider | None = None
    login_with_amazon: SocialProvider | None = None
    sign_in_with_apple: AppleProvider | None = None
    oidc: tuple[OidcProvider, ...] = ()
    saml: SamlProvider | None = None
    scopes: tuple[str, ...] = ()  # () = Amplify's default OAuth scopes
    callback_urls: tuple[str, ...] = ()
    logout_urls: tuple[str, ...] = ()
    domain_prefix: str | None = None


@dataclass(frozen=True)
class EmailSender:
    """`senders.email`: send Cognito's email through SES (DEVELOPER)."""

    from_email: str
    from_name: str | None = None
    reply_to: str | None = None


@dataclass(frozen=True)
class EmailLogin:
    verification_email_style: VerificationStyle = "CODE"
    # Rendered with Cognito placeholders ({####}, {##Verify Email##}); None = Cognito's default.
    verification_email_subject: str | None = None
    verification_email_body: str | None = None
    invitation_email_subject: str | None = None
    invitation_email_body: str | None = None
    invitation_sms_message: str | None = None
    # `otpLogin`: sign in with a one-time code sent by email (Cognito's EMAIL_OTP first factor).
    otp_login: bool = False


@dataclass(frozen=True)
class PhoneLogin:
    verification_message: str | None = None
    # `otpLogin`: sign in with a one-time code sent by SMS (Cognito's SMS_OTP first factor).
    otp_login: bool = False


WebAuthnUserVerification = Literal["required", "preferred"]
PreferredChallenge = Literal["EMAIL_OTP", "SMS_OTP", "PASSWORD", "WEB_AUTHN"]


@dataclass(frozen=True)
class WebAuthn:
    """`loginWith.webAuthn`: passkeys. `relying_party_id` "AUTO" (what `webAuthn: true` means)
    resolves to `localhost` for a sandbox, as Amplify's construct resolves it."""

    relying_party_id: str = "AUTO"
    user_verification: WebAuthnUserVerification = "preferred"


@dataclass(frozen=True)
class LoginWith:
    email: EmailLogin | None = None
    phone: PhoneLogin | None = None
    web_authn: WebAuthn | None = None


@dataclass(frozen=True)
class StandardAttribute:
    """A standard attribute, by its Cognito name (e.g. `given_name`)."""

    name: str
    required: bool = False
    mutable: bool = True


@dataclass(frozen=True)
class CustomAttribute:
    """A custom attribute, by its name without the `custom:` prefix."""

    name: str
    data_type: CustomAttributeType = "String"
    mutable: bool = True
    min_len: int | None = None
    max_len: int | None = None
    min: int | None = None
    max: int | None = None


@dataclass(frozen=True)
class Multifactor:
    mode: MfaMode = "OFF"
    sms: bool = False
    sms_message: str | None = None
    totp: bool = False
    email: bool = False


@dataclass(frozen=True)
class PropertyOverride:
    """One `backend.ts` statement changing an L1 property: `path` in CloudFormation names
    (`("Policies", "PasswordPolicy", "MinimumLength")`), `value` a plain JSON value in
    CloudFormation names (None for `undefined`: the property is removed). `merge` is
    `addPropertyOverride` (merged into what is there, applied after every assignment)."""

    resource: Literal["userPool", "userPoolClient", "identityPool"]
    path: tuple[str, ...]
    value: object
    merge: bool = False
    where: str = ""


@dataclass(frozen=True)
class BackendOverrides:
    """What `amplify/backend.ts` changes: L1 property overrides, the `addOutput` object
    (JSON text, merged as Amplify merges it) and the statements touching auth that are not
    applied (`file:line: ...`, reported as warnings and refused by `--strict`)."""

    properties: tuple[PropertyOverride, ...] = ()
    outputs_json: str | None = None
    unapplied: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class ReferenceAuth:
    """`referenceAuth({...})` / `reference_auth(...)`: an existing user pool, app client and
    identity pool (with its roles) used as they are; nothing is created for them. `groups`
    maps existing group names to their role ARNs (each is checked against the pool's groups).
    """

    user_pool_id: str
    identity_pool_id: str
    auth_role_arn: str
    unauth_role_arn: str
    user_pool_client_id: str
    groups: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class AuthDefinition:
    """One project's auth definition, loaded from `resource.ts` or `resource.py`."""

    source: Path
    login_with: LoginWith
    user_attributes: tuple[StandardAttribute, ...] = ()
    custom_attributes: tuple[CustomAttribute, ...] = ()
    multifactor: Multifactor = field(default_factory=Multifactor)
    account_recovery: AccountRecovery | None = None
    groups: tuple[str, ...] = ()
    name: str | None = None
    external_providers: ExternalProviders | None = None
    triggers: tuple[Trigger, ...] = ()
    access: tuple[AccessGrant, ...] = ()
    # The pre token generation event version (`V1_0`, `V2_0`, `V3_0`; Cognito's LambdaVersion).
    pre_token_generation_version: str = "V1_0"
    email_sender: EmailSender | None = None
    # `passwordlessOptions.preferredChallenge`: only reaches the outputs file.
    preferred_challenge: PreferredChallenge | None = None
    # `amplify/backend.ts` overrides (empty without a backend.ts).
    overrides: BackendOverrides = field(default_factory=BackendOverrides)
    # Set for `referenceAuth`: the existing resources; every other field keeps its default.
    reference: ReferenceAuth | None = None
    # Environment variables the definition read (process.env / os.environ), for callers that
    # need to know the config depends on the build environment.
    env_vars_read: tuple[str, ...] = ()
    # Things the loader accepted but the user should know about (duplicate keys, unknown keys
    # under `lenient`, secret names that look like credentials). Not part of the fingerprint.
    warnings: tuple[str, ...] = ()

    @property
    def functions(self) -> tuple[FunctionSpec, ...]:
        """Every function the triggers and access grants name, once each, in order."""
        found: dict[str, FunctionSpec] = {}
        refs = [t.function for t in self.triggers] + [g.function for g in self.access]
        for ref in refs:
            if ref.spec is not None:
                found.setdefault(ref.spec.name, ref.spec)
        return tuple(found.values())

    def secret_refs(self) -> tuple[SecretRef, ...]:
        """Every `secret()` the definition references, in a stable order, without repeats."""
        found: dict[str, SecretRef] = {}

        def walk(value: object) -> None:
            if isinstance(value, SecretRef):
                found.setdefault(value.name, value)
            elif isinstance(value, tuple):
                for item in value:
                    walk(item)
            elif hasattr(value, "__dataclass_fields__"):
                for name in value.__dataclass_fields__:
                    walk(getattr(value, name))

        walk(self)
        return tuple(found[name] for name in sorted(found))

    @property
    def effective_account_recovery(self) -> AccountRecovery:
        if self.account_recovery is not None:
            return self.account_recovery
        if self.login_with.email is None and self.login_with.phone is not None:
            return "PHONE_ONLY_WITHOUT_MFA"
        return "EMAIL_ONLY"
