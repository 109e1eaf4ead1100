"""AuthDefinition + SandboxIdentity → DesiredState: the Cognito/IAM resources Amplify would create.

Props are written in the shape of the Cognito/IAM create requests so handlers stay thin.
Defaults are Amplify Gen 2's (amplify-facts.md "Fixed defaults").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.desired.defaults import (
    ALLOW_UNAUTHENTICATED_IDENTITIES,
    DEFAULT_FRIENDLY_NAME,
    PASSWORD_POLICY,
    WEB_CLIENT_AUTH_FLOWS,
)
from amplify_sandbox.desired.federation import client_oauth, federation_resources, login_providers
from amplify_sandbox.desired.functions import BuiltCode, function_resources
from amplify_sandbox.desired.overrides import apply_overrides
from amplify_sandbox.desired.passwordless import client_auth_flows, pool_props
from amplify_sandbox.desired.pool_facts import (
    enabled_mfas,
    group_precedences,
    login_attributes,
    mfa_configuration,
    standard_attributes,
)
from amplify_sandbox.desired.resources import DesiredResource, DesiredState, Join, Ref, ResourceKind
from amplify_sandbox.functions.access import trust_policy
from amplify_sandbox.identity import SandboxIdentity, sanitize

SANDBOX_TAG = "amplify-sandbox:id"

USER_POOL = "userPool"
WEB_CLIENT = "userPoolWebClient"
IDENTITY_POOL = "identityPool"
AUTH_ROLE = "authenticatedRole"
UNAUTH_ROLE = "unauthenticatedRole"
SMS_ROLE = "smsRole"
ROLE_ATTACHMENT = "identityPoolRoles"
# Not a resource: facts about the target (region, account) that props may reference.
TARGET = "target"

# CDK's defaults, which Amplify's construct inherits when no template is given.
_DEFAULT_EMAIL_SUBJECT = "Verify your new account"
_DEFAULT_CODE_MESSAGE = "The verification code to your new account is {####}"
_DEFAULT_LINK_MESSAGE = "Verify your account by clicking on {##Verify Email##}"

_RECOVERY_MECHANISMS: dict[str, list[str]] = {
    "EMAIL_ONLY": ["verified_email"],
    "PHONE_ONLY_WITHOUT_MFA": ["verified_phone_number"],
    "PHONE_WITHOUT_MFA_AND_EMAIL": ["verified_phone_number", "verified_email"],
    "EMAIL_AND_PHONE_WITHOUT_MFA": ["verified_email", "verified_phone_number"],
    "PHONE_AND_EMAIL": ["verified_phone_number", "verified_email"],
    "NONE": ["admin_only"],
}


def sandbox_tags(identity: SandboxIdentity, definition: AuthDefinition) -> dict[str, str]:
    return {
        "created-by": "amplify",
        "amplify:deployment-type": "sandbox",
        "amplify:friendly-name": definition.name or DEFAULT_FRIENDLY_NAME,
        SANDBOX_TAG: identity.stack_name,
    }


def _base_name(identity: SandboxIdentity) -> str:
    return f"amplify-{identity.namespace_s[:40]}-{identity.name_s}-{identity.hash10}"


def _role_name(identity: SandboxIdentity, suffix: str) -> str:
    # IAM role names are limited to 64 characters; the hash keeps them unique.
    return f"amplify-{identity.namespace_s[:12]}-{identity.name_s}-{identity.hash10}-{suffix}"


def _role_arn(role_name: str) -> Join:
    """The ARN IAM gives a role of that name (created without a path)."""
    return Join(
        ("arn:", Ref(TARGET, "partition"), ":iam::", Ref(TARGET, "account"), f":role/{role_name}")
    )


def build_desired(
    definition: AuthDefinition,
    identity: SandboxIdentity,
    code: Mapping[str, BuiltCode] | None = None,
) -> DesiredState:
    """Every resource the definition asks for, in dependency order. `code` holds each
    function's bundle (built before planning); without it functions carry no code hash."""
    needs_sms = definition.login_with.phone is not None or definition.multifactor.sms
    resources: list[DesiredResource] = []
    if needs_sms:
        resources.append(_sms_role(identity))
    resources += [
        _user_pool(definition, identity, needs_sms),
        *federation_resources(definition, identity, USER_POOL),
        _web_client(identity, definition),
        _identity_pool(identity, definition),
        _identity_role(identity, AUTH_ROLE, "authenticated", "authRole"),
        _identity_role(identity, UNAUTH_ROLE, "unauthenticated", "unauthRole"),
        _role_attachment(),
    ]
    built = dict(code or {})
    for spec in definition.functions:
        built.setdefault(spec.name, BuiltCode("", ""))
    resources += function_resources(definition, identity, built, USER_POOL, TARGET)
    for group, precedence in group_precedences(definition):
        role_id = f"group{group}Role"
        role_name = _role_name(identity, f"grp{precedence}{sanitize(group)[:6]}")
        resources.append(
            DesiredResource(
                role_id,
                ResourceKind.IAM_ROLE,
                {
                    "RoleName": role_name,
                    "AssumeRolePolicyDocument": _identity_trust("authenticated"),
                },
            )
        )
        resources.append(
            DesiredResource(
                f"group{group}",
                ResourceKind.USER_POOL_GROUP,
                {
                    "UserPoolId": Ref(USER_POOL, "id"),
                    "GroupName": group,
                    "Precedence": precedence,
                    # Cognito keeps a group's role as given, so the group need not wait
                    # for the role: its ARN follows from its name.
                    "RoleArn": Ref(role_id, "arn", known=_role_arn(role_name)),
                },
            )
        )
    resources = apply_overrides(resources, definition.overrides)
    return DesiredState(tuple(resources), sandbox_tags(identity, definition))


