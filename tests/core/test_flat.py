"""Flat dataclasses read from JSON objects: the record's stamp and the emulator's counts."""

from __future__ import annotations

from amplify_sandbox.deploy.state import DeployInfo
from amplify_sandbox.local.snapshot import Contents

STAMP = {
    "namespace": "app",
    "identifier": "alice",
    "created": "2026-01-01T00:00:00Z",
    "created_by": "alice",
    "deployed": "2026-01-02T00:00:00Z",
    "deployed_by": "bob",
    "deployed_from": "laptop",
}


def test_a_stamp_round_trips_and_one_missing_a_field_is_none() -> None:
    about = DeployInfo.from_dict(STAMP)
    assert about is not None
    assert about.as_dict() == STAMP
    assert DeployInfo.from_dict({**STAMP, "unknown": "kept out"}) == about
    assert DeployInfo.from_dict({k: v for k, v in STAMP.items() if k != "deployed_by"}) is None
    assert DeployInfo.from_dict(["not", "an", "object"]) is None


def test_counts_keep_the_numbers_they_hold_and_default_the_rest() -> None:
    contents = Contents.from_dict({"users": 3, "groups": "two", "other": 1})
    assert contents == Contents(users=3)
    assert contents is not None and contents.as_dict()["user_pools"] == 0
    assert Contents.from_dict(None) is None
