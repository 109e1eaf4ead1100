"""The `sandbox` process (the console script, `python -m amplify_sandbox`): Python's cyclic garbage
collector set for a short-lived CLI, then the CLI itself (cli/main.py), then an exit without the
interpreter's teardown (quick_exit.py).

The collector would cost a no-op deploy ~0.1 s and free nothing worth having:

- during start-up it walks, several times over, the objects that imports and botocore's models
  make (~100,000, every one kept until exit). Its first collection waits until that many more
  objects exist; once one has run (in a process that outlived its start-up, such as
  `deploy --watch`) the default thresholds are back;
- at exit Python collects once more after tearing the modules down, freeing one by one memory the
  system takes back at once anyway (~50 ms). Everything is frozen first (`gc.freeze`: the
  collector skips frozen objects).

Reference counting frees objects as always; only reference cycles wait.
"""

from __future__ import annotations

import atexit
import gc

# More objects than a command's start-up makes (a no-op deploy ~110,000, a first deploy of
# examples/everything ~140,000).
STARTUP_THRESHOLD = 250_000


def main() -> None:
    """Run the CLI and end the process; `cli.main.main` itself returns or raises, for callers
    that go on."""
    tune_garbage_collector()
    from amplify_sandbox.cli.main import main as run
    from amplify_sandbox.quick_exit import quick_exit

    try:
        run()
    except SystemExit as stop:
        quick_exit(stop.code)
    quick_exit(0)


def tune_garbage_collector() -> None:
    """Put the collector's first collection off (see the module docstring); freeze at exit."""
    default = gc.get_threshold()
    gc.set_threshold(STARTUP_THRESHOLD, *default[1:])

    def restore(phase: str, info: dict[str, int]) -> None:
        if phase == "stop":
            gc.set_threshold(*default)
            gc.callbacks.remove(restore)

    gc.callbacks.append(restore)
    atexit.register(gc.freeze)
