"""Every sandbox in the account and region (`sandbox list`) and the stale ones (`sandbox gc`).

Built from what the target holds, not from a local file: the records (with who deployed them,
see deploy/stamp.py), the locks, and pools tagged as a sandbox's whose record is gone. `gc`
deletes each stale sandbox through the pipeline's own `delete` (its lock, tags and name checks),
with an identity rebuilt from the record.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any, Protocol

from amplify_sandbox.deploy.stamp import iso, parse_iso
from amplify_sandbox.deploy.state import DeployedState
from amplify_sandbox.desired.resources import ResourceKind
from amplify_sandbox.errors import LockedError, SandboxError, UsageError
from amplify_sandbox.identity import SandboxIdentity


@dataclass(frozen=True)
class FoundRecord:
    state: DeployedState | None
    # Why it cannot be read (None: it can).
    unreadable: str | None = None


@dataclass(frozen=True)
class FoundPool:
    pool_id: str
    name: str
    created: float | None
    modified: float | None


@dataclass
class Listing:
    records: dict[str, FoundRecord] = field(default_factory=dict)
    # Sandbox id → who holds its lock (a line for people), "(expired) …" once past its expiry.
    locks: dict[str, str] = field(default_factory=dict)
    user_pools: list[FoundPool] = field(default_factory=list)
    identity_pools: list[FoundPool] = field(default_factory=list)


class Inventory(Protocol):
    def listing(self) -> Listing: ...

    @staticmethod
    def named_by_this_tool(pool: FoundPool, *, identity_pool: bool = False) -> bool: ...

    def user_pool(self, pool_id: str) -> tuple[str | None, int] | None:
        """The sandbox id a user pool is tagged as and its users (None: the pool is gone)."""

    def identity_pool_sandbox(self, pool_id: str) -> str | None: ...

    def lock_holder(self, sandbox_id: str) -> str | None:
        """Who holds the sandbox's lock (None: free)."""


_SANDBOX_ID = re.compile(r"^amplify-([A-Za-z0-9]*)-([A-Za-z0-9]*)-sandbox-([0-9a-f]{10})$")


@dataclass(frozen=True)
class SandboxSummary:
    sandbox_id: str
    namespace: str
    identifier: str
    # "ok", "unreadable" (the record cannot be read) or "missing" (found by tag only).
    record: str
    resources: int
    owner: str | None = None
    created: str | None = None
    deployed: str | None = None
    deployed_by: str | None = None
    deployed_from: str | None = None
    user_pool_id: str | None = None
    users: int | None = None
    locked_by: str | None = None

    def data(self) -> dict[str, Any]:
        return {
            "sandbox_id": self.sandbox_id,
            "app": self.namespace,
            "identifier": self.identifier,
            "record": self.record,
            "owner": self.owner,
            "created": self.created,
            "last_deploy": None
            if self.deployed is None
            else {"at": self.deployed, "by": self.deployed_by, "from": self.deployed_from},
            "resources": self.resources,
            "user_pool_id": self.user_pool_id,
            "users": self.users,
            "locked_by": self.locked_by,
        }


def _names(sandbox_id: str) -> tuple[str, str]:
    """App and identifier as the sandbox id spells them (letters and digits only)."""
    found = _SANDBOX_ID.match(sandbox_id)
    return (found.group(1), found.group(2)) if found else ("?", sandbox_id)


