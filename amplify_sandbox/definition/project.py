"""Where a definition's project is: the one rule both loaders use."""

from __future__ import annotations

from pathlib import Path


def project_root(path: Path) -> Path:
    """The project directory of `<root>/amplify/auth/resource.ts` (else the file's directory)."""
    if path.parent.parent.name == "amplify":
        return path.parent.parent.parent
    return path.parent
