"""IAM roles with a trust policy and inline policies."""

from __future__ import annotations

import json
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from botocore.exceptions import ClientError

from amplify_sandbox.aws.errors import error_code
from amplify_sandbox.aws.handlers.base import OwnedHandler, tag_list, unless_gone
from amplify_sandbox.deploy.handler import Applied
from amplify_sandbox.deploy.state import DeployedResource
from amplify_sandbox.desired.build import SANDBOX_TAG

if TYPE_CHECKING:
    from mypy_boto3_iam import IAMClient


class IamRoleHandler(OwnedHandler):
    name_field = "RoleName"
    _client: IAMClient

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        name = str(props["RoleName"])
        existing: set[str] | None = set()  # a role just created has no policies yet
        try:
            role = self._client.create_role(
                RoleName=name,
                AssumeRolePolicyDocument=json.dumps(props["AssumeRolePolicyDocument"]),
                Tags=tag_list(tags),
            )["Role"]
        except ClientError as exc:
            # A role this sandbox created in a run that stopped before recording it: adopt it.
            if error_code(exc) != "EntityAlreadyExists" or (self._role_tags(name) or {}).get(
                SANDBOX_TAG
            ) != tags.get(SANDBOX_TAG):
                raise
            role = self._client.get_role(RoleName=name)["Role"]
            self._client.update_assume_role_policy(
                RoleName=name, PolicyDocument=json.dumps(props["AssumeRolePolicyDocument"])
            )
            existing = None
        self._sync_policies(name, props.get("Policies", {}), existing)
        return Applied(name, {"arn": role["Arn"], "name": name})

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied:
        name = current.physical_id
        self._client.update_assume_role_policy(
            RoleName=name, PolicyDocument=json.dumps(props["AssumeRolePolicyDocument"])
        )
        self._client.tag_role(RoleName=name, Tags=tag_list(tags))
        self._sync_policies(name, props.get("Policies", {}))
        return Applied(name, dict(current.attributes))

    def _sync_policies(
        self, name: str, policies: Mapping[str, Any], existing: set[str] | None = None
    ) -> None:
        """The role's inline policies made `policies` (`existing`: the names it has, when known)."""
        if existing is None:
            existing = set(self._client.list_role_policies(RoleName=name)["PolicyNames"])
        for policy_name, document in policies.items():
            self._client.put_role_policy(
                RoleName=name, PolicyName=policy_name, PolicyDocument=json.dumps(document)
            )
        for stale in existing - set(policies):
            self._client.delete_role_policy(RoleName=name, PolicyName=stale)

    def delete(self, current: DeployedResource) -> None:
        # A role recorded without inline policies is deleted at once; IAM refuses it (with
        # DeleteConflict) only if someone added some since.
        at_once = not current.props.get("Policies")
        unless_gone(lambda: self._delete(current.physical_id, at_once))

    def _delete(self, name: str, at_once: bool = False) -> None:
        if at_once:
            try:
                self._client.delete_role(RoleName=name)
                return
            except ClientError as exc:
                if error_code(exc) != "DeleteConflict":
                    raise
        for policy_name in self._client.list_role_policies(RoleName=name)["PolicyNames"]:
            self._client.delete_role_policy(RoleName=name, PolicyName=policy_name)
        self._client.delete_role(RoleName=name)

    def owned(self, current: DeployedResource) -> tuple[dict[str, str], str] | None:
        found = unless_gone(lambda: self._client.get_role(RoleName=current.physical_id))
        if found is None:
            return None
        role, name = found["Role"], str(found["Role"]["RoleName"])
        if "Tags" not in role:  # IAM leaves the key out of a role without tags
            tags = self._role_tags(name)
            return (tags, name) if tags is not None else None
        return {tag["Key"]: tag["Value"] for tag in role["Tags"]}, name

    def tagged(self, sandbox_id: str, name_part: str) -> list[str]:
        """Names of the roles tagged as this sandbox's; only names holding `name_part` (the
        sandbox's hash) are looked at, so an account with many roles costs one list."""
        found = []
        for page in self._client.get_paginator("list_roles").paginate():
            for role in page["Roles"]:
                name = role["RoleName"]
                if (
                    name_part in name
                    and (self._role_tags(name) or {}).get(SANDBOX_TAG) == sandbox_id
                ):
                    found.append(name)
        return found

    def read(self, current: DeployedResource) -> dict[str, Any] | None:
        name = current.physical_id
        found = unless_gone(lambda: self._role_and_policies(name))
        if found is None:
            return None
        role, policies = found
        document: Any = role.get("AssumeRolePolicyDocument")
        return {
            "RoleName": name,
            "AssumeRolePolicyDocument": _as_document(document),
            "Policies": {key: _as_document(value) for key, value in policies.items()},
        }

    def _role_and_policies(self, name: str) -> tuple[Any, dict[str, Any]]:
        role = self._client.get_role(RoleName=name)["Role"]
        policies = {
            policy: self._client.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"]
            for policy in self._client.list_role_policies(RoleName=name)["PolicyNames"]
        }
        return role, policies

    def _role_tags(self, name: str) -> dict[str, str] | None:
        found = unless_gone(lambda: self._client.list_role_tags(RoleName=name))
        return {tag["Key"]: tag["Value"] for tag in found["Tags"]} if found is not None else None


def _as_document(document: Any) -> Any:
    # IAM hands documents back URL-encoded JSON or already parsed, depending on the SDK path.
    if isinstance(document, str):
        return json.loads(unquote(document))
    return document
