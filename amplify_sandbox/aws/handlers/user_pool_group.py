"""Cognito user pool groups. Not taggable: owned through their pool's tags."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from amplify_sandbox.aws.errors import error_code
from amplify_sandbox.aws.handlers.base import PoolChildHandler, unless_gone
from amplify_sandbox.aws.handlers.user_pool import UserPoolHandler
from amplify_sandbox.deploy.handler import Applied
from amplify_sandbox.deploy.state import DeployedResource

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient


class UserPoolGroupHandler(PoolChildHandler):
    name_field = "GroupName"

    def __init__(self, client: CognitoIdentityProviderClient, pools: UserPoolHandler) -> None:
        super().__init__(client, pools)
        self._client: CognitoIdentityProviderClient = client

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

    def described(self, current: DeployedResource) -> dict[str, Any] | None:
        found = unless_gone(
            lambda: self._client.get_group(
                UserPoolId=current.attributes["user_pool_id"],
                GroupName=current.attributes["name"],
            )
        )
        return dict(found["Group"]) if found is not None else None

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied:
        self._client.update_group(**props)
        return _applied(props)

    def delete(self, current: DeployedResource) -> None:
        unless_gone(
            lambda: self._client.delete_group(
                UserPoolId=current.attributes["user_pool_id"], GroupName=current.attributes["name"]
            )
        )


def _applied(props: Mapping[str, Any]) -> Applied:
    pool_id, name = str(props["UserPoolId"]), str(props["GroupName"])
    return Applied(f"{pool_id}/{name}", {"user_pool_id": pool_id, "name": name})
