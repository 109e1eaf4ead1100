"""Cognito user pool identity providers (Google, Facebook, Amazon, Apple, OIDC, SAML).

Not taggable: owned through their pool's tags. Provider details hold secrets: they are only
ever sent, never read back into the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from amplify_sandbox.aws.handlers.base import PoolChildHandler, created, unless_gone
from amplify_sandbox.deploy.handler import Applied
from amplify_sandbox.deploy.state import DeployedResource
from amplify_sandbox.desired.resources import ResourceKind


class IdentityProviderHandler(PoolChildHandler):
    name_field = "ProviderName"

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        if not created(
            lambda: self._client.create_identity_provider(**props), "DuplicateProviderException"
        ):
            return self.update(_unrecorded(props), props, tags)
        return _applied(props)

    def described(self, current: DeployedResource) -> dict[str, Any] | None:
        return self.described_by_name(
            current, self._client.describe_identity_provider, "ProviderName", "IdentityProvider"
        )

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied:
        self._client.update_identity_provider(
            UserPoolId=props["UserPoolId"],
            ProviderName=props["ProviderName"],
            ProviderDetails=props["ProviderDetails"],
            AttributeMapping=props.get("AttributeMapping", {}),
        )
        return _applied(props)

    def delete(self, current: DeployedResource) -> None:
        unless_gone(
            lambda: self._client.delete_identity_provider(
                UserPoolId=current.attributes["user_pool_id"],
                ProviderName=current.attributes["name"],
            )
        )


def _applied(props: Mapping[str, Any]) -> Applied:
    pool_id, name = str(props["UserPoolId"]), str(props["ProviderName"])
    return Applied(f"{pool_id}/{name}", {"user_pool_id": pool_id, "name": name})


def _unrecorded(props: Mapping[str, Any]) -> DeployedResource:
    applied = _applied(props)
    return DeployedResource(
        "", ResourceKind.USER_POOL_IDENTITY_PROVIDER, applied.physical_id, applied.attributes, {}
    )
