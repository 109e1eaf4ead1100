"""Running `amplify/seed/seed.ts` the way `ampx sandbox seed` does: its own Node process, tsx's
`tsImport`, cwd the project root, `AMPLIFY_BACKEND_IDENTIFIER` = the backend id as JSON, and
`npm_config_user_agent` set (Amplify's packages refuse to load without it).

`@aws-amplify/seed` resolves to this tool's shim (shim/seed.mjs, through a Node module hook),
whose calls come back to this process (bridge.py). For `--local`, the script's own AWS SDK calls
reach the emulator (`AWS_ENDPOINT_URL` and placeholder credentials).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from amplify_sandbox.errors import SandboxError

SEED_SCRIPT = Path("amplify") / "seed" / "seed.ts"
SHIM_DIR = Path(__file__).resolve().parent / "shim"
LOCAL_CREDENTIAL = "local"


class SeedFailedError(SandboxError):
    """The seed script failed (exit 1): its error is in the message."""


@dataclass(frozen=True)
class ScriptRun:
    node: str
    tsx_api: Path
    project_dir: Path
    backend_id: Mapping[str, str]
    region: str
    endpoint_url: str | None
    profile: str | None
    bridge_url: str
    bridge_token: str


def script_environment(run: ScriptRun, base: Mapping[str, str]) -> dict[str, str]:
    env = {k: v for k, v in base.items() if not k.startswith("SANDBOX_SECRET_")}
    env["AMPLIFY_BACKEND_IDENTIFIER"] = json.dumps(dict(run.backend_id), separators=(",", ":"))
    env.setdefault("npm_config_user_agent", "npm/10 node/v20 amplify-sandbox")
    env["AWS_REGION"] = run.region
    env["AMPLIFY_SANDBOX_TSX_API"] = run.tsx_api.as_uri()
    env["AMPLIFY_SANDBOX_SEED_BRIDGE"] = run.bridge_url
    env["AMPLIFY_SANDBOX_SEED_TOKEN"] = run.bridge_token
    if run.profile:
        env["AWS_PROFILE"] = run.profile
    if run.endpoint_url is not None:
        env["AWS_ENDPOINT_URL"] = run.endpoint_url
        env["AWS_ACCESS_KEY_ID"] = LOCAL_CREDENTIAL
        env["AWS_SECRET_ACCESS_KEY"] = LOCAL_CREDENTIAL
        env.pop("AWS_SESSION_TOKEN", None)
        env.pop("AWS_PROFILE", None)
    return env


def _pump(source: IO[str], tail: deque[str]) -> None:
    for line in source:
        sys.stderr.write(line)
        sys.stderr.flush()
        tail.append(line.rstrip("\n"))


def _reason(tail: deque[str]) -> str:
    for line in tail:
        if line.startswith("seed script failed: "):
            return line.removeprefix("seed script failed: ")
    lines = [line for line in tail if line.strip()]
    return lines[-1] if lines else "no output"


def run_script(run: ScriptRun, script: Path) -> None:
    """Run the script; its output goes to stderr (stdout stays the tool's, for --json).
    A failure raises SeedFailedError with the script's error."""
    tail: deque[str] = deque(maxlen=40)
    with subprocess.Popen(
        [run.node, str(SHIM_DIR / "runner.mjs"), str(script.resolve())],
        cwd=run.project_dir,
        env=script_environment(run, os.environ),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as process:
        assert process.stdout is not None
        _pump(process.stdout, tail)
        code = process.wait()
    if code != 0:
        raise SeedFailedError(
            f"Seed failed to complete: {_reason(tail)}",
            hint=f"Check the error above and fix {SEED_SCRIPT}; users created before it remain "
            "(`sandbox users list`).",
        )
