"""The fault proxy's latency mode (issue 16): per call, per operation, concurrent requests
delayed concurrently (never serialized behind one another)."""

from __future__ import annotations

import threading
import time
from typing import Any

import boto3
from botocore.config import Config

from amplify_sandbox.local.faultproxy import FaultProxy, Faults


def _ssm(url: str) -> Any:
    make: Any = boto3.client
    return make(
        "ssm",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )


def test_an_operation_waits_its_own_latency(emulator_url: str) -> None:
    faults = Faults(latency=0.0, latency_by_operation={"GetParameter": 0.3})
    assert (faults.delay("GetParameter"), faults.delay("PutParameter")) == (0.3, 0.0)
    with FaultProxy(emulator_url, faults=faults) as proxy:
        ssm = _ssm(proxy.url)
        ssm.put_parameter(Name="/bench/a", Value="1", Type="String", Overwrite=True)
        started = time.perf_counter()
        assert ssm.get_parameter(Name="/bench/a")["Parameter"]["Value"] == "1"
        assert time.perf_counter() - started >= 0.3
        assert proxy.tally.calls == ["PutParameter", "GetParameter"]


def test_concurrent_calls_wait_at_the_same_time(emulator_url: str) -> None:
    """Two calls started together (the gate) wait out their delays at the same time."""
    with FaultProxy(emulator_url, faults=Faults(latency=0.5, gate=2)) as proxy:
        answers: list[str] = []

        def call(n: int) -> None:
            ssm = _ssm(proxy.url)
            ssm.put_parameter(Name=f"/bench/c{n}", Value=str(n), Type="String", Overwrite=True)
            answers.append(str(n))

        threads = [threading.Thread(target=call, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(answers) == ["0", "1"]
        assert proxy.tally.max_in_flight == 2
        assert proxy.tally.max_waiting == 2
        assert proxy.tally.calls == ["PutParameter", "PutParameter"]


def test_one_call_after_another_is_one_in_flight(emulator_url: str) -> None:
    with FaultProxy(emulator_url, faults=Faults(latency=0.05)) as proxy:
        ssm = _ssm(proxy.url)
        for n in range(3):
            ssm.put_parameter(Name=f"/bench/s{n}", Value="1", Type="String", Overwrite=True)
        assert (proxy.tally.max_in_flight, proxy.tally.max_waiting) == (1, 1)
        assert len(proxy.tally.calls) == 3
