"""The contract between the executor and the per-kind handlers in aws/ (the only boto3 code)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from amplify_sandbox.deploy.state import DeployedResource
from amplify_sandbox.desired.resources import ResourceKind


@dataclass(frozen=True)
class Applied:
    """What a create or update leaves: the physical id and the attributes others may reference."""

    physical_id: str
    attributes: dict[str, str]


class Handler(Protocol):
    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        """Create; or adopt what a run that stopped before recording it left (same identity,
        tagged as this sandbox's), never one of the `exclude`d (recorded) physical ids."""

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied: ...

    def delete(self, current: DeployedResource) -> None:
        """Delete; a resource that is already gone is not an error."""

    def tags(self, current: DeployedResource) -> dict[str, str] | None:
        """The resource's tags, or None when it no longer exists."""

    def not_ours(self, current: DeployedResource, sandbox_id: str) -> str | None:
        """Why the resource must not be deleted (its tag or the name this tool gives it is not
        this sandbox's), or None: it is ours, or already gone."""

    def read(self, current: DeployedResource) -> dict[str, Any] | None:
        """What the service reports, keyed like the props (for drift), or None when gone."""


Handlers = Mapping[ResourceKind, Handler]


# What handlers remember during one apply (see `one_run`); None outside an apply.
_RUN: ContextVar[dict[str, set[Any]] | None] = ContextVar("amplify_sandbox_run", default=None)


@contextmanager
def one_run() -> Iterator[None]:
    """The executor's apply: what handlers remember with `run_memory` lasts as long as the
    block (the sandbox's lock is held), and no longer — a later run in the same process (`deploy
    --watch`) cannot know what another process did in between. Workers run in a copy of the
    caller's context (`contextvars.copy_context().run`), so they share it."""
    token = _RUN.set({})
    try:
        yield
    finally:
        _RUN.reset(token)


def run_memory(name: str) -> set[Any]:
    """The current run's set called `name` (e.g. the pools this run created); outside a run an
    empty set that is not kept, so nothing is taken for granted."""
    memory = _RUN.get()
    if memory is None:
        return set()
    return memory.setdefault(name, set())
