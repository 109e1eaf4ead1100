"""`python -m amplify_sandbox.local [--host H] [--port P]`: serve the emulator in the foreground."""

from __future__ import annotations

import argparse

from amplify_sandbox.errors import SandboxError
from amplify_sandbox.local.server import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m amplify_sandbox.local")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4566)
    args = parser.parse_args(argv)
    try:
        serve(args.host, args.port)
    except SandboxError as error:
        hint = f" ({error.hint})" if error.hint else ""
        parser.exit(1, f"error: {error.message}{hint}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
