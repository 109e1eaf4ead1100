"""The folder this tool keeps its per-machine files in: `$AMPLIFY_SANDBOX_HOME`, by default
`~/.amplify-sandbox` (the local emulator's files, what this machine last applied)."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV_VAR = "AMPLIFY_SANDBOX_HOME"


def sandbox_home() -> Path:
    home = os.environ.get(HOME_ENV_VAR)
    return Path(home).expanduser() if home else Path.home() / ".amplify-sandbox"
