"""The executor runs independent changes at the same time, dependents after what they reference,
and after a failure starts nothing new, lets what runs finish and records it. Fake handlers
wait on barriers and events (with timeouts that fail the test), never on the clock."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

import pytest

from amplify_sandbox.deploy.events import SilentReporter
from amplify_sandbox.deploy.executor import Executor, max_parallel
from amplify_sandbox.deploy.handler import Applied
from amplify_sandbox.deploy.planner import Change, build_plan
from amplify_sandbox.deploy.state import DeployedResource, DeployedState
from amplify_sandbox.desired.build import SANDBOX_TAG
from amplify_sandbox.desired.resources import DesiredResource, DesiredState, Ref, ResourceKind
from amplify_sandbox.errors import UsageError

SANDBOX = "sandbox-1234567890"
WAIT = 10.0  # seconds before a barrier or event gives up (the test then fails)


class Failed(Exception):
    """The failure a test injects."""


class Log:
    """What the fake service did, in order, from every thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.events: list[tuple[str, str]] = []

    def add(self, what: str, name: str) -> None:
        with self._lock:
            self.events.append((what, name))

    def index(self, what: str, name: str) -> int:
        return self.events.index((what, name))

    def names(self, what: str) -> list[str]:
        return [name for event, name in self.events if event == what]


Hook = Callable[[], None]


class Roles:
    """A fake handler: each role's create or delete runs its hook (if any) between a "start"
    and an "end" event."""

    def __init__(self, log: Log, hooks: Mapping[str, Hook] | None = None) -> None:
        self.log = log
        self.hooks = dict(hooks or {})

    def _do(self, name: str) -> None:
        self.log.add("start", name)
        hook = self.hooks.get(name)
        if hook is not None:
            hook()
        self.log.add("end", name)

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        name = str(props["RoleName"])
        self._do(name)
        return Applied(name, {"arn": f"arn:{name}", "name": name})

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied:
        return self.create(props, tags, frozenset())

    def delete(self, current: DeployedResource) -> None:
        self._do(current.physical_id)

    def tags(self, current: DeployedResource) -> dict[str, str] | None:
        return {SANDBOX_TAG: SANDBOX}

    def not_ours(self, current: DeployedResource, sandbox_id: str) -> str | None:
        return None

    def read(self, current: DeployedResource) -> dict[str, Any] | None:
        return None


class Store:
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


class Reporter(SilentReporter):
    def __init__(self) -> None:
        self.finished: list[str] = []
        self.warnings: list[str] = []
        self.warned = threading.Event()

    def change_finished(self, change: Change, seconds: float) -> None:
        self.finished.append(change.logical_id)

    def warning(self, message: str) -> None:
        self.warnings.append(message)
        self.warned.set()


def _role(name: str, *refs: str) -> DesiredResource:
    """A role named `name` whose policy names the roles `refs` (so it depends on them)."""
    return DesiredResource(
        name,
        ResourceKind.IAM_ROLE,
        {"RoleName": name, "Refers": [Ref(ref, "arn") for ref in refs]},
    )


def _apply(
    roles: Roles,
    desired: DesiredState,
    store: Store,
    reporter: Reporter | None = None,
    parallel: int = 8,
) -> DeployedState:
    state = store.state or DeployedState(SANDBOX)
    executor = Executor(
        {ResourceKind.IAM_ROLE: roles}, store, reporter or Reporter(), {}, parallel=parallel
    )
    return executor.apply(build_plan(desired, store.state), state)


def _together(barrier: threading.Barrier) -> Hook:
    def hook() -> None:
        barrier.wait(WAIT)  # BrokenBarrierError (the test fails) unless both run at once

    return hook


def test_independent_creates_run_at_the_same_time() -> None:
    barrier = threading.Barrier(2)
    roles = Roles(Log(), {"a": _together(barrier), "b": _together(barrier)})
    store = Store()
    state = _apply(roles, DesiredState((_role("a"), _role("b"))), store)
    assert set(state.resources) == {"a", "b"}
    assert store.state == state


