"""scripts/bench.py end to end: one run of `help` and of a proxied row, as JSON.

No timing threshold: only the physical lower bound of the proxy's latency (a run cannot be
faster than its calls' delays, spread over the most calls the proxy had in flight at once)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LATENCY_MS = 60


def test_help_and_a_proxied_row_as_json() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "bench.py"), "--runs", "1", "--no-warm-up",
         "--only", "help", "--only", "first_proxy", "--latency-ms", str(LATENCY_MS), "--json"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["runs"] == 1
    assert document["latency_ms"] == LATENCY_MS
    results = document["results"]
    assert set(results) == {"help", "first_proxy"}
    for entry in results.values():
        assert {"title", "unit", "median", "min", "max", "runs", "target", "met"} <= set(entry)
        assert entry["runs"] == 1
        assert entry["min"] <= entry["median"] <= entry["max"]
        assert entry["peak_rss_mb"] > 0
        assert isinstance(entry["met"], bool)

    helped = results["help"]
    assert helped["python_baseline_s"] > 0
    # (median and baseline are rounded to 0.1 ms in the document)
    ratio = helped["median"] / helped["python_baseline_s"]
    assert abs(helped["ratio_to_python"] - ratio) < 0.05
    assert (helped["target"], helped["target_ratio"]) == (0.10, 3.0)

    proxied = results["first_proxy"]
    calls, in_flight = proxied["api_calls"], proxied["max_in_flight"]
    assert calls > 0
    assert 1 <= in_flight <= calls
    assert proxied["sequential_floor_s"] == round(calls * LATENCY_MS / 1000, 3)
    # Every call waited LATENCY_MS in the proxy; at most `in_flight` waited at the same time.
    assert proxied["min"] >= math.ceil(calls / in_flight) * LATENCY_MS / 1000


def test_an_unknown_row_is_refused() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "bench.py"), "--only", "nosuchrow"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "no row nosuchrow" in done.stderr


def test_a_failing_command_is_reported_and_the_bench_exits_1(tmp_path: Path) -> None:
    """A baseline tree whose CLI fails (its emulator is the real one): that row is reported with
    the command's stderr, the other tree is still measured, and the exit status is 1."""
    fake = tmp_path / "tree"
    bin_dir = fake / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    real = Path(sys.executable).parent / "sandbox"
    (bin_dir / "sandbox").write_text(
        f'#!/bin/sh\nif [ "$1" = local ]; then exec {real} "$@"; fi\n'
        'echo "boom: the fake CLI fails" >&2\nexit 3\n'
    )
    (bin_dir / "sandbox").chmod(0o755)
    (bin_dir / "python").symlink_to(sys.executable)
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "bench.py"), "--runs", "1", "--no-warm-up",
         "--only", "help", "--baseline-tree", str(fake), "--json"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "boom: the fake CLI fails" in done.stderr
    assert done.stdout.startswith("{"), done.stderr
    document = json.loads(done.stdout)
    assert document["trees"] == {"before": str(fake.resolve()), "after": str(REPO)}
    before, after = document["before"]["help"], document["results"]["help"]
    assert "boom: the fake CLI fails" in before["error"] and before["met"] is False
    assert "error" not in after and after["runs"] == 1


def test_per_operation_latency_options() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_script", REPO / "scripts" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclasses look their module up
    try:
        spec.loader.exec_module(bench)
    finally:
        del sys.modules[spec.name]
    overrides = bench._latency_overrides(["CreateUserPool=300", "CreateRole=0"])
    assert overrides == {"CreateUserPool": 0.3, "CreateRole": 0.0}
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "bench.py"), "--latency", "CreateUserPool"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert "expected OPERATION=MS" in done.stderr
