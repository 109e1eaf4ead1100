"""Issue 12 (7d) through the fault proxy: two deploys of `examples/everything` started together
(the proxy's gate lets their first calls through at once) and a deploy racing a delete. The lock
lets one run at a time change the sandbox: the other waits (`--lock-timeout 120`) or exits 4
naming the holder (`--lock-timeout 0`); afterwards there is exactly one of each resource.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

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
)

LOCKED = 4  # the README's exit code for "another run holds the lock"
# How the loser names the holder: `locked by user@host (pid N, `sandbox deploy`, since ...)`.
HOLDER = re.compile(r"locked by \S+@\S+ \(pid \d+, `sandbox (deploy|delete)")
WAITED = re.compile(r"Waiting for the lock held by \S+@\S+ \(pid \d+, `sandbox deploy")


def _spawn(env: dict[str, str], project: Path, *command: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "amplify_sandbox", *cli_args(project, command)],
        env={**os.environ, **env},
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("wait", [120, 0], ids=["lock-timeout-120", "lock-timeout-0"])
def test_two_deploys_started_together_one_waits_or_is_told_and_one_of_each_is_left(
    wait: int, emulator_url: str, fault_proxy: FaultProxy, tmp_path: Path
) -> None:
    project = copy_project(tmp_path)
    env = {**cli_env(emulator_url, tmp_path / "home"), "AWS_ENDPOINT_URL": fault_proxy.url}
    # Their first calls reach the emulator together, and 0.2 s per call keeps them in step: each
    # has planned (nothing deployed yet) before the other has finished.
    fault_proxy.configure(Faults(gate=2, latency=0.2))
    timeout = ("--lock-timeout", str(wait))
    runs = [_spawn(env, project, "deploy", *timeout), _spawn(env, project, "deploy", *timeout)]
    answers = [(*run.communicate(), run.returncode) for run in runs]
    fault_proxy.configure(Faults())
    results = [(code, err) for _, err, code in answers]

    codes = sorted(code for code, _ in results)
    if wait:
        # One took the lock, the other waited for it, named the holder, then found the first
        # one's sandbox in place.
        assert codes == [0, 0], results
        waited = [err for _, err in results if WAITED.search(err)]
        assert len(waited) == 1, results
    else:
        assert codes == [0, LOCKED], results
        told = next(err for code, err in results if code == LOCKED)
        assert HOLDER.search(told), told
        assert "Traceback" not in told
    counts = inventory(emulator_url).count()
    assert counts == EVERYTHING, dict(counts)
    direct = cli_env(emulator_url, tmp_path / "home")
    point = Point(0, rerun_exit=0)
    judge(emulator_url, project, direct, SCENARIOS[0], point, EVERYTHING)
    assert point.converged, point.problems


def test_a_deploy_racing_a_delete_ends_in_one_clean_state(
    emulator_url: str, fault_proxy: FaultProxy, tmp_path: Path
) -> None:
    # The delete starts while the deploy is applying (call 20): one of them holds the lock.
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
        assert "Traceback" not in err, err
        if code == LOCKED:
            assert HOLDER.search(err), err
    counts = +inventory(emulator_url).count()
    doubled = {kind.value: n for kind, n in (counts - EVERYTHING).items()}
    assert doubled == {}, doubled
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
