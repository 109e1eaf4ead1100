"""The typed auth definition: what `defineAuth({...})` / `define_auth(...)` says, nothing more.

Frozen dataclasses with Amplify's defaults filled in by the loaders. Cognito names and AWS
concerns live in `desired.py`, not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

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


@dataclass(frozen=True)
class EmailLogin:
    verification_email_style: VerificationStyle = "CODE"
    # Rendered with Cognito placeholders ({####}, {##Verify Email##}); None = Cognito's default.
    verification_email_subject: str | None = None
    verification_email_body: str | None = None
    invitation_email_subject: str | None = None
    invitation_email_body: str | None = None
    invitation_sms_message: str | None = None


@dataclass(frozen=True)
class PhoneLogin:
    verification_message: str | None = None


@dataclass(frozen=True)
class LoginWith:
    email: EmailLogin | None = None
    phone: PhoneLogin | None = None


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
    # Environment variables the definition read (process.env / os.environ), for callers that
    # need to know the config depends on the build environment.
    env_vars_read: tuple[str, ...] = ()

    @property
    def effective_account_recovery(self) -> AccountRecovery:
        if self.account_recovery is not None:
            return self.account_recovery
        if self.login_with.email is None and self.login_with.phone is not None:
            return "PHONE_ONLY_WITHOUT_MFA"
        return "EMAIL_ONLY"
