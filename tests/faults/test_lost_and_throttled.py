"""Issue 12 (7b, 7c): answers lost after the write was applied, and throttling, through the fault
proxy: a deploy of `examples/everything` doubles nothing and converges; a throttled one succeeds,
says once that it is being throttled, and retries a bounded number of times.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from amplify_sandbox.local.faultproxy import FaultProxy, Faults, LoseMode
from tests.faults.sweep import (
    EVERYTHING,
    SCENARIOS,
    Point,
    cli_env,
    copy_project,
    inventory,
    judge,
    run_in_process,
)

FIRST_DEPLOY = SCENARIOS[0]


@pytest.mark.parametrize("mode", ["drop", "500"])
def test_lost_answers_double_nothing(
    mode: LoseMode, emulator_url: str, fault_proxy: FaultProxy, tmp_path: Path
) -> None:
    project = copy_project(tmp_path)
    env = cli_env(emulator_url, tmp_path / "home")
    tally = fault_proxy.configure(Faults(seed=7, lose=0.3, lose_mode=mode))

    lossy = run_in_process({**env, "AWS_ENDPOINT_URL": fault_proxy.url}, project, "deploy")
    fault_proxy.configure(Faults())

    assert tally.lost > 0, "the proxy lost no answer"
    counts = inventory(emulator_url).count()
    doubled = {kind.value: n for kind, n in (counts - EVERYTHING).items()}
    assert doubled == {}, f"{tally.lost} lost answers of {len(tally.calls)} calls doubled {doubled}"
    # Known gap (closing note of stop 17): with functions in examples/everything, a state write
    # answered 500 can still end the lossy run; it must then stop cleanly, say the next run
    # continues, and the next run must converge.
    assert lossy.exit_code == 0 or (
        mode == "500"
        and lossy.exit_code == 1
        and "next run continues" in lossy.output
        and "Traceback" not in lossy.output
    ), lossy.output
    # And a clean run afterwards finds everything in place.
    point = Point(0, rerun_exit=run_in_process(env, project, "deploy").exit_code)
    judge(emulator_url, project, env, FIRST_DEPLOY, point, EVERYTHING)
    assert point.converged, point.problems


def test_throttling_is_waited_out_and_said(
    emulator_url: str, fault_proxy: FaultProxy, tmp_path: Path
) -> None:
    project = copy_project(tmp_path)
    env = cli_env(emulator_url, tmp_path / "home")
    tally = fault_proxy.configure(Faults(seed=3, throttle=0.3))

    result = run_in_process({**env, "AWS_ENDPOINT_URL": fault_proxy.url}, project, "deploy")
    fault_proxy.configure(Faults())

    assert tally.throttled > 0, "the proxy throttled nothing"
    assert result.exit_code == 0, result.output
    # Bounded: every throttled request was retried, and not more than the calls made call for.
    assert tally.throttled <= len(tally.calls), (tally.throttled, len(tally.calls))
    # And it said so, once.
    said = [line for line in result.output.splitlines() if "Being throttled" in line]
    assert len(said) == 1, result.output
    assert "retrying with back-off" in said[0], said
    point = Point(0, rerun_exit=0)
    judge(emulator_url, project, env, FIRST_DEPLOY, point, EVERYTHING)
    assert point.converged, point.problems
