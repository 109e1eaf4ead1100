"""The pool's `LambdaConfig` (which function each trigger runs): a read-modify-write
UpdateUserPool of that one field, owned through the pool; deleting it clears the triggers."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from amplify_sandbox.aws.handlers.base import PoolChildHandler, unless_gone
from amplify_sandbox.aws.shapes import request_fields
from amplify_sandbox.deploy.handler import Applied
from amplify_sandbox.deploy.state import DeployedResource

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

# Superseded by VerificationMessageTemplate; sending both with different values is rejected.
_LEGACY_MESSAGES = (
    "SmsVerificationMessage",
    "EmailVerificationMessage",
    "EmailVerificationSubject",
)


class UserPoolLambdaConfigHandler(PoolChildHandler):
    name_field = "UserPoolId"

    def _set(self, pool_id: str, config: Mapping[str, Any]) -> None:
        client: CognitoIdentityProviderClient = self._client
        described = client.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        if dict(described.get("LambdaConfig") or {}) == dict(config):
            return
        allowed = request_fields(client, "UpdateUserPool")
        # UpdateUserPool resets every field it is not given: start from what the pool has.
        request: dict[str, Any] = {
            k: v for k, v in described.items() if k in allowed and k not in _LEGACY_MESSAGES
        }
        request["UserPoolId"] = pool_id
        request["LambdaConfig"] = dict(config)
        client.update_user_pool(**request)

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        pool_id = str(props["UserPoolId"])
        self._set(pool_id, props["LambdaConfig"])
        return Applied(f"{pool_id}/LambdaConfig", {"user_pool_id": pool_id})

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied:
        return self.create(props, tags, frozenset())

    def delete(self, current: DeployedResource) -> None:
        pool_id = current.physical_id.partition("/")[0]
        unless_gone(lambda: self._set(pool_id, {}))

    def owning_pool(self, current: DeployedResource, described: dict[str, Any]) -> str:
        return current.physical_id.partition("/")[0]

    def described(self, current: DeployedResource) -> dict[str, Any] | None:
        pool_id = current.physical_id.partition("/")[0]
        found = unless_gone(lambda: self._client.describe_user_pool(UserPoolId=pool_id))
        if found is None:
            return None
        return {
            "UserPoolId": pool_id,
            "LambdaConfig": dict(found["UserPool"].get("LambdaConfig") or {}),
        }
