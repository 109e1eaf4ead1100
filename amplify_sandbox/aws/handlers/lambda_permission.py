"""A function's resource-based permission statement (AddPermission): owned through the function
that holds it; never updated in place (removed and added)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from botocore.exceptions import ClientError

from amplify_sandbox.aws.errors import error_code
from amplify_sandbox.aws.handlers.base import unless_gone
from amplify_sandbox.aws.handlers.lambda_function import LambdaFunctionHandler, _named
from amplify_sandbox.deploy.handler import Applied
from amplify_sandbox.deploy.state import DeployedResource


class LambdaPermissionHandler:
    def __init__(self, client: Any, functions: LambdaFunctionHandler) -> None:
        self._client = client
        self._functions = functions

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        function, statement = str(props["FunctionName"]), str(props["StatementId"])
        physical = f"{function}/{statement}"
        try:
            self._add(props)
        except ClientError as exc:
            if error_code(exc) != "ResourceConflictException" or physical in exclude:
                raise
            # A statement with this id is there already (a run that stopped before recording
            # it, or an older source ARN): put the wanted one in its place.
            self._remove(function, statement)
            self._add(props)
        return Applied(physical, {"function": function, "statement_id": statement})

    def _add(self, props: Mapping[str, Any]) -> None:
        self._client.add_permission(
            FunctionName=props["FunctionName"],
            StatementId=props["StatementId"],
            Action=props["Action"],
            Principal=props["Principal"],
            SourceArn=props["SourceArn"],
        )

    def _remove(self, function: str, statement: str) -> None:
        unless_gone(
            lambda: self._client.remove_permission(FunctionName=function, StatementId=statement)
        )

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied:
        # Every field forces a replace (deploy/rules.py); an update only re-asserts it.
        if self.read(current) is None:
            return self.create(props, tags, frozenset())
        return Applied(current.physical_id, dict(current.attributes))

    def delete(self, current: DeployedResource) -> None:
        function, _, statement = current.physical_id.partition("/")
        self._remove(function, statement)

    def tags(self, current: DeployedResource) -> dict[str, str] | None:
        function, _, _ = current.physical_id.partition("/")
        return self._functions.tags(_named(function))

    def not_ours(self, current: DeployedResource, sandbox_id: str) -> str | None:
        function, _, _ = current.physical_id.partition("/")
        return self._functions.not_ours(_named(function), sandbox_id)

    def _statement(self, current: DeployedResource) -> dict[str, Any] | None:
        function, _, statement = current.physical_id.partition("/")
        found = unless_gone(lambda: self._client.get_policy(FunctionName=function))
        if found is None:
            return None
        policy = json.loads(found["Policy"])
        for item in policy.get("Statement", []):
            if item.get("Sid") == statement:
                return dict(item)
        return None

    def read(self, current: DeployedResource) -> dict[str, Any] | None:
        item = self._statement(current)
        if item is None:
            return None
        function, _, statement = current.physical_id.partition("/")
        principal = item.get("Principal", {})
        source = item.get("Condition", {}).get("ArnLike", {}).get("AWS:SourceArn")
        return {
            "FunctionName": function,
            "StatementId": statement,
            "Action": item.get("Action"),
            "Principal": principal.get("Service") if isinstance(principal, dict) else principal,
            "SourceArn": source,
        }
