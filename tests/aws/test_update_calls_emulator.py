"""The calls of a deploy that changes something (issue 16, `update_proxy`), through the emulator.

A definition other than what this machine last applied takes the lock first and reads the record
once, under it; the release checks the lock is still its own while the last record write is under
way, and deletes it only after that write. A no-op stays one unlocked read, and what a teammate
changed meanwhile is planned for under the lock.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from amplify_sandbox.aws.target import AwsTarget, TargetOptions
from amplify_sandbox.definition import load_definition
from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.deploy.events import SilentReporter
from amplify_sandbox.deploy.pipeline import DeployResult, OutputsOptions, deploy
from amplify_sandbox.identity import SandboxIdentity

IDENTITY = SandboxIdentity("seed-app", "tester")
# The emulator answers at once: whatever waits for an event here is let go by it or by this.
WAIT = 10.0


def _deploy(project: Path, target: AwsTarget, definition: AuthDefinition) -> DeployResult:
    return deploy(definition, IDENTITY, target, SilentReporter(), OutputsOptions(project))


def _with_groups(project: Path, *groups: str) -> AuthDefinition:
    return replace(load_definition(project), groups=groups)


def _groups(target: AwsTarget, pool_id: str) -> list[str]:
    listed = target.clients.cognito_idp.list_groups(UserPoolId=pool_id)["Groups"]
    return sorted(group["GroupName"] for group in listed)


def test_a_group_added_takes_the_lock_first_and_reads_the_record_once(
    seed_project: Path, target: AwsTarget
) -> None:
    _deploy(seed_project, target, load_definition(seed_project))
    target.log.calls.clear()

    _deploy(seed_project, target, _with_groups(seed_project, "EDITORS"))

    calls = target.log.calls
    # Before: the record read, the lock taken, the record read again under it.
    assert calls[:2] == ["ssm.PutParameter", "ssm.GetParametersByPath"]
    assert calls[-1] == "ssm.DeleteParameter"
    assert Counter(calls) == {
        # The lock, and the record once the role and the group (made at once) have ended.
        "ssm.PutParameter": 2,
        "ssm.GetParametersByPath": 1,
        "iam.CreateRole": 1,
        "cognito-idp.CreateGroup": 1,
        "ssm.GetParameter": 1,  # the release's check that the lock is still this run's
        "ssm.DeleteParameter": 1,
    }


def test_a_new_group_does_not_wait_for_its_new_role(seed_project: Path, target: AwsTarget) -> None:
    # Cognito keeps a group's role ARN as given: the group is created with the ARN the role will
    # have (its account from the record's read, without a call of its own), while the role is.
    _deploy(seed_project, target, load_definition(seed_project))
    group_sent = threading.Event()
    waited: list[bool] = []

    def role_held(**kwargs: Any) -> None:
        waited.append(group_sent.wait(WAIT))

    target.clients.iam.meta.events.register("before-send.iam.CreateRole", role_held)
    target.clients.cognito_idp.meta.events.register(
        "before-send.cognito-idp.CreateGroup", lambda **kwargs: group_sent.set()
    )
    target.log.calls.clear()
    result = _deploy(seed_project, target, _with_groups(seed_project, "EDITORS"))

    assert waited == [True], "the group waited for its role"
    assert "sts.GetCallerIdentity" not in target.log.calls
    role = result.state.resources["groupEDITORSRole"]
    pool_id = result.state.resources["userPool"].physical_id
    group = target.clients.cognito_idp.get_group(UserPoolId=pool_id, GroupName="EDITORS")
    assert group["Group"]["RoleArn"] == role.attributes["arn"]
    # The group's record names the role it refers to, though the role ended after it began.
    assert result.state.resources["groupEDITORS"].refs == {
        "userPool": pool_id,
        "groupEDITORSRole": role.physical_id,
    }


def test_the_release_checks_the_lock_while_the_last_record_write_is_under_way(
    seed_project: Path, target: AwsTarget
) -> None:
    _deploy(seed_project, target, load_definition(seed_project))
    checked = threading.Event()
    waited: list[bool] = []
    order: list[str] = []

    def before_send(request: Any, event_name: str, **kwargs: Any) -> None:
        body = request.body if isinstance(request.body, bytes) else request.body.encode()
        if event_name.endswith(".GetParameter"):
            checked.set()
        elif event_name.endswith(".PutParameter") and b"/lock" not in body:
            # A record write: held until the lock's check has been sent (or WAIT has passed).
            waited.append(checked.wait(WAIT))

    def before_call(params: dict[str, Any], context: dict[str, Any], **kwargs: Any) -> None:
        context["lock"] = str(params.get("Name", "")).endswith("/lock")
        if kwargs["event_name"].endswith(".DeleteParameter"):
            order.append("lock deleted")

    def after_call(context: dict[str, Any], **kwargs: Any) -> None:
        if not context.get("lock"):
            order.append("record written")

    events = target.clients.ssm.meta.events
    events.register("before-send.ssm.*", before_send)
    events.register("before-call.ssm.PutParameter", before_call)
    events.register("before-call.ssm.DeleteParameter", before_call)
    events.register("after-call.ssm.PutParameter", after_call)
    result = _deploy(seed_project, target, _with_groups(seed_project, "EDITORS"))

    assert "groupEDITORS" in result.state.resources
    assert waited and all(waited), "the check was sent only after the record was written"
    # The lock goes only once the last write is answered.
    assert order[-1] == "lock deleted" and order.count("lock deleted") == 1, order
    assert "record written" in order


def test_a_no_op_after_an_update_is_one_unlocked_read(
    seed_project: Path, target: AwsTarget
) -> None:
    _deploy(seed_project, target, load_definition(seed_project))
    _deploy(seed_project, target, _with_groups(seed_project, "EDITORS"))
    target.log.calls.clear()

    result = _deploy(seed_project, target, _with_groups(seed_project, "EDITORS"))

    assert not result.plan.has_changes
    assert target.log.calls == ["ssm.GetParametersByPath"]


def test_what_a_teammate_applied_meanwhile_is_planned_for_under_the_lock(
    seed_project: Path,
    target: AwsTarget,
    emulator_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # This machine deploys, a teammate (another home, another hint) adds a group, then this
    # machine adds another: its hint says "changed", the plan under the lock sees the teammate's.
    _deploy(seed_project, target, _with_groups(seed_project, "MINE"))
    home = Path.home()
    monkeypatch.setenv("HOME", str(tmp_path / "teammate"))
    teammate = AwsTarget(TargetOptions(endpoint_url=emulator_url))
    _deploy(seed_project, teammate, _with_groups(seed_project, "MINE", "THEIRS"))
    monkeypatch.setenv("HOME", str(home))
    target.log.calls.clear()

    result = _deploy(seed_project, target, _with_groups(seed_project, "MINE", "OTHER"))

    assert target.log.calls[:2] == ["ssm.PutParameter", "ssm.GetParametersByPath"]
    assert _groups(target, result.state.resources["userPool"].physical_id) == [
        "MINE",
        "OTHER",
    ]
    recorded = target.state_store(IDENTITY).load()
    assert recorded is not None
    assert sorted(recorded.resources) == sorted(result.state.resources)
    assert "groupTHEIRS" not in recorded.resources and "groupTHEIRSRole" not in recorded.resources


def test_a_first_deploy_on_this_machine_reads_before_it_locks(
    seed_project: Path, target: AwsTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # No hint (another machine deployed the sandbox): the record is read first, as before.
    _deploy(seed_project, target, load_definition(seed_project))
    monkeypatch.setenv("HOME", str(tmp_path / "fresh"))
    fresh = AwsTarget(TargetOptions(endpoint_url=target.options.endpoint_url))

    _deploy(seed_project, fresh, _with_groups(seed_project, "EDITORS"))

    assert fresh.log.calls[:3] == [
        "ssm.GetParametersByPath",
        "ssm.PutParameter",
        "ssm.GetParametersByPath",
    ]


def test_a_group_removed_looks_once_at_each_of_the_group_and_its_role(
    seed_project: Path, target: AwsTarget
) -> None:
    # Whether each is this sandbox's is one look (the group's, then its pool's tags; the role's
    # tags come with the role), and a role recorded without inline policies is deleted at once.
    _deploy(seed_project, target, _with_groups(seed_project, "EDITORS"))
    target.log.calls.clear()

    result = _deploy(seed_project, target, load_definition(seed_project))

    assert "groupEDITORS" not in result.state.resources
    calls = target.log.calls
    assert [c for c in calls if c.startswith("cognito-idp.")] == [
        "cognito-idp.GetGroup",
        "cognito-idp.DescribeUserPool",
        "cognito-idp.DeleteGroup",
    ]
    assert [c for c in calls if c.startswith("iam.")] == ["iam.GetRole", "iam.DeleteRole"]
    assert _groups(target, result.state.resources["userPool"].physical_id) == []


def test_a_role_given_an_inline_policy_since_is_still_deleted(
    seed_project: Path, target: AwsTarget
) -> None:
    deployed = _deploy(seed_project, target, _with_groups(seed_project, "EDITORS"))
    role = deployed.state.resources["groupEDITORSRole"].physical_id
    target.clients.iam.put_role_policy(
        RoleName=role,
        PolicyName="added-by-hand",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}],
            }
        ),
    )
    target.log.calls.clear()

    _deploy(seed_project, target, load_definition(seed_project))

    assert [c for c in target.log.calls if c.startswith("iam.")] == [
        "iam.GetRole",
        "iam.DeleteRole",  # refused: DeleteConflict
        "iam.ListRolePolicies",
        "iam.DeleteRolePolicy",
        "iam.DeleteRole",
    ]
    names = [r["RoleName"] for r in target.clients.iam.list_roles()["Roles"]]
    assert role not in names


def test_a_role_whose_tags_were_removed_is_left_untouched(
    seed_project: Path, target: AwsTarget
) -> None:
    # IAM leaves Tags out of a role that has none: the tags are then listed, and found wanting.
    deployed = _deploy(seed_project, target, _with_groups(seed_project, "EDITORS"))
    role = deployed.state.resources["groupEDITORSRole"].physical_id
    keys = [t["Key"] for t in target.clients.iam.list_role_tags(RoleName=role)["Tags"]]
    target.clients.iam.untag_role(RoleName=role, TagKeys=keys)

    _deploy(seed_project, target, load_definition(seed_project))

    assert role in [r["RoleName"] for r in target.clients.iam.list_roles()["Roles"]]


def test_a_group_and_its_role_are_deleted_at_the_same_time(
    seed_project: Path, target: AwsTarget
) -> None:
    # Cognito keeps a group's role ARN without checking it: the role need not wait for the group.
    _deploy(seed_project, target, _with_groups(seed_project, "EDITORS"))
    role_sent = threading.Event()
    waited: list[bool] = []

    def group_held(**kwargs: Any) -> None:
        waited.append(role_sent.wait(WAIT))

    target.clients.cognito_idp.meta.events.register(
        "before-send.cognito-idp.DeleteGroup", group_held
    )
    target.clients.iam.meta.events.register(
        "before-send.iam.DeleteRole", lambda **kwargs: role_sent.set()
    )
    result = _deploy(seed_project, target, load_definition(seed_project))

    assert waited == [True], "the role waited for its group"
    assert "groupEDITORSRole" not in result.state.resources
