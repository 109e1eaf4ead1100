"""Cognito identity pools: create, read-modify-write update, delete, tags."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from amplify_sandbox.aws.handlers.base import OwnedHandler, tagged_as, tags_and_name, unless_gone
from amplify_sandbox.aws.shapes import request_fields
from amplify_sandbox.deploy.handler import Applied
from amplify_sandbox.deploy.state import DeployedResource
from amplify_sandbox.desired.build import SANDBOX_TAG
from amplify_sandbox.desired.resources import ResourceKind

if TYPE_CHECKING:
    from mypy_boto3_cognito_identity import CognitoIdentityClient


class IdentityPoolHandler(OwnedHandler):
    name_field = "IdentityPoolName"
    _client: CognitoIdentityClient

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        for listed in self._listed():
            if (
                listed["IdentityPoolName"] != props["IdentityPoolName"]
                or listed["IdentityPoolId"] in exclude
            ):
                continue
            owner = (self.pool_tags(listed["IdentityPoolId"]) or {}).get(SANDBOX_TAG)
            if owner is not None and owner == tags.get(SANDBOX_TAG):
                # Created by a run that stopped before recording it: adopt it.
                current = DeployedResource(
                    "", ResourceKind.IDENTITY_POOL, listed["IdentityPoolId"], {}, {}
                )
                return self.update(current, props, tags)
        pool = self._client.create_identity_pool(**props, IdentityPoolTags=dict(tags))
        return Applied(pool["IdentityPoolId"], {"id": pool["IdentityPoolId"]})

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied:
        described = self._client.describe_identity_pool(IdentityPoolId=current.physical_id)
        allowed = request_fields(self._client, "UpdateIdentityPool")
        # Empty strings come back for unset fields but are invalid in a request.
        request: dict[str, Any] = {k: v for k, v in described.items() if k in allowed and v != ""}
        request.update(props)
        request["IdentityPoolId"] = current.physical_id
        request["IdentityPoolTags"] = {**described.get("IdentityPoolTags", {}), **tags}
        self._client.update_identity_pool(**request)
        return Applied(current.physical_id, {"id": current.physical_id})

    def _listed(self) -> list[dict[str, Any]]:
        pages = self._client.get_paginator("list_identity_pools").paginate(
            PaginationConfig={"PageSize": 60}
        )
        return [dict(pool) for page in pages for pool in page["IdentityPools"]]

    def tagged(self, sandbox_id: str) -> list[str]:
        """Ids of the identity pools tagged as this sandbox's."""
        ids = (pool["IdentityPoolId"] for pool in self._listed())
        return tagged_as(ids, self.pool_tags, sandbox_id)

    def read(self, current: DeployedResource) -> dict[str, Any] | None:
        return self.described(current.physical_id)

    def described(self, pool_id: str) -> dict[str, Any] | None:
        found = unless_gone(lambda: self._client.describe_identity_pool(IdentityPoolId=pool_id))
        return dict(found) if found is not None else None

    def delete(self, current: DeployedResource) -> None:
        unless_gone(lambda: self._client.delete_identity_pool(IdentityPoolId=current.physical_id))

    def owned(self, current: DeployedResource) -> tuple[dict[str, str], str] | None:
        return self._owned(current.physical_id)

    def pool_tags(self, pool_id: str) -> dict[str, str] | None:
        found = self._owned(pool_id)
        return found[0] if found is not None else None

    def _owned(self, pool_id: str) -> tuple[dict[str, str], str] | None:
        return tags_and_name(self.described(pool_id), "IdentityPoolTags", "IdentityPoolName")