def _summary(
    sandbox_id: str, found: FoundRecord | None, pools: dict[str, FoundPool]
) -> SandboxSummary:
    state = found.state if found else None
    namespace, identifier = _names(sandbox_id)
    if state is None:
        record = "unreadable" if found is not None and found.unreadable else "missing"
        return SandboxSummary(sandbox_id, namespace, identifier, record, 0)
    everything = [*state.resources.values(), *state.retired.values()]
    user_pool = next((r.physical_id for r in everything if r.kind is ResourceKind.USER_POOL), None)
    listed = pools.get(user_pool or "")
    about = state.about
    created = about.created if about else _iso(listed.created if listed else None)
    deployed = about.deployed if about else _iso(listed.modified if listed else None)
    return SandboxSummary(
        sandbox_id,
        about.namespace if about else namespace,
        about.identifier if about else identifier,
        "ok",
        len(everything),
        owner=about.created_by if about else None,
        created=created,
        deployed=deployed,
        deployed_by=about.deployed_by if about else None,
        deployed_from=about.deployed_from if about else None,
        user_pool_id=user_pool,
    )


def _iso(seconds: float | None) -> str | None:
    return None if seconds is None else iso(seconds)


def list_sandboxes(
    inventory: Inventory,
    *,
    users: bool = False,
    app: str | None = None,
    identifier: str | None = None,
) -> list[SandboxSummary]:
    """Every sandbox: recorded, locked, or found by the tag of a pool no record names.

    `app` and `identifier` are glob patterns (`pr-*`). `users` adds one DescribeUserPool per
    sandbox (the listing calls do not report user counts)."""
    listing = inventory.listing()
    pools = {pool.pool_id: pool for pool in listing.user_pools}
    summaries = {
        sandbox_id: _summary(sandbox_id, listing.records.get(sandbox_id), pools)
        for sandbox_id in {*listing.records, *listing.locks}
    }
    recorded = {
        resource.physical_id
        for found in listing.records.values()
        if found.state is not None
        for resource in (*found.state.resources.values(), *found.state.retired.values())
    }
    counted: dict[str, int] = {}
    for pool in listing.user_pools:
        if pool.pool_id in recorded or not inventory.named_by_this_tool(pool):
            continue
        described = inventory.user_pool(pool.pool_id)
        if described is None or described[0] is None:
            continue
        sandbox_id, people = str(described[0]), described[1]
        summaries[sandbox_id] = _found_by_tag(summaries.get(sandbox_id), sandbox_id, pool, people)
        counted[sandbox_id] = people
    for pool in listing.identity_pools:
        if pool.pool_id in recorded or not inventory.named_by_this_tool(pool, identity_pool=True):
            continue
        tagged = inventory.identity_pool_sandbox(pool.pool_id)
        if tagged is not None:
            summaries[tagged] = _found_by_tag(summaries.get(tagged), tagged, None, None)
    chosen = [
        _with_lock(summary, listing.locks.get(summary.sandbox_id))
        for summary in summaries.values()
        if (app is None or fnmatchcase(summary.namespace, app))
        and (identifier is None or fnmatchcase(summary.identifier, identifier))
    ]
    if users:
        chosen = [_with_users(inventory, summary, counted) for summary in chosen]
    return sorted(chosen, key=lambda s: (s.namespace, s.identifier, s.sandbox_id))


def _found_by_tag(
    known: SandboxSummary | None, sandbox_id: str, pool: FoundPool | None, people: int | None
) -> SandboxSummary:
    base = known or SandboxSummary(sandbox_id, *_names(sandbox_id), "missing", 0)
    if base.record == "ok":
        return base
    update: dict[str, Any] = {"resources": base.resources + 1}
    if pool is not None:
        update |= {
            "user_pool_id": pool.pool_id,
            "users": people,
            "created": _iso(pool.created),
            "deployed": _iso(pool.modified),
        }
    return _replace(base, **update)


def _replace(summary: SandboxSummary, **changes: Any) -> SandboxSummary:
    from dataclasses import replace

    return replace(summary, **changes)


def _with_lock(summary: SandboxSummary, holder: str | None) -> SandboxSummary:
    return summary if holder is None else _replace(summary, locked_by=holder)


