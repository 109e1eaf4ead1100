"""Secrets in SSM Parameter Store, at exactly the paths and with the settings Amplify uses, so
`ampx sandbox secret` and `sandbox secret` see each other's secrets.

Sandbox: `/amplify/<ns>/<id>-sandbox-<hash>/<NAME>`; shared: `/amplify/shared/<namespace>/<NAME>`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from amplify_sandbox.aws.errors import error_code, is_not_found
from amplify_sandbox.errors import TargetError, UsageError
from amplify_sandbox.identity import SandboxIdentity
from amplify_sandbox.secrets.model import Scope, StoredSecret

if TYPE_CHECKING:
    from mypy_boto3_ssm import SSMClient

DESCRIPTION = "Amplify Secret"
# Standard-tier parameters (what Amplify writes) hold at most 4096 characters.
MAX_VALUE_LENGTH = 4096
# GetParameters and DeleteParameters take at most 10 names per call.
_BATCH = 10


def _batches(items: Sequence[str]) -> list[Sequence[str]]:
    return [items[i : i + _BATCH] for i in range(0, len(items), _BATCH)]


class SsmSecretStore:
    def __init__(self, client: SSMClient, identity: SandboxIdentity, location: str) -> None:
        self._client = client
        self._identity = identity
        self._location = location

    @property
    def location(self) -> str:
        return self._location

    def prefix(self, scope: Scope) -> str:
        if scope is Scope.SHARED:
            return self._identity.shared_secret_path
        return self._identity.secret_path

    def path(self, scope: Scope, name: str) -> str:
        return f"{self.prefix(scope)}/{name}"

    def put(self, scope: Scope, name: str, value: str) -> StoredSecret:
        if len(value) > MAX_VALUE_LENGTH:
            raise UsageError(
                f"The value of {name} is {len(value)} characters; SSM holds at most "
                f"{MAX_VALUE_LENGTH}.",
                hint="Check that the right file was piped in.",
            )
        try:
            response = self._client.put_parameter(
                Name=self.path(scope, name),
                Value=value,
                Type="SecureString",
                Description=DESCRIPTION,
                Overwrite=True,
            )
        except ClientError as exc:
            # AWS validation messages can quote the value: only the error code is passed on.
            raise TargetError(
                f"PutParameter for secret {name} failed: {error_code(exc)}",
                hint="Check your permissions for ssm:PutParameter on the secret's path.",
            ) from None
        return StoredSecret(name, scope, version=response.get("Version"))

    def get(self, scope: Scope, name: str, *, reveal: bool = False) -> StoredSecret | None:
        try:
            parameter = self._client.get_parameter(
                Name=self.path(scope, name), WithDecryption=reveal
            )["Parameter"]
        except ClientError as exc:
            if is_not_found(exc):
                return None
            raise
        return StoredSecret(
            name,
            scope,
            version=parameter.get("Version"),
            last_modified=parameter.get("LastModifiedDate"),
            value=parameter.get("Value") if reveal else None,
        )

    def values(self, scope: Scope, names: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for batch in _batches(list(names)):
            response = self._client.get_parameters(
                Names=[self.path(scope, name) for name in batch], WithDecryption=True
            )
            for parameter in response.get("Parameters", []):
                found[parameter["Name"].rsplit("/", 1)[-1]] = parameter["Value"]
        return found

    def entries(self, scope: Scope) -> list[StoredSecret]:
        secrets: list[StoredSecret] = []
        pages = self._client.get_paginator("get_parameters_by_path").paginate(
            Path=self.prefix(scope), Recursive=False, WithDecryption=False
        )
        for page in pages:
            for parameter in page.get("Parameters", []):
                modified: datetime | None = parameter.get("LastModifiedDate")
                secrets.append(
                    StoredSecret(
                        parameter["Name"].rsplit("/", 1)[-1],
                        scope,
                        version=parameter.get("Version"),
                        last_modified=modified,
                    )
                )
        return sorted(secrets, key=lambda secret: secret.name)

    def remove(self, scope: Scope, names: Sequence[str]) -> list[str]:
        removed: list[str] = []
        for batch in _batches(list(names)):
            response = self._client.delete_parameters(
                Names=[self.path(scope, name) for name in batch]
            )
            removed += [path.rsplit("/", 1)[-1] for path in response.get("DeletedParameters", [])]
        return removed
