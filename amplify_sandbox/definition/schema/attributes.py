"""The `userAttributes` section: Amplify's standard attribute names (and their Cognito names)
and `custom:` attributes with their types and limits."""

from __future__ import annotations

import re
from typing import cast

from amplify_sandbox.definition.model import (
    CustomAttribute,
    CustomAttributeType,
    StandardAttribute,
)
from amplify_sandbox.definition.schema.context import Val
from amplify_sandbox.definition.schema.validator import Validator, did_you_mean

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
CUSTOM_TYPES = ("String", "Number", "Boolean", "DateTime")
# Cognito's CustomAttributeNameType: letters, marks, symbols, numbers and punctuation
# ([\p{L}\p{M}\p{S}\p{N}\p{P}]+), i.e. no whitespace or control characters.
_CUSTOM_NAME = re.compile(r"[^\s\x00-\x1f\x7f]+")


class AttributesSection(Validator):
    """Maps `userAttributes`."""

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
                    guess = did_you_mean(key, list(spelled))
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
                f"`custom:{name}`: a custom attribute name must have 1 to 20 characters after "
                f"`custom:` ({len(name)} given)",
                val.key_loc,
                val.path,
            )
        if not _CUSTOM_NAME.fullmatch(name):
            raise self.fail(
                f"`custom:{name}`: Cognito refuses a custom attribute name with spaces or "
                "control characters",
                val.key_loc,
                val.path,
                hint="use letters, digits and punctuation, e.g. `custom:contact_channel`",
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
