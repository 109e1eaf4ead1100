"""Issue 12 (7c line, 7d) — tests that PASS ONLY AFTER the `statelock` branch is merged (the lock
in the target, exit 4 naming the holder, and the "being throttled" line). They are not skipped:
they fail on today's code, on purpose, and prove the fix once it lands.

- test_throttling_is_said: the CLI says it is being throttled (statelock adds that line).
- test_two_deploys_started_together_leave_one_of_each: the lock (design decision 6).
- test_a_deploy_racing_a_delete_ends_in_one_clean_state: the lock, for delete too.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

from amplify_sandbox.aws.target import AwsTarget, TargetOptions
from amplify_sandbox.identity import resolve_identity
from amplify_sandbox.local.faultproxy import FaultProxy, Faults
from tests.faults.sweep import (
    EVERYTHING,
    IDENTIFIER,
    SCENARIOS,
    Point,
    cli_args,
    cli_env,
    copy_project,
    inventory,
    judge,
    run_in_process,
)

LOCKED = 4  # the README's exit code for "another run holds the lock" (issue 12, item 6)
# The loser names the holder: user@host, pid, command (statelock's wording may vary).
HOLDER = re.compile(r"lock|held by|holder", re.IGNORECASE)


def _spawn(env: dict[str, str], project: Path, *command: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "amplify_sandbox", *cli_args(project, command)],
        env={**os.environ, **env},
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_throttling_is_said(emulator_url: str, fault_proxy: FaultProxy, tmp_path: Path) -> None:
    # AFTER MERGE (statelock): a line saying the deploy is being throttled.
    project = copy_project(tmp_path)
    env = cli_env(emulator_url, tmp_path / "home")
    tally = fault_proxy.configure(Faults(seed=3, throttle=0.3))

    result = run_in_process({**env, "AWS_ENDPOINT_URL": fault_proxy.url}, project, "deploy")
    fault_proxy.configure(Faults())

    assert tally.throttled > 0
    assert result.exit_code == 0, result.output
    said = result.output.replace(str(tmp_path), "<project>")
    assert re.search(r"throttl", said, re.IGNORECASE), said


def test_two_deploys_started_together_leave_one_of_each(
    emulator_url: str, fault_proxy: FaultProxy, tmp_path: Path
) -> None:
    # AFTER MERGE (statelock): today both succeed and leave a duplicate pool, client and
    # identity pool, of which only one is on record.
    project = copy_project(tmp_path)
    env = {**cli_env(emulator_url, tmp_path / "home"), "AWS_ENDPOINT_URL": fault_proxy.url}
    # Their first calls reach the emulator together, and 0.2 s per call keeps them in step (each
    # looks for an existing pool before either creates one).
    fault_proxy.configure(Faults(gate=2, latency=0.2))

    runs = [_spawn(env, project, "deploy"), _spawn(env, project, "deploy")]
    answers = [(*run.communicate(), run.returncode) for run in runs]
    fault_proxy.configure(Faults())
    results = [(code, out, err) for out, err, code in answers]

    codes = sorted(code for code, _, _ in results)
    assert codes in ([0, 0], [0, LOCKED]), results
    for code, _, err in results:
        if code == LOCKED:
            assert HOLDER.search(err), err
    counts = inventory(emulator_url).count()
    assert counts == EVERYTHING, dict(counts)
    direct = cli_env(emulator_url, tmp_path / "home")
    point = Point(0, rerun_exit=0)
    judge(emulator_url, project, direct, SCENARIOS[0], point, EVERYTHING)
    assert point.converged, point.problems


def test_a_deploy_racing_a_delete_ends_in_one_clean_state(
    emulator_url: str, fault_proxy: FaultProxy, tmp_path: Path
) -> None:
    # AFTER MERGE (statelock): today the deploy may fail with a raw API error, or report
    # "Done" for a sandbox the delete has just removed.
    project = copy_project(tmp_path)
    env = {**cli_env(emulator_url, tmp_path / "home"), "AWS_ENDPOINT_URL": fault_proxy.url}
    started_delete = threading.Event()
    runs: list[subprocess.Popen[str]] = []

    def start_delete_at_call_20(number: int, _operation: str) -> None:
        if number == 20 and not started_delete.is_set():
            started_delete.set()
            runs.append(_spawn(env, project, "delete", "--yes"))

    fault_proxy.configure(Faults())
    fault_proxy.on_answer = start_delete_at_call_20
    try:
        deploy = _spawn(env, project, "deploy")
        _, deploy_err = deploy.communicate()
        deploy_code = deploy.returncode
        assert started_delete.is_set(), "the deploy made fewer than 20 calls"
        delete = runs[0]
        _, delete_err = delete.communicate()
        delete_code = delete.returncode
    finally:
        fault_proxy.on_answer = None

    assert deploy_code in (0, LOCKED), deploy_err
    assert delete_code in (0, LOCKED), delete_err
    for code, err in ((deploy_code, deploy_err), (delete_code, delete_err)):
        if code == LOCKED:
            assert HOLDER.search(err), err
    counts = +inventory(emulator_url).count()
    recorded = AwsTarget(TargetOptions(endpoint_url=emulator_url)).state_store(
        resolve_identity(project, IDENTIFIER)
    )
    if delete_code == 0:
        # The delete ran (after the deploy, or first): nothing is left.
        assert counts == {}, dict(counts)
        assert recorded.load() is None
    else:
        # The delete was refused: the deploy finished, whole.
        assert deploy_code == 0
        point = Point(0, rerun_exit=0)
        judge(
            emulator_url,
            project,
            cli_env(emulator_url, tmp_path / "home"),
            SCENARIOS[0],
            point,
            EVERYTHING,
        )
        assert point.converged, point.problems
