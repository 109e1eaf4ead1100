"""What the pipeline needs from a target (AWS or the local emulator), injected by the CLI."""

from __future__ import annotations

from typing import Protocol

from amplify_sandbox.deploy.handler import Handlers
from amplify_sandbox.deploy.state import DeployedResource, StateStore
from amplify_sandbox.identity import SandboxIdentity


class Target(Protocol):
    @property
    def region(self) -> str: ...

    @property
    def local_endpoint(self) -> str | None:
        """The emulator's URL for the local target, else None."""

    @property
    def account_id(self) -> str:
        """The account's id (looked up on first use)."""

    @property
    def handlers(self) -> Handlers: ...

    def state_store(self, identity: SandboxIdentity) -> StateStore: ...

    def find_tagged(self, identity: SandboxIdentity) -> list[DeployedResource]:
        """Resources carrying this sandbox's tag, found without the record."""

    def user_count(self, user_pool_id: str) -> int:
        """How many people the user pool holds (Cognito's estimate)."""

    def describe(self) -> str:
        """One line naming where the sandbox lives (account/region or the emulator URL)."""
