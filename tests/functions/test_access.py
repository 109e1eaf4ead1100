from __future__ import annotations

import pytest

from amplify_sandbox.definition.schema.functions import AUTH_ACTIONS
from amplify_sandbox.functions import access


def test_every_loader_action_has_iam_actions() -> None:
    assert set(AUTH_ACTIONS) == set(access.IAM_ACTIONS)


def test_policy_for_the_issue_example() -> None:
    arn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"
    assert access.access_policy_document(["addUserToGroup"], arn) == {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["cognito-idp:AdminAddUserToGroup"], "Resource": arn}
        ],
    }


def test_meta_actions_expand_and_deduplicate_in_order() -> None:
    actions = access.iam_actions(["manageGroupMembership", "addUserToGroup", "getUser"])
    assert actions == [
        "cognito-idp:AdminAddUserToGroup",
        "cognito-idp:AdminRemoveUserFromGroup",
        "cognito-idp:AdminGetUser",
    ]
    assert len(access.IAM_ACTIONS["manageUsers"]) == 13
    with pytest.raises(ValueError, match="At least one action"):
        access.access_policy_document([], "arn")


def test_lambda_config_and_back() -> None:
    config = access.lambda_config(
        {"preSignUp": "arn:pre", "preTokenGeneration": "arn:tok"}, pre_token_version="V2_0"
    )
    assert config == {
        "PreSignUp": "arn:pre",
        "PreTokenGeneration": "arn:tok",
        "PreTokenGenerationConfig": {"LambdaArn": "arn:tok", "LambdaVersion": "V2_0"},
    }
    assert access.trigger_events_of(config) == {
        "preSignUp": "arn:pre",
        "preTokenGeneration": "arn:tok",
    }
    assert access.pre_token_version_of(config) == "V2_0"
    assert access.pre_token_version_of({"PreTokenGeneration": "arn:tok"}) == "V1_0"
    with pytest.raises(KeyError):
        access.lambda_config({"preSignup": "arn"})


def test_names_amplify_uses() -> None:
    assert access.userpool_id_env_key() == "amplifyAuth_USERPOOL_ID"
    assert access.permission_statement_id("postConfirmation") == "PostConfirmationCognito"
    trust = access.lambda_trust_policy()
    assert trust["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}
