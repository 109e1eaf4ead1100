"""Lambda functions: create with the bundle's zip, update the code only when the bundle's hash
changed and the configuration only when it changed, delete, tags."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from amplify_sandbox.aws.errors import error_code
from amplify_sandbox.aws.handlers.base import OwnedHandler, tagged_as, unless_gone
from amplify_sandbox.aws.propagation import until_lambda_role_ready
from amplify_sandbox.deploy.handler import Applied
from amplify_sandbox.deploy.state import DeployedResource
from amplify_sandbox.desired.build import SANDBOX_TAG
from amplify_sandbox.errors import SandboxError

# What UpdateFunctionConfiguration sets (the rest of the props is the code and the name).
CONFIG_FIELDS = ("Runtime", "Handler", "Role", "Timeout", "MemorySize", "Environment")
_WAIT_SECONDS = 120.0


class LambdaFunctionHandler(OwnedHandler):
    name_field = "FunctionName"

    def __init__(self, client: Any, sleep: Callable[[float], None] | None = None) -> None:
        super().__init__(client)
        self._sleep = sleep

    def _code(self, props: Mapping[str, Any]) -> bytes:
        path = Path(str(props.get("CodePath", "")))
        if not path.is_file():
            raise SandboxError(
                f"the bundle of {props['FunctionName']} is missing ({path})",
                hint="run the deploy again; it bundles every function before planning",
            )
        return path.read_bytes()

    def _applied(self, configuration: Mapping[str, Any]) -> Applied:
        name = str(configuration["FunctionName"])
        return Applied(name, {"arn": str(configuration["FunctionArn"]), "name": name})

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        name = str(props["FunctionName"])
        request: dict[str, Any] = {
            "FunctionName": name,
            "Code": {"ZipFile": self._code(props)},
            "PackageType": "Zip",
            "Architectures": list(props["Architectures"]),
            "Tags": dict(tags),
            **{key: props[key] for key in CONFIG_FIELDS if key in props},
        }
        try:
            configuration = until_lambda_role_ready(
                lambda: self._client.create_function(**request), sleep=self._sleep
            )
        except Exception as exc:
            if error_code_of(exc) != "ResourceConflictException" or name in exclude:
                raise
            # Created by a run that stopped before recording it: adopt it if it is ours.
            found = self._client.get_function(FunctionName=name)
            if found.get("Tags", {}).get(SANDBOX_TAG) != tags.get(SANDBOX_TAG):
                raise
            return self.update(DeployedResource("", _kind(), name, {}, {}), props, tags)
        self._wait(name, configuration)
        return self._applied(configuration)

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied:
        name = current.physical_id
        # Compared with what Lambda reports (the record keeps references symbolic); one call
        # gives the configuration and the tags.
        found = self._client.get_function(FunctionName=name)
        reported = found["Configuration"]
        if reported.get("CodeSha256") != props.get("CodeSha256") or reported.get(
            "Architectures", ["x86_64"]
        ) != list(props["Architectures"]):
            answer = self._client.update_function_code(
                FunctionName=name,
                ZipFile=self._code(props),
                Architectures=list(props["Architectures"]),
            )
            self._wait(name, answer)
        wanted = {key: props[key] for key in CONFIG_FIELDS if key in props}
        have = {key: reported.get(key) for key in CONFIG_FIELDS}
        have["Environment"] = {
            "Variables": dict((reported.get("Environment") or {}).get("Variables", {}))
        }
        if any(have.get(key) != value for key, value in wanted.items()):
            answer = until_lambda_role_ready(
                lambda: self._client.update_function_configuration(FunctionName=name, **wanted),
                sleep=self._sleep,
            )
            self._wait(name, answer)
        arn = str(reported["FunctionArn"])
        existing = found.get("Tags") or {}
        if any(existing.get(key) != value for key, value in tags.items()):
            self._client.tag_resource(Resource=arn, Tags=dict(tags))
        return self._applied(reported)

    def _wait(self, name: str, configuration: Mapping[str, Any] | None = None) -> None:
        """Until the function is Active and its last update done (Lambda's own states), starting
        from `configuration` when the call just made answered with it; polled every 0.25 s at
        first, then less often."""
        import time

        sleep = self._sleep or time.sleep
        waited, pause = 0.0, 0.25
        while waited < _WAIT_SECONDS:
            if configuration is None:
                configuration = self._client.get_function_configuration(FunctionName=name)
            state = configuration.get("State", "Active")
            update = configuration.get("LastUpdateStatus", "Successful")
            if state == "Failed" or update == "Failed":
                reason = configuration.get("StateReason") or configuration.get(
                    "LastUpdateStatusReason"
                )
                raise SandboxError(f"Lambda could not set up {name}: {reason}")
            if state == "Active" and update != "InProgress":
                return
            configuration = None
            sleep(pause)
            waited += pause
            pause = min(pause * 2, 1.0)
        raise SandboxError(f"{name} did not become active within {_WAIT_SECONDS:.0f} s")

    def delete(self, current: DeployedResource) -> None:
        unless_gone(lambda: self._client.delete_function(FunctionName=current.physical_id))

    def _function(self, name: str) -> dict[str, Any] | None:
        found = unless_gone(lambda: self._client.get_function(FunctionName=name))
        return dict(found) if found is not None else None

    def owned(self, current: DeployedResource) -> tuple[dict[str, str], str] | None:
        found = self._function(current.physical_id)
        if found is None:
            return None
        return dict(found.get("Tags", {})), str(found["Configuration"]["FunctionName"])

    def tagged(self, sandbox_id: str, name_part: str) -> list[str]:
        """Names of the functions tagged as this sandbox's (only names holding `name_part`)."""
        names = [
            str(function["FunctionName"])
            for page in self._client.get_paginator("list_functions").paginate()
            for function in page["Functions"]
            if name_part in str(function["FunctionName"])
        ]
        return tagged_as(names, lambda name: self.tags(_named(name)), sandbox_id)

    def read(self, current: DeployedResource) -> dict[str, Any] | None:
        found = self._function(current.physical_id)
        if found is None:
            return None
        configuration = found["Configuration"]
        reported: dict[str, Any] = {
            key: configuration.get(key)
            for key in ("FunctionName", "Runtime", "Handler", "Role", "Timeout", "MemorySize")
        }
        reported["Architectures"] = configuration.get("Architectures", ["x86_64"])
        reported["Environment"] = {
            "Variables": dict(configuration.get("Environment", {}).get("Variables", {}))
        }
        reported["CodeSha256"] = configuration.get("CodeSha256")
        reported["CodePath"] = current.props.get("CodePath")
        return reported


def error_code_of(exc: Exception) -> str:
    from botocore.exceptions import ClientError

    return error_code(exc) if isinstance(exc, ClientError) else ""


def _kind() -> Any:
    from amplify_sandbox.desired.resources import ResourceKind

    return ResourceKind.LAMBDA_FUNCTION


def _named(name: str) -> DeployedResource:
    return DeployedResource(f"tagged:{name}", _kind(), name, {"name": name}, {})
