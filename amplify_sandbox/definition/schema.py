"""Validation and mapping of evaluated `defineAuth` props onto the typed `AuthDefinition`.

Shared by both loaders. Keys are spelled camelCase for `resource.ts` and snake_case for
`resource.py`; errors name the field path in the user's spelling and the source location of
the offending key or value (best-effort for Python: the `define_auth` call).
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, cast

from amplify_sandbox.definition.model import (
    AccessGrant,
    AccountRecovery,
    AppleProvider,
    AuthDefinition,
    CustomAttribute,
    CustomAttributeType,
    EmailLogin,
    EmailSender,
    ExternalProviders,
    FunctionRef,
    LoginWith,
    MfaMode,
    Multifactor,
    OidcProvider,
    PhoneLogin,
    SamlProvider,
    Secretish,
    SecretRef,
    SocialProvider,
    StandardAttribute,
    Trigger,
    VerificationStyle,
)
from amplify_sandbox.definition.values import (
    UNDEFINED,
    JsArray,
    JsObject,
    LinkPlaceholder,
    Placeholder,
    describe,
)
from amplify_sandbox.errors import DefinitionError, Location

CODE = "{####}"
LINK = "{##Verify Email##}"
USERNAME = "{username}"

# defineAuth's user-facing attribute names → Cognito's (amplify-facts.md).
STANDARD_ATTRIBUTES: dict[str, str] = {
    "address": "address",
    "birthdate": "birthdate",
    "email": "email",
    "familyName": "family_name",
    "gender": "gender",
    "givenName": "given_name",
    "locale": "locale",
    "middleName": "middle_name",
    "fullname": "name",
    "nickname": "nickname",
    "phoneNumber": "phone_number",
    "profilePicture": "picture",
    "preferredUsername": "preferred_username",
    "profilePage": "profile",
    "timezone": "zoneinfo",
    "lastUpdateTime": "updated_at",
    "website": "website",
}
ACCOUNT_RECOVERY = (
    "EMAIL_ONLY",
    "PHONE_ONLY_WITHOUT_MFA",
    "PHONE_WITHOUT_MFA_AND_EMAIL",
    "EMAIL_AND_PHONE_WITHOUT_MFA",
    "PHONE_AND_EMAIL",
    "NONE",
)
MFA_MODES = ("OFF", "OPTIONAL", "REQUIRED")
CUSTOM_TYPES = ("String", "Number", "Boolean", "DateTime")
_GROUP_NAME = re.compile(r"^[\w\-+=,.@]{1,128}$")
# packages/backend-auth/src/trigger_events.ts
TRIGGER_EVENTS = (
    "createAuthChallenge",
    "customMessage",
    "defineAuthChallenge",
    "postAuthentication",
    "postConfirmation",
    "preAuthentication",
    "preSignUp",
    "preTokenGeneration",
    "userMigration",
    "verifyAuthChallengeResponse",
)
# packages/backend-auth/src/types.ts `AuthAction` (ActionIam | ActionMeta), newest release.
AUTH_ACTIONS = (
    "addUserToGroup",
    "createGroup",
    "createUser",
    "deleteGroup",
    "deleteUser",
    "deleteUserAttributes",
    "disableUser",
    "enableUser",
    "forgetDevice",
    "getDevice",
    "getGroup",
    "getUser",
    "listDevices",
    "listGroups",
    "listGroupsForUser",
    "listUsers",
    "listUsersInGroup",
    "removeUserFromGroup",
    "resetUserPassword",
    "setUserMfaPreference",
    "setUserPassword",
    "setUserSettings",
    "updateDeviceStatus",
    "updateGroup",
    "updateUserAttributes",
    "manageUsers",
    "manageGroups",
    "manageGroupMembership",
    "manageUserDevices",
    "managePasswordRecovery",
)
OAUTH_SCOPES = ("PHONE", "EMAIL", "OPENID", "PROFILE", "COGNITO_ADMIN")
OIDC_ENDPOINTS = ("authorization", "token", "userInfo", "jwksUri")
_SECRET_NAME = re.compile(r"^[a-zA-Z0-9_.-]+$")
_NEEDS_LAMBDA = "needs Lambda functions, not supported yet by this version of amplify-sandbox"


def check_secret_name(name: str) -> tuple[str | None, bool]:
    """(problem with the name or None, whether it looks like a credential rather than a name).

    Never put the name itself in a message: it may be the credential."""
    if not _SECRET_NAME.match(name):
        return "invalid secret name: use letters, digits and _.- only", False
    classes = sum(
        bool(re.search(pattern, name)) for pattern in ("[a-z]", "[A-Z]", "[0-9]", "[_.-]")
    )
    looks = (
        ".apps.googleusercontent.com" in name
        or name.startswith("GOCSPX-")
        or (len(name) >= 24 and classes >= 3 and re.search("[a-z]", name) is not None)
    )
    return None, looks


@dataclass(frozen=True)
class RawGrant:
    """One `allow.resource(fn).to(actions)` as the loader found it, before validation."""

    function: Any
    actions: Any
    loc: Location
    function_loc: Location
    actions_loc: Location
    path: str


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


Invoke = Callable[[Callable[..., Any], tuple[Any, ...], Location, str], Any]
# Turns an `access` value (the user's `(allow) => [...]`) into the grants it names.
AccessHook = Callable[[Any, Location, str], list[RawGrant]]


def _plain_invoke(fn: Callable[..., Any], args: tuple[Any, ...], loc: Location, path: str) -> Any:
    return fn(*args)


def _no_access(value: Any, loc: Location, path: str) -> list[RawGrant]:
    raise DefinitionError("access rules are not supported here", location=loc, field=path)


@dataclass
class MapContext:
    """How to spell keys and call functions for one loader."""

    source: Path
    default_location: Location
    python: bool = False
    invoke: Invoke = _plain_invoke
    access: AccessHook = _no_access
    # Unknown keys become warnings instead of errors.
    lenient: bool = False
    warnings: list[str] = field(default_factory=list)
    # The project root, to show function references relative to it.
    root: Path | None = None

    def k(self, camel: str) -> str:
        return snake(camel) if self.python else camel


@dataclass(frozen=True)
class Val:
    """One evaluated value with its field path and where it came from."""

    value: Any
    path: str
    loc: Location
    key_loc: Location


def _join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _did_you_mean(word: str, choices: Sequence[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            return lowered[word.lower()]
        return None
    return matches[0]


class _Mapper:
    def __init__(self, ctx: MapContext) -> None:
        self.ctx = ctx
        self.k = ctx.k

    # -- primitives ---------------------------------------------------------------------------

    def fail(
        self, message: str, loc: Location, path: str, hint: str | None = None
    ) -> DefinitionError:
        return DefinitionError(message, location=loc, hint=hint, field=path or None)

    def obj(self, val: Val) -> Mapping[str, Any]:
        if not isinstance(val.value, Mapping):
            raise self.fail(f"expected an object, got {describe(val.value)}", val.loc, val.path)
        return cast(Mapping[str, Any], val.value)

    def children(self, val: Val) -> list[Val]:
        """Each present key of an object (keys whose value is undefined are dropped)."""
        mapping = self.obj(val)
        result = []
        for key, value in mapping.items():
            if value is UNDEFINED:
                continue
            if isinstance(mapping, JsObject):
                key_loc = mapping.key_locations.get(key, val.loc)
                value_loc = mapping.value_locations.get(key, val.loc)
            else:
                key_loc = value_loc = val.loc
            result.append(Val(value, _join(val.path, str(key)), value_loc, key_loc))
        return result

    def fields(
        self,
        val: Val,
        known: Sequence[str],
        hints: Mapping[str, str] | None = None,
        later: Sequence[str] = (),
    ) -> dict[str, Val]:
        """The present keys of an object, by their camelCase name; unknown keys are errors.

        `later` are valid defineAuth options that this version does not map yet."""
        spelled = {self.k(name): name for name in known}
        not_yet = {self.k(name) for name in later}
        found: dict[str, Val] = {}
        for child in self.children(val):
            key = child.path.rsplit(".", 1)[-1] if val.path else child.path
            if key in spelled:
                found[spelled[key]] = child
                continue
            if key in not_yet:
                raise self.fail(
                    f"`{key}` is not supported yet by this version of amplify-sandbox",
                    child.key_loc,
                    child.path,
                )
            hint = (hints or {}).get(key)
            if hint is None:
                guess = _did_you_mean(key, list(spelled))
                hint = f"did you mean `{guess}`?" if guess else None
            allowed = ", ".join(spelled)
            self.unknown(
                f"unknown option `{key}` (expected one of: {allowed})",
                child.key_loc,
                child.path,
                hint,
            )
        return found

    def unknown(self, message: str, loc: Location, path: str, hint: str | None) -> None:
        """An unknown key: an error, or with `lenient` a warning (and the key is ignored)."""
        if not self.ctx.lenient:
            raise self.fail(message, loc, path, hint)
        suffix = f" ({hint})" if hint else ""
        self.warn(f"{path}: {message}; ignored{suffix}", loc)

    def warn(self, message: str, loc: Location) -> None:
        text = f"{self.where(loc)}: {message}"
        if text not in self.ctx.warnings:
            self.ctx.warnings.append(text)

    def where(self, loc: Location) -> str:
        file = loc.file
        if self.ctx.root is not None:
            with contextlib.suppress(ValueError):
                file = loc.file.resolve().relative_to(self.ctx.root.resolve())
        return f"{file.as_posix()}:{loc.line}:{loc.column}"

    def boolean(self, val: Val) -> bool:
        if not isinstance(val.value, bool):
            raise self.fail(f"expected true or false, got {describe(val.value)}", val.loc, val.path)
        return val.value

    def string(self, val: Val, *, nonempty: bool = True) -> str:
        if not isinstance(val.value, str) or isinstance(val.value, Placeholder):
            raise self.fail(f"expected a string, got {describe(val.value)}", val.loc, val.path)
        if nonempty and not val.value:
            raise self.fail("must not be empty", val.loc, val.path)
        return str(val.value)

    def integer(self, val: Val) -> int:
        value = val.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(
                f"expected a non-negative whole number, got {describe(val.value)}",
                val.loc,
                val.path,
            )
        return value

    def enum(self, val: Val, choices: Sequence[str]) -> str:
        value = val.value
        if isinstance(value, str) and value in choices:
            return value
        listed = ", ".join(f'"{c}"' for c in choices)
        hint = None
        if isinstance(value, str):
            guess = _did_you_mean(value, choices)
            hint = f'did you mean "{guess}"?' if guess else None
        raise self.fail(f"must be one of {listed}, got {describe(value)}", val.loc, val.path, hint)

    def message(
        self,
        val: Val,
        args: tuple[Any, ...],
        required: Sequence[str],
        what: str,
    ) -> str:
        """Render a message: a function applied to placeholders (or, in Python, a string)."""
        value = val.value
        if callable(value) and not isinstance(value, str):
            result = self.ctx.invoke(cast(Callable[..., Any], value), args, val.loc, val.path)
            if not isinstance(result, str):
                raise self.fail(
                    f"the function must return a string, it returned {describe(result)}",
                    val.loc,
                    val.path,
                )
            result = str(result)
        elif isinstance(value, str) and self.ctx.python:
            result = str(value)
        else:
            expected = "a function or a string" if self.ctx.python else "a function"
            raise self.fail(f"expected {expected}, got {describe(value)}", val.loc, val.path)
        for placeholder in required:
            if placeholder not in result:
                raise self.fail(
                    f"must use the {what} at least once (the rendered message has no "
                    f"`{placeholder}`): {result!r}",
                    val.loc,
                    val.path,
                )
        return result

    # -- the definition -----------------------------------------------------------------------

    def definition(self, props: Any) -> AuthDefinition:
        root = Val(props, "", self.ctx.default_location, self.ctx.default_location)
        if isinstance(props, JsObject) and props.location:
            root = Val(props, "", props.location, props.location)
        top = self.fields(
            root,
            [
                "name",
                "loginWith",
                "userAttributes",
                "multifactor",
                "accountRecovery",
                "groups",
                "triggers",
                "access",
                "senders",
            ],
            hints={
                "externalProviders": "externalProviders goes inside loginWith",
                "external_providers": "external_providers goes inside login_with",
                "passwordPolicy": "passwordPolicy is not a defineAuth option; Amplify applies "
                "a fixed policy (customise it with CDK overrides in backend.ts)",
                "password_policy": "password_policy is not a define_auth option; the password "
                "policy is fixed",
                "passwordlessAuth": "passwordless sign-in is not supported by this version of "
                "amplify-sandbox",
                "passwordless_auth": "passwordless sign-in is not supported by this version of "
                "amplify-sandbox",
            },
        )
        login_val = top.get("loginWith")
        if login_val is None:
            raise self.fail(
                f"`{self.k('loginWith')}` is required",
                root.loc,
                "",
                hint="e.g. loginWith: { email: true }"
                if not self.ctx.python
                else 'e.g. login_with={"email": True}',
            )
        login_with, external = self.login_with(login_val)
        user_attributes: tuple[StandardAttribute, ...] = ()
        custom_attributes: tuple[CustomAttribute, ...] = ()
        if "userAttributes" in top:
            user_attributes, custom_attributes = self.user_attributes(top["userAttributes"])
        multifactor = Multifactor()
        if "multifactor" in top:
            multifactor = self.multifactor(top["multifactor"], login_with)
        account_recovery = None
        if "accountRecovery" in top:
            account_recovery = cast(
                AccountRecovery, self.enum(top["accountRecovery"], ACCOUNT_RECOVERY)
            )
        groups: tuple[str, ...] = ()
        if "groups" in top:
            groups = self.groups(top["groups"])
        name = self.string(top["name"]) if "name" in top else None
        triggers = self.triggers(top["triggers"]) if "triggers" in top else ()
        access = self.access(top["access"]) if "access" in top else ()
        email_sender = self.senders(top["senders"]) if "senders" in top else None
        return AuthDefinition(
            source=self.ctx.source,
            login_with=login_with,
            user_attributes=user_attributes,
            custom_attributes=custom_attributes,
            multifactor=multifactor,
            account_recovery=account_recovery,
            groups=groups,
            name=name,
            external_providers=external,
            triggers=triggers,
            access=access,
            email_sender=email_sender,
        )

    def login_with(self, val: Val) -> tuple[LoginWith, ExternalProviders | None]:
        found = self.fields(
            val,
            ["email", "phone", "externalProviders"],
            later=["webAuthn"],
            hints={
                "username": "login with a username is not supported by defineAuth; use email or "
                "phone (add `preferredUsername` to userAttributes to keep a username)",
            },
        )
        email = self.email(found["email"]) if "email" in found else None
        phone = self.phone(found["phone"]) if "phone" in found else None
        external = None
        if "externalProviders" in found:
            external = self.external_providers(found["externalProviders"])
        if email is None and phone is None:
            raise self.fail(
                "At least one of email or phone must be enabled",
                val.loc,
                val.path,
                hint="add `email: true` to loginWith"
                if not self.ctx.python
                else 'add "email": True to login_with',
            )
        return LoginWith(email=email, phone=phone), external

    def email(self, val: Val) -> EmailLogin | None:
        if isinstance(val.value, bool):
            return EmailLogin() if val.value else None
        found = self.fields(
            val,
            [
                "verificationEmailStyle",
                "verificationEmailSubject",
                "verificationEmailBody",
                "userInvitation",
            ],
            later=["otpLogin"],
        )
        style: VerificationStyle = "CODE"
        if "verificationEmailStyle" in found:
            style = cast(
                VerificationStyle, self.enum(found["verificationEmailStyle"], ("CODE", "LINK"))
            )
        subject = None
        if "verificationEmailSubject" in found:
            sub = found["verificationEmailSubject"]
            if callable(sub.value) and not isinstance(sub.value, str):
                subject = self.message(sub, (Placeholder(CODE),), (), "code")
            else:
                subject = self.string(sub)
        body = None
        if "verificationEmailBody" in found:
            body_val = found["verificationEmailBody"]
            if style == "LINK":
                link = LinkPlaceholder(LINK)
                body = self.message(body_val, (link,), (), "link")
                if isinstance(body_val.value, str):
                    ok = re.search(r"\{##.+?##\}", body) is not None
                else:
                    ok = bool(getattr(link, "produced", "")) and link.produced in body
                if not ok:
                    raise self.fail(
                        "must use the 'link' parameter at least once as a placeholder for the "
                        "verification link",
                        body_val.loc,
                        body_val.path,
                    )
            else:
                body = self.message(body_val, (Placeholder(CODE),), (CODE,), "'code' parameter")
        inv_subject = inv_body = inv_sms = None
        if "userInvitation" in found:
            inv = self.fields(found["userInvitation"], ["emailSubject", "emailBody", "smsMessage"])
            args = (Placeholder(USERNAME), Placeholder(CODE))
            if "emailSubject" in inv:
                inv_subject = self.string(inv["emailSubject"])
            if "emailBody" in inv:
                inv_body = self.message(
                    inv["emailBody"], args, (USERNAME, CODE), "username and code parameters"
                )
            if "smsMessage" in inv:
                inv_sms = self.message(
                    inv["smsMessage"], args, (USERNAME, CODE), "username and code parameters"
                )
        return EmailLogin(
            verification_email_style=style,
            verification_email_subject=subject,
            verification_email_body=body,
            invitation_email_subject=inv_subject,
            invitation_email_body=inv_body,
            invitation_sms_message=inv_sms,
        )

    def phone(self, val: Val) -> PhoneLogin | None:
        if isinstance(val.value, bool):
            return PhoneLogin() if val.value else None
        found = self.fields(val, ["verificationMessage"], later=["otpLogin"])
        message = None
        if "verificationMessage" in found:
            message = self.message(
                found["verificationMessage"], (Placeholder(CODE),), (CODE,), "'code' parameter"
            )
        return PhoneLogin(verification_message=message)

    def user_attributes(
        self, val: Val
    ) -> tuple[tuple[StandardAttribute, ...], tuple[CustomAttribute, ...]]:
        spelled = {self.k(name): cognito for name, cognito in STANDARD_ATTRIBUTES.items()}
        standard: list[StandardAttribute] = []
        custom: list[CustomAttribute] = []
        for child in self.children(val):
            key = child.path[len(val.path) + 1 :]
            if key.startswith("custom:"):
                custom.append(self.custom_attribute(key[len("custom:") :], child))
                continue
            if key not in spelled:
                if key == "name":
                    hint = f"use `{self.k('fullname')}` for Cognito's `name` attribute"
                else:
                    guess = _did_you_mean(key, list(spelled))
                    hint = (
                        f"did you mean `{guess}`?"
                        if guess
                        else "custom attributes are written `custom:NAME`"
                    )
                self.unknown(f"unknown user attribute `{key}`", child.key_loc, child.path, hint)
                continue
            found = self.fields(child, ["required", "mutable"])
            standard.append(
                StandardAttribute(
                    name=spelled[key],
                    required=self.boolean(found["required"]) if "required" in found else False,
                    mutable=self.boolean(found["mutable"]) if "mutable" in found else True,
                )
            )
        return tuple(standard), tuple(custom)

    def custom_attribute(self, name: str, val: Val) -> CustomAttribute:
        if not 1 <= len(name) <= 20:
            raise self.fail(
                "a custom attribute name must have 1 to 20 characters after `custom:`",
                val.key_loc,
                val.path,
            )
        found = self.fields(val, ["dataType", "mutable", "minLen", "maxLen", "min", "max"])
        if "dataType" not in found:
            raise self.fail(
                f"`{self.k('dataType')}` is required for a custom attribute",
                val.loc,
                val.path,
                hint=f"one of {', '.join(CUSTOM_TYPES)}",
            )
        data_type = cast(CustomAttributeType, self.enum(found["dataType"], CUSTOM_TYPES))
        numbers: dict[str, int | None] = {}
        for key, only in (
            ("minLen", "String"),
            ("maxLen", "String"),
            ("min", "Number"),
            ("max", "Number"),
        ):
            if key in found:
                if data_type != only:
                    raise self.fail(
                        f"`{self.k(key)}` applies only to dataType {only!r}",
                        found[key].key_loc,
                        found[key].path,
                    )
                numbers[key] = self.integer(found[key])
            else:
                numbers[key] = None
        for low, high in (("minLen", "maxLen"), ("min", "max")):
            lo, hi = numbers[low], numbers[high]
            if lo is not None and hi is not None and lo > hi:
                raise self.fail(
                    f"`{self.k(low)}` ({lo}) is greater than `{self.k(high)}` ({hi})",
                    found[low].loc,
                    found[low].path,
                )
        return CustomAttribute(
            name=name,
            data_type=data_type,
            mutable=self.boolean(found["mutable"]) if "mutable" in found else True,
            min_len=numbers["minLen"],
            max_len=numbers["maxLen"],
            min=numbers["min"],
            max=numbers["max"],
        )

    def multifactor(self, val: Val, login_with: LoginWith) -> Multifactor:
        found = self.fields(val, ["mode", "sms", "totp", "email"])
        if "mode" not in found:
            raise self.fail(
                f"`{self.k('mode')}` is required",
                val.loc,
                val.path,
                hint="'OFF', 'OPTIONAL' or 'REQUIRED'",
            )
        mode = cast(MfaMode, self.enum(found["mode"], MFA_MODES))
        if mode == "OFF":
            for key in ("sms", "totp", "email"):
                if key in found:
                    raise self.fail(
                        "MFA methods have no effect when mode is 'OFF'",
                        found[key].key_loc,
                        found[key].path,
                        hint="set mode to 'OPTIONAL' or 'REQUIRED', or remove this key",
                    )
            return Multifactor()
        sms = False
        sms_message = None
        if "sms" in found:
            sms_val = found["sms"]
            if isinstance(sms_val.value, bool):
                sms = sms_val.value
            else:
                sms = True
                sms_found = self.fields(sms_val, ["smsMessage"])
                if "smsMessage" in sms_found:
                    sms_message = self.message(
                        sms_found["smsMessage"], (Placeholder(CODE),), (CODE,), "'code' parameter"
                    )
        totp = self.boolean(found["totp"]) if "totp" in found else False
        email = self.boolean(found["email"]) if "email" in found else False
        if not (sms or totp or email):
            raise self.fail(
                f"mode {mode!r} needs at least one MFA method enabled",
                found["mode"].loc,
                val.path,
                hint="add `totp: true` (or sms / email)",
            )
        if login_with.phone is not None and login_with.email is None and not sms:
            raise self.fail(
                "phone login with MFA on requires `sms` to be enabled",
                val.loc,
                val.path,
            )
        return Multifactor(mode=mode, sms=sms, sms_message=sms_message, totp=totp, email=email)

    def groups(self, val: Val) -> tuple[str, ...]:
        result: list[str] = []
        for item_val in self.items(val, "group names"):
            loc = item_val.loc
            name = self.string(item_val)
            if not _GROUP_NAME.match(name):
                raise self.fail(
                    f"invalid group name {name!r}: use letters, digits and _-+=,.@ (at most 128)",
                    loc,
                    item_val.path,
                )
            if name in result:
                raise self.fail(f"group {name!r} is listed twice", loc, item_val.path)
            result.append(name)
        return tuple(result)

    # -- lists and secrets ----------------------------------------------------------------------

    def items(self, val: Val, what: str) -> list[Val]:
        value = val.value
        if not isinstance(value, list | tuple):
            raise self.fail(
                f"expected an array of {what}, got {describe(value)}", val.loc, val.path
            )
        result: list[Val] = []
        for index, item in enumerate(value):
            loc = val.loc
            if isinstance(value, JsArray) and index < len(value.item_locations):
                loc = value.item_locations[index]
            result.append(Val(item, f"{val.path}[{index}]", loc, loc))
        return result

    def strings(self, val: Val, what: str, *, nonempty: bool = False) -> tuple[str, ...]:
        result = tuple(self.string(item) for item in self.items(val, what))
        if nonempty and not result:
            raise self.fail(f"must list at least one of the {what}", val.loc, val.path)
        return result

    def secretish(self, val: Val) -> Secretish:
        """A `secret('NAME')`, or (with a warning) a literal string."""
        if isinstance(val.value, SecretRef):
            return val.value
        if isinstance(val.value, str) and not isinstance(val.value, Placeholder):
            secret = "secret('NAME')" if not self.ctx.python else 'secret("NAME")'
            self.warn(
                f"{val.path} is a literal; Amplify takes {secret} here, so the value is not "
                "written in the source",
                val.loc,
            )
            return self.string(val)
        secret = "secret('NAME')" if not self.ctx.python else 'secret("NAME")'
        raise self.fail(f"expected {secret}, got {describe(val.value)}", val.loc, val.path)

    # -- external providers -------------------------------------------------------------------

    def external_providers(self, val: Val) -> ExternalProviders:
        found = self.fields(
            val,
            [
                "google",
                "facebook",
                "loginWithAmazon",
                "signInWithApple",
                "oidc",
                "saml",
                "scopes",
                "callbackUrls",
                "logoutUrls",
                "domainPrefix",
            ],
        )
        for key in ("callbackUrls", "logoutUrls"):
            if key not in found:
                raise self.fail(
                    f"`{self.k(key)}` is required with external providers",
                    val.loc,
                    val.path,
                    hint="e.g. ['http://localhost:3000/']",
                )
            if not self.items(found[key], "URLs"):
                raise self.fail(
                    f"You must define {self.k(key)} when configuring external login providers",
                    found[key].loc,
                    found[key].path,
                )
        callback_urls = self.strings(found["callbackUrls"], "URLs")
        logout_urls = self.strings(found["logoutUrls"], "URLs")
        scopes: tuple[str, ...] = ()
        if "scopes" in found:
            scopes = tuple(
                self.enum(item, OAUTH_SCOPES) for item in self.items(found["scopes"], "scopes")
            )
        domain_prefix = None
        if "domainPrefix" in found:
            domain_prefix = self.string(found["domainPrefix"])
            if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", domain_prefix):
                raise self.fail(
                    "a domain prefix uses lowercase letters, digits and hyphens (1-63, not "
                    "starting or ending with a hyphen)",
                    found["domainPrefix"].loc,
                    found["domainPrefix"].path,
                )
        oidc: tuple[OidcProvider, ...] = ()
        if "oidc" in found:
            oidc = tuple(
                self.oidc(item) for item in self.items(found["oidc"], "OIDC provider settings")
            )
        return ExternalProviders(
            google=self.social(found["google"]) if "google" in found else None,
            facebook=self.social(found["facebook"]) if "facebook" in found else None,
            login_with_amazon=self.social(found["loginWithAmazon"])
            if "loginWithAmazon" in found
            else None,
            sign_in_with_apple=self.apple(found["signInWithApple"])
            if "signInWithApple" in found
            else None,
            oidc=oidc,
            saml=self.saml(found["saml"]) if "saml" in found else None,
            scopes=scopes,
            callback_urls=callback_urls,
            logout_urls=logout_urls,
            domain_prefix=domain_prefix,
        )

    def required(self, found: Mapping[str, Val], key: str, val: Val) -> Val:
        if key not in found:
            raise self.fail(f"`{self.k(key)}` is required", val.loc, val.path)
        return found[key]

    def social(self, val: Val) -> SocialProvider:
        later = ["apiVersion"] if val.path.endswith(self.k("facebook")) else []
        found = self.fields(
            val, ["clientId", "clientSecret", "scopes", "attributeMapping"], later=later
        )
        return SocialProvider(
            client_id=self.secretish(self.required(found, "clientId", val)),
            client_secret=self.secretish(self.required(found, "clientSecret", val)),
            scopes=self.strings(found["scopes"], "scopes") if "scopes" in found else (),
            attribute_mapping=self.attribute_mapping(found.get("attributeMapping")),
        )

    def apple(self, val: Val) -> AppleProvider:
        found = self.fields(
            val, ["clientId", "teamId", "keyId", "privateKey", "scopes", "attributeMapping"]
        )
        return AppleProvider(
            client_id=self.secretish(self.required(found, "clientId", val)),
            team_id=self.secretish(self.required(found, "teamId", val)),
            key_id=self.secretish(self.required(found, "keyId", val)),
            private_key=self.secretish(self.required(found, "privateKey", val)),
            scopes=self.strings(found["scopes"], "scopes") if "scopes" in found else (),
            attribute_mapping=self.attribute_mapping(found.get("attributeMapping")),
        )

    def oidc(self, val: Val) -> OidcProvider:
        found = self.fields(
            val,
            [
                "clientId",
                "clientSecret",
                "issuerUrl",
                "name",
                "scopes",
                "attributeRequestMethod",
                "attributeMapping",
                "endpoints",
            ],
            later=["identifiers"],
        )
        method = None
        if "attributeRequestMethod" in found:
            method = cast(
                Literal["GET", "POST"], self.enum(found["attributeRequestMethod"], ("GET", "POST"))
            )
        endpoints: tuple[tuple[str, str], ...] = ()
        if "endpoints" in found:
            given = self.fields(found["endpoints"], OIDC_ENDPOINTS)
            missing = [self.k(key) for key in OIDC_ENDPOINTS if key not in given]
            if missing:
                raise self.fail(
                    f"endpoints needs all of {', '.join(self.k(k) for k in OIDC_ENDPOINTS)}; "
                    f"missing {', '.join(missing)}",
                    found["endpoints"].loc,
                    found["endpoints"].path,
                )
            endpoints = tuple((key, self.string(given[key])) for key in OIDC_ENDPOINTS)
        name = self.string(found["name"]) if "name" in found else None
        if name is not None and not 3 <= len(name) <= 32:
            raise self.fail(
                "an OIDC provider name has 3 to 32 characters",
                found["name"].loc,
                found["name"].path,
            )
        return OidcProvider(
            client_id=self.secretish(self.required(found, "clientId", val)),
            client_secret=self.secretish(self.required(found, "clientSecret", val)),
            issuer_url=self.string(self.required(found, "issuerUrl", val)),
            name=name,
            scopes=self.strings(found["scopes"], "scopes") if "scopes" in found else (),
            attribute_request_method=method,
            attribute_mapping=self.attribute_mapping(found.get("attributeMapping")),
            endpoints=endpoints,
        )

    def saml(self, val: Val) -> SamlProvider:
        found = self.fields(
            val, ["name", "metadata", "attributeMapping"], later=["identifiers", "idpSignout"]
        )
        metadata_val = self.required(found, "metadata", val)
        metadata = self.fields(metadata_val, ["metadataContent", "metadataType"])
        content = self.string(self.required(metadata, "metadataContent", metadata_val))
        kind = cast(
            Literal["URL", "FILE"],
            self.enum(self.required(metadata, "metadataType", metadata_val), ("URL", "FILE")),
        )
        return SamlProvider(
            name=self.string(found["name"]) if "name" in found else None,
            metadata_content=content,
            metadata_type=kind,
            attribute_mapping=self.attribute_mapping(found.get("attributeMapping")),
        )

    def attribute_mapping(self, val: Val | None) -> tuple[tuple[str, str], ...]:
        """Amplify's attribute names (as in userAttributes) → (Cognito name, provider name);
        `custom: {...}` (and `custom:NAME` keys) name Cognito attributes as they are."""
        if val is None:
            return ()
        spelled = {self.k(name): cognito for name, cognito in STANDARD_ATTRIBUTES.items()}
        pairs: dict[str, str] = {}
        for child in self.children(val):
            key = child.path[len(val.path) + 1 :]
            if key == "custom":
                for custom in self.children(child):
                    pairs[custom.path[len(child.path) + 1 :]] = self.string(custom)
            elif key.startswith("custom:"):
                pairs[key] = self.string(child)
            elif key in spelled:
                pairs[spelled[key]] = self.string(child)
            else:
                guess = "fullname" if key == "name" else _did_you_mean(key, list(spelled))
                hint = (
                    f"did you mean `{self.k(guess)}`?"
                    if guess
                    else "map other attributes under `custom: { ... }`"
                )
                self.unknown(f"unknown attribute `{key}`", child.key_loc, child.path, hint)
        return tuple(pairs.items())

    # -- functions ----------------------------------------------------------------------------

    def function_ref(self, val: Val) -> FunctionRef:
        value = val.value
        if not isinstance(value, FunctionRef):
            define = "defineFunction" if not self.ctx.python else "define_function"
            raise self.fail(
                f"expected a function resource (`{define}(...)`), got {describe(value)}",
                val.loc,
                val.path,
                hint=f"import the resource that `{define}(...)` creates in this project",
            )
        return replace(value, module=self.relative(value.module), where=self.relative(value.where))

    def relative(self, text: str | None) -> str | None:
        root = self.ctx.root
        if text is None or root is None:
            return text
        prefix = str(root.resolve()) + os.sep
        if text.startswith(prefix):
            return text[len(prefix) :].replace(os.sep, "/")
        return text

    def triggers(self, val: Val) -> tuple[Trigger, ...]:
        spelled = {self.k(name): name for name in TRIGGER_EVENTS}
        result: list[Trigger] = []
        for child in self.children(val):
            key = child.path[len(val.path) + 1 :]
            if key not in spelled:
                guess = _did_you_mean(key, list(spelled))
                self.unknown(
                    f"unknown trigger `{key}` (expected one of: {', '.join(spelled)})",
                    child.key_loc,
                    child.path,
                    f"did you mean `{guess}`?" if guess else None,
                )
                continue
            result.append(Trigger(event=spelled[key], function=self.function_ref(child)))
        return tuple(result)

    def access(self, val: Val) -> tuple[AccessGrant, ...]:
        grants: list[AccessGrant] = []
        for raw in self.ctx.access(val.value, val.loc, val.path):
            function = self.function_ref(Val(raw.function, raw.path, raw.function_loc, raw.loc))
            actions_val = Val(raw.actions, f"{raw.path}.actions", raw.actions_loc, raw.loc)
            actions: list[str] = []
            for item in self.items(actions_val, "actions"):
                if isinstance(item.value, str) and item.value == "manageUser":
                    raise self.fail(
                        'unknown action "manageUser"',
                        item.loc,
                        item.path,
                        hint='it is spelled "manageUsers" since @aws-amplify/backend-auth 1.0',
                    )
                action = self.enum(item, AUTH_ACTIONS)
                if action not in actions:
                    actions.append(action)
            if not actions:
                raise self.fail("lists no actions", actions_val.loc, actions_val.path)
            grants.append(AccessGrant(function=function, actions=tuple(actions)))
        return tuple(grants)

    def senders(self, val: Val) -> EmailSender | None:
        found = self.fields(val, ["email", "sms"])
        if "sms" in found:
            raise self.fail(
                f"an SMS sender {_NEEDS_LAMBDA}",
                found["sms"].key_loc,
                found["sms"].path,
                hint="remove senders.sms; Cognito sends SMS itself",
            )
        if "email" not in found:
            return None
        email = found["email"]
        handler = self.k("handler")
        if isinstance(email.value, Mapping) and handler in email.value:
            raise self.fail(
                f"a custom email sender function {_NEEDS_LAMBDA}",
                email.key_loc,
                email.path,
                hint="use { fromEmail, fromName, replyTo } to send through SES",
            )
        given = self.fields(email, ["fromEmail", "fromName", "replyTo"])
        from_email = self.email_address(self.required(given, "fromEmail", email))
        return EmailSender(
            from_email=from_email,
            from_name=self.string(given["fromName"]) if "fromName" in given else None,
            reply_to=self.email_address(given["replyTo"]) if "replyTo" in given else None,
        )

    def email_address(self, val: Val) -> str:
        text = self.string(val)
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
            raise self.fail(f"not an email address: {text!r}", val.loc, val.path)
        return text


def build_definition(props: Any, ctx: MapContext) -> AuthDefinition:
    """Validate evaluated defineAuth/define_auth props and map them to an `AuthDefinition`."""
    return _Mapper(ctx).definition(props)
