"""The identity pool's role attachment (SetIdentityPoolRoles); owned through the pool's tags."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from amplify_sandbox.aws.handlers.base import OwnedHandler, unless_gone
from amplify_sandbox.aws.handlers.identity_pool import IdentityPoolHandler
from amplify_sandbox.deploy.handler import Applied
from amplify_sandbox.deploy.state import DeployedResource

if TYPE_CHECKING:
    from mypy_boto3_cognito_identity import CognitoIdentityClient


class IdentityPoolRolesHandler(OwnedHandler):
    """Named by the identity pool it is attached to."""

    _client: CognitoIdentityClient

    def __init__(self, client: CognitoIdentityClient, pools: IdentityPoolHandler) -> None:
        super().__init__(client)
        self._pools = pools

    def _set(self, props: Mapping[str, Any]) -> Applied:
        pool_id = str(props["IdentityPoolId"])
        mappings: dict[str, Any] = {
            mapping["IdentityProvider"]: {
                k: v for k, v in mapping.items() if k != "IdentityProvider"
            }
            for mapping in props.get("RoleMappings", [])
        }
        self._client.set_identity_pool_roles(
            IdentityPoolId=pool_id, Roles=dict(props["Roles"]), RoleMappings=mappings
        )
        return Applied(pool_id, {"id": pool_id})

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        return self._set(props)

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied:
        return self._set(props)

    def read(self, current: DeployedResource) -> dict[str, Any] | None:
        roles = unless_gone(
            lambda: self._client.get_identity_pool_roles(IdentityPoolId=current.physical_id)
        )
        if roles is None or not roles.get("Roles"):
            return None
        return {
            "IdentityPoolId": current.physical_id,
            "Roles": dict(roles["Roles"]),
            "RoleMappings": [
                {"IdentityProvider": provider, **mapping}
                for provider, mapping in roles.get("RoleMappings", {}).items()
            ],
        }

    def delete(self, current: DeployedResource) -> None:
        unless_gone(
            lambda: self._client.set_identity_pool_roles(
                IdentityPoolId=current.physical_id, Roles={}
            )
        )

    def owned(self, current: DeployedResource) -> tuple[dict[str, str], str] | None:
        return self._pools.owned(current)