def _schema(definition: AuthDefinition) -> list[dict[str, Any]]:
    standard = standard_attributes(definition)
    schema: list[dict[str, Any]] = [
        {
            "Name": name,
            "AttributeDataType": "String",
            "Mutable": mutable,
            "Required": required,
        }
        for name, (required, mutable) in sorted(standard.items())
    ]
    for custom in definition.custom_attributes:
        entry: dict[str, Any] = {
            "Name": custom.name,
            "AttributeDataType": custom.data_type,
            "Mutable": custom.mutable,
            "Required": False,
        }
        if custom.data_type == "String" and (custom.min_len, custom.max_len) != (None, None):
            entry["StringAttributeConstraints"] = {
                key: str(value)
                for key, value in (("MinLength", custom.min_len), ("MaxLength", custom.max_len))
                if value is not None
            }
        if custom.data_type == "Number" and (custom.min, custom.max) != (None, None):
            entry["NumberAttributeConstraints"] = {
                key: str(value)
                for key, value in (("MinValue", custom.min), ("MaxValue", custom.max))
                if value is not None
            }
        schema.append(entry)
    return schema


def _email_configuration(definition: AuthDefinition) -> dict[str, Any]:
    sender = definition.email_sender
    if sender is None:
        return {"EmailSendingAccount": "COGNITO_DEFAULT"}
    config: dict[str, Any] = {
        "EmailSendingAccount": "DEVELOPER",
        "SourceArn": Join(
            (
                "arn:aws:ses:",
                Ref(TARGET, "region"),
                ":",
                Ref(TARGET, "account"),
                f":identity/{sender.from_email}",
            )
        ),
        "From": f"{sender.from_name} <{sender.from_email}>"
        if sender.from_name
        else sender.from_email,
    }
    if sender.reply_to:
        config["ReplyToEmailAddress"] = sender.reply_to
    return config


def _verification_template(definition: AuthDefinition) -> dict[str, Any]:
    email = definition.login_with.email
    phone = definition.login_with.phone
    template: dict[str, Any] = {
        "SmsMessage": (phone.verification_message if phone else None) or _DEFAULT_CODE_MESSAGE
    }
    if email is not None and email.verification_email_style == "LINK":
        template["DefaultEmailOption"] = "CONFIRM_WITH_LINK"
        template["EmailSubjectByLink"] = email.verification_email_subject or _DEFAULT_EMAIL_SUBJECT
        template["EmailMessageByLink"] = email.verification_email_body or _DEFAULT_LINK_MESSAGE
    else:
        template["DefaultEmailOption"] = "CONFIRM_WITH_CODE"
        template["EmailSubject"] = (
            email.verification_email_subject if email else None
        ) or _DEFAULT_EMAIL_SUBJECT
        template["EmailMessage"] = (
            email.verification_email_body if email else None
        ) or _DEFAULT_CODE_MESSAGE
    return template


