"""`referenceAuth({...})` (resource.ts) / `reference_auth(...)` (resource.py): the props of
Amplify's `AmplifyReferenceAuthProps` (backend-auth reference_factory.ts: `userPoolId`,
`identityPoolId`, `userPoolClientId`, `authRoleArn`, `unauthRoleArn`, optional `groups`
mapping group names to role ARNs, optional `access`), validated into an `AuthDefinition`
whose `reference` is set. The ids are checked for Cognito's / IAM's shape here; whether they
exist is checked at deploy time."""

from __future__ import annotations

import re
from typing import Any

from amplify_sandbox.definition.model import AuthDefinition, LoginWith, ReferenceAuth
from amplify_sandbox.definition.schema.context import MapContext, Val
from amplify_sandbox.definition.schema.groups import GROUP_NAME
from amplify_sandbox.definition.schema.validator import Validator
from amplify_sandbox.definition.values import JsObject
from amplify_sandbox.errors import DefinitionError

# The props in Amplify's order, with the shape Cognito / IAM give each id.
_ROLE_ARN = re.compile(r"^arn:aws[\w-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")
ID_SHAPES: dict[str, tuple[re.Pattern[str], str]] = {
    "userPoolId": (re.compile(r"^[\w-]+_[0-9a-zA-Z]+$"), "a user pool id, e.g. us-east-1_AbC123"),
    "identityPoolId": (
        re.compile(r"^[\w-]+:[0-9a-f-]+$"),
        "an identity pool id, e.g. us-east-1:0a1b2c3d-...",
    ),
    "userPoolClientId": (re.compile(r"^[\w+]{1,128}$"), "an app client id"),
    "authRoleArn": (_ROLE_ARN, "an IAM role ARN, e.g. arn:aws:iam::123456789012:role/auth"),
    "unauthRoleArn": (_ROLE_ARN, "an IAM role ARN, e.g. arn:aws:iam::123456789012:role/unauth"),
}


class _ReferenceMapper(Validator):
    def reference(self, props: Any) -> AuthDefinition:
        root = Val(props, "", self.ctx.default_location, self.ctx.default_location)
        if isinstance(props, JsObject) and props.location:
            root = Val(props, "", props.location, props.location)
        top = self.fields(root, [*ID_SHAPES, "groups", "access"])
        ids = {key: self._id(self.required(top, key, root), key) for key in ID_SHAPES}
        if "access" in top:
            raise self.fail(
                f"`{self.k('access')}` on {self._call()} is not supported by amplify-sandbox: "
                "functions are not granted access to a referenced user pool",
                top["access"].key_loc,
                top["access"].path,
                hint="remove it (grant the functions access outside the sandbox)",
            )
        groups = self._groups(top["groups"]) if "groups" in top else ()
        reference = ReferenceAuth(
            user_pool_id=ids["userPoolId"],
            identity_pool_id=ids["identityPoolId"],
            auth_role_arn=ids["authRoleArn"],
            unauth_role_arn=ids["unauthRoleArn"],
            user_pool_client_id=ids["userPoolClientId"],
            groups=groups,
        )
        return AuthDefinition(source=self.ctx.source, login_with=LoginWith(), reference=reference)

    def _call(self) -> str:
        return "reference_auth(...)" if self.ctx.python else "referenceAuth(...)"

    def _id(self, val: Val, key: str) -> str:
        value = self.string(val)
        shape, what = ID_SHAPES[key]
        if not shape.match(value):
            raise self.fail(f"{value!r} is not {what}", val.loc, val.path)
        return value

    def _groups(self, val: Val) -> tuple[tuple[str, str], ...]:
        result: list[tuple[str, str]] = []
        for child in self.children(val):
            name = child.path.rsplit(".", 1)[-1]
            if not GROUP_NAME.match(name):
                raise self.fail(
                    f"invalid group name {name!r}: use letters, digits and _-+=,.@ (at most 128)",
                    child.key_loc,
                    child.path,
                )
            arn = self.string(child)
            if not _ROLE_ARN.match(arn):
                raise self.fail(
                    f"the role of group {name!r} must be an IAM role ARN, got {arn!r}",
                    child.loc,
                    child.path,
                    hint="groups: { ADMINS: 'arn:aws:iam::123456789012:role/admins' }",
                )
            result.append((name, arn))
        return tuple(result)


def build_reference(props: Any, ctx: MapContext) -> AuthDefinition:
    """Validate evaluated referenceAuth / reference_auth props into an `AuthDefinition`."""
    return _ReferenceMapper(ctx).reference(props)


def check_overrides(definition: AuthDefinition) -> None:
    """A referenceAuth has no L1 resources to override: Amplify's `ReferenceAuthResources`
    (reference_construct.ts 87-110) has no `cfnResources`, so a backend.ts override of them
    fails there too. `backend.addOutput` is fine."""
    properties = definition.overrides.properties
    if definition.reference is None or not properties:
        return
    where = properties[0].where
    raise DefinitionError(
        f"{where}: amplify/backend.ts overrides the {properties[0].resource}, but a "
        "referenceAuth creates no resources to override (Amplify's referenceAuth has no "
        "cfnResources)",
        hint="change the existing resources directly, or use defineAuth",
    )


def field_name(definition: AuthDefinition, key: str) -> str:
    """A referenceAuth prop as the definition spells it (camelCase in .ts, snake in .py)."""
    from amplify_sandbox.definition.schema.context import snake

    return snake(key) if definition.source.suffix == ".py" else key
