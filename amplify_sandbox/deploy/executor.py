"""Apply a Plan through the handler registry, recording the state as each change finishes.

Creates, updates and replaces go first, each once what it references is done — or at the same
time, where it takes only a value known before that resource exists (`Ref.known`: a group's role
ARN); once both have ended it is applied again if the value turned out otherwise. A replace goes
in the order the plan says: destroy-first deletes the old resource, then creates the new one;
create-first creates the new one and keeps the old one on record as retired
(`DeployedResource.retired`). Then deletes (and those retired halves) go, each once what refers
to it is gone — so a client stops naming an identity provider before it is deleted.

Changes that do not depend on each other run at the same time, on up to `max_parallel` worker
threads (`AMPLIFY_SANDBOX_MAX_PARALLEL`, default 8; 1 runs them one by one on the calling
thread, as before). Only the calling thread touches the state and the reporter; the record is
written by one writer thread (`_Record`) that always writes the newest state, so changes that
finish while a write is under way (or while others still run) are recorded together by the
next one. A failure stops new
work: what is running finishes and is recorded, then the first error is raised.

A run that stops part-way (a failure, a crash, a kill) leaves a record that the next run
completes: a deleted resource is gone from the record or already gone from the service, a
created one is in the record or is adopted by the next run's create (every handler's create
finds what a stopped run made), a retired one is still there to delete.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextvars import copy_context
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, TypeVar

from amplify_sandbox.background import BackgroundWriter
from amplify_sandbox.deploy.events import Reporter
from amplify_sandbox.deploy.handler import Applied, Handlers, one_run
from amplify_sandbox.deploy.planner import (
    Action,
    Change,
    Plan,
    RecordKey,
    deletion_dependencies,
    deletion_order,
    symbolic_dependencies,
)
from amplify_sandbox.deploy.rules import ReplaceOrder
from amplify_sandbox.deploy.state import DeployedResource, DeployedState, StateStore
from amplify_sandbox.desired.resources import (
    iter_refs,
    known_only,
    resolve,
    to_symbolic,
    with_known,
)
from amplify_sandbox.errors import UsageError

_APPLIED = (Action.CREATE, Action.UPDATE, Action.REPLACE)

MAX_PARALLEL_ENV = "AMPLIFY_SANDBOX_MAX_PARALLEL"
DEFAULT_PARALLEL = 8
# Seconds at most between record writes while changes run at the same time.
PERSIST_EVERY = 5.0
_PARALLEL_LIMIT = 32

K = TypeVar("K", bound=Hashable)


def max_parallel(environ: Mapping[str, str] | None = None) -> int:
    """How many changes may run at once: `AMPLIFY_SANDBOX_MAX_PARALLEL` (1-32), else 8."""
    value = (os.environ if environ is None else environ).get(MAX_PARALLEL_ENV, "").strip()
    if not value:
        return DEFAULT_PARALLEL
    if not value.isdigit() or not 1 <= int(value) <= _PARALLEL_LIMIT:
        raise UsageError(
            f"{MAX_PARALLEL_ENV}={value!r} is not a number from 1 to {_PARALLEL_LIMIT}.",
            hint=f"Set it to 1 to apply changes one at a time, or unset it (default "
            f"{DEFAULT_PARALLEL}).",
        )
    return int(value)


@dataclass
class _Outcome:
    """What a worker did for one change: set even when it failed part-way."""

    # The old half of a destroy-first replace was deleted (or left: `left` says why).
    removed_old: bool = False
    left: str | None = None
    applied: Applied | None = None
    error: BaseException | None = None
    # Went with known values and was refused: to run once more, after what it refers to.
    again: bool = False


def _named(key: Hashable) -> str:
    """A change's logical id (a removal is keyed by logical id and whether it is retired)."""
    return str(key[0]) if isinstance(key, tuple) else str(key)


