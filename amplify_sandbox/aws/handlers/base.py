"""What every handler shares: "not there" as None, tags in the request shape, and the check that
a resource is this sandbox's (its tag and the name this tool gives it) before it is deleted."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from botocore.exceptions import ClientError

from amplify_sandbox.aws.errors import error_code, is_not_found
from amplify_sandbox.deploy.handler import run_memory
from amplify_sandbox.deploy.state import DeployedResource
from amplify_sandbox.desired.build import SANDBOX_TAG

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

    from amplify_sandbox.aws.handlers.user_pool import UserPoolHandler

T = TypeVar("T")


def unless_gone(call: Callable[[], T]) -> T | None:
    """The call's answer, or None when the service says the resource is not there."""
    try:
        return call()
    except ClientError as exc:
        if is_not_found(exc):
            return None
        raise


def created(call: Callable[[], object], exists_code: str) -> bool:
    """Run a create call: False when the service answers `exists_code` (it is there already,
    left by a run that stopped before recording it, to be adopted)."""
    try:
        call()
    except ClientError as exc:
        if error_code(exc) != exists_code:
            raise
        return False
    return True


def tag_list(tags: Mapping[str, str]) -> list[Any]:
    """Tags as IAM (and most APIs) take them: `[{"Key": …, "Value": …}]`."""
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def tagged_as(
    ids: Iterable[str], tags_of: Callable[[str], dict[str, str] | None], sandbox_id: str
) -> list[str]:
    """The ids whose tags name `sandbox_id` as their sandbox."""
    return [item for item in ids if (tags_of(item) or {}).get(SANDBOX_TAG) == sandbox_id]


def tags_and_name(
    described: Mapping[str, Any] | None, tags_key: str, name_key: str
) -> tuple[dict[str, str], str] | None:
    """The tags and the name a description holds (None: there was none to describe)."""
    if described is None:
        return None
    return dict(described.get(tags_key, {})), str(described.get(name_key, ""))


def sandbox_hash(sandbox_id: str) -> str:
    """The hash every generated name carries (the sandbox id's last part)."""
    return sandbox_id.rsplit("-", 1)[-1]


class OwnedHandler:
    """Deleting only what is ours: a subclass says where its tags and its name come from.

    The name is checked against the one recorded (the name this tool gave it); a resource found
    by tag alone, with no name on record, must carry the sandbox's hash in its name. A subclass
    declares the type of the service client it calls (`_client: IAMClient`).
    """

    # The props key that holds the name this tool gives the resource.
    name_field = ""

    def __init__(self, client: Any) -> None:
        self._client = client

    def tags(self, current: DeployedResource) -> dict[str, str] | None:
        found = self.owned(current)
        return found[0] if found is not None else None

    def owned(self, current: DeployedResource) -> tuple[dict[str, str], str] | None:
        """The tags and the name the service reports, from one look where one answer holds
        both (None: gone)."""
        raise NotImplementedError

    def not_ours(self, current: DeployedResource, sandbox_id: str) -> str | None:
        """Why the resource must be left untouched, or None (ours, or already gone)."""
        found = self.owned(current)
        if found is None:
            return None
        tags, name = found
        owner = tags.get(SANDBOX_TAG)
        if owner != sandbox_id:
            return f"is not tagged as this sandbox's ({SANDBOX_TAG}={owner!r})"
        recorded = current.props.get(self.name_field)
        expected = recorded if isinstance(recorded, str) else None
        if (expected is not None and name != expected) or (
            expected is None and sandbox_hash(sandbox_id) not in name
        ):
            wanted = repr(expected) if expected is not None else "one holding the sandbox's hash"
            return f"is not named as this sandbox's (named {name!r}, expected {wanted})"
        return None


class PoolChildHandler(OwnedHandler):
    """A resource inside a user pool (client, group, provider, domain): not taggable, owned
    through the pool that holds it. A subclass says how to describe it."""

    _client: CognitoIdentityProviderClient

    def __init__(self, client: CognitoIdentityProviderClient, pools: UserPoolHandler) -> None:
        super().__init__(client)
        self._pools = pools
        self._tried_lock = threading.Lock()

    def nothing_to_adopt(self, pool_id: str, name: str) -> bool:
        """Whether a create of `name` in the pool can skip looking for one to adopt: this run
        created the pool and this is the run's first try (a retry after a lost answer looks:
        the first try may have made it)."""
        key = (type(self).__name__, pool_id, name)
        with self._tried_lock:
            tried = run_memory("pool children tried")
            first = key not in tried
            tried.add(key)
        return first and self._pools.made_here(pool_id)

    def described(self, current: DeployedResource) -> dict[str, Any] | None:
        raise NotImplementedError

    def described_by_name(
        self, current: DeployedResource, call: Callable[..., Any], name_param: str, key: str
    ) -> dict[str, Any] | None:
        """`described` for a child the pool knows by name: `call(UserPoolId=…, <name_param>=…)`
        answers `{key: {...}}`."""
        pool_id, name = current.attributes["user_pool_id"], current.attributes["name"]
        found = unless_gone(lambda: call(UserPoolId=pool_id, **{name_param: name}))
        return dict(found[key]) if found is not None else None

    def owning_pool(self, current: DeployedResource, described: dict[str, Any]) -> str:
        """The id of the pool that holds the resource."""
        return str(current.attributes["user_pool_id"])

    def read(self, current: DeployedResource) -> dict[str, Any] | None:
        return self.described(current)

    def owned(self, current: DeployedResource) -> tuple[dict[str, str], str] | None:
        found = self.described(current)
        if found is None:
            return None
        tags = self._pools.pool_tags(self.owning_pool(current, found))
        return (tags, str(found.get(self.name_field, ""))) if tags is not None else None
