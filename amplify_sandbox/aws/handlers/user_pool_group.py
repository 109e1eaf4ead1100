"""Cognito user pool groups. Not taggable: owned through their pool's tags."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from amplify_sandbox.aws.handlers.base import PoolChildHandler, created, unless_gone
from amplify_sandbox.deploy.handler import Applied
from amplify_sandbox.deploy.state import DeployedResource


class UserPoolGroupHandler(PoolChildHandler):
    name_field = "GroupName"

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        if not created(lambda: self._client.create_group(**props), "GroupExistsException"):
            self._client.update_group(**props)
        return _applied(props)

    def described(self, current: DeployedResource) -> dict[str, Any] | None:
        return self.described_by_name(current, self._client.get_group, "GroupName", "Group")

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