class _Record:
    """The state record, written after every change: at once (`background=False`), or by one
    writer thread that writes the newest state it has been given, so several changes that
    finish during one write are recorded together by the next.

    On the writer, a change that ends while others still run is recorded with the next one to
    end when no other runs (or `PERSIST_EVERY` seconds after the last write began, as Terraform
    persists state during a long apply): changes that end together cost one write, not one each
    after the other. What a crash leaves unrecorded meanwhile the next run adopts (see above)."""

    def __init__(self, store: StateStore, state: DeployedState, background: bool) -> None:
        self._store = store
        self._background = background
        # How many changes are still running as one ends (the executor's loop says).
        self.running = 0
        self._held: DeployedState | None = None
        self._began = time.monotonic()
        # What the previous write used is deleted by the next one (the last write's leftovers
        # by the next run's first), not after each: a round trip less.
        self._writer = BackgroundWriter(
            partial(store.save, tidy=False), state, name="state-record", failed=lambda _: False
        )

    @property
    def error(self) -> BaseException | None:
        """The error of a write on the writer thread (it stops there)."""
        return self._writer.error

    def changed(self, state: DeployedState) -> None:
        if not self._background:
            self._store.save(state)
            return
        if self.running and time.monotonic() - self._began < PERSIST_EVERY:
            self._held = state
            return
        self._give(state)

    def _give(self, state: DeployedState) -> None:
        self._held = None
        self._began = time.monotonic()
        self._writer.changed(state)

    def flush(self) -> None:
        """Return once the newest state given is written; raise if a write failed."""
        if self._held is not None:
            self._give(self._held)
        self._writer.flush()

    def close(self) -> None:
        """Stop the writer after writing what it has, unless a write failed (a failure here is
        kept, not raised: the run's own error is on its way)."""
        if self._held is not None:
            self._writer.changed(self._held)
            self._held = None
        self._writer.close()
        if self._writer.pending and self._writer.error is None:
            try:
                self._writer.write_now()
            except BaseException as exc:
                self._writer.error = exc


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
        parallel: int | None = None,
    ) -> None:
        self._context = dict(context or {})
        self._secrets = dict(secrets or {})
        self._digests = dict(secret_digests or {})
        self._handlers = handlers
        self._store = store
        self._reporter = reporter
        self._tags = dict(tags)
        self._parallel = max_parallel() if parallel is None else parallel
        # Logical ids of resources left in place because they are not this sandbox's.
        self.untouched: list[str] = []

    def apply(
        self, plan: Plan, state: DeployedState, *, ending: Callable[[], None] | None = None
    ) -> DeployedState:
        """Apply `plan` to `state`; the state as recorded. `ending` is called once every change
        has ended, while the last record write may still be under way."""
        record = _Record(self._store, state, background=self._parallel > 1)
        self._state = state
        self._began: dict[int, float] = {}
        with one_run(), ThreadPoolExecutor(1, thread_name_prefix="facts") as facts:
            self._facts = self._prefetched(plan, facts)
            try:
                self._apply(plan, record)
                if ending is not None:
                    ending()
                record.flush()
            finally:
                record.close()
        return self._state

    def _prefetched(
        self, plan: Plan, pool: ThreadPoolExecutor
    ) -> Future[dict[str, dict[str, str]]] | None:
        """The context facts the changes refer to (the account id: a look-up), fetched on a
        worker while the first changes run, when they run at the same time."""
        applied = {c.logical_id for c in plan.changes if c.action in _APPLIED}
        wanted = {
            (ref.logical_id, ref.attribute)
            for change in plan.changes
            if change.desired is not None and change.action in _APPLIED
            # With the facts a known value is made of (a role's ARN: the account).
            for ref in iter_refs(with_known(change.desired.props, applied))
            if ref.logical_id in self._context
        }
        if self._parallel == 1 or not wanted:
            return None

        def fetch() -> dict[str, dict[str, str]]:
            found: dict[str, dict[str, str]] = {}
            for key, attribute in sorted(wanted):
                found.setdefault(key, {})[attribute] = self._context[key][attribute]
            return found

        return pool.submit(fetch)

    def _attributes(self, state: DeployedState) -> dict[str, Mapping[str, str]]:
        """What references resolve to: the context facts and what is done."""
        context: Mapping[str, Mapping[str, str]] = self._context
        if self._facts is not None:
            context = {**self._context, **self._facts.result()}
        return {**context, **state.attributes()}

    def _apply(self, plan: Plan, record: _Record) -> None:
        applied = {c.logical_id: c for c in plan.changes if c.action in _APPLIED}
        # Not ended yet; a change may go before one of these when it takes only known values
        # of it (`Ref.known`), and is checked once it has ended (`_check_known`).
        self._pending = set(applied)
        self._early: dict[str, Any] = {}
        wanted = {key: c.desired for key, c in applied.items() if c.desired is not None}
        after = {
            key: {dep for dep in desired.dependencies if dep in applied}
            for key, desired in wanted.items()
        }
        self._run(
            list(applied),
            {key: after[key] - known_only(desired.props) for key, desired in wanted.items()},
            lambda key: self._start_put(applied[key], record),
            lambda key, outcome: self._end_put(applied[key], outcome, record),
            record,
            after,
        )
        self._check_known(applied, record)
        # What goes, and the change each removal belongs to: a delete (a retired half left by an
        # earlier run is a delete of its own) or the replace that retired it in this run.
        removals: dict[RecordKey, Change] = {}
        for change in plan.changes:
            if change.action is Action.DELETE:
                removals[(change.logical_id, change.retired)] = change
            elif change.retires:
                removals[(change.logical_id, True)] = change
        self._run(
            deletion_order(self._state, removals),
            deletion_dependencies(self._state, removals),
            lambda key: self._start_remove(key, removals[key]),
            lambda key, outcome: self._end_remove(key, removals[key], outcome, record),
            record,
        )

    def _run(
        self,
        order: list[K],
        waits: Mapping[K, set[K]],
        start: Callable[[K], Callable[[], _Outcome]],
        end: Callable[[K, _Outcome], None],
        record: _Record,
        after: Mapping[K, set[K]] | None = None,
    ) -> None:
        """Run each key's work once the keys it waits for are done, up to `_parallel` at once,
        in `order` when there is a choice. Started and ended here (the calling thread); the work
        itself on a worker. After a failure nothing new starts; the first error is raised once
        the running work has ended. Work that ends asking to go `again` waits for its keys in
        `after`, then runs once more."""
        left = list(order)
        done: set[K] = set()
        failure: BaseException | None = None
        if self._parallel == 1:
            for key in left:
                outcome = start(key)()
                end(key, outcome)
                if outcome.error is not None:
                    raise outcome.error
            return
        running: dict[Future[_Outcome], K] = {}
        with ThreadPoolExecutor(self._parallel, thread_name_prefix="apply") as pool:
            while left or running:
                if failure is None and record.error is None:
                    for key in [k for k in left if waits.get(k, set()) <= done]:
                        if len(running) >= self._parallel:
                            break
                        left.remove(key)
                        try:
                            work = start(key)
                        except BaseException as exc:
                            failure = exc
                            break
                        # In the caller's context: the handlers' memory of this run.
                        running[pool.submit(copy_context().run, work)] = key
                if not running:
                    if failure is None and record.error is None:
                        raise AssertionError(f"nothing can start: {left} wait in a cycle")
                    break  # a failure: what was waiting does not start
                try:
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                except BaseException as exc:  # Ctrl-C: let the running work end, record it
                    failure = failure or exc
                    finished, _ = wait(running)
                for future in finished:
                    key = running.pop(future)
                    outcome = future.result()
                    record.running = len(running)
                    end(key, outcome)
                    if outcome.again and after is not None:
                        left.append(key)
                        waits = {**waits, key: after[key]}
                        continue
                    done.add(key)
                    if outcome.error is not None and failure is None:
                        failure = outcome.error
                        if running:
                            self._reporter.warning(
                                f"{_named(key)} failed: letting the {len(running)} change(s) "
                                "under way finish, starting no more."
                            )
        if failure is None and record.error is not None:
            failure = record.error
        if failure is not None:
            raise failure

    def _begin(self, change: Change) -> None:
        """A change's work starts (a replace's retired half goes later: it is begun once)."""
        if id(change) in self._began:
            return
        self._began[id(change)] = time.perf_counter()
        if self._parallel == 1:
            self._reporter.change_started(change)

    def _finish(self, change: Change) -> None:
        """One line per change as it ends. Changes that overlap are reported as each ends (its
        started and finished events together), so a reporter never has two open at once."""
        seconds = time.perf_counter() - self._began[id(change)]
        if self._parallel > 1:
            self._reporter.change_started(change)
        self._reporter.change_finished(change, seconds)

    # -- creates, updates, replaces ------------------------------------------------------------

    def _start_put(self, change: Change, record: _Record) -> Callable[[], _Outcome]:
        """Before a change's work: props resolved against what is done, a create-first replace's
        old half retired on record (written before the new half is made)."""
        desired = change.desired
        assert desired is not None
        self._begin(change)
        state = self._state
        old: DeployedResource | None = None
        if change.action is Action.REPLACE and change.logical_id in state.resources:
            if change.order is ReplaceOrder.DESTROY_BEFORE_CREATE:
                old = state.resources[change.logical_id]
            else:
                if change.logical_id in state.retired:
                    # An earlier replace's retired half is still there: it goes before another
                    # retires.
                    self._remove_now((change.logical_id, True), record)
                self._state = self._state.retire(change.logical_id)
                record.changed(self._state)
                record.flush()
                state = self._state
        handler = self._handlers[desired.kind]
        early = {ref.logical_id for ref in iter_refs(desired.props)} & self._pending
        wanted = with_known(desired.props, early) if early else desired.props
        props = resolve(wanted, self._attributes(state), self._secrets)
        if early:
            self._early[change.logical_id] = props
        current = state.resources.get(change.logical_id)
        update = change.action is Action.UPDATE and current is not None
        exclude = state.physical_ids()
        sandbox_id = state.sandbox_id

        def work() -> _Outcome:
            outcome = _Outcome()
            try:
                if old is not None:
                    outcome.left = self._delete(old, sandbox_id)
                    outcome.removed_old = True
                if update:
                    assert current is not None
                    outcome.applied = handler.update(current, props, self._tags)
                else:
                    outcome.applied = handler.create(props, self._tags, exclude)
            except Exception as exc:
                outcome.error = exc
            return outcome

        return work

    def _end_put(self, change: Change, outcome: _Outcome, record: _Record) -> None:
        desired = change.desired
        assert desired is not None
        if outcome.removed_old:
            self._left_untouched(change.logical_id, outcome.left)
            self._state = self._state.without(change.logical_id)
        if (
            outcome.error is not None
            and change.logical_id in self._early
            and not outcome.removed_old
        ):
            # Refused with a known value (a service that looks the role up after all): once
            # more when what it refers to has ended, as if it had waited. That run is not early
            # (nothing it refers to is pending then), so it goes again only once.
            del self._early[change.logical_id]
            outcome.again = True
            return
        self._pending.discard(change.logical_id)
        if outcome.applied is not None:
            symbolic = to_symbolic(desired.props, self._digests)
            self._state = self._state.with_resource(
                DeployedResource(
                    logical_id=desired.logical_id,
                    kind=desired.kind,
                    physical_id=outcome.applied.physical_id,
                    attributes=outcome.applied.attributes,
                    props=symbolic,
                    refs=self._refs(symbolic),
                )
            )
            # What went before this ended now names it among what it refers to.
            for key in self._early:
                went = self._state.resources.get(key)
                if went is not None and change.logical_id in symbolic_dependencies(went.props):
                    self._state = self._state.with_resource(
                        replace(went, refs=self._refs(went.props))
                    )
        if outcome.removed_old or outcome.applied is not None:
            record.changed(self._state)
        # A retired half finishes when it is deleted, with the deletes.
        if outcome.error is None and not change.retires:
            self._finish(change)

    def _refs(self, symbolic: Any) -> dict[str, str]:
        """The physical ids of what recorded props refer to, as they are now."""
        state = self._state
        return {
            dep: state.resources[dep].physical_id
            for dep in sorted(symbolic_dependencies(symbolic))
            if dep in state.resources
        }

    def _check_known(self, applied: Mapping[str, Change], record: _Record) -> None:
        """A change that went with known values, applied again if what it took them from turned
        out otherwise (an override renamed the role): it ends as if it had waited."""
        for key, used in self._early.items():
            desired, current = applied[key].desired, self._state.resources.get(key)
            assert desired is not None
            if current is None:
                continue
            props = resolve(desired.props, self._attributes(self._state), self._secrets)
            if props == used:
                continue
            done = self._handlers[desired.kind].update(current, props, self._tags)
            self._state = self._state.with_resource(
                replace(current, physical_id=done.physical_id, attributes=done.attributes)
            )
            record.changed(self._state)

    # -- deletes -------------------------------------------------------------------------------

    def _start_remove(self, key: RecordKey, change: Change) -> Callable[[], _Outcome]:
        self._begin(change)
        current = self._state.get(key[0], retired=key[1])
        sandbox_id = self._state.sandbox_id

        def work() -> _Outcome:
            outcome = _Outcome()
            try:
                outcome.left = self._delete(current, sandbox_id)
                outcome.removed_old = True
            except Exception as exc:
                outcome.error = exc
            return outcome

        return work

    def _end_remove(
        self, key: RecordKey, change: Change, outcome: _Outcome, record: _Record
    ) -> None:
        if not outcome.removed_old:
            return
        self._left_untouched(key[0], outcome.left)
        self._state = self._state.without(key[0], retired=key[1])
        record.changed(self._state)
        if outcome.left is None:
            self._finish(change)

    def _remove_now(self, key: RecordKey, record: _Record) -> None:
        """A removal on the calling thread (before a retire), recorded at once."""
        current = self._state.get(key[0], retired=key[1])
        self._left_untouched(key[0], self._delete(current, self._state.sandbox_id))
        self._state = self._state.without(key[0], retired=key[1])
        record.changed(self._state)
        record.flush()

    def _delete(self, current: DeployedResource, sandbox_id: str) -> str | None:
        """Delete `current` unless it is not this sandbox's: then why it was left."""
        handler = self._handlers[current.kind]
        reason = handler.not_ours(current, sandbox_id)
        if reason is None:
            handler.delete(current)
        return reason

    def _left_untouched(self, logical_id: str, reason: str | None) -> None:
        if reason is None:
            return
        self.untouched.append(logical_id)
        current = self._state.resources.get(logical_id) or self._state.retired.get(logical_id)
        physical = f" ({current.physical_id})" if current is not None else ""
        self._reporter.warning(f"{logical_id}{physical} {reason}; left untouched.")
