"""The user pool's Cognito (prefix) domain, the hosted UI's address. Owned through the pool."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from amplify_sandbox.aws.handlers.base import PoolChildHandler, unless_gone
from amplify_sandbox.aws.handlers.user_pool import UserPoolHandler
from amplify_sandbox.deploy.handler import Applied
from amplify_sandbox.deploy.state import DeployedResource

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient


class UserPoolDomainHandler(PoolChildHandler):
    name_field = "Domain"

    def __init__(
        self, client: CognitoIdentityProviderClient, pools: UserPoolHandler, region: str
    ) -> None:
        super().__init__(client, pools)
        self._region = region

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        pool_id, domain = str(props["UserPoolId"]), str(props["Domain"])
        # A domain a stopped run created for this pool is adopted; any other owner is an error
        # that Cognito reports on create. A pool made by this process has none to adopt.
        existing = {} if self.nothing_to_adopt(pool_id, domain) else self._describe(domain)
        if existing.get("UserPoolId") != pool_id:
            self._client.create_user_pool_domain(
                Domain=props["Domain"], UserPoolId=props["UserPoolId"]
            )
        return self._applied(props)

    def _describe(self, domain: str) -> dict[str, Any]:
        described = self._client.describe_user_pool_domain(Domain=domain)
        return dict(described.get("DomainDescription", {}))

    def described(self, current: DeployedResource) -> dict[str, Any] | None:
        found = self._describe(current.physical_id)
        return found if found.get("UserPoolId") else None

    def owning_pool(self, current: DeployedResource, described: dict[str, Any]) -> str:
        # The pool that holds the domain now, which need not be the one on record.
        return str(described["UserPoolId"])

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied:
        # Every field of a prefix domain forces a replacement (deploy/rules.py): nothing to send.
        return self._applied(props)

    def _applied(self, props: Mapping[str, Any]) -> Applied:
        domain, pool_id = str(props["Domain"]), str(props["UserPoolId"])
        host = f"{domain}.auth.{self._region}.amazoncognito.com"
        return Applied(domain, {"domain": domain, "host": host, "user_pool_id": pool_id})

    def delete(self, current: DeployedResource) -> None:
        found = self.described(current)
        if found is None:
            return
        # Sent with the pool that holds the domain, which was checked to be this sandbox's.
        unless_gone(
            lambda: self._client.delete_user_pool_domain(
                Domain=current.physical_id, UserPoolId=self.owning_pool(current, found)
            )
        )

    def not_ours(self, current: DeployedResource, sandbox_id: str) -> str | None:
        found = self.described(current)
        recorded = current.attributes.get("user_pool_id")
        if found is not None and found["UserPoolId"] != recorded:
            return f"belongs to user pool {found['UserPoolId']}, not the recorded {recorded}"
        return super().not_ours(current, sandbox_id)
