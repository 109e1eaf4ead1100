#!/usr/bin/env python3
"""Measure the speed goals on this machine: medians of repeated runs, with a baseline.

    .venv/bin/python scripts/bench.py [--runs N] [--json]

Reports `sandbox --help` start-up (against a bare `python -c pass` in the same run), and the
first deploy, no-op deploy and delete of the example project against the local emulator, each
with the number of API calls it made, and for `deploy --watch` the time from saving an edit
to the outputs file being rewritten (median of at least 10 edits), and `sandbox list` over
200 sandboxes created directly in the emulator (a pool, an identity pool and a record each). Targets (2-core machine):
--help <= 0.15 s, first deploy <= 1.5 s, no-op deploy <= 0.6 s with <= 3 API calls,
watch save -> outputs rewritten <= 1 s. `functions_first_deploy`: the first deploy of
examples/functions (three trigger functions bundled with esbuild, each with its role, its
permission and the pool's LambdaConfig) <= 3 s.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SANDBOX = str(BIN / "sandbox")
TARGETS = {
    "help": 0.15,
    "first_deploy": 1.5,
    "noop_deploy": 0.6,
    "watch_save": 1.0,
    "functions_first_deploy": 3.0,
}
WATCH_EDIT = """import { defineAuth } from '@aws-amplify/backend';

