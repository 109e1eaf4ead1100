"""`python -m amplify_sandbox.local [--host H] [--port P] [--allow-origin URL]... [--token-stdin]
[--snapshot FILE]`: serve the emulator in the foreground (keeping its data in FILE when given). With `--token-stdin` the first line of stdin is the token
that opens moto's admin endpoints (how `process` hands it over, never on the command line)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from amplify_sandbox.errors import SandboxError
from amplify_sandbox.local.origins import merge_origins
from amplify_sandbox.local.server import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m amplify_sandbox.local")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4566)
    parser.add_argument("--allow-origin", action="append", default=[])
    parser.add_argument("--token-stdin", action="store_true")
    parser.add_argument("--snapshot", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        token = sys.stdin.readline().strip() if args.token_stdin else None
        serve(
            args.host,
            args.port,
            token=token or None,
            allow_origins=merge_origins(args.allow_origin),
            snapshot=args.snapshot,
        )
    except SandboxError as error:
        hint = f" ({error.hint})" if error.hint else ""
        parser.exit(int(error.exit_code), f"error: {error.message}{hint}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