def test_independent_deletes_run_at_the_same_time() -> None:
    log = Log()
    store = Store()
    _apply(Roles(log), DesiredState((_role("a"), _role("b"), _role("keep"))), store)
    barrier = threading.Barrier(2)
    roles = Roles(log, {"a": _together(barrier), "b": _together(barrier)})
    state = _apply(roles, DesiredState((_role("keep"),)), store)
    assert set(state.resources) == {"keep"}
    assert store.state == state


def test_a_dependent_starts_only_once_what_it_references_is_done() -> None:
    # "a" ends only once "c" (independent) has started; "b" refers to "a". Were "b" not made to
    # wait, it would start together with "a" and "c".
    c_started = threading.Event()
    log = Log()

    def a_waits_for_c() -> None:
        assert c_started.wait(WAIT)

    roles = Roles(log, {"a": a_waits_for_c, "c": c_started.set})
    store = Store()
    state = _apply(roles, DesiredState((_role("a"), _role("b", "a"), _role("c"))), store)
    assert log.index("end", "a") < log.index("start", "b")
    assert set(state.resources) == {"a", "b", "c"}
    # What "b" was made with named the "a" that had just been made.
    assert state.resources["b"].refs == {"a": "a"}


def test_deletes_wait_for_what_refers_to_them() -> None:
    log = Log()
    store = Store()
    _apply(Roles(log), DesiredState((_role("a"), _role("b", "a"), _role("c"))), store)
    c_started = threading.Event()

    def b_waits_for_c() -> None:
        assert c_started.wait(WAIT)

    roles = Roles(log, {"b": b_waits_for_c, "c": c_started.set})
    log.events.clear()
    state = _apply(roles, DesiredState(()), store)
    # "a" is referred to by "b": it goes once "b" is gone.
    assert log.index("end", "b") < log.index("start", "a")
    assert state.resources == {}
    assert store.state == state


def test_a_failure_starts_nothing_new_lets_running_work_finish_and_records_it() -> None:
    log = Log()
    reporter = Reporter()
    both = threading.Barrier(2)

    def x_fails() -> None:
        both.wait(WAIT)
        raise Failed("x")

    def y_outlives_x() -> None:
        both.wait(WAIT)
        # Runs on until the executor has seen the failure and said it lets this one finish.
        assert reporter.warned.wait(WAIT)

    roles = Roles(log, {"x": x_fails, "y": y_outlives_x})
    store = Store()
    desired = DesiredState((_role("x"), _role("y"), _role("after-x", "x"), _role("after-y", "y")))
    with pytest.raises(Failed):
        _apply(roles, desired, store, reporter)
    # Nothing started after the failure, though "after-y" could have once "y" was done.
    assert log.names("start") == ["x", "y"] or log.names("start") == ["y", "x"]
    assert log.names("end") == ["y"]
    # What finished is recorded, and said; the failure named.
    assert store.state is not None
    assert set(store.state.resources) == {"y"}
    assert reporter.finished == ["y"]
    assert reporter.warnings == [
        "x failed: letting the 1 change(s) under way finish, starting no more."
    ]
    # The next run does the rest.
    log.events.clear()
    state = _apply(Roles(log), desired, store)
    assert sorted(log.names("start")) == ["after-x", "after-y", "x"]
    assert set(state.resources) == {"x", "y", "after-x", "after-y"}


def test_one_at_a_time_follows_the_plan_order_on_the_calling_thread() -> None:
    log = Log()
    threads: set[str] = set()

    def seen() -> None:
        threads.add(threading.current_thread().name)

    roles = Roles(log, {name: seen for name in "abc"})
    store = Store()
    _apply(roles, DesiredState((_role("a"), _role("b", "a"), _role("c"))), store, parallel=1)
    assert log.events == [(e, n) for n in "abc" for e in ("start", "end")]
    assert threads == {threading.current_thread().name}
    assert store.saves == 3  # one write per change, as each ends