export const auth = defineAuth({ loginWith: { email: true }, groups: ['BENCH%d'] });
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _timed(args: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stdout


def _file_id(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (0, 0)
    return (stat.st_ino, stat.st_mtime_ns)


def _watch_saves(args: list[str], env: dict[str, str], project: Path, edits: int) -> list[float]:
    """Seconds from each save of the definition to the outputs file being rewritten, with
    `sandbox deploy --watch` running (each edit renames a group: a real deploy every time)."""
    process = subprocess.Popen(
        args, env=env, cwd=project, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    try:
        for line in process.stderr:
            if line.startswith("Deployed in"):
                break
        else:
            raise SystemExit(f"deploy --watch exited ({process.wait()}) before its first deploy")
        resource = project / "amplify" / "auth" / "resource.ts"
        outputs = project / "amplify_outputs.json"
        samples = []
        for n in range(edits):
            before = _file_id(outputs)
            saved = time.perf_counter()
            resource.write_text(WATCH_EDIT % n)
            while _file_id(outputs) == before:
                if time.perf_counter() - saved > 30:
                    raise SystemExit("deploy --watch did not rewrite the outputs file within 30 s")
                time.sleep(0.002)
            samples.append(time.perf_counter() - saved)
            for line in process.stderr:  # this deploy's report, so the next edit starts clean
                if line.startswith("Deployed in"):
                    break
        return samples
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def _functions_project(work: Path) -> Path:
    """A copy of examples/functions using its node_modules (installed with `npm ci` once)."""
    example = ROOT / "examples" / "functions"
    if not (example / "node_modules").is_dir():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=example, check=True
        )
    project = work / "functions"
    shutil.copytree(example, project, ignore=shutil.ignore_patterns("node_modules", ".amplify"))
    (project / "node_modules").symlink_to(example / "node_modules")
    return project


LIST_SANDBOXES = 200


def _seed_sandboxes(url: str, count: int) -> None:
    """`count` sandboxes straight through the API (no deploys): what `list` reads of each."""
    from amplify_sandbox.aws.target import AwsTarget, TargetOptions
    from amplify_sandbox.deploy.stamp import stamped
    from amplify_sandbox.deploy.state import DeployedResource, DeployedState
    from amplify_sandbox.desired.build import SANDBOX_TAG
    from amplify_sandbox.desired.resources import ResourceKind
    from amplify_sandbox.identity import SandboxIdentity

    target = AwsTarget(TargetOptions(endpoint_url=url))
    idp, ids = target.clients.cognito_idp, target.clients.cognito_identity
    for n in range(count):
        identity = SandboxIdentity("bench-list", f"pr-{n}")
        sid, base = identity.stack_name, f"amplify-benchlist-pr{n}-{identity.hash10}"
        pool = idp.create_user_pool(PoolName=f"{base}-userpool", UserPoolTags={SANDBOX_TAG: sid})
        pool_id = pool["UserPool"]["Id"]
        ipool = ids.create_identity_pool(
            IdentityPoolName=base.replace("-", "_") + "_identitypool",
            AllowUnauthenticatedIdentities=False,
            IdentityPoolTags={SANDBOX_TAG: sid},
        )["IdentityPoolId"]
        state = DeployedState(sid, region=target.region)
        for logical_id, kind, physical in (
            ("userPool", ResourceKind.USER_POOL, pool_id),
            ("identityPool", ResourceKind.IDENTITY_POOL, ipool),
        ):
            state = state.with_resource(
                DeployedResource(logical_id, kind, physical, {"id": physical}, {})
            )
        target.state_store(identity).save(stamped(state, identity))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()

    # An installed wheel has its bytecode compiled by pip; an editable checkout may not (and
    # PYTHONDONTWRITEBYTECODE stops Python writing it), which would time the compiler instead.
    compileall.compile_dir(ROOT / "amplify_sandbox", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="sandbox-bench-"))
    env = {
        **os.environ,
        "AMPLIFY_SANDBOX_HOME": str(work / "home"),
        "NO_COLOR": "1",
        "CI": "1",
    }
    port = _free_port()
    local = ["--local", "--port", str(port), "--identifier", "bench", "--json"]
    results: dict[str, dict[str, float]] = {}
    samples: dict[str, list[float]] = {k: [] for k in ("baseline", "help", "first_deploy")}
    samples |= {
        "noop_deploy": [],
        "delete": [],
        "watch_save": [],
        "list": [],
        "functions_first_deploy": [],
    }
    calls: dict[str, list[int]] = {
        "first_deploy": [],
        "noop_deploy": [],
        "delete": [],
        "list": [],
        "functions_first_deploy": [],
    }
    try:
        _timed([SANDBOX, "local", "start", "--port", str(port)], env)
        project = work / "seed-app"
        shutil.copytree(ROOT / "examples" / "seed-app", project)
        _timed([SANDBOX, "deploy", *local], env, project)  # warm-up: caches, emulator JIT paths
        _timed([SANDBOX, "delete", "--yes", *local], env, project)
        for _ in range(args.runs):
            samples["baseline"].append(_timed([sys.executable, "-c", "pass"], env)[0])
            samples["help"].append(_timed([SANDBOX, "--help"], env)[0])
            for name, command in (
                ("first_deploy", ["deploy", *local]),
                ("noop_deploy", ["deploy", *local]),
                ("delete", ["delete", "--yes", *local]),
            ):
                seconds, out = _timed([SANDBOX, *command], env, project)
                samples[name].append(seconds)
                if name in ("first_deploy", "noop_deploy"):
                    calls[name].append(int(json.loads(out)["data"]["api_calls"]))
        functions = _functions_project(work)
        fn_local = [*local[:-2], "fnbench", "--json"]
        _timed([SANDBOX, "deploy", *fn_local], env, functions)  # warm-up: esbuild install
        _timed([SANDBOX, "delete", "--yes", *fn_local], env, functions)
        for _ in range(args.runs):
            seconds, out = _timed([SANDBOX, "deploy", *fn_local], env, functions)
            samples["functions_first_deploy"].append(seconds)
            calls["functions_first_deploy"].append(int(json.loads(out)["data"]["api_calls"]))
            _timed([SANDBOX, "delete", "--yes", *fn_local], env, functions)
        watch = [SANDBOX, "deploy", "--watch", *(a for a in local if a != "--json")]
        samples["watch_save"] = _watch_saves(watch, env, project, max(args.runs, 10))
        _seed_sandboxes(f"http://127.0.0.1:{port}", LIST_SANDBOXES)
        listing = [SANDBOX, "list", "--local", "--port", str(port), "--json"]
        for _ in range(args.runs):
            seconds, out = _timed(listing, env, project)
            data = json.loads(out)["data"]
            if len(data["sandboxes"]) < LIST_SANDBOXES:
                raise SystemExit(f"list found {len(data['sandboxes'])} of {LIST_SANDBOXES}")
            samples["list"].append(seconds)
            calls["list"].append(int(data["api_calls"]))
    finally:
        subprocess.run(
            [SANDBOX, "local", "stop", "--port", str(port)], env=env, capture_output=True
        )
        shutil.rmtree(work, ignore_errors=True)

    baseline = statistics.median(samples["baseline"])
    for name, values in samples.items():
        median = statistics.median(values)
        entry = {"median_s": round(median, 4), "vs_python_startup": round(median / baseline, 2)}
        if calls.get(name):
            entry["api_calls"] = statistics.median(calls[name])
        if name in TARGETS:
            entry["target_s"] = TARGETS[name]
            entry["met"] = median <= TARGETS[name]
        results[name] = entry
    if args.json:
        print(json.dumps({"runs": args.runs, "results": results}, indent=2))
        return
    print(f"{'measure':<14} {'median':>8} {'x python':>9} {'calls':>6} {'target':>7}  met")
    for name, entry in results.items():
        print(
            f"{name:<14} {entry['median_s']:>7.3f}s {entry['vs_python_startup']:>8.1f}x "
            f"{entry.get('api_calls', ''):>6} {entry.get('target_s', ''):>7}  "
            f"{'' if 'met' not in entry else ('yes' if entry['met'] else 'NO')}"
        )


if __name__ == "__main__":
    main()
