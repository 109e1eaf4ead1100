from __future__ import annotations

import pytest

from amplify_sandbox.local.triggers import responses
from amplify_sandbox.local.triggers.responses import TriggerFailure
from amplify_sandbox.local.triggers.runner import InvocationError


def test_pre_sign_up_auto_confirm_and_verify() -> None:
    outcome = responses.pre_sign_up_outcome(
        {"response": {"autoConfirmUser": True, "autoVerifyEmail": True, "autoVerifyPhone": False}}
    )
    confirmed, attrs = responses.apply_pre_sign_up(outcome, {"email": "a@b.c"})
    assert confirmed is True
    assert attrs == {"email": "a@b.c", "email_verified": "true"}
    with pytest.raises(TriggerFailure) as caught:
        responses.pre_sign_up_outcome({"response": {"autoConfirmUser": "yes"}})
    assert caught.value.error_type == "InvalidLambdaResponseException"
    with pytest.raises(TriggerFailure):
        responses.pre_sign_up_outcome("not an event")


def test_failure_wording_per_trigger() -> None:
    error = InvocationError("Error", "boom")
    assert responses.failure_from("postConfirmation", error).message == (
        "PostConfirmation failed with error boom."
    )
    assert responses.failure_from("verifyAuthChallengeResponse", error).message == (
        "VerifyAuthChallengeResponse failed with error boom."
    )


ID = {"sub": "s", "email": "a@b.c", "cognito:groups": ["EVERYONE"], "token_use": "id"}
ACCESS = {
    "sub": "s",
    "scope": "openid email",
    "cognito:groups": ["EVERYONE"],
    "token_use": "access",
}


def test_pre_token_v1_changes_the_id_token_only() -> None:
    result = {
        "response": {
            "claimsOverrideDetails": {
                "claimsToAddOrOverride": {"plan": "pro", "sub": "hijack"},
                "claimsToSuppress": ["email"],
                "groupOverrideDetails": {"groupsToOverride": ["admins"]},
            }
        }
    }
    id_claims, access = responses.apply_pre_token_generation(result, ID, ACCESS)
    assert id_claims["plan"] == "pro" and "email" not in id_claims
    assert id_claims["sub"] == "s"  # reserved claims stay
    assert id_claims["cognito:groups"] == ["admins"] == access["cognito:groups"]
    assert "plan" not in access
    unchanged = responses.apply_pre_token_generation({"response": {}}, ID, ACCESS)
    assert unchanged == (ID, ACCESS)


def test_pre_token_v2_claims_scopes_and_groups() -> None:
    result = {
        "response": {
            "claimsAndScopeOverrideDetails": {
                "idTokenGeneration": {"claimsToAddOrOverride": {"tier": {"level": 2}}},
                "accessTokenGeneration": {
                    "claimsToAddOrOverride": {"tenant": "t1"},
                    "scopesToAdd": ["api/read"],
                    "scopesToSuppress": ["email"],
                },
                "groupOverrideDetails": {
                    "groupsToOverride": [],
                    "iamRolesToOverride": ["arn:aws:iam::1:role/r"],
                    "preferredRole": "arn:aws:iam::1:role/r",
                },
            }
        }
    }
    id_claims, access = responses.apply_pre_token_generation(
        result, ID, ACCESS, lambda_version="V2_0"
    )
    assert id_claims["tier"] == {"level": 2}
    assert access["tenant"] == "t1" and "tenant" not in id_claims
    assert access["scope"] == "openid api/read"
    assert "cognito:groups" not in id_claims and "cognito:groups" not in access
    assert id_claims["cognito:roles"] == ["arn:aws:iam::1:role/r"]
    assert id_claims["cognito:preferred_role"] == "arn:aws:iam::1:role/r"


def test_custom_message() -> None:
    outcome = responses.custom_message_outcome(
        {
            "response": {
                "emailMessage": "Code: {####}",
                "emailSubject": "Welcome",
                "smsMessage": None,
            }
        }
    )
    assert outcome.email_subject == "Welcome" and outcome.sms_message is None
    assert responses.render_message(outcome.email_message or "", "123456") == "Code: 123456"
    assert responses.render_message("Hi {username} {####}", "1", "ana") == "Hi ana 1"


def test_challenge_results() -> None:
    define = responses.define_auth_challenge_outcome(
        {"response": {"challengeName": "CUSTOM_CHALLENGE", "issueTokens": False}}
    )
    assert define.challenge_name == "CUSTOM_CHALLENGE" and not define.issue_tokens
    assert not define.fail_authentication
    create = responses.create_auth_challenge_outcome(
        {
            "response": {
                "publicChallengeParameters": {"question": "2+3"},
                "privateChallengeParameters": {"answer": 5},
                "challengeMetadata": "MATH",
            }
        }
    )
    assert create.private_parameters == {"answer": "5"} and create.metadata == "MATH"
    assert responses.verify_auth_challenge_outcome({"response": {"answerCorrect": True}})
    assert not responses.verify_auth_challenge_outcome({"response": {"answerCorrect": None}})


def test_user_migration() -> None:
    outcome = responses.user_migration_outcome(
        {
            "response": {
                "userAttributes": {"email": "a@b.c", "email_verified": "true"},
                "finalUserStatus": "CONFIRMED",
                "messageAction": "SUPPRESS",
            }
        }
    )
    assert outcome.final_user_status == "CONFIRMED" and outcome.message_action == "SUPPRESS"
    with pytest.raises(TriggerFailure) as caught:
        responses.user_migration_outcome({"response": {"userAttributes": None}})
    assert caught.value.error_type == "UserNotFoundException"
    with pytest.raises(TriggerFailure):
        responses.user_migration_outcome(
            {"response": {"userAttributes": {}, "finalUserStatus": "WEIRD"}}
        )
