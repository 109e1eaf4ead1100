"""Helpers for the watch tests: a recorder of watch events, waits that are always bounded."""

from __future__ import annotations

import queue
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from amplify_sandbox.aws.target import AwsTarget
from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.deploy.events import SilentReporter
from amplify_sandbox.deploy.pipeline import DeployResult, OutputsOptions, deploy
from amplify_sandbox.errors import SandboxError
from amplify_sandbox.identity import SandboxIdentity
from amplify_sandbox.outputs import outputs_path
from amplify_sandbox.watch import Trigger

IDENTITY = SandboxIdentity("seed-app", "watcher")
WAIT_S = 20.0

EMAIL_ONLY = """import { defineAuth } from '@aws-amplify/backend';

export const auth = defineAuth({
  loginWith: {
    email: true,
  },%s
});
"""


def definition_text(groups: Sequence[str] = (), comment: str = "") -> str:
    """The seed definition with these groups, and an optional comment line."""
    body = f"\n  groups: [{', '.join(repr(g) for g in groups)}]," if groups else ""
    return EMAIL_ONLY % body + (f"// {comment}\n" if comment else "")


@dataclass
class Event:
    kind: str
    trigger: Trigger | None = None
    result: DeployResult | None = None
    error: BaseException | None = None


class Recorder:
    """WatchEvents into a queue, for a test to wait on."""

    def __init__(self) -> None:
        self.events: queue.Queue[Event] = queue.Queue()

    def watching(self, paths: Sequence[Path]) -> None:
        self.events.put(Event("watching"))

    def deploy_started(self, trigger: Trigger) -> None:
        self.events.put(Event("started", trigger))

    def deployed(self, trigger: Trigger, result: DeployResult, seconds: float) -> None:
        self.events.put(Event("deployed", trigger, result=result))

    def unchanged(self, trigger: Trigger) -> None:
        self.events.put(Event("unchanged", trigger))

    def definition_failed(self, trigger: Trigger, error: SandboxError) -> None:
        self.events.put(Event("definition_failed", trigger, error=error))

    def deploy_failed(self, trigger: Trigger, error: Exception, seconds: float) -> None:
        self.events.put(Event("deploy_failed", trigger, error=error))


@dataclass
class WatchRun:
    project: Path
    target: AwsTarget
    recorder: Recorder = field(default_factory=Recorder)
    seen: list[Event] = field(default_factory=list)
    deployed_definitions: list[AuthDefinition] = field(default_factory=list)

    @property
    def resource(self) -> Path:
        return self.project / "amplify" / "auth" / "resource.ts"

    @property
    def outputs_file(self) -> Path:
        return outputs_path(self.project, "1.5", "json")

    def outcome(self) -> Event:
        """The next event that ends a run (deployed, unchanged or failed)."""
        while True:
            try:
                event = self.recorder.events.get(timeout=WAIT_S)
            except queue.Empty:
                raise AssertionError(
                    f"no watch event within {WAIT_S}s; seen {self.kinds}"
                ) from None
            self.seen.append(event)
            if event.kind not in ("watching", "started"):
                return event

    @property
    def kinds(self) -> list[str]:
        return [event.kind for event in self.seen]

    def deploy(self, definition: AuthDefinition) -> DeployResult:
        self.deployed_definitions.append(definition)
        return deploy(
            definition, IDENTITY, self.target, SilentReporter(), OutputsOptions(self.project)
        )

    def drain(self) -> list[Event]:
        """Every event not yet seen (call after the watcher stopped)."""
        rest: list[Event] = []
        while not self.recorder.events.empty():
            rest.append(self.recorder.events.get_nowait())
        self.seen.extend(rest)
        return rest


StartWatch = Callable[..., WatchRun]


def actions(event: Event) -> dict[str, str]:
    """logical id → action of the deployed plan, without no-ops."""
    assert event.result is not None, event
    return {
        change.logical_id: change.action.value
        for change in event.result.plan.changes
        if change.action.value != "no-op"
    }


def relative(run: WatchRun, event: Event) -> list[str]:
    assert event.trigger is not None
    return [path.relative_to(run.project.resolve()).as_posix() for path in event.trigger.paths]
