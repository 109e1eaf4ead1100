"""The fault proxy itself: it counts calls by operation, throttles as the services do, loses
answers after the write was applied, and holds every call after call k."""

from __future__ import annotations

import threading
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError

from amplify_sandbox.local.faultproxy import FaultProxy, Faults


def _client(service: str, url: str) -> Any:
    make: Any = boto3.client
    return make(
        service,
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )


def test_counts_calls_by_operation(emulator_url: str, fault_proxy: FaultProxy) -> None:
    tally = fault_proxy.configure(Faults())
    ssm = _client("ssm", fault_proxy.url)
    ssm.put_parameter(Name="/a", Value="1", Type="String")
    ssm.get_parameter(Name="/a")
    _client("iam", fault_proxy.url).list_roles()
    assert tally.calls == ["PutParameter", "GetParameter", "ListRoles"]


@pytest.mark.parametrize(
    ("service", "code"), [("ssm", "ThrottlingException"), ("iam", "Throttling")]
)
def test_throttles_without_forwarding(
    service: str, code: str, emulator_url: str, fault_proxy: FaultProxy
) -> None:
    tally = fault_proxy.configure(Faults(throttle=1.0))
    client = _client(service, fault_proxy.url)
    with pytest.raises(ClientError) as raised:
        if service == "ssm":
            client.put_parameter(Name="/t", Value="1", Type="String")
        else:
            client.list_roles()
    assert raised.value.response["Error"]["Code"] == code
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert (tally.throttled, tally.calls) == (1, [])
    fault_proxy.configure(Faults())
    if service == "ssm":
        with pytest.raises(ClientError, match="ParameterNotFound"):
            _client("ssm", emulator_url).get_parameter(Name="/t")


@pytest.mark.parametrize("mode", ["drop", "500"])
def test_a_lost_answer_was_applied(mode: Any, emulator_url: str, fault_proxy: FaultProxy) -> None:
    tally = fault_proxy.configure(Faults(lose=1.0, lose_mode=mode))
    expected = ConnectionClosedError if mode == "drop" else ClientError
    with pytest.raises(expected):
        _client("ssm", fault_proxy.url).put_parameter(Name="/l", Value="1", Type="String")
    fault_proxy.configure(Faults())
    assert tally.lost == 1
    assert _client("ssm", emulator_url).get_parameter(Name="/l")["Parameter"]["Value"] == "1"


def test_stops_after_call_k_and_holds_the_rest(emulator_url: str, fault_proxy: FaultProxy) -> None:
    stopped: list[int] = []
    told = threading.Event()

    def on_stop(number: int) -> None:
        stopped.append(number)
        told.set()

    fault_proxy.on_stop = on_stop
    tally = fault_proxy.configure(Faults(stop_after=1))
    ssm = _client("ssm", fault_proxy.url)
    ssm.put_parameter(Name="/s1", Value="1", Type="String")
    # The proxy calls on_stop once the answer is sent: the client may read it first.
    assert told.wait(timeout=30)
    assert stopped == [1]
    assert fault_proxy.stopped.is_set()
    failed = threading.Event()

    def second() -> None:
        try:
            ssm.put_parameter(Name="/s2", Value="2", Type="String")
        except ConnectionClosedError:
            failed.set()

    caller = threading.Thread(target=second)
    caller.start()
    fault_proxy.holding.wait()  # the proxy holds the second call...
    fault_proxy.configure(Faults())  # ...until released, unanswered and never forwarded.
    caller.join()
    fault_proxy.on_stop = None
    assert failed.is_set()
    assert tally.calls == ["PutParameter"]
    with pytest.raises(ClientError, match="ParameterNotFound"):
        _client("ssm", emulator_url).get_parameter(Name="/s2")
