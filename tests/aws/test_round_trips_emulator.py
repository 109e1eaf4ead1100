"""The calls a deploy makes, counted (botocore's own call log): look-ups that what this run just
made renders pointless are not made, and are made again where a lost answer leaves doubt."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

from botocore.exceptions import ConnectionClosedError

from amplify_sandbox.aws.target import AwsTarget
from amplify_sandbox.definition import load_definition
from amplify_sandbox.deploy.events import SilentReporter
from amplify_sandbox.deploy.handler import one_run
from amplify_sandbox.deploy.pipeline import OutputsOptions, deploy
from amplify_sandbox.desired.build import SANDBOX_TAG
from amplify_sandbox.desired.resources import ResourceKind
from amplify_sandbox.identity import SandboxIdentity

IDENTITY = SandboxIdentity("seed-app", "tester")
TAGS = {SANDBOX_TAG: IDENTITY.stack_name}
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Federated": "cognito-identity.amazonaws.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
        }
    ],
}


def _calls(target: AwsTarget, service: str | None = None) -> Counter[str]:
    return Counter(
        call for call in target.log.calls if service is None or call.startswith(f"{service}.")
    )


def test_a_first_deploy_makes_no_look_up_that_the_run_itself_makes_pointless(
    seed_project: Path, target: AwsTarget
) -> None:
    deploy(
        load_definition(seed_project),
        IDENTITY,
        target,
        SilentReporter(),
        OutputsOptions(seed_project),
    )
    calls = _calls(target)
    # Without a record, the pool and the identity pool are looked for (a stopped run may have
    # made them); the client of a pool just made, and the policies of a role just made, are
    # not (before: ListUserPoolClients and a ListRolePolicies per role).
    assert {call: n for call, n in calls.items() if not call.startswith("ssm.")} == {
        "cognito-idp.ListUserPools": 1,
        "cognito-idp.CreateUserPool": 1,
        "cognito-idp.CreateUserPoolClient": 1,
        "cognito-identity.ListIdentityPools": 1,
        "cognito-identity.CreateIdentityPool": 1,
        "iam.CreateRole": 2,
        "cognito-identity.SetIdentityPoolRoles": 1,
    }
    # The record: read before and under the lock; written at most once per change (changes that
    # end during a write are recorded together by the next), plus the lock's own write.
    assert calls["ssm.GetParametersByPath"] == 2
    assert 2 <= calls["ssm.PutParameter"] <= 1 + 6


def test_a_domain_in_a_pool_made_by_this_run_is_created_without_a_look_up(
    target: AwsTarget,
) -> None:
    handlers = target.handlers
    with one_run():
        pool = handlers[ResourceKind.USER_POOL].create({"PoolName": "p-abc"}, TAGS, frozenset())
        target.log.calls.clear()
        handlers[ResourceKind.USER_POOL_DOMAIN].create(
            {"Domain": "round-trips-1", "UserPoolId": pool.physical_id}, TAGS, frozenset()
        )
    assert target.log.calls == ["cognito-idp.CreateUserPoolDomain"]


def test_a_pool_made_by_an_earlier_run_of_this_process_is_looked_in(target: AwsTarget) -> None:
    # `deploy --watch` runs deploy after deploy in one process; between two, another process may
    # have deployed the sandbox (it held the lock): what the first run made is not trusted.
    handlers = target.handlers
    with one_run():
        pool = handlers[ResourceKind.USER_POOL].create({"PoolName": "p-abc"}, TAGS, frozenset())
    target.log.calls.clear()
    with one_run():
        handlers[ResourceKind.USER_POOL_DOMAIN].create(
            {"Domain": "round-trips-2", "UserPoolId": pool.physical_id}, TAGS, frozenset()
        )
        handlers[ResourceKind.USER_POOL_CLIENT].create(
            {"UserPoolId": pool.physical_id, "ClientName": "web"}, TAGS, frozenset()
        )
    assert target.log.calls == [
        "cognito-idp.DescribeUserPoolDomain",
        "cognito-idp.CreateUserPoolDomain",
        "cognito-idp.ListUserPoolClients",
        "cognito-idp.CreateUserPoolClient",
    ]


def _lose_first(target: AwsTarget, operation: str) -> list[str]:
    """The first `operation` is applied (sent here), then its answer is lost."""
    lost: list[str] = []

    def hook(request: Any, event_name: str, **kwargs: Any) -> None:
        if event_name.endswith(f".{operation}") and not lost:
            body = request.body
            body = body.encode("utf-8") if isinstance(body, str) else body
            sent = urllib.request.Request(
                request.url, data=body, headers=dict(request.headers.items()), method="POST"
            )
            try:
                with urllib.request.urlopen(sent, timeout=30) as answer:
                    answer.read()
            except urllib.error.HTTPError:
                pass
            lost.append(operation)
            raise ConnectionClosedError(endpoint_url=request.url)

    for client in (target.clients.cognito_idp, target.clients.iam):
        client.meta.events.register("before-send.*.*", hook)
    return lost


def test_a_client_whose_answer_was_lost_is_looked_for_and_adopted_not_doubled(
    target: AwsTarget,
) -> None:
    handlers = target.handlers
    with one_run():  # the pool is this run's: the first try makes no look-up
        pool = handlers[ResourceKind.USER_POOL].create({"PoolName": "p-abc"}, TAGS, frozenset())
        lost = _lose_first(target, "CreateUserPoolClient")
        target.log.calls.clear()
        applied = handlers[ResourceKind.USER_POOL_CLIENT].create(
            {"UserPoolId": pool.physical_id, "ClientName": "web"}, TAGS, frozenset()
        )
    assert lost == ["CreateUserPoolClient"]
    assert "cognito-idp.ListUserPoolClients" in target.log.calls
    listed = target.clients.cognito_idp.list_user_pool_clients(UserPoolId=pool.physical_id)
    assert [c["ClientId"] for c in listed["UserPoolClients"]] == [applied.physical_id]


def test_a_role_whose_answer_was_lost_gets_its_policies_checked_and_is_not_doubled(
    target: AwsTarget,
) -> None:
    lost = _lose_first(target, "CreateRole")
    trust = TRUST
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}],
    }
    target.log.calls.clear()
    target.handlers[ResourceKind.IAM_ROLE].create(
        {"RoleName": "r-abc", "AssumeRolePolicyDocument": trust, "Policies": {"p": policy}},
        TAGS,
        frozenset(),
    )
    assert lost == ["CreateRole"]
    assert "iam.ListRolePolicies" in target.log.calls
    iam = target.clients.iam
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == ["r-abc"]
    assert iam.list_role_policies(RoleName="r-abc")["PolicyNames"] == ["p"]


def test_a_fresh_role_sets_its_policies_without_listing_them(target: AwsTarget) -> None:
    trust = TRUST
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}],
    }
    target.handlers[ResourceKind.IAM_ROLE].create(
        {"RoleName": "r-abc", "AssumeRolePolicyDocument": trust, "Policies": {"p": policy}},
        TAGS,
        frozenset(),
    )
    assert target.log.calls[-2:] == ["iam.CreateRole", "iam.PutRolePolicy"]
    assert "iam.ListRolePolicies" not in target.log.calls
