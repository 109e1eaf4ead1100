"""Validation and mapping of evaluated `defineAuth` props onto the typed `AuthDefinition`.

Shared by both loaders. Keys are spelled camelCase for `resource.ts` and snake_case for
`resource.py`; errors name the field path in the user's spelling and the source location of
the offending key or value (best-effort for Python: the `define_auth` call).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from amplify_sandbox.definition.model import (
    AccountRecovery,
    AuthDefinition,
    CustomAttribute,
    CustomAttributeType,
    EmailLogin,
    LoginWith,
    MfaMode,
    Multifactor,
    PhoneLogin,
    StandardAttribute,
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


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


Invoke = Callable[[Callable[..., Any], tuple[Any, ...], Location, str], Any]


def _plain_invoke(fn: Callable[..., Any], args: tuple[Any, ...], loc: Location, path: str) -> Any:
    return fn(*args)


@dataclass
class MapContext:
    """How to spell keys and call functions for one loader."""

    source: Path
    default_location: Location
    python: bool = False
    invoke: Invoke = _plain_invoke

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
            raise self.fail(
                f"unknown option `{key}` (expected one of: {allowed})",
                child.key_loc,
                child.path,
                hint,
            )
        return found

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
            ["name", "loginWith", "userAttributes", "multifactor", "accountRecovery", "groups"],
            later=["triggers", "access", "senders"],
            hints={
                "passwordPolicy": "passwordPolicy is not a defineAuth option; Amplify applies "
                "a fixed policy (customise it with CDK overrides in backend.ts)",
                "password_policy": "password_policy is not a define_auth option; the password "
                "policy is fixed",
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
        login_with = self.login_with(login_val)
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
        return AuthDefinition(
            source=self.ctx.source,
            login_with=login_with,
            user_attributes=user_attributes,
            custom_attributes=custom_attributes,
            multifactor=multifactor,
            account_recovery=account_recovery,
            groups=groups,
            name=name,
        )

    def login_with(self, val: Val) -> LoginWith:
        found = self.fields(
            val,
            ["email", "phone"],
            later=["externalProviders", "webAuthn"],
            hints={
                "username": "login with a username is not supported by defineAuth; use email or "
                "phone (add `preferredUsername` to userAttributes to keep a username)",
            },
        )
        email = self.email(found["email"]) if "email" in found else None
        phone = self.phone(found["phone"]) if "phone" in found else None
        if email is None and phone is None:
            raise self.fail(
                "At least one of email or phone must be enabled",
                val.loc,
                val.path,
                hint="add `email: true` to loginWith"
                if not self.ctx.python
                else 'add "email": True to login_with',
            )
        return LoginWith(email=email, phone=phone)

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
        found = self.fields(val, ["verificationMessage"])
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
                raise self.fail(f"unknown user attribute `{key}`", child.key_loc, child.path, hint)
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
        value = val.value
        if not isinstance(value, list | tuple):
            raise self.fail(
                f"expected an array of group names, got {describe(value)}", val.loc, val.path
            )
        result: list[str] = []
        for index, item in enumerate(value):
            loc = val.loc
            if isinstance(value, JsArray) and index < len(value.item_locations):
                loc = value.item_locations[index]
            item_val = Val(item, f"{val.path}[{index}]", loc, loc)
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


def build_definition(props: Any, ctx: MapContext) -> AuthDefinition:
    """Validate evaluated defineAuth/define_auth props and map them to an `AuthDefinition`."""
    return _Mapper(ctx).definition(props)
