"""Who deployed a sandbox, when and from where: stamped on the record by every deploy.

The stamp rides on the record's saves (no extra call). A deploy with nothing to change refreshes
it only when it is older than `REFRESH_AFTER`, so a sandbox redeployed without changes (a CI job
per push) is seen as in use by `sandbox gc`, while a no-op deploy stays a read.
"""

from __future__ import annotations

import getpass
import socket
import time
from dataclasses import replace
from datetime import UTC, datetime

from amplify_sandbox.deploy.state import DeployedState, DeployInfo
from amplify_sandbox.identity import SandboxIdentity

REFRESH_AFTER = 3600.0


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> float | None:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def stamped(
    state: DeployedState, identity: SandboxIdentity, now: float | None = None
) -> DeployedState:
    """`state` stamped as deployed now by this user on this host (created kept if known)."""
    at = iso(time.time() if now is None else now)
    user = _user()
    before = state.about
    about = DeployInfo(
        namespace=identity.namespace,
        identifier=identity.identifier,
        created=before.created if before else at,
        created_by=before.created_by if before else user,
        deployed=at,
        deployed_by=user,
        deployed_from=socket.gethostname(),
    )
    return replace(state, about=about)


def stale(state: DeployedState | None, now: float | None = None) -> bool:
    """Whether a deploy with nothing to change should refresh the stamp of this record."""
    if state is None or not state.resources:
        return False
    deployed = parse_iso(state.about.deployed) if state.about else None
    current = time.time() if now is None else now
    return deployed is None or current - deployed >= REFRESH_AFTER
