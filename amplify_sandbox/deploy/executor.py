"""Apply a Plan through the handler registry, recording the state after every change.

Creates, updates and replaces go first, in dependency order. A replace goes in the order the
plan says: destroy-first deletes the old resource, then creates the new one; create-first
creates the new one and keeps the old one on record as retired (`DeployedResource.retired`).
Then deletes (and those retired halves) go, dependents before what they reference — so a client
stops naming an identity provider before it is deleted. A run that stops part-way leaves a
record that the next run completes: a deleted resource is gone from the record, a created one
is in it, a retired one is still there to delete.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from amplify_sandbox.deploy.events import Reporter
from amplify_sandbox.deploy.handler import Handlers
from amplify_sandbox.deploy.planner import (
    Action,
    Change,
    Plan,
    RecordKey,
    deletion_order,
    symbolic_dependencies,
)
from amplify_sandbox.deploy.rules import ReplaceOrder
from amplify_sandbox.deploy.state import DeployedResource, DeployedState, StateStore
from amplify_sandbox.desired.resources import resolve, to_symbolic

_APPLIED = (Action.CREATE, Action.UPDATE, Action.REPLACE)


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
        self._left: set[RecordKey] = set()

    def apply(self, plan: Plan, state: DeployedState) -> DeployedState:
        started: dict[int, float] = {}
        for change in plan.changes:
            if change.action in _APPLIED:
                self._start(change, started)
                state = self._make_room(change, state)
                state = self._put(change, state)
                if not change.retires:  # a retired half finishes when it is deleted, below
                    self._finish(change, started)
        # What goes, and the change each removal belongs to: a delete (a retired half left by an
        # earlier run is a delete of its own) or the replace that retired it in this run.
        removals: dict[RecordKey, Change] = {}
        for change in plan.changes:
            if change.action is Action.DELETE:
                removals[(change.logical_id, change.retired)] = change
            elif change.retires:
                removals[(change.logical_id, True)] = change
        for key in deletion_order(state, removals):
            change = removals[key]
            self._start(change, started)
            state = self._remove(key, state)
            if key not in self._left:
                self._finish(change, started)
        return state

    def _make_room(self, change: Change, state: DeployedState) -> DeployedState:
        """Before a replace's new half: the old half deleted (destroy-first) or retired."""
        if change.action is not Action.REPLACE or change.logical_id not in state.resources:
            return state  # not a replace, or a resumed one whose old half is already handled
        if change.order is ReplaceOrder.DESTROY_BEFORE_CREATE:
            return self._remove((change.logical_id, False), state)
        if change.logical_id in state.retired:
            # An earlier replace's retired half is still there: it goes before another retires.
            state = self._remove((change.logical_id, True), state)
        state = state.retire(change.logical_id)
        self._store.save(state)
        return state

    def _start(self, change: Change, started: dict[int, float]) -> None:
        if id(change) not in started:
            started[id(change)] = time.perf_counter()
            self._reporter.change_started(change)

    def _finish(self, change: Change, started: dict[int, float]) -> None:
        elapsed = time.perf_counter() - started[id(change)]
        self._reporter.change_finished(change, elapsed)

    def _remove(self, key: RecordKey, state: DeployedState) -> DeployedState:
        logical_id, retired = key
        current = state.get(logical_id, retired=retired)
        handler = self._handlers[current.kind]
        reason = handler.not_ours(current, state.sandbox_id)
        if reason is not None:
            self.untouched.append(logical_id)
            self._left.add(key)
            self._reporter.warning(
                f"{logical_id} ({current.physical_id}) {reason}; left untouched."
            )
        else:
            handler.delete(current)
        state = state.without(logical_id, retired=retired)
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
            applied = handler.create(props, self._tags, exclude=state.physical_ids())
        symbolic = to_symbolic(desired.props, self._digests)
        state = state.with_resource(
            DeployedResource(
                logical_id=desired.logical_id,
                kind=desired.kind,
                physical_id=applied.physical_id,
                attributes=applied.attributes,
                props=symbolic,
                refs={
                    dep: state.resources[dep].physical_id
                    for dep in sorted(symbolic_dependencies(symbolic))
                    if dep in state.resources
                },
            )
        )
        self._store.save(state)
        return state