def _with_users(
    inventory: Inventory, summary: SandboxSummary, counted: dict[str, int]
) -> SandboxSummary:
    if summary.user_pool_id is None or summary.users is not None:
        return summary
    if summary.sandbox_id in counted:
        return _replace(summary, users=counted[summary.sandbox_id])
    described = inventory.user_pool(summary.user_pool_id)
    return _replace(summary, users=None if described is None else described[1])


# --- gc ---

_DURATION = re.compile(r"^\s*(\d+)\s*([dhms])\s*$")
_UNIT = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_duration(text: str) -> float:
    """`14d`, `12h`, `30m`, `45s` → seconds."""
    found = _DURATION.match(text)
    if found is None:
        raise UsageError(
            f"Invalid duration {text!r} for --older-than.",
            hint="Use a number and a unit: 14d, 12h, 30m or 45s.",
        )
    return float(int(found.group(1)) * _UNIT[found.group(2)])


@dataclass(frozen=True)
class FoundIdentity(SandboxIdentity):
    """A sandbox known only by its id (a record from before the stamp, or none): the names the
    pipeline uses (id, hash, record, lock) come from the id itself."""

    sandbox_id: str = ""

    @property
    def stack_name(self) -> str:
        return self.sandbox_id

    @property
    def hash10(self) -> str:
        return self.sandbox_id.rsplit("-", 1)[-1]


def identity_of(summary: SandboxSummary) -> SandboxIdentity:
    """The identity `delete` is run with: the record's app and identifier when they name this
    sandbox, else one built from the sandbox id."""
    rebuilt = SandboxIdentity(summary.namespace, summary.identifier)
    if rebuilt.stack_name == summary.sandbox_id:
        return rebuilt
    return FoundIdentity(summary.namespace, summary.identifier, summary.sandbox_id)


@dataclass(frozen=True)
class Collected:
    summary: SandboxSummary
    # "stale" (dry run), "deleted", "locked" or "failed"; skipped ones carry why.
    outcome: str
    age_days: float | None = None
    detail: str | None = None

    def data(self) -> dict[str, Any]:
        return {
            **self.summary.data(),
            "outcome": self.outcome,
            "age_days": None if self.age_days is None else round(self.age_days, 2),
            "detail": self.detail,
        }


def stale_sandboxes(
    summaries: list[SandboxSummary],
    older_than: float,
    match: str | None = None,
    now: float | None = None,
) -> tuple[list[Collected], list[Collected]]:
    """(the sandboxes last deployed longer ago than `older_than` seconds, the matching ones
    kept and why). `match` is a glob on the identifier."""
    current = time.time() if now is None else now
    stale: list[Collected] = []
    kept: list[Collected] = []
    for summary in summaries:
        if match is not None and not fnmatchcase(summary.identifier, match):
            continue
        deployed = parse_iso(summary.deployed) if summary.deployed else None
        if deployed is None:
            kept.append(Collected(summary, "kept", detail="last deploy unknown"))
            continue
        age = current - deployed
        if age < older_than:
            continue
        if summary.locked_by is not None and not summary.locked_by.startswith("(expired)"):
            kept.append(
                Collected(summary, "locked", age / 86400, detail=f"locked by {summary.locked_by}")
            )
            continue
        stale.append(Collected(summary, "stale", age / 86400))
    return stale, kept


DeleteOne = Callable[[SandboxIdentity], int]


def collect(stale: list[Collected], delete_one: DeleteOne) -> list[Collected]:
    """Delete each stale sandbox with `delete_one` (the pipeline's delete; returns how many
    resources it deleted); a locked or failing one is reported and the others go on."""
    done: list[Collected] = []
    for item in stale:
        try:
            deleted = delete_one(identity_of(item.summary))
        except LockedError as exc:
            done.append(Collected(item.summary, "locked", item.age_days, exc.message))
        except SandboxError as exc:
            done.append(Collected(item.summary, "failed", item.age_days, exc.message))
        else:
            done.append(Collected(item.summary, "deleted", item.age_days, f"{deleted} resources"))
    return done
