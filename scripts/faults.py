#!/usr/bin/env python3
"""The full crash-after-call-k sweep of issue 12 (7a), with a table per scenario.

    .venv/bin/python scripts/faults.py [--scenario NAME ...] [--sample N] [--seed S] [--json]

For each scenario (first deploy, update, replace, delete of examples/everything): count the calls
N of a clean run through the fault proxy, then for every k in 1..N (or N sampled points with
--sample) SIGKILL the CLI right after call k, run the command again and judge the result. Prints
one row per k (killed, re-run exit, converged, duplicates, orphans, problems) and a summary line
per scenario (k tried, converged, duplicates, orphans). Exit 1 if any point did not converge.
Needs a checkout with tests/ (the sweep lives in tests/faults/sweep.py); the proxy itself is
amplify_sandbox.local.faultproxy.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from amplify_sandbox.local.faultproxy import FaultProxy  # noqa: E402
from amplify_sandbox.local.server import EmulatorServer  # noqa: E402
from tests.faults.sweep import SCENARIOS, Point, spread, summary, sweep  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    names = [s.name for s in SCENARIOS]
    parser.add_argument("--scenario", action="append", choices=names, help="default: all")
    parser.add_argument("--sample", type=int, default=0, help="kill points per scenario (0: all)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--json", action="store_true", help="one JSON document at the end")
    args = parser.parse_args()
    chosen = [s for s in SCENARIOS if not args.scenario or s.name in args.scenario]

    def kill_points(n: int) -> list[int]:
        return spread(n, args.sample, args.seed) if args.sample else list(range(1, n + 1))

    report: dict[str, list[Point]] = {}
    with (
        EmulatorServer(host="127.0.0.1", port=0) as emulator,
        FaultProxy(emulator.url) as proxy,
        tempfile.TemporaryDirectory(prefix="sandbox-faults-") as work,
    ):
        for scenario in chosen:
            points: list[Point] = []
            if not args.json:
                print(f"\n## {scenario.name}: sandbox {' '.join(scenario.command)}", flush=True)
                print(
                    f"{'k':>4} {'killed':>6} {'rerun':>5} {'conv':>5} {'dup':>4} {'orph':>4}  problems"
                )
            for point in sweep(emulator, proxy, Path(work), scenario, kill_points):
                points.append(point)
                if not args.json:
                    print(
                        f"{point.k:>4} {point.killed!s:>6} {point.rerun_exit!s:>5} "
                        f"{point.converged!s:>5} {point.duplicates:>4} {point.orphans:>4}  "
                        f"{'; '.join(point.problems)[:160]}",
                        flush=True,
                    )
            report[scenario.name] = points
            if not args.json:
                print(summary(scenario.name, points), flush=True)
    if args.json:
        print(
            json.dumps({name: [asdict(p) for p in pts] for name, pts in report.items()}, indent=2)
        )
    else:
        print()
        for name, pts in report.items():
            print(summary(name, pts))
    return 0 if all(p.converged for pts in report.values() for p in pts) else 1


if __name__ == "__main__":
    sys.exit(main())
