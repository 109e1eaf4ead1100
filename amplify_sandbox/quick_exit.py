"""Ending the `sandbox` process without the interpreter's teardown.

Once a command has finished, Python would free every object one by one (botocore's models,
endpoint rules and clients are hundreds of thousands of them) and run a last garbage collection:
~60-100 ms after the work is done, on every run. The program's own exit steps still run, in
order: other threads are waited for (when one is not a daemon, the normal exit is taken), the
`atexit` functions (logging's flush among them), then stdout and stderr are flushed; only then
does the process end, with the status Python would have given it.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

# What Python exits with when flushing stdout fails at exit (e.g. a closed pipe).
_FLUSH_FAILED = 120


def _status(code: object) -> int:
    """The exit status of `SystemExit(code)`, as Python gives it (a message: printed, 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _others_running() -> bool:
    main = threading.main_thread()
    return any(t is not main and not t.daemon and t.is_alive() for t in threading.enumerate())


def _flushed() -> bool:
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            return False
    return True


def quick_exit(code: object = None) -> NoReturn:
    """End the process as `sys.exit(code)` would, minus the teardown."""
    if _others_running():
        raise SystemExit(code)
    status = _status(code)
    atexit._run_exitfuncs()
    os._exit(status if _flushed() else _FLUSH_FAILED)
