"""The executor with fake handlers: replace order, resume after a failure at each step, retired
halves. No server: every call is recorded in order."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from amplify_sandbox.definition.model import AuthDefinition, EmailLogin, LoginWith, PhoneLogin
from amplify_sandbox.deploy.events import SilentReporter
from amplify_sandbox.deploy.executor import Executor
from amplify_sandbox.deploy.handler import Applied
from amplify_sandbox.deploy.planner import Action, Change, build_plan
from amplify_sandbox.deploy.rules import ReplaceOrder
from amplify_sandbox.deploy.state import DeployedResource, DeployedState
from amplify_sandbox.desired.build import SANDBOX_TAG, build_desired
from amplify_sandbox.desired.resources import DesiredResource, DesiredState, Ref, ResourceKind
from amplify_sandbox.identity import SandboxIdentity

IDENTITY = SandboxIdentity("my-sample-app", "alice")
EMAIL = AuthDefinition(source=Path("resource.ts"), login_with=LoginWith(email=EmailLogin()))
WITH_PHONE = replace(EMAIL, login_with=LoginWith(email=EmailLogin(), phone=PhoneLogin()))


class Stop(Exception):
    """The failure a test injects."""


class World:
    """What the fake service holds, every call in order, and where to fail."""

    def __init__(self) -> None:
        self.live: dict[str, ResourceKind] = {}
        self.calls: list[tuple[str, str]] = []
        self.fail_at: int | None = None
        self._next = 0

    def call(self, op: str, physical_id: str) -> None:
        if self.fail_at is not None and len(self.calls) == self.fail_at:
            self.fail_at = None
            raise Stop(f"{op} {physical_id}")
        self.calls.append((op, physical_id))

    def new_id(self, kind: ResourceKind) -> str:
        self._next += 1
        return f"{kind}-{self._next}"


class FakeHandler:
    def __init__(self, world: World, kind: ResourceKind) -> None:
        self.world = world
        self.kind = kind

    def _applied(self, physical_id: str) -> Applied:
        return Applied(
            physical_id,
            {"id": physical_id, "arn": f"arn:{physical_id}", "name": physical_id,
             "provider_name": f"idp/{physical_id}", "host": f"{physical_id}.auth"},
        )  # fmt: skip

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        physical_id = self.world.new_id(self.kind)
        self.world.call("create", physical_id)
        self.world.live[physical_id] = self.kind
        return self._applied(physical_id)

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied:
        self.world.call("update", current.physical_id)
        return self._applied(current.physical_id)

    def delete(self, current: DeployedResource) -> None:
        self.world.call("delete", current.physical_id)
        self.world.live.pop(current.physical_id, None)

    def tags(self, current: DeployedResource) -> dict[str, str] | None:
        return {SANDBOX_TAG: IDENTITY.stack_name}

    def not_ours(self, current: DeployedResource, sandbox_id: str) -> str | None:
        owner = self.tags(current)[SANDBOX_TAG]
        return None if owner == sandbox_id else f"is tagged {owner!r}"

    def read(self, current: DeployedResource) -> dict[str, Any] | None:
        return None


class MemoryStore:
    def __init__(self) -> None:
        self.state: DeployedState | None = None
        self.saves = 0

    def load(self) -> DeployedState | None:
        return self.state

    def save(self, state: DeployedState, *, tidy: bool = True) -> None:
        self.state = state
        self.saves += 1

    def clear(self) -> None:
        self.state = None


class Recorder(SilentReporter):
    def __init__(self) -> None:
        self.started: list[Change] = []
        self.finished: list[Change] = []

    def change_started(self, change: Change) -> None:
        self.started.append(change)

    def change_finished(self, change: Change, seconds: float) -> None:
        self.finished.append(change)


def _run(
    world: World, store: MemoryStore, desired: DesiredState, reporter: Recorder | None = None
) -> DeployedState:
    state = store.load() or DeployedState(IDENTITY.stack_name)
    plan = build_plan(desired, store.load())
    handlers = {kind: FakeHandler(world, kind) for kind in ResourceKind}
    executor = Executor(handlers, store, reporter or Recorder(), {})
    return executor.apply(plan, state)


def _deployed(world: World, definition: AuthDefinition = EMAIL) -> MemoryStore:
    store = MemoryStore()
    _run(world, store, build_desired(definition, IDENTITY))
    return store


def _kinds_of(world: World, calls: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(op, physical_id.rsplit("-", 1)[0]) for op, physical_id in calls]


def test_a_user_pool_replace_creates_the_new_pool_before_deleting_the_old_one() -> None:
    world = World()
    store = _deployed(world)
    assert store.state is not None
    old_pool = store.state.resources["userPool"].physical_id
    plan = build_plan(build_desired(WITH_PHONE, IDENTITY), store.state)
    pool = next(c for c in plan.changes if c.logical_id == "userPool")
    assert pool.order is ReplaceOrder.CREATE_BEFORE_DESTROY
    world.calls.clear()
    state = _run(world, store, build_desired(WITH_PHONE, IDENTITY))
    ops = _kinds_of(world, world.calls)
    assert ops.index(("create", "user_pool")) < ops.index(("delete", "user_pool"))
    # The old client (in the old pool) goes before the old pool.
    assert ops.index(("delete", "user_pool_client")) < ops.index(("delete", "user_pool"))
    assert ("delete", old_pool) in world.calls
    assert state.retired == {}
    assert old_pool not in world.live


def _with_domain(prefix: str) -> DesiredState:
    return DesiredState(
        (
            DesiredResource("userPool", ResourceKind.USER_POOL, {"PoolName": "p"}),
            DesiredResource(
                "domain",
                ResourceKind.USER_POOL_DOMAIN,
                {"Domain": prefix, "UserPoolId": Ref("userPool", "id")},
            ),
        )
    )


def test_a_domain_replace_deletes_the_old_domain_first() -> None:
    world = World()
    store = MemoryStore()
    _run(world, store, _with_domain("one"))
    plan = build_plan(_with_domain("two"), store.state)
    (domain,) = [c for c in plan.changes if c.action is Action.REPLACE]
    assert domain.order is ReplaceOrder.DESTROY_BEFORE_CREATE
    world.calls.clear()
    state = _run(world, store, _with_domain("two"))
    assert _kinds_of(world, world.calls) == [
        ("delete", "user_pool_domain"),
        ("create", "user_pool_domain"),
    ]
    assert state.retired == {}


def test_every_change_that_starts_finishes_once() -> None:
    world = World()
    store = _deployed(world)
    reporter = Recorder()
    _run(world, store, build_desired(WITH_PHONE, IDENTITY), reporter)
    started = [(c.logical_id, c.action) for c in reporter.started]
    finished = [(c.logical_id, c.action) for c in reporter.finished]
    assert sorted(started) == sorted(finished)
    assert len(set(started)) == len(started)


def _steps_of_a_replace() -> int:
    world = World()
    store = _deployed(world)
    world.calls.clear()
    _run(world, store, build_desired(WITH_PHONE, IDENTITY))
    return len(world.calls)


@pytest.mark.parametrize("step", range(_steps_of_a_replace()))
def test_a_replace_that_stops_at_any_step_is_completed_by_the_next_run(step: int) -> None:
    world = World()
    store = _deployed(world)
    world.fail_at = len(world.calls) + step
    with pytest.raises(Stop):
        _run(world, store, build_desired(WITH_PHONE, IDENTITY))
    assert store.state is not None
    # The record names everything that exists: nothing is lost track of.
    recorded = store.state.physical_ids()
    assert set(world.live) <= recorded
    state = _run(world, store, build_desired(WITH_PHONE, IDENTITY))
    assert state.retired == {}
    assert set(world.live) == state.physical_ids()
    assert not build_plan(build_desired(WITH_PHONE, IDENTITY), state).has_changes
    assert sorted(world.live.values()) == sorted(r.kind for r in state.resources.values())


def test_a_retired_half_left_by_an_earlier_run_is_a_delete_of_its_own() -> None:
    world = World()
    store = _deployed(world)
    world.fail_at = None
    # Stop at the delete of the old pool: its retired half stays on record.
    deletes_before_pool = 1  # the old client goes first
    world.calls.clear()
    steps = _steps_of_a_replace()
    world.fail_at = steps - deletes_before_pool
    with pytest.raises(Stop):
        _run(world, store, build_desired(WITH_PHONE, IDENTITY))
    assert store.state is not None
    assert set(store.state.retired) == {"userPool"}
    plan = build_plan(build_desired(WITH_PHONE, IDENTITY), store.state)
    (retired,) = [c for c in plan.changes if c.retired]
    assert (retired.logical_id, retired.action) == ("userPool", Action.DELETE)
    assert not retired.deletes_users  # already agreed to with the replace
    assert not plan.deletes_users
    world.calls.clear()
    state = _run(world, store, build_desired(WITH_PHONE, IDENTITY))
    assert _kinds_of(world, world.calls) == [("delete", "user_pool")]
    assert state.retired == {}


@pytest.mark.parametrize("step", range(2))
def test_a_destroy_first_replace_that_stops_at_any_step_is_completed_by_the_next_run(
    step: int,
) -> None:
    world = World()
    store = MemoryStore()
    _run(world, store, _with_domain("one"))
    world.fail_at = len(world.calls) + step
    with pytest.raises(Stop):
        _run(world, store, _with_domain("two"))
    assert store.state is not None
    assert set(world.live) <= store.state.physical_ids()
    state = _run(world, store, _with_domain("two"))
    assert set(world.live) == state.physical_ids()
    assert sorted(world.live.values()) == [ResourceKind.USER_POOL, ResourceKind.USER_POOL_DOMAIN]
    assert not build_plan(_with_domain("two"), state).has_changes
