"""Cognito app clients. Not taggable: a client belongs to the sandbox its pool belongs to."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from amplify_sandbox.aws.handlers.base import PoolChildHandler, unless_gone
from amplify_sandbox.aws.shapes import request_fields
from amplify_sandbox.deploy.handler import Applied
from amplify_sandbox.deploy.state import DeployedResource
from amplify_sandbox.desired.resources import ResourceKind


class UserPoolClientHandler(PoolChildHandler):
    name_field = "ClientName"

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        pool_id = str(props["UserPoolId"])
        if not self.nothing_to_adopt(pool_id, str(props["ClientName"])):
            found = self._find(pool_id, str(props["ClientName"]), exclude)
            if found is not None:
                # Created by a run that stopped before recording it: adopt it.
                current = DeployedResource("", ResourceKind.USER_POOL_CLIENT, found, {}, {})
                return self.update(current, props, tags)
        created = self._client.create_user_pool_client(**props)["UserPoolClient"]
        return _applied(created["ClientId"], pool_id)

    def _find(self, pool_id: str, name: str, exclude: AbstractSet[str]) -> str | None:
        for page in self._client.get_paginator("list_user_pool_clients").paginate(
            UserPoolId=pool_id
        ):
            for client in page["UserPoolClients"]:
                if client.get("ClientName") == name and client["ClientId"] not in exclude:
                    return str(client["ClientId"])
        return None

    def described(self, current: DeployedResource) -> dict[str, Any] | None:
        found = unless_gone(
            lambda: self._client.describe_user_pool_client(
                UserPoolId=_pool_of(current), ClientId=current.physical_id
            )
        )
        return dict(found["UserPoolClient"]) if found is not None else None

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied:
        pool_id = props["UserPoolId"]
        described = self._client.describe_user_pool_client(
            UserPoolId=pool_id, ClientId=current.physical_id
        )["UserPoolClient"]
        allowed = request_fields(self._client, "UpdateUserPoolClient")
        # UpdateUserPoolClient resets what it is not given: read, overlay, write.
        request: dict[str, Any] = {k: v for k, v in described.items() if k in allowed}
        request.update({k: v for k, v in props.items() if k in allowed})
        request["ClientId"] = current.physical_id
        self._client.update_user_pool_client(**request)
        return _applied(current.physical_id, pool_id)

    def delete(self, current: DeployedResource) -> None:
        unless_gone(
            lambda: self._client.delete_user_pool_client(
                UserPoolId=_pool_of(current), ClientId=current.physical_id
            )
        )


def _pool_of(current: DeployedResource) -> str:
    return current.attributes["user_pool_id"]


def _applied(client_id: str, pool_id: str) -> Applied:
    return Applied(client_id, {"id": client_id, "user_pool_id": pool_id})
