"""`sandbox status`: this sandbox at a glance. Read-only: no lock, no writes.

Deployed or not (and when, by whom, from where: the record's stamp), what differs from the
definition in one line (the planner's counts; a definition or secret error is that line), who
holds the lock, and the outputs files next to the project (and whether they name the record's
ids).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.deploy.planner import Action, Plan
from amplify_sandbox.deploy.state import DeployedState, DeployInfo
from amplify_sandbox.deploy.target import Target, UnreadableRecordError
from amplify_sandbox.desired.build import IDENTITY_POOL, USER_POOL, WEB_CLIENT
from amplify_sandbox.errors import SandboxError
from amplify_sandbox.identity import SandboxIdentity
from amplify_sandbox.outputs.files import all_file_names, written_for

_WORDS = (
    (Action.CREATE, "to add"),
    (Action.UPDATE, "to change"),
    (Action.REPLACE, "to replace"),
    (Action.DELETE, "to destroy"),
)


def differences(plan: Plan) -> str:
    """ "2 to change, 1 to add" (the planner's counts), or "up to date"."""
    parts = [f"{plan.count(action)} {words}" for action, words in _WORDS if plan.count(action)]
    return ", ".join(parts) if parts else "up to date"


@dataclass(frozen=True)
class OutputsFile:
    path: Path
    # Whether it names every id of the record (user pool, client, identity pool).
    matches: bool


@dataclass(frozen=True)
class Status:
    identity: SandboxIdentity
    # "ok", "missing" (never deployed, or deleted) or "unreadable".
    record: str
    resources: int
    about: DeployInfo | None
    differs: str
    # The planner's counts (None when the definition could not be compared).
    counts: dict[str, int] | None
    locked_by: str | None
    outputs: list[OutputsFile] = field(default_factory=list)
    unreadable: str | None = None
    # referenceAuth: how many existing resources the record names (none is the sandbox's own).
    referenced: int = 0

    @property
    def deployed(self) -> bool:
        return self.record == "ok" and (self.resources > 0 or self.referenced > 0)


def _counts(plan: Plan) -> dict[str, int]:
    return {words.removeprefix("to "): plan.count(action) for action, words in _WORDS}


def _ids(state: DeployedState | None) -> list[str]:
    if state is None:
        return []
    if state.referenced:
        keys = ("userPoolId", "userPoolClientId", "identityPoolId")
        return [state.referenced[key] for key in keys if key in state.referenced]
    return [
        state.resources[key].physical_id
        for key in (USER_POOL, WEB_CLIENT, IDENTITY_POOL)
        if key in state.resources
    ]


def outputs_files(out_dir: Path, state: DeployedState | None) -> list[OutputsFile]:
    ids = _ids(state)
    found = []
    for name in all_file_names():
        path = out_dir / name
        if path.is_file():
            matches = bool(ids) and all(written_for(path, [one]) for one in ids)
            found.append(OutputsFile(path, matches))
    return found


def sandbox_status(
    identity: SandboxIdentity,
    target: Target,
    definition: Callable[[], AuthDefinition],
    compare: Callable[[AuthDefinition], Plan],
    lock_holder: Callable[[], str | None],
    out_dir: Path,
) -> Status:
    """`definition` loads the project's definition and `compare` plans it (pipeline.plan);
    either failing becomes the one line that says what differs."""
    unreadable = None
    try:
        state = target.state_store(identity).load()
    except UnreadableRecordError as exc:
        state, unreadable = None, exc.message
    record = "unreadable" if unreadable else ("ok" if state is not None else "missing")
    counts: dict[str, int] | None = None
    if unreadable:
        differs = "cannot compare: the record cannot be read"
    else:
        try:
            plan = compare(definition())
        except SandboxError as exc:
            differs = f"cannot compare: {exc.message}"
        else:
            differs, counts = differences(plan), _counts(plan)
    resources = 0 if state is None else len(state.resources) + len(state.retired)
    return Status(
        identity,
        record,
        resources,
        state.about if state is not None else None,
        differs,
        counts,
        lock_holder(),
        outputs_files(out_dir, state),
        unreadable,
        referenced=len(state.referenced) if state is not None else 0,
    )
