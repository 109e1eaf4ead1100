"""Every sandbox of this tool in the account and region, in a bounded number of calls.

- Records and locks: one paginated GetParametersByPath over `/amplify-sandbox/` (10 a page):
  every sandbox's record (`<id>/state/…`) and lock (`<id>/lock`).
- User pools and identity pools: ListUserPools and ListIdentityPools (60 a page). A pool that no
  record names but whose name is one this tool gives (`amplify-…-<hash>-userpool`) is described
  once, for its tag: a sandbox whose record was lost. Nothing else is described, unless the user
  counts are asked for (one DescribeUserPool per sandbox: ListUserPools does not report them).

The Resource Groups Tagging API would find tagged pools in one call family on AWS, but the local
emulator (moto) does not serve it for Cognito; these calls work on both.
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from amplify_sandbox.aws.clients import Clients
from amplify_sandbox.aws.errors import error_code, is_not_found
from amplify_sandbox.aws.lock import Holder
from amplify_sandbox.aws.state_store import SsmStateStore
from amplify_sandbox.deploy.inventory import FoundPool, FoundRecord, Listing
from amplify_sandbox.deploy.target import UnreadableRecordError
from amplify_sandbox.desired.build import SANDBOX_TAG

ROOT = "/amplify-sandbox/"
# The names this tool gives pools: amplify-<app>-<identifier>-<hash10>-userpool, and the same
# with underscores and `_identitypool`.
_USER_POOL_NAME = re.compile(r"^amplify-.*-([0-9a-f]{10})-userpool$")
_IDENTITY_POOL_NAME = re.compile(r"^amplify_.*_([0-9a-f]{10})_identitypool$")


def _seconds(value: Any) -> float | None:
    return value.timestamp() if isinstance(value, datetime) else None


def holder_line(text: str, now: float) -> str:
    holder = Holder.parse(text)
    if holder is None:
        return "(unreadable lock)"
    line = holder.describe()
    return f"(expired) {line}" if holder.expires <= now else line


class AwsInventory:
    def __init__(self, clients: Clients) -> None:
        self._clients = clients

    def listing(self) -> Listing:
        listing = Listing()
        by_sandbox: dict[str, dict[str, str]] = {}
        now = time.time()
        pages = self._clients.ssm.get_paginator("get_parameters_by_path").paginate(
            Path=ROOT, Recursive=True, PaginationConfig={"PageSize": 10}
        )
        for page in pages:
            for parameter in page["Parameters"]:
                name, value = parameter["Name"], parameter["Value"]
                sandbox_id, _, rest = name.removeprefix(ROOT).partition("/")
                if rest == "lock":
                    listing.locks[sandbox_id] = holder_line(value, now)
                elif rest.startswith("state/"):
                    by_sandbox.setdefault(sandbox_id, {})[name] = value
        for sandbox_id, found in by_sandbox.items():
            store = SsmStateStore(self._clients.ssm, f"{ROOT}{sandbox_id}/state")
            try:
                listing.records[sandbox_id] = FoundRecord(store.parse(found))
            except UnreadableRecordError as exc:
                listing.records[sandbox_id] = FoundRecord(None, exc.message)
        idp = self._clients.cognito_idp
        for upage in idp.get_paginator("list_user_pools").paginate(
            PaginationConfig={"PageSize": 60}
        ):
            listing.user_pools += [
                FoundPool(
                    pool["Id"],
                    pool.get("Name", ""),
                    _seconds(pool.get("CreationDate")),
                    _seconds(pool.get("LastModifiedDate")),
                )
                for pool in upage["UserPools"]
            ]
        identity = self._clients.cognito_identity
        for ipage in identity.get_paginator("list_identity_pools").paginate(
            PaginationConfig={"PageSize": 60}
        ):
            listing.identity_pools += [
                FoundPool(pool["IdentityPoolId"], pool.get("IdentityPoolName", ""), None, None)
                for pool in ipage["IdentityPools"]
            ]
        return listing

    @staticmethod
    def named_by_this_tool(pool: FoundPool, *, identity_pool: bool = False) -> bool:
        pattern = _IDENTITY_POOL_NAME if identity_pool else _USER_POOL_NAME
        return pattern.match(pool.name) is not None

    def user_pool(self, pool_id: str) -> tuple[str | None, int] | None:
        """The sandbox a user pool is tagged as (None: no tag) and its users; None: gone."""
        try:
            pool = self._clients.cognito_idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        except ClientError as exc:
            if is_not_found(exc):
                return None
            raise
        tags = pool.get("UserPoolTags", {})
        return tags.get(SANDBOX_TAG), int(pool.get("EstimatedNumberOfUsers", 0))

    def identity_pool_sandbox(self, pool_id: str) -> str | None:
        try:
            pool = self._clients.cognito_identity.describe_identity_pool(IdentityPoolId=pool_id)
        except ClientError as exc:
            if is_not_found(exc):
                return None
            raise
        return pool.get("IdentityPoolTags", {}).get(SANDBOX_TAG)

    def lock_holder(self, sandbox_id: str) -> str | None:
        """Who holds the sandbox's lock (None: free)."""
        try:
            parameter = self._clients.ssm.get_parameter(Name=f"{ROOT}{sandbox_id}/lock")
        except ClientError as exc:
            if error_code(exc) == "ParameterNotFound":
                return None
            raise
        return holder_line(parameter["Parameter"].get("Value", ""), time.time())
