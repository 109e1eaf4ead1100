"""What the operating system says about a process: its command line and when it started.

Used to check that a pid recorded in an emulator's state file is still the process the tool
started (a pid can be reused, and a state file can be stale) before it is signalled.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProcessInfo:
    command: tuple[str, ...]
    started: str  # opaque, compared for equality only


def _from_proc(pid: int) -> ProcessInfo | None:
    base = Path("/proc") / str(pid)
    try:
        command = base.joinpath("cmdline").read_bytes()
        stat = base.joinpath("stat").read_text()
    except OSError:
        return None
    # Field 22 (start time in clock ticks since boot), counted after the ")" ending the name.
    fields = stat.rsplit(")", 1)[-1].split()
    if len(fields) < 20:
        return None
    parts = tuple(part.decode(errors="replace") for part in command.split(b"\0") if part)
    return ProcessInfo(command=parts, started=fields[19])


def _from_ps(pid: int) -> ProcessInfo | None:
    try:
        result = subprocess.run(
            ["ps", "-o", "lstart=", "-o", "command=", "-p", str(pid)],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    line = result.stdout.strip()
    if result.returncode != 0 or not line:
        return None
    # lstart is five words ("Tue Dec  1 23:32:18 2026").
    words = line.split()
    return ProcessInfo(command=tuple(words[5:]), started=" ".join(words[:5]))


def process_info(pid: int) -> ProcessInfo | None:
    """The process's command line and start time, or None when it is gone or cannot be read."""
    if sys.platform.startswith("linux"):
        return _from_proc(pid)
    if sys.platform == "win32":
        return None
    return _from_ps(pid)
