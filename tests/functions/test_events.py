"""Each builder against the event shape in Cognito's developer guide."""

from __future__ import annotations

from typing import Any

import pytest

from amplify_sandbox.local.triggers import events

COMMON: dict[str, Any] = {
    "region": "us-west-2",
    "user_pool_id": "us-west-2_EXAMPLE",
    "user_name": "testuser",
    "client_id": "1example23456789",
}
ATTRS = {"sub": "1234", "email": "testuser@example.com"}


def _head(event: dict[str, Any], source: str, version: str = "1") -> None:
    assert list(event) == [
        "version",
        "region",
        "userPoolId",
        "userName",
        "callerContext",
        "triggerSource",
        "request",
        "response",
    ]
    assert event["version"] == version
    assert event["region"] == "us-west-2"
    assert event["userPoolId"] == "us-west-2_EXAMPLE"
    assert event["userName"] == "testuser"
    assert event["callerContext"] == {
        "awsSdkVersion": "aws-sdk-unknown-unknown",
        "clientId": "1example23456789",
    }
    assert event["triggerSource"] == source


def test_pre_sign_up_matches_the_guides_example() -> None:
    event = events.pre_sign_up(
        "PreSignUp_SignUp", attributes={"email": "testuser@example.com"}, **COMMON
    )
    _head(event, "PreSignUp_SignUp")
    assert event["request"] == {
        "userAttributes": {"email": "testuser@example.com"},
        "validationData": None,
    }
    assert event["response"] == {
        "autoConfirmUser": False,
        "autoVerifyEmail": False,
        "autoVerifyPhone": False,
    }
    admin = events.pre_sign_up(
        "PreSignUp_AdminCreateUser",
        attributes={},
        client_metadata={"n": 1},
        **{**COMMON, "client_id": None},
    )
    assert admin["callerContext"]["clientId"] == "CLIENT_ID_NOT_APPLICABLE"
    assert admin["request"]["clientMetadata"] == {"n": "1"}


def test_post_confirmation_and_authentication() -> None:
    event = events.post_confirmation("PostConfirmation_ConfirmSignUp", attributes=ATTRS, **COMMON)
    _head(event, "PostConfirmation_ConfirmSignUp")
    assert event["request"] == {"userAttributes": ATTRS} and event["response"] == {}
    pre = events.pre_authentication(attributes=ATTRS, validation_data={"k": "v"}, **COMMON)
    _head(pre, "PreAuthentication_Authentication")
    assert pre["request"] == {
        "userAttributes": ATTRS,
        "validationData": {"k": "v"},
        "userNotFound": False,
    }
    post = events.post_authentication(attributes=ATTRS, **COMMON)
    _head(post, "PostAuthentication_Authentication")
    assert post["request"] == {"userAttributes": ATTRS, "newDeviceUsed": False}


def test_pre_token_generation_v1_and_v2() -> None:
    v1 = events.pre_token_generation(
        "TokenGeneration_HostedAuth", attributes=ATTRS, groups=["admins"], **COMMON
    )
    _head(v1, "TokenGeneration_HostedAuth")
    assert v1["request"]["groupConfiguration"] == {
        "groupsToOverride": ["admins"],
        "iamRolesToOverride": [],
        "preferredRole": None,
    }
    assert "scopes" not in v1["request"]
    assert v1["response"] == {"claimsOverrideDetails": None}
    v2 = events.pre_token_generation(
        "TokenGeneration_Authentication",
        attributes=ATTRS,
        scopes=["aws.cognito.signin.user.admin", "openid"],
        lambda_version="V2_0",
        **COMMON,
    )
    _head(v2, "TokenGeneration_Authentication", version="2")
    assert v2["request"]["scopes"] == ["aws.cognito.signin.user.admin", "openid"]
    assert v2["response"] == {"claimsAndScopeOverrideDetails": None}


def test_custom_message() -> None:
    event = events.custom_message("CustomMessage_SignUp", attributes=ATTRS, **COMMON)
    _head(event, "CustomMessage_SignUp")
    assert event["request"]["codeParameter"] == "{####}"
    assert event["request"]["usernameParameter"] is None
    assert event["response"] == {"smsMessage": None, "emailMessage": None, "emailSubject": None}
    admin = events.custom_message("CustomMessage_AdminCreateUser", attributes=ATTRS, **COMMON)
    assert admin["request"]["usernameParameter"] == "{username}"


def test_user_migration() -> None:
    event = events.user_migration("UserMigration_Authentication", password="Secret1!", **COMMON)
    _head(event, "UserMigration_Authentication")
    assert event["request"] == {"validationData": None, "password": "Secret1!"}
    assert set(event["response"]) == {
        "userAttributes",
        "finalUserStatus",
        "messageAction",
        "desiredDeliveryMediums",
        "forceAliasCreation",
        "enableSMSMFA",
    }
    forgot = events.user_migration("UserMigration_ForgotPassword", password=None, **COMMON)
    assert "password" not in forgot["request"]


def test_custom_auth_challenge_trio() -> None:
    session = [events.challenge_result("CUSTOM_CHALLENGE", False, "CAPTCHA")]
    define = events.define_auth_challenge(attributes=ATTRS, session=session, **COMMON)
    _head(define, "DefineAuthChallenge_Authentication")
    assert define["request"]["session"] == [
        {
            "challengeName": "CUSTOM_CHALLENGE",
            "challengeResult": False,
            "challengeMetadata": "CAPTCHA",
        }
    ]
    assert define["response"] == {
        "challengeName": None,
        "issueTokens": None,
        "failAuthentication": None,
    }
    create = events.create_auth_challenge(
        attributes=ATTRS, challenge_name="CUSTOM_CHALLENGE", **COMMON
    )
    _head(create, "CreateAuthChallenge_Authentication")
    assert create["request"]["challengeName"] == "CUSTOM_CHALLENGE"
    assert set(create["response"]) == {
        "publicChallengeParameters",
        "privateChallengeParameters",
        "challengeMetadata",
    }
    verify = events.verify_auth_challenge_response(
        attributes=ATTRS,
        private_challenge_parameters={"answer": "5"},
        challenge_answer="5",
        **COMMON,
    )
    _head(verify, "VerifyAuthChallengeResponse_Authentication")
    assert verify["request"]["challengeAnswer"] == "5"
    assert verify["response"] == {"answerCorrect": None}


def test_sources_map_back_to_events() -> None:
    assert events.event_of_source("TokenGeneration_RefreshTokens") == "preTokenGeneration"
    assert set(events.TRIGGER_SOURCES) == {
        "createAuthChallenge",
        "customMessage",
        "defineAuthChallenge",
        "postAuthentication",
        "postConfirmation",
        "preAuthentication",
        "preSignUp",
        "preTokenGeneration",
        "userMigration",
        "verifyAuthChallengeResponse",
    }
    with pytest.raises(ValueError):
        events.post_confirmation("PostConfirmation_Nope", attributes={}, **COMMON)
    assert events.user_attributes({"email": "a"}, sub="s", status="CONFIRMED") == {
        "sub": "s",
        "cognito:user_status": "CONFIRMED",
        "email": "a",
    }
