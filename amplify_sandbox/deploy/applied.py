"""What this machine last applied to a sandbox: a digest of the desired state, kept locally.

A hint for the order of a deploy's calls, never for what is applied. When the definition asks
for something other than what this machine last applied, the deploy is almost surely not a
no-op: it takes the lock first and plans once, under it, instead of reading the record before the
lock and again under it. Any other case (the same digest, no hint, a hint that cannot be read)
keeps the unlocked first read, so a no-op stays one read. The plan is always made from the record
read under the lock, whoever changed the sandbox last (a teammate, CI, another checkout).

The file holds a SHA-256 of the desired state in the form the record keeps it (references
symbolic, secrets as their salted digests only): no secret value, no resource id. It lives in
`$AMPLIFY_SANDBOX_HOME/applied/` (default `~/.amplify-sandbox`), one file per sandbox and target.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from amplify_sandbox.desired.resources import DesiredState, to_symbolic

HOME_ENV_VAR = "AMPLIFY_SANDBOX_HOME"


def desired_digest(desired: DesiredState) -> str:
    """A digest of everything `desired` asks for (secrets only as their digests)."""
    form = {
        "resources": [
            [r.logical_id, str(r.kind), to_symbolic(r.props, desired.secret_digests)]
            for r in desired.resources
        ],
        "tags": dict(desired.tags),
    }
    text = json.dumps(form, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _folder() -> Path:
    home = os.environ.get(HOME_ENV_VAR)
    return (Path(home).expanduser() if home else Path.home() / ".amplify-sandbox") / "applied"


class AppliedHint:
    """The digest this machine last applied to one sandbox on one target."""

    def __init__(self, target: str, sandbox_id: str, folder: Path | None = None) -> None:
        key = hashlib.sha256(f"{target}\0{sandbox_id}".encode()).hexdigest()[:32]
        self.path = (folder or _folder()) / key

    def differs(self, digest: str) -> bool:
        """A hint is there and names another desired state than `digest`."""
        try:
            known = self.path.read_text(encoding="ascii").strip()
        except (OSError, ValueError):
            return False
        return bool(known) and known != digest

    def remember(self, digest: str) -> None:
        """`digest` was applied (or found in place); a hint that cannot be written is skipped."""
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".part")
            with os.fdopen(handle, "w", encoding="ascii") as file:
                file.write(digest)
            os.replace(temporary, self.path)
        except OSError:
            return

    def forget(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            return
