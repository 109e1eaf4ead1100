"""What the pipeline needs from a target (AWS or the local emulator), injected by the CLI."""

from __future__ import annotations

from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

from amplify_sandbox.deploy.handler import Handlers
from amplify_sandbox.deploy.state import DeployedResource, StateStore
from amplify_sandbox.desired.resources import ResourceKind
from amplify_sandbox.errors import TargetError
from amplify_sandbox.identity import SandboxIdentity

if TYPE_CHECKING:
    from amplify_sandbox.definition.model import ReferenceAuth
    from amplify_sandbox.desired.reference import DescribedAuth


class UnreadableRecordError(TargetError):
    """The state record exists but cannot be read (corrupt, partly written, unknown format)."""


# Told what the run is waiting for (a line for people), e.g. a lock another run holds.
Notify = Callable[[str], None]


class HeldLock(Protocol):
    """The sandbox's lock while it is held (what `Target.lock` gives the `with` block)."""

    def ending(self) -> None:
        """The work under the lock is ending: the release may start what does not have to wait
        for the last write (it still removes the lock only after it)."""


class Target(Protocol):
    @property
    def region(self) -> str: ...

    @property
    def local_endpoint(self) -> str | None:
        """The emulator's URL for the local target, else None."""

    @property
    def account_id(self) -> str:
        """The account's id (from an answer that named it, else looked up on first use)."""

    @property
    def partition(self) -> str:
        """The account's partition (`aws`, `aws-cn`, …), as `account_id` finds it."""

    @property
    def handlers(self) -> Handlers: ...

    def state_store(self, identity: SandboxIdentity) -> StateStore: ...

    def find_tagged(self, identity: SandboxIdentity) -> list[DeployedResource]:
        """Resources carrying this sandbox's tag, found without the record."""

    def user_count(self, user_pool_id: str) -> int:
        """How many people the user pool holds (Cognito's estimate)."""

    def describe_reference(self, reference: ReferenceAuth) -> DescribedAuth:
        """What the service says about the resources a referenceAuth names (read-only)."""

    def lock(
        self, identity: SandboxIdentity, command: str, timeout: float, notify: Notify
    ) -> AbstractContextManager[HeldLock]:
        """Hold the sandbox's write lock for the `with` block: wait up to `timeout` seconds for
        another holder (calling `notify` once), then raise LockedError naming the holder."""

    def prepare(self, kinds: Collection[ResourceKind]) -> None:
        """Start making, in the background, what changes of these kinds will need (clients,
        handlers): called before a wait on the network, so the work overlaps it."""

    def watch_throttling(self, notify: Notify) -> None:
        """Call `notify` (once) when the target starts throttling this run's requests."""

    def describe(self) -> str:
        """One line naming where the sandbox lives (account/region or the emulator URL)."""
