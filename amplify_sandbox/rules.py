"""Cognito's and IAM's rules about what cannot change in place, in one place.

A change to any of these fields makes the planner replace the resource instead of updating it.
Sources:
- UpdateUserPool accepts no UsernameAttributes, AliasAttributes, UsernameConfiguration or Schema;
  attributes can only be added (AddCustomAttributes), never removed or changed
  (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPool.html,
  .../API_AddCustomAttributes.html). PoolName is updatable (UpdateUserPool has PoolName).
- UpdateUserPoolClient has no GenerateSecret; a client belongs to one pool
  (.../API_UpdateUserPoolClient.html).
- An identity provider's name and type are its key (.../API_UpdateIdentityProvider.html).
- A Cognito (prefix) domain cannot be changed; UpdateUserPoolDomain only swaps a custom
  domain's certificate (.../API_UpdateUserPoolDomain.html).
- A group's name is its key (.../API_UpdateGroup.html); a role's name is its key (IAM).
- UpdateIdentityPool keeps the pool id; every field is updatable.
"""

from __future__ import annotations

from collections.abc import Mapping

from amplify_sandbox.resources import ResourceKind

REPLACE_FIELDS: Mapping[ResourceKind, frozenset[str]] = {
    ResourceKind.USER_POOL: frozenset(
        {"UsernameAttributes", "AliasAttributes", "UsernameConfiguration", "Schema"}
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
}
