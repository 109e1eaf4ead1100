"""Apply a Plan through the handler registry, recording the state after every change.

Creates and updates go first, in dependency order; a replace creates the new resource and keeps
the old one on record as `<id>#replaced`. Then deletes (and those retired halves) go, dependents
before what they reference — so a client stops naming an identity provider before it is deleted.
A run that stops part-way leaves a record that the next run completes: a deleted resource is
gone from the record, a created one is in it, a retired one is still there to delete.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace

from amplify_sandbox.deploy.events import Reporter
from amplify_sandbox.deploy.handler import Handlers
from amplify_sandbox.deploy.planner import Action, Change, Plan, deletion_order
from amplify_sandbox.deploy.rules import DESTROY_BEFORE_CREATE
from amplify_sandbox.deploy.state import (
    RETIRED_MARK,
    DeployedResource,
    DeployedState,
    StateStore,
    retired_id,
)
from amplify_sandbox.desired.resources import resolve, to_symbolic


class Executor:
    def __init__(
        self,
        handlers: Handlers,
        store: StateStore,
        reporter: Reporter,
        tags: Mapping[str, str],
        secrets: Mapping[str, str] | None = None,
        secret_digests: Mapping[str, str] | None = None,
        context: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self._context = dict(context or {})
        self._secrets = dict(secrets or {})
        self._digests = dict(secret_digests or {})
        self._handlers = handlers
        self._store = store
        self._reporter = reporter
        self._tags = dict(tags)
        # Logical ids of resources left in place because they are not this sandbox's.
        self.untouched: list[str] = []

    def apply(self, plan: Plan, state: DeployedState) -> DeployedState:
        started: dict[str, float] = {}
        changes = {change.logical_id: change for change in plan.changes}
        for change in plan.changes:
            if change.action in (Action.CREATE, Action.REPLACE, Action.UPDATE):
                self._start(change, started)
                if change.action is Action.REPLACE and change.kind in DESTROY_BEFORE_CREATE:
                    state = self._remove(change.logical_id, state)
                elif change.action is Action.REPLACE:
                    state = self._retire(change.logical_id, state)
                state = self._put(change, state)
                retiring = (
                    change.action is Action.REPLACE and change.kind not in DESTROY_BEFORE_CREATE
                )
                if not retiring:  # a retired half finishes when it is deleted, below
                    self._finish(change, started)
        removals = {
            retired_id(change.logical_id) if change.action is Action.REPLACE else change.logical_id
            for change in plan.changes
            if change.action is Action.DELETE
            or (change.action is Action.REPLACE and change.kind not in DESTROY_BEFORE_CREATE)
        }
        for logical_id in deletion_order(
            {k: v for k, v in state.resources.items() if k in removals}
        ):
            # A retired half left by an earlier run is a change of its own.
            change = changes.get(logical_id) or changes[logical_id.split(RETIRED_MARK, 1)[0]]
            self._start(change, started)
            state = self._remove(logical_id, state)
            if logical_id not in self.untouched:
                self._finish(change, started)
        return state

    def _retire(self, logical_id: str, state: DeployedState) -> DeployedState:
        current = state.resources[logical_id]
        state = state.without(logical_id).with_resource(
            replace(current, logical_id=retired_id(logical_id))
        )
        self._store.save(state)
        return state

    def _start(self, change: Change, started: dict[str, float]) -> None:
        if change.logical_id not in started:
            started[change.logical_id] = time.perf_counter()
            self._reporter.change_started(change)

    def _finish(self, change: Change, started: dict[str, float]) -> None:
        elapsed = time.perf_counter() - started[change.logical_id]
        self._reporter.change_finished(change, elapsed)

    def _remove(self, logical_id: str, state: DeployedState) -> DeployedState:
        current = state.resources[logical_id]
        handler = self._handlers[current.kind]
        reason = handler.not_ours(current, state.sandbox_id)
        if reason is not None:
            self.untouched.append(logical_id)
            self._reporter.warning(
                f"{logical_id} ({current.physical_id}) {reason}; left untouched."
            )
        else:
            handler.delete(current)
        state = state.without(logical_id)
        self._store.save(state)
        return state

    def _put(self, change: Change, state: DeployedState) -> DeployedState:
        desired = change.desired
        assert desired is not None
        handler = self._handlers[desired.kind]
        attributes = {**self._context, **state.attributes()}
        props = resolve(desired.props, attributes, self._secrets)
        current = state.resources.get(change.logical_id)
        if change.action is Action.UPDATE and current is not None:
            applied = handler.update(current, props, self._tags)
        else:
            recorded = {resource.physical_id for resource in state.resources.values()}
            applied = handler.create(props, self._tags, exclude=recorded)
        state = state.with_resource(
            DeployedResource(
                logical_id=desired.logical_id,
                kind=desired.kind,
                physical_id=applied.physical_id,
                attributes=applied.attributes,
                props=to_symbolic(desired.props, self._digests),
            )
        )
        self._store.save(state)
        return state
