"""The sections that name Lambda function resources: `triggers` (Cognito trigger events) and
`access` (the actions a function may perform on the user pool), and the function references
they hold."""

from __future__ import annotations

import os
from dataclasses import replace
from functools import cached_property

from amplify_sandbox.definition.model import AccessGrant, FunctionRef, Trigger
from amplify_sandbox.definition.schema.context import Val
from amplify_sandbox.definition.schema.validator import Validator, did_you_mean
from amplify_sandbox.definition.values import describe
from amplify_sandbox.functions.access import TRIGGER_EVENTS
from amplify_sandbox.functions.model import FunctionSpec, check_unique_names

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


class FunctionsSection(Validator):
    """Maps `triggers` and `access`."""

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
        if value.spec is not None:
            self._check_name(value.spec, val)
        return replace(value, module=self.relative(value.module), where=self.relative(value.where))

    @cached_property
    def _functions_named(self) -> dict[str, FunctionSpec]:
        return {}

    def _check_name(self, spec: FunctionSpec, val: Val) -> None:
        """Two different functions may not share a name (Amplify's stack would refuse them;
        here one would silently stand in for the other)."""
        first = self._functions_named.setdefault(spec.name, spec)
        if first != spec:
            spelled = [replace(f, where=self.relative(f.where)) for f in (first, spec)]
            raise self.fail(
                check_unique_names(spelled)[0],
                val.loc,
                val.path,
                hint="give each function its own `name`",
            )

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
                guess = did_you_mean(key, list(spelled))
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
