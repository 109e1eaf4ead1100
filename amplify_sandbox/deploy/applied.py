"""What this machine last applied to a sandbox: a digest of the desired state, kept locally.

A hint for the order of a deploy's calls, never for what is applied. When the definition asks
for something other than what this machine last applied, the deploy is almost surely not a
no-op: it takes the lock first and plans once, under it, instead of reading the record before
the lock and again under it (unless a user pool changes: its replace is asked about before the
lock is taken). Any other case (the same digests, no hint, a hint that cannot be read) keeps the
unlocked first read, so a no-op stays one read. The plan is always made from the record read
under the lock, whoever changed the sandbox last (a teammate, CI, another checkout).

The file holds a SHA-256 per resource of the desired state in the form the record keeps it
(references symbolic, secrets as their salted digests only): no secret value, no resource id. It
lives in `$AMPLIFY_SANDBOX_HOME/applied/` (default `~/.amplify-sandbox`), one file per sandbox
and target.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from amplify_sandbox.atomic import write_atomic
from amplify_sandbox.desired.resources import DesiredState, ResourceKind, to_symbolic
from amplify_sandbox.home import sandbox_home


def digests(desired: DesiredState) -> dict[str, str]:
    """A digest of what `desired` asks of each resource (secrets only as their digests), by
    logical id."""
    tags = sorted(desired.tags.items())
    found: dict[str, str] = {}
    for resource in desired.resources:
        form = [str(resource.kind), to_symbolic(resource.props, desired.secret_digests), tags]
        text = json.dumps(form, sort_keys=True, separators=(",", ":"), default=str)
        found[resource.logical_id] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return found


class AppliedHint:
    """What this machine last applied to one sandbox on one target, resource by resource."""

    def __init__(self, target: str, sandbox_id: str, folder: Path | None = None) -> None:
        key = hashlib.sha256(f"{target}\0{sandbox_id}".encode()).hexdigest()[:32]
        self.path = (folder or sandbox_home() / "applied") / f"{key}.json"

    def _known(self) -> dict[str, str] | None:
        try:
            known = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(known, dict) or not all(isinstance(v, str) for v in known.values()):
            return None
        return known

    def lock_first(self, desired: DesiredState) -> bool:
        """Whether a deploy of `desired` should take the lock before it reads the record: this
        machine last applied something else, with the same user pools (a change to a pool may
        replace it, which is asked about before the lock is taken)."""
        known = self._known()
        wanted = digests(desired)
        if known is None or known == wanted:
            return False
        pools = [r.logical_id for r in desired.resources if r.kind is ResourceKind.USER_POOL]
        return all(known.get(pool) == wanted[pool] for pool in pools)

    def remember(self, desired: DesiredState) -> None:
        """`desired` was applied (or found in place); a hint that cannot be written is skipped."""
        text = json.dumps(digests(desired), sort_keys=True)
        try:
            write_atomic(self.path, text.encode("utf-8"), private=True)
        except OSError:
            return

    def forget(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            return
