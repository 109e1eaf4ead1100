"""Cognito user pool groups. Not taggable: owned through their pool's tags."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from amplify_sandbox.aws.errors import error_code, is_not_found
from amplify_sandbox.aws.handlers.user_pool import UserPoolHandler
from amplify_sandbox.deploy.handler import Applied
from amplify_sandbox.deploy.state import DeployedResource

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient


class UserPoolGroupHandler:
    def __init__(self, client: CognitoIdentityProviderClient, pools: UserPoolHandler) -> None:
        self._client = client
        self._pools = pools

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        try:
            self._client.create_group(**props)
        except ClientError as exc:
            # Created by a run that stopped before recording it: adopt it.
            if error_code(exc) != "GroupExistsException":
                raise
            self._client.update_group(**props)
        return _applied(props)

    def read(self, current: DeployedResource) -> dict[str, Any] | None:
        try:
            return dict(
                self._client.get_group(
                    UserPoolId=current.attributes["user_pool_id"],
                    GroupName=current.attributes["name"],
                )["Group"]
            )
        except ClientError as exc:
            if is_not_found(exc):
                return None
            raise

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied:
        self._client.update_group(**props)
        return _applied(props)

    def delete(self, current: DeployedResource) -> None:
        try:
            self._client.delete_group(
                UserPoolId=current.attributes["user_pool_id"], GroupName=current.attributes["name"]
            )
        except ClientError as exc:
            if not is_not_found(exc):
                raise

    def tags(self, current: DeployedResource) -> dict[str, str] | None:
        pool_id = current.attributes["user_pool_id"]
        try:
            self._client.get_group(UserPoolId=pool_id, GroupName=current.attributes["name"])
        except ClientError as exc:
            if is_not_found(exc):
                return None
            raise
        return self._pools.pool_tags(pool_id)


def _applied(props: Mapping[str, Any]) -> Applied:
    pool_id, name = str(props["UserPoolId"]), str(props["GroupName"])
    return Applied(f"{pool_id}/{name}", {"user_pool_id": pool_id, "name": name})
