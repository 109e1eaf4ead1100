"""The Python API for `amplify/auth/resource.py`: `define_auth(...)`, `secret(...)` and
`define_function(...)`.

Mirrors Amplify's `defineAuth` with snake_case keys. Deliberately light (no parser imports):
`amplify_sandbox` re-exports these, and importing the package must stay fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from amplify_sandbox.definition.model import FunctionRef, SecretRef
from amplify_sandbox.secrets.names import NAME_PATTERN as _SECRET_NAME

# Set by the resource.py loader while it runs the file, to find every define_auth() result.
_created: ContextVar[list[DefinedAuth] | None] = ContextVar("amplify_sandbox_created", default=None)


@dataclass(frozen=True)
class DefinedAuth:
    """What `define_auth(...)` returns: the raw props, checked when the file is loaded."""

    props: Mapping[str, Any]
    file: str = ""
    line: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)
    # "referenceAuth" for what `reference_auth(...)` returns.
    kind: str = "defineAuth"


def define_auth(
    *,
    login_with: Mapping[str, Any],
    user_attributes: Mapping[str, Mapping[str, Any]] | None = None,
    multifactor: Mapping[str, Any] | None = None,
    account_recovery: str | None = None,
    groups: Sequence[str] | None = None,
    name: str | None = None,
    triggers: Mapping[str, FunctionRef] | None = None,
    access: Any = None,
    senders: Mapping[str, Any] | None = None,
    **other: Any,
) -> DefinedAuth:
    """Define the auth resource, like `defineAuth({...})` in resource.ts.

    Example: `auth = define_auth(login_with={"email": True}, groups=["ADMINS"])`.
    Message bodies may be functions taking the placeholder producers, like Amplify's:
    `"verification_email_body": lambda create_code: f"Your code is {create_code()}"`.
    External providers go in `login_with["external_providers"]`; triggers map snake_case
    event names to `define_function(...)` results; access is
    `lambda allow: [allow.resource(fn).to(["manageUsers"])]`.
    """
    props: dict[str, Any] = {"login_with": login_with}
    optional = {
        "user_attributes": user_attributes,
        "multifactor": multifactor,
        "account_recovery": account_recovery,
        "groups": groups,
        "name": name,
        "triggers": triggers,
        "access": access,
        "senders": senders,
    }
    props.update({key: value for key, value in optional.items() if value is not None})
    props.update(other)  # unknown keys are reported, with a suggestion, when the file is loaded
    caller = sys._getframe(1)
    defined = DefinedAuth(props, caller.f_code.co_filename, caller.f_lineno)
    created = _created.get()
    if created is not None:
        created.append(defined)
    return defined


def reference_auth(
    *,
    user_pool_id: str,
    identity_pool_id: str,
    auth_role_arn: str,
    unauth_role_arn: str,
    user_pool_client_id: str,
    groups: Mapping[str, str] | None = None,
    **other: Any,
) -> DefinedAuth:
    """Use an existing user pool, app client and identity pool, like `referenceAuth({...})`:
    nothing is created; `deploy` checks they exist and writes the outputs file from them.

    Example: `auth = reference_auth(user_pool_id="us-east-1_AbC123", ...,
    groups={"ADMINS": "arn:aws:iam::123456789012:role/admins"})`.
    """
    props: dict[str, Any] = {
        "user_pool_id": user_pool_id,
        "identity_pool_id": identity_pool_id,
        "auth_role_arn": auth_role_arn,
        "unauth_role_arn": unauth_role_arn,
        "user_pool_client_id": user_pool_client_id,
    }
    if groups is not None:
        props["groups"] = groups
    props.update(other)  # unknown keys are reported when the file is loaded
    caller = sys._getframe(1)
    defined = DefinedAuth(props, caller.f_code.co_filename, caller.f_lineno, kind="referenceAuth")
    created = _created.get()
    if created is not None:
        created.append(defined)
    return defined


def secret(name: str) -> SecretRef:
    """A reference to a sandbox secret (`sandbox secret set NAME`), resolved at deploy time."""
    if not isinstance(name, str) or not _SECRET_NAME.match(name):
        raise ValueError(f"invalid secret name {name!r}: use letters, digits and _.-")
    return SecretRef(name)


def define_function(
    *, name: str | None = None, entry: str | None = None, **other: Any
) -> FunctionRef:
    """A function resource, like `defineFunction({...})`, for `triggers` and `access`.

    Keywords are Amplify's props in snake case (`entry="handler.py"`, `runtime="python3.13"`,
    `environment={...}` with `secret(...)` values, `timeout_seconds`, `memory_mb`,
    `architecture`, `resource_group_name`). Its name is `name`, else the stem of `entry`, else
    the name of the directory of the file that calls this (Amplify's rule)."""
    from pathlib import Path

    from amplify_sandbox.definition.function_props import PropsError, function_spec

    caller = sys._getframe(1)
    filename = os.path.abspath(caller.f_code.co_filename)
    if name is not None and (not isinstance(name, str) or not name):
        raise ValueError("define_function(name=...) must be a non-empty string")
    if entry is not None and (not isinstance(entry, str) or not entry):
        raise ValueError("define_function(entry=...) must be a non-empty string")
    where = f"{filename}:{caller.f_lineno}:1"
    props: dict[str, Any] = {"name": name, "entry": entry, **other}
    defining = Path(filename)
    try:
        # A Python project may still have TypeScript handlers (entry `*.ts`, a Node runtime).
        node = (entry is not None and not entry.endswith(".py")) or (
            isinstance(other.get("runtime"), int) and not isinstance(other.get("runtime"), bool)
        )
        spec = function_spec(
            props,
            defining_file=defining,
            root=_project_of(defining),
            python=not node,
            snake_case=True,
            where=where,
        )
    except PropsError as exc:
        hint = f" ({exc.hint})" if exc.hint else ""
        raise ValueError(f"define_function: {exc.message}{hint}") from None
    return FunctionRef(kind="local", name=spec.name, module=filename, where=where, spec=spec)


def _project_of(path: object) -> Any:
    """The folder holding the `amplify/` folder the file is in (else the file's folder)."""
    from pathlib import Path

    assert isinstance(path, Path)
    for parent in path.parents:
        if parent.name == "amplify":
            return parent.parent
    return path.parent
