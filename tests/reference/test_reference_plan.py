"""The plan of a referenceAuth: empty desired state against the record, and a refusal when a
referenced id (a role by its name) is one this sandbox created."""

from __future__ import annotations

from pathlib import Path

import pytest

from amplify_sandbox.definition.model import AuthDefinition, LoginWith, ReferenceAuth
from amplify_sandbox.deploy.planner import Action
from amplify_sandbox.deploy.reference import _reference_plan
from amplify_sandbox.deploy.state import DeployedResource, DeployedState
from amplify_sandbox.desired.reference import physical_id
from amplify_sandbox.desired.resources import ResourceKind
from amplify_sandbox.errors import UsageError

ROLE = "amplify-app-me-0123456789-authRole"
REFERENCE = ReferenceAuth(
    "us-east-1_AbC123",
    "us-east-1:0a1b",
    f"arn:aws:iam::123456789012:role/{ROLE}",
    "arn:aws:iam::123456789012:role/other",
    "web1client",
)
DEFINITION = AuthDefinition(Path("resource.ts"), LoginWith(), reference=REFERENCE)


def _recorded(physical: str) -> DeployedState:
    role = DeployedResource("authenticatedRole", ResourceKind.IAM_ROLE, physical, {}, {})
    return DeployedState("sandbox").with_resource(role)


def test_a_role_the_sandbox_created_cannot_be_referenced() -> None:
    with pytest.raises(UsageError) as info:
        _reference_plan(DEFINITION, _recorded(ROLE))
    assert f"authRoleArn '{REFERENCE.auth_role_arn}'" in info.value.message


def test_what_the_sandbox_created_before_is_deleted() -> None:
    plan, ids = _reference_plan(DEFINITION, _recorded("some-earlier-role"))
    assert [(c.logical_id, c.action) for c in plan.changes] == [
        ("authenticatedRole", Action.DELETE)
    ]
    assert ids["userPoolId"] == REFERENCE.user_pool_id


def test_nothing_recorded_plans_nothing() -> None:
    plan, _ = _reference_plan(DEFINITION, None)
    assert not plan.has_changes


def test_a_role_is_recorded_by_its_name() -> None:
    assert physical_id("arn:aws:iam::123456789012:role/team/shared") == "shared"
    assert physical_id("us-east-1_AbC123") == "us-east-1_AbC123"
