"""Cognito's and IAM's rules about what cannot change in place, in one place.

A change to any of these fields makes the planner replace the resource instead of updating it.
Sources (Cognito API reference, https://docs.aws.amazon.com/cognito-user-identity-pools/latest/
APIReference/):
- UpdateUserPool accepts no UsernameAttributes, AliasAttributes, UsernameConfiguration or Schema
  (API_UpdateUserPool.html): sign-in attributes and case sensitivity are fixed at creation.
- The schema: standard attributes' Required / Mutable are fixed at creation (the developer guide,
  "User pool attributes": "you can't change the required attribute setting after creation");
  custom attributes can be added (API_AddCustomAttributes.html) but "You can't delete custom
  attributes after you create them", nor change their type, mutability or constraints. So adding
  a custom attribute is an in-place update; any other schema change is a replace.
- PoolName is updatable (UpdateUserPool has PoolName).
- UpdateUserPoolClient has no GenerateSecret; a client belongs to one pool
  (.../API_UpdateUserPoolClient.html).
- An identity provider's name and type are its key (.../API_UpdateIdentityProvider.html).
- A Cognito (prefix) domain cannot be changed; UpdateUserPoolDomain only swaps a custom
  domain's certificate (.../API_UpdateUserPoolDomain.html).
- A group's name is its key (.../API_UpdateGroup.html); a role's name is its key (IAM).
- UpdateIdentityPool keeps the pool id; every field is updatable.
- A Lambda function's name is its key (API_UpdateFunctionConfiguration.html has no name); a
  permission statement is removed and added, never changed (API_AddPermission.html).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from amplify_sandbox.desired.resources import ResourceKind

# Cognito's standard attributes; every other schema entry is a custom one.
STANDARD_ATTRIBUTES = frozenset(
    {
        "address", "birthdate", "email", "family_name", "gender", "given_name", "locale",
        "middle_name", "name", "nickname", "phone_number", "picture", "preferred_username",
        "profile", "zoneinfo", "updated_at", "website",
    }
)  # fmt: skip

REPLACE_FIELDS: Mapping[ResourceKind, frozenset[str]] = {
    # Schema is judged entry by entry: see schema_forces_replacement.
    ResourceKind.USER_POOL: frozenset(
        {"UsernameAttributes", "AliasAttributes", "UsernameConfiguration"}
    ),
    ResourceKind.USER_POOL_CLIENT: frozenset({"UserPoolId", "GenerateSecret"}),
    ResourceKind.USER_POOL_GROUP: frozenset({"UserPoolId", "GroupName"}),
    ResourceKind.USER_POOL_IDENTITY_PROVIDER: frozenset(
        {"UserPoolId", "ProviderName", "ProviderType"}
    ),
    ResourceKind.USER_POOL_DOMAIN: frozenset({"UserPoolId", "Domain"}),
    ResourceKind.IDENTITY_POOL: frozenset(),
    ResourceKind.IAM_ROLE: frozenset({"RoleName"}),
    ResourceKind.IDENTITY_POOL_ROLES: frozenset({"IdentityPoolId"}),
    # A function's name is its key (Lambda); everything else is UpdateFunctionCode or
    # UpdateFunctionConfiguration.
    ResourceKind.LAMBDA_FUNCTION: frozenset({"FunctionName"}),
    # A permission statement cannot be changed, only removed and added (AddPermission).
    ResourceKind.LAMBDA_PERMISSION: frozenset(
        {"FunctionName", "StatementId", "Action", "Principal", "SourceArn"}
    ),
    ResourceKind.USER_POOL_LAMBDA_CONFIG: frozenset({"UserPoolId"}),
}


def _schema_entries(schema: Any) -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for entry in schema or []:
        name = str(entry["Name"]).removeprefix("custom:")
        entries[name] = entry
    return entries


def _standard_flags(entry: dict[str, Any] | None) -> tuple[bool, bool]:
    # A standard attribute not listed is Cognito's default: optional and mutable.
    if entry is None:
        return (False, True)
    return (bool(entry.get("Required", False)), bool(entry.get("Mutable", True)))


def added_custom_attributes(old: Any, new: Any) -> list[dict[str, Any]]:
    """Custom attributes in the new schema that the old one lacks (AddCustomAttributes)."""
    before = _schema_entries(old)
    return [
        entry
        for name, entry in _schema_entries(new).items()
        if name not in STANDARD_ATTRIBUTES and name not in before
    ]


def schema_forces_replacement(old: Any, new: Any) -> bool:
    """Only added custom attributes can be applied in place; anything else needs a new pool."""
    before, after = _schema_entries(old), _schema_entries(new)
    for name in STANDARD_ATTRIBUTES & (set(before) | set(after)):
        if _standard_flags(before.get(name)) != _standard_flags(after.get(name)):
            return True
    # A custom attribute removed or changed.
    return any(before[name] != after.get(name) for name in set(before) - STANDARD_ATTRIBUTES)


def forces_replacement(kind: ResourceKind, field: str, old: Any, new: Any) -> bool:
    """Whether changing `field` from `old` to `new` needs a new resource."""
    if kind is ResourceKind.USER_POOL and field == "Schema":
        return schema_forces_replacement(old, new)
    return field in REPLACE_FIELDS[kind]


class ReplaceOrder(StrEnum):
    """Which half of a replace goes first (Terraform's `create_before_destroy`)."""

    CREATE_BEFORE_DESTROY = "create_before_destroy"
    DESTROY_BEFORE_CREATE = "destroy_before_create"


# Kinds whose names are unique in their scope and stay the same across a replace (a domain
# prefix, a provider or group name, a role name): the old one must go before the new one can
# be created. Everything else is created before the old one is deleted, so what refers to it
# can move over first.
_DESTROY_BEFORE_CREATE = frozenset(
    {
        ResourceKind.USER_POOL_DOMAIN,
        ResourceKind.USER_POOL_IDENTITY_PROVIDER,
        ResourceKind.USER_POOL_GROUP,
        ResourceKind.IAM_ROLE,
        ResourceKind.LAMBDA_PERMISSION,
    }
)


def replace_order(kind: ResourceKind) -> ReplaceOrder:
    if kind in _DESTROY_BEFORE_CREATE:
        return ReplaceOrder.DESTROY_BEFORE_CREATE
    return ReplaceOrder.CREATE_BEFORE_DESTROY


# Fields whose values are secrets wherever they appear (an identity provider's ProviderDetails:
# OAuth client secrets, Sign in with Apple's private key): shown as (sensitive), never as text.
# (referring kind, referred kind) where the referring service keeps the reference as given,
# without checking it: Cognito keeps a group's role ARN (desired/build.py makes it a known value,
# so the group need not wait for its role). Deleting the referred one need not wait either.
UNCHECKED_REFERENCES = frozenset({(ResourceKind.USER_POOL_GROUP, ResourceKind.IAM_ROLE)})


def checked_reference(referring: ResourceKind, referred: ResourceKind) -> bool:
    """Whether the service holding `referring` minds what it refers to going first."""
    return (referring, referred) not in UNCHECKED_REFERENCES


SENSITIVE_KEYS = frozenset({"client_secret", "private_key"})