def _user_pool(
    definition: AuthDefinition, identity: SandboxIdentity, needs_sms: bool
) -> DesiredResource:
    login = definition.login_with
    username_attributes = list(login_attributes(definition))
    mfa = definition.multifactor
    admin_create: dict[str, Any] = {"AllowAdminCreateUserOnly": False}
    invite: dict[str, str] = {}
    if login.email is not None:
        if login.email.invitation_email_subject:
            invite["EmailSubject"] = login.email.invitation_email_subject
        if login.email.invitation_email_body:
            invite["EmailMessage"] = login.email.invitation_email_body
        if login.email.invitation_sms_message:
            invite["SMSMessage"] = login.email.invitation_sms_message
    if invite:
        admin_create["InviteMessageTemplate"] = invite
    props: dict[str, Any] = {
        "PoolName": definition.name or f"{_base_name(identity)}-userpool",
        "Policies": {
            "PasswordPolicy": {
                "MinimumLength": PASSWORD_POLICY.min_length,
                "RequireUppercase": PASSWORD_POLICY.require_uppercase,
                "RequireLowercase": PASSWORD_POLICY.require_lowercase,
                "RequireNumbers": PASSWORD_POLICY.require_numbers,
                "RequireSymbols": PASSWORD_POLICY.require_symbols,
                "TemporaryPasswordValidityDays": 7,
            }
        },
        "UsernameAttributes": username_attributes,
        "AutoVerifiedAttributes": list(username_attributes),
        # CDK's `keepOriginal` as Amplify sets it (the login attributes): a changed email or
        # phone number takes effect only once the new one is verified.
        "UserAttributeUpdateSettings": {
            "AttributesRequireVerificationBeforeUpdate": list(username_attributes)
        },
        "UsernameConfiguration": {"CaseSensitive": False},
        "Schema": _schema(definition),
        "VerificationMessageTemplate": _verification_template(definition),
        "AdminCreateUserConfig": admin_create,
        "AccountRecoverySetting": {
            "RecoveryMechanisms": [
                {"Name": name, "Priority": index + 1}
                for index, name in enumerate(
                    _RECOVERY_MECHANISMS[definition.effective_account_recovery]
                )
            ]
        },
        "MfaConfiguration": mfa_configuration(definition),
        "EmailConfiguration": _email_configuration(definition),
        "DeletionProtection": "INACTIVE",
    }
    if needs_sms:
        props["SmsConfiguration"] = {
            "SnsCallerArn": Ref(SMS_ROLE, "arn"),
            "ExternalId": identity.hash10,
        }
    passwordless = pool_props(definition)
    if "SignInPolicy" in passwordless:
        props["Policies"]["SignInPolicy"] = passwordless.pop("SignInPolicy")
    props.update(passwordless)
    if mfa.mode != "OFF":
        props["EnabledMfas"] = list(enabled_mfas(definition))
        if mfa.sms and mfa.sms_message:
            props["SmsAuthenticationMessage"] = mfa.sms_message
    return DesiredResource(USER_POOL, ResourceKind.USER_POOL, props)


def _web_client(identity: SandboxIdentity, definition: AuthDefinition) -> DesiredResource:
    return DesiredResource(
        WEB_CLIENT,
        ResourceKind.USER_POOL_CLIENT,
        {
            "UserPoolId": Ref(USER_POOL, "id"),
            "ClientName": f"{_base_name(identity)}-webclient",
            "GenerateSecret": False,
            "ExplicitAuthFlows": client_auth_flows(definition, WEB_CLIENT_AUTH_FLOWS),
            "PreventUserExistenceErrors": "ENABLED",
            "SupportedIdentityProviders": ["COGNITO"],
            "EnableTokenRevocation": True,
            **client_oauth(definition),
        },
    )


def _identity_pool(identity: SandboxIdentity, definition: AuthDefinition) -> DesiredResource:
    return DesiredResource(
        IDENTITY_POOL,
        ResourceKind.IDENTITY_POOL,
        {
            "IdentityPoolName": _base_name(identity).replace("-", "_") + "_identitypool",
            "AllowUnauthenticatedIdentities": ALLOW_UNAUTHENTICATED_IDENTITIES,
            "CognitoIdentityProviders": [
                {
                    "ProviderName": Ref(USER_POOL, "provider_name"),
                    "ClientId": Ref(WEB_CLIENT, "id"),
                    "ServerSideTokenCheck": False,
                }
            ],
            "SupportedLoginProviders": login_providers(definition.external_providers),
        },
    )


def _identity_trust(amr: str) -> dict[str, Any]:
    return trust_policy(
        {"Federated": "cognito-identity.amazonaws.com"},
        "sts:AssumeRoleWithWebIdentity",
        {
            "StringEquals": {"cognito-identity.amazonaws.com:aud": Ref(IDENTITY_POOL, "id")},
            "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": amr},
        },
    )


def _identity_role(
    identity: SandboxIdentity, logical_id: str, amr: str, suffix: str
) -> DesiredResource:
    return DesiredResource(
        logical_id,
        ResourceKind.IAM_ROLE,
        {
            "RoleName": _role_name(identity, suffix),
            "AssumeRolePolicyDocument": _identity_trust(amr),
        },
    )


def _sms_role(identity: SandboxIdentity) -> DesiredResource:
    return DesiredResource(
        SMS_ROLE,
        ResourceKind.IAM_ROLE,
        {
            "RoleName": _role_name(identity, "smsRole"),
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "cognito-idp.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                        "Condition": {"StringEquals": {"sts:ExternalId": identity.hash10}},
                    }
                ],
            },
            "Policies": {
                "sns-publish": {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}],
                }
            },
        },
    )


def _role_attachment() -> DesiredResource:
    return DesiredResource(
        ROLE_ATTACHMENT,
        ResourceKind.IDENTITY_POOL_ROLES,
        {
            "IdentityPoolId": Ref(IDENTITY_POOL, "id"),
            "Roles": {
                "authenticated": Ref(AUTH_ROLE, "arn"),
                "unauthenticated": Ref(UNAUTH_ROLE, "arn"),
            },
            "RoleMappings": [
                {
                    "IdentityProvider": Join(
                        (Ref(USER_POOL, "provider_name"), ":", Ref(WEB_CLIENT, "id"))
                    ),
                    "Type": "Token",
                    "AmbiguousRoleResolution": "AuthenticatedRole",
                }
            ],
        },
    )
