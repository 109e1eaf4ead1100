"""The record's format: one written by the format-1 code (tests/fixtures/state, taken from a
replace of seed-app's user pool that stopped before the old pool was deleted) is read, and
written back in format 2."""

from __future__ import annotations

import json
from pathlib import Path

from amplify_sandbox.aws.state_store import decode, encode
from amplify_sandbox.deploy.state import DeployedState

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "state"
OLD_POOL = "us-east-1_25dc3cb1e2314cec9aa5edf27f8273bd"
NEW_POOL = "us-east-1_0393571bdeef46658a1f93e09910d629"


def _check_read(state: DeployedState) -> None:
    assert set(state.retired) == {"userPool"}
    assert state.retired["userPool"].physical_id == OLD_POOL
    assert state.retired["userPool"].retired is True
    assert state.resources["userPool"].physical_id == NEW_POOL
    assert state.resources["userPool"].retired is False
    assert not any("#" in logical_id for logical_id in state.resources)
    assert state.attributes()["userPool"]["id"] == NEW_POOL
    assert OLD_POOL in state.physical_ids()


def test_a_format_1_record_is_read_with_its_retired_half() -> None:
    _check_read(DeployedState.from_json((FIXTURES / "mid_replace_v1.json").read_text()))


def test_a_format_1_ssm_record_is_read_and_rewritten_in_format_2() -> None:
    state = decode((FIXTURES / "mid_replace_v1.ssm.txt").read_text().strip())
    _check_read(state)
    written = json.loads(decode(encode(state)).to_json())
    assert written["format"] == 2
    entries = {(r["logical_id"], r["retired"]): r["physical_id"] for r in written["resources"]}
    assert entries[("userPool", True)] == OLD_POOL
    assert entries[("userPool", False)] == NEW_POOL
    assert "#replaced" not in state.to_json()
    assert DeployedState.from_json(state.to_json()) == state