def test_every_change_is_recorded_when_the_record_is_slower_than_the_changes() -> None:
    # The first write (of r0 alone: the others refer to it, and wait for that write to start)
    # is held until every change has ended (and been handed to the record): the rest go in one
    # more write.
    names = [f"r{n}" for n in range(6)]
    writing = threading.Event()
    release = threading.Event()

    def after_the_first_write_started() -> None:
        assert writing.wait(WAIT)

    class SlowStore(Store):
        def save(self, state: DeployedState, *, tidy: bool = True) -> None:
            if self.saves == 0:
                assert set(state.resources) == {"r0"}
                writing.set()
                assert release.wait(WAIT)
            super().save(state, tidy=tidy)

    class Releasing(Reporter):
        def change_finished(self, change: Change, seconds: float) -> None:
            super().change_finished(change, seconds)  # after the record was given the change
            if len(self.finished) == len(names):
                release.set()

    store = SlowStore()
    roles = Roles(Log(), {name: after_the_first_write_started for name in names[1:]})
    desired = DesiredState((_role("r0"), *(_role(n, "r0") for n in names[1:])))
    state = _apply(roles, desired, store, Releasing())
    assert set(state.resources) == set(names)
    assert store.state == state
    assert store.saves == 2


class Facts(Mapping[str, str]):
    """The target's facts; the account is a look-up (STS), done once, on a worker."""

    def __init__(self) -> None:
        self.looked_up: list[str] = []

    def __getitem__(self, key: str) -> str:
        self.looked_up.append(threading.current_thread().name)
        return "123456789012"

    def __iter__(self) -> Any:
        return iter(("account",))

    def __len__(self) -> int:
        return 1


def test_the_account_is_looked_up_once_on_a_worker_while_other_changes_run() -> None:
    facts = Facts()
    log = Log()
    made: dict[str, Any] = {}

    class Recording(Roles):
        def create(
            self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
        ) -> Applied:
            made[str(props["RoleName"])] = props
            return super().create(props, tags, exclude)

    desired = DesiredState(
        (
            _role("a"),
            DesiredResource(
                "b",
                ResourceKind.IAM_ROLE,
                {"RoleName": "b", "Account": Ref("target", "account")},
            ),
            DesiredResource(
                "c",
                ResourceKind.IAM_ROLE,
                {"RoleName": "c", "Account": Ref("target", "account")},
            ),
        )
    )
    store = Store()
    executor = Executor(
        {ResourceKind.IAM_ROLE: Recording(log)},
        store,
        Reporter(),
        {},
        context={"target": facts},
        parallel=8,
    )
    executor.apply(build_plan(desired, None), DeployedState(SANDBOX))
    assert made["b"]["Account"] == made["c"]["Account"] == "123456789012"
    assert len(facts.looked_up) == 1
    assert facts.looked_up[0] != threading.current_thread().name


@pytest.mark.parametrize(("value", "expected"), [("", 8), ("1", 1), ("16", 16)])
def test_max_parallel_is_read_from_the_environment(value: str, expected: int) -> None:
    assert max_parallel({"AMPLIFY_SANDBOX_MAX_PARALLEL": value}) == expected


@pytest.mark.parametrize("value", ["0", "-2", "lots", "33"])
def test_a_bad_max_parallel_is_refused_with_a_hint(value: str) -> None:
    with pytest.raises(UsageError) as caught:
        max_parallel({"AMPLIFY_SANDBOX_MAX_PARALLEL": value})
    assert "AMPLIFY_SANDBOX_MAX_PARALLEL" in caught.value.message
    assert caught.value.hint


def _taking_known(name: str, ref: str, known: str) -> DesiredResource:
    """A role that refers to `ref` only by a value known before `ref` exists."""
    return DesiredResource(
        name, ResourceKind.IAM_ROLE, {"RoleName": name, "Refers": [Ref(ref, "arn", known=known)]}
    )


class Taken(Roles):
    """Roles that also keep what each create or update of theirs was given as `Refers`."""

    def __init__(self, log: Log, hooks: Mapping[str, Hook] | None = None) -> None:
        super().__init__(log, hooks)
        self.given: list[tuple[str, Any]] = []

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        self.given.append((str(props["RoleName"]), props["Refers"]))
        return super().create(props, tags, exclude)


def test_a_change_that_takes_only_a_known_value_goes_while_that_resource_is_made() -> None:
    user_started = threading.Event()

    def made() -> None:
        assert user_started.wait(WAIT), "the change waited for what it refers to"

    log = Log()
    roles = Taken(log, {"made": made, "user": user_started.set})
    desired = DesiredState((_role("made"), _taking_known("user", "made", "arn:made")))
    state = _apply(roles, desired, Store())

    assert log.index("start", "user") < log.index("end", "made")
    assert sorted(roles.given) == [("made", []), ("user", ["arn:made"])]
    # Recorded as if it had waited: the reference kept, and what it names.
    assert state.resources["user"].props["Refers"] == [{"Ref": "made.arn"}]
    assert state.resources["user"].refs == {"made": "made"}


