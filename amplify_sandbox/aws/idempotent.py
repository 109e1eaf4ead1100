"""Creates that survive a lost answer without doubling: look again, then retry.

botocore does not repeat a create whose answer was lost (a 5xx or a dropped connection; see
clients.RetryPolicy): the resource may exist already. The handler's create looks for one it can
adopt before it creates, so repeating the whole handler call is safe.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from botocore.exceptions import ClientError, ConnectionError, HTTPClientError

from amplify_sandbox.deploy.handler import Applied, Handler
from amplify_sandbox.deploy.state import DeployedResource

# As many tries as botocore's retries get (clients.RetryPolicy): at 30 % lost answers, 4 tries
# left about one deploy of examples/everything in five with a create that lost all of them.
ATTEMPTS = 8


def answer_lost(exc: Exception) -> bool:
    if isinstance(exc, ConnectionError | HTTPClientError):
        return True
    if isinstance(exc, ClientError):
        return int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)) >= 500
    return False


class RetriedCreates:
    def __init__(self, inner: Handler, attempts: int = ATTEMPTS) -> None:
        self._inner = inner
        self._attempts = attempts

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        for attempt in range(1, self._attempts + 1):
            try:
                return self._inner.create(props, tags, exclude)
            except Exception as exc:
                if attempt == self._attempts or not answer_lost(exc):
                    raise
        raise AssertionError("unreachable")

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied:
        return self._inner.update(current, props, tags)

    def delete(self, current: DeployedResource) -> None:
        self._inner.delete(current)

    def tags(self, current: DeployedResource) -> dict[str, str] | None:
        return self._inner.tags(current)

    def not_ours(self, current: DeployedResource, sandbox_id: str) -> str | None:
        return self._inner.not_ours(current, sandbox_id)

    def read(self, current: DeployedResource) -> dict[str, Any] | None:
        return self._inner.read(current)
