"""The user pool's Cognito (prefix) domain, the hosted UI's address. Owned through the pool."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from amplify_sandbox.aws.errors import is_not_found
from amplify_sandbox.aws.handlers.user_pool import UserPoolHandler
from amplify_sandbox.deploy.handler import Applied
from amplify_sandbox.deploy.state import DeployedResource

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient


class UserPoolDomainHandler:
    def __init__(
        self, client: CognitoIdentityProviderClient, pools: UserPoolHandler, region: str
    ) -> None:
        self._client = client
        self._pools = pools
        self._region = region

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        existing = self._describe(str(props["Domain"]))
        # A domain a stopped run created for this pool is adopted; any other owner is an error
        # that Cognito reports on create.
        if existing.get("UserPoolId") != props["UserPoolId"]:
            self._client.create_user_pool_domain(
                Domain=props["Domain"], UserPoolId=props["UserPoolId"]
            )
        return self._applied(props)

    def _describe(self, domain: str) -> dict[str, Any]:
        described = self._client.describe_user_pool_domain(Domain=domain)
        return dict(described.get("DomainDescription", {}))

    def read(self, current: DeployedResource) -> dict[str, Any] | None:
        found = self._describe(current.physical_id)
        return found if found.get("UserPoolId") else None

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
        try:
            self._client.delete_user_pool_domain(
                Domain=current.physical_id, UserPoolId=current.attributes["user_pool_id"]
            )
        except ClientError as exc:
            if not is_not_found(exc):
                raise

    def tags(self, current: DeployedResource) -> dict[str, str] | None:
        if not self._describe(current.physical_id).get("UserPoolId"):
            return None
        return self._pools.pool_tags(current.attributes["user_pool_id"])