def test_a_known_value_that_turns_out_otherwise_is_applied_again_once_it_is_known() -> None:
    roles = Taken(Log())
    desired = DesiredState((_role("made"), _taking_known("user", "made", "arn:guessed")))
    store = Store()
    state = _apply(roles, desired, store)

    assert [given for given in roles.given if given[0] == "user"] == [
        ("user", ["arn:guessed"]),
        ("user", ["arn:made"]),
    ]
    assert store.state == state
    assert state.resources["user"].refs == {"made": "made"}


def test_one_at_a_time_a_known_value_is_not_used() -> None:
    roles = Taken(Log())
    desired = DesiredState((_role("made"), _taking_known("user", "made", "arn:guessed")))
    _apply(roles, desired, Store(), parallel=1)
    assert roles.given == [("made", []), ("user", ["arn:made"])]


class Announcing(Reporter):
    """Says when a change has been reported finished (after the record was given it)."""

    def __init__(self) -> None:
        super().__init__()
        self.first_done = threading.Event()

    def change_finished(self, change: Change, seconds: float) -> None:
        super().change_finished(change, seconds)
        self.first_done.set()


def _ending_one_after_the_other(store: Store) -> DeployedState:
    # "b" ends only once "a" has ended and been handed to the record.
    reporter = Announcing()

    def after_a() -> None:
        assert reporter.first_done.wait(WAIT)

    roles = Roles(Log(), {"b": after_a})
    return _apply(roles, DesiredState((_role("a"), _role("b"))), store, reporter)


def test_a_change_that_ends_while_another_runs_is_recorded_with_it() -> None:
    store = Store()
    state = _ending_one_after_the_other(store)
    assert store.state == state and set(state.resources) == {"a", "b"}
    assert store.saves == 1


def test_a_long_apply_still_records_as_changes_end(monkeypatch: pytest.MonkeyPatch) -> None:
    # Past PERSIST_EVERY since the last write (here: at once), a change is written as it ends.
    monkeypatch.setattr("amplify_sandbox.deploy.executor.PERSIST_EVERY", 0.0)
    store = Store()
    state = _ending_one_after_the_other(store)
    assert store.state == state
    assert store.saves == 2


class RefusingUser(Taken):
    """Roles whose "user" is refused while "made" is not made yet (a service that looks up what
    it refers to after all), or always; "made" ends only once "user" has been refused."""

    def __init__(self, always: bool = False) -> None:
        self.refused = threading.Event()
        self.always = always
        super().__init__(Log(), {"made": self._after_a_refusal})

    def _after_a_refusal(self) -> None:
        assert self.refused.wait(WAIT), "the change waited for what it refers to"

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        if props["RoleName"] == "user" and (self.always or ("end", "made") not in self.log.events):
            self.given.append(("user", props["Refers"]))
            self.refused.set()
            raise Failed("refused")
        return super().create(props, tags, exclude)

    def tries(self) -> list[tuple[str, Any]]:
        return [given for given in self.given if given[0] == "user"]


KNOWN_USER = DesiredState((_role("made"), _taking_known("user", "made", "arn:made")))


def test_a_change_refused_with_a_known_value_goes_again_once_that_resource_is_made() -> None:
    # The change runs once more when what it refers to is there, and the apply goes on.
    roles = RefusingUser()
    store = Store()
    state = _apply(roles, KNOWN_USER, store)

    assert roles.tries() == [("user", ["arn:made"]), ("user", ["arn:made"])]
    assert set(state.resources) == {"made", "user"} and store.state == state
    assert state.resources["user"].refs == {"made": "made"}


def test_a_change_refused_again_after_waiting_fails_the_apply() -> None:
    roles = RefusingUser(always=True)
    store = Store()
    with pytest.raises(Failed):
        _apply(roles, KNOWN_USER, store)
    assert len(roles.tries()) == 2
    assert store.state is not None and set(store.state.resources) == {"made"}
