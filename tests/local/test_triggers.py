"""The emulator runs a pool's triggers: functions created with boto3 in its Lambda API, the pool's
LambdaConfig set with UpdateUserPool, then Cognito calls over HTTP behave as Cognito does."""

from __future__ import annotations

import base64
import json
import textwrap
import urllib.request
from pathlib import Path
from typing import Any, Literal

import boto3
import pytest
from botocore.exceptions import ClientError

from amplify_sandbox.functions import access
from amplify_sandbox.functions.bundle import bundle_function
from amplify_sandbox.functions.model import FunctionSpec
from amplify_sandbox.local.access import TOKEN_HEADER
from amplify_sandbox.local.codes import confirmation_code
from amplify_sandbox.local.server import EmulatorServer

PASSWORD = "Passw0rd!Passw0rd"


def _client(service: str, url: str) -> Any:
    return boto3.client(service, endpoint_url=url, region_name="us-east-1")  # type: ignore[call-overload]


def _claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * 4))
    return decoded


class Pool:
    def __init__(self, url: str, root: Path, token: str) -> None:
        self.url = url
        self.token = token
        self.root = root
        self.cognito = _client("cognito-idp", url)
        self.lam = _client("lambda", url)
        self.id = self.cognito.create_user_pool(
            PoolName="p",
            UsernameAttributes=["email"],
            AutoVerifiedAttributes=["email"],
        )["UserPool"]["Id"]
        self.client_id = self.cognito.create_user_pool_client(
            UserPoolId=self.id,
            ClientName="web",
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH"],
        )["UserPoolClient"]["ClientId"]
        role = _client("iam", url).create_role(
            RoleName="trigger-role",
            AssumeRolePolicyDocument=json.dumps(access.lambda_trust_policy()),
        )["Role"]
        self.role_arn = role["Arn"]
        self.arns: dict[str, str] = {}

    def function(
        self, event: str, source: str, *, js: bool = False, env: dict[str, str] | None = None
    ) -> str:
        name = event.lower()
        folder = self.root / name
        folder.mkdir(parents=True, exist_ok=True)
        entry = folder / ("handler.ts" if js else "handler.py")
        entry.write_text(textwrap.dedent(source))
        spec = FunctionSpec(
            name=name,
            entry=str(entry.relative_to(self.root)),
            runtime="nodejs22.x" if js else "python3.13",
        )
        bundle = bundle_function(spec, self.root)
        arn: str = self.lam.create_function(
            FunctionName=name,
            Runtime=spec.runtime,
            Role=self.role_arn,
            Handler=spec.handler,
            Code={"ZipFile": bundle.zip_bytes},
            Timeout=3,
            Environment={"Variables": env or {}},
        )["FunctionArn"]
        self.arns[event] = arn
        return arn

    def attach(self, pre_token_version: Literal["V1_0", "V2_0"] = "V1_0") -> None:
        config = access.lambda_config(self.arns, pre_token_version=pre_token_version)
        self.cognito.update_user_pool(
            UserPoolId=self.id, AutoVerifiedAttributes=["email"], LambdaConfig=config
        )

    def sign_up(self, email: str) -> dict[str, Any]:
        result: dict[str, Any] = self.cognito.sign_up(
            ClientId=self.client_id,
            Username=email,
            Password=PASSWORD,
            UserAttributes=[{"Name": "email", "Value": email}],
        )
        return result

    def sign_in(self, email: str) -> dict[str, Any]:
        result: dict[str, Any] = self.cognito.initiate_auth(
            ClientId=self.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
        )
        return result


@pytest.fixture
def pool(emulator: EmulatorServer, emulator_url: str, tmp_path: Path) -> Pool:
    return Pool(emulator_url, tmp_path, emulator.token)


PRE_SIGN_UP = """
def handler(event, context):
    email = event["request"]["userAttributes"].get("email", "")
    print("pre-sign-up for", email)
    if email.endswith("@example.com"):
        event["response"]["autoConfirmUser"] = True
        event["response"]["autoVerifyEmail"] = True
    return event
"""


def test_pre_sign_up_auto_confirms_one_domain(pool: Pool) -> None:
    pool.function("preSignUp", PRE_SIGN_UP)
    pool.attach()
    auto = pool.sign_up("ann@example.com")
    assert auto["UserConfirmed"] is True
    assert "CodeDeliveryDetails" not in auto
    user = pool.cognito.admin_get_user(UserPoolId=pool.id, Username="ann@example.com")
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]
    assert "IdToken" in pool.sign_in("ann@example.com")["AuthenticationResult"]

    normal = pool.sign_up("bob@other.test")
    assert normal["UserConfirmed"] is False
    assert (
        pool.cognito.admin_get_user(UserPoolId=pool.id, Username="bob@other.test")["UserStatus"]
        == "UNCONFIRMED"
    )


def test_a_throwing_pre_sign_up_is_cognitos_error_and_no_user_is_made(pool: Pool) -> None:
    pool.function(
        "preSignUp",
        """
        export const handler = async (event) => {
          console.log('checking', event.request.userAttributes.email);
          throw new Error('Invalid email domain');
        };
        """,
        js=True,
    )
    pool.attach()
    with pytest.raises(ClientError) as caught:
        pool.sign_up("eve@blocked.test")
    error = caught.value.response["Error"]
    assert error["Code"] == "UserLambdaValidationException"
    assert error["Message"] == "PreSignUp failed with error Invalid email domain."
    with pytest.raises(ClientError) as missing:
        pool.cognito.admin_get_user(UserPoolId=pool.id, Username="eve@blocked.test")
    assert missing.value.response["Error"]["Code"] == "UserNotFoundException"


def test_post_confirmation_adds_the_user_to_a_group_with_the_sdk(pool: Pool) -> None:
    pool.cognito.create_group(UserPoolId=pool.id, GroupName="EVERYONE")
    pool.function(
        "postConfirmation",
        """
        import os
        import boto3

        client = boto3.client("cognito-idp")

        def handler(event, context):
            client.admin_add_user_to_group(
                UserPoolId=event["userPoolId"],
                Username=event["userName"],
                GroupName=os.environ["GROUP_NAME"],
            )
            return event
        """,
        env={"GROUP_NAME": "EVERYONE"},
    )
    pre_token = """
    def handler(event, context):
        event["response"]["claimsOverrideDetails"] = {
            "claimsToAddOrOverride": {"tier": "gold", "sub": "not-allowed"},
        }
        return event
    """
    pool.function("preTokenGeneration", pre_token)
    pool.attach()
    pool.sign_up("cat@other.test")
    pool.cognito.confirm_sign_up(
        ClientId=pool.client_id, Username="cat@other.test", ConfirmationCode="123456"
    )
    groups = pool.cognito.admin_list_groups_for_user(UserPoolId=pool.id, Username="cat@other.test")
    assert [g["GroupName"] for g in groups["Groups"]] == ["EVERYONE"]
    tokens = pool.sign_in("cat@other.test")["AuthenticationResult"]
    id_claims = _claims(tokens["IdToken"])
    assert id_claims["cognito:groups"] == ["EVERYONE"]
    assert id_claims["tier"] == "gold"
    assert id_claims["sub"] != "not-allowed"  # reserved claims stay Cognito's
    assert "tier" not in _claims(tokens["AccessToken"])  # V1 changes the ID token only
    # The signature still verifies with the pool's key.
    user = pool.cognito.get_user(AccessToken=tokens["AccessToken"])
    assert user["Username"]


def test_pre_token_v2_changes_both_tokens_and_overrides_groups(pool: Pool) -> None:
    pool.function(
        "preTokenGeneration",
        """
        def handler(event, context):
            assert event["version"] == "2"
            event["response"]["claimsAndScopeOverrideDetails"] = {
                "idTokenGeneration": {"claimsToAddOrOverride": {"plan": "pro"}},
                "accessTokenGeneration": {
                    "claimsToAddOrOverride": {"tenant": "t1"},
                    "scopesToAdd": ["orders/read"],
                },
                "groupOverrideDetails": {"groupsToOverride": ["ADMINS"]},
            }
            return event
        """,
    )
    pool.attach(pre_token_version="V2_0")
    pool.cognito.admin_create_user(
        UserPoolId=pool.id, Username="dan@other.test", MessageAction="SUPPRESS"
    )
    pool.cognito.admin_set_user_password(
        UserPoolId=pool.id, Username="dan@other.test", Password=PASSWORD, Permanent=True
    )
    tokens = pool.sign_in("dan@other.test")["AuthenticationResult"]
    id_claims, access_claims = _claims(tokens["IdToken"]), _claims(tokens["AccessToken"])
    assert id_claims["plan"] == "pro" and "tenant" not in id_claims
    assert access_claims["tenant"] == "t1"
    assert access_claims["scope"].split() == ["aws.cognito.signin.user.admin", "orders/read"]
    assert id_claims["cognito:groups"] == access_claims["cognito:groups"] == ["ADMINS"]


def test_pre_authentication_refuses_and_post_authentication_runs(pool: Pool) -> None:
    pool.function(
        "preAuthentication",
        """
        def handler(event, context):
            if event["request"]["userAttributes"]["email"].startswith("locked"):
                raise Exception("Account locked")
            return event
        """,
    )
    pool.function(
        "postAuthentication",
        """
        def handler(event, context):
            print("signed in:", event["request"]["userAttributes"]["email"])
            return event
        """,
    )
    pool.attach()
    for email in ("locked@other.test", "fine@other.test"):
        pool.cognito.admin_create_user(UserPoolId=pool.id, Username=email, MessageAction="SUPPRESS")
        pool.cognito.admin_set_user_password(
            UserPoolId=pool.id, Username=email, Password=PASSWORD, Permanent=True
        )
    with pytest.raises(ClientError) as caught:
        pool.sign_in("locked@other.test")
    assert caught.value.response["Error"]["Message"] == (
        "PreAuthentication failed with error Account locked."
    )
    assert "AccessToken" in pool.sign_in("fine@other.test")["AuthenticationResult"]
    logs = _logs(pool, "postauthentication")
    assert "signed in: fine@other.test" in [entry["line"] for entry in logs["lines"]]


def test_custom_auth_challenge_trio(pool: Pool) -> None:
    pool.function(
        "defineAuthChallenge",
        """
        def handler(event, context):
            session = event["request"]["session"]
            if session and session[-1]["challengeResult"]:
                event["response"].update(issueTokens=True, failAuthentication=False)
            elif len(session) >= 2:
                event["response"].update(issueTokens=False, failAuthentication=True)
            else:
                event["response"].update(
                    issueTokens=False, failAuthentication=False, challengeName="CUSTOM_CHALLENGE"
                )
            return event
        """,
    )
    pool.function(
        "createAuthChallenge",
        """
        def handler(event, context):
            event["response"]["publicChallengeParameters"] = {"question": "2 + 2?"}
            event["response"]["privateChallengeParameters"] = {"answer": "4"}
            event["response"]["challengeMetadata"] = "MATH"
            return event
        """,
    )
    pool.function(
        "verifyAuthChallengeResponse",
        """
        def handler(event, context):
            expected = event["request"]["privateChallengeParameters"]["answer"]
            event["response"]["answerCorrect"] = event["request"]["challengeAnswer"] == expected
            return event
        """,
    )
    pool.attach()
    pool.cognito.admin_create_user(UserPoolId=pool.id, Username="eli@other.test")

    def start() -> dict[str, Any]:
        result: dict[str, Any] = pool.cognito.initiate_auth(
            ClientId=pool.client_id,
            AuthFlow="CUSTOM_AUTH",
            AuthParameters={"USERNAME": "eli@other.test"},
        )
        return result

    def answer(session: str, text: str) -> dict[str, Any]:
        result: dict[str, Any] = pool.cognito.respond_to_auth_challenge(
            ClientId=pool.client_id,
            ChallengeName="CUSTOM_CHALLENGE",
            Session=session,
            ChallengeResponses={"USERNAME": "eli@other.test", "ANSWER": text},
        )
        return result

    first = start()
    assert first["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert first["ChallengeParameters"]["question"] == "2 + 2?"
    assert "answer" not in first["ChallengeParameters"]
    wrong = answer(first["Session"], "5")
    assert wrong["ChallengeName"] == "CUSTOM_CHALLENGE"
    with pytest.raises(ClientError) as failed:
        answer(wrong["Session"], "6")
    assert failed.value.response["Error"]["Code"] == "NotAuthorizedException"
    right = answer(start()["Session"], "4")
    assert "IdToken" in right["AuthenticationResult"]


def test_user_migration_on_an_unknown_user_at_sign_in(pool: Pool) -> None:
    pool.function(
        "userMigration",
        """
        def handler(event, context):
            if event["triggerSource"] == "UserMigration_Authentication" and \\
                    event["request"]["password"] == "Passw0rd!Passw0rd":
                event["response"]["userAttributes"] = {
                    "email": event["userName"], "email_verified": "true"}
                event["response"]["finalUserStatus"] = "CONFIRMED"
                event["response"]["messageAction"] = "SUPPRESS"
            return event
        """,
    )
    pool.attach()
    tokens = pool.sign_in("old@legacy.test")["AuthenticationResult"]
    assert _claims(tokens["IdToken"])["email"] == "old@legacy.test"
    user = pool.cognito.admin_get_user(UserPoolId=pool.id, Username="old@legacy.test")
    assert user["UserStatus"] == "CONFIRMED"
    with pytest.raises(ClientError) as caught:
        pool.cognito.initiate_auth(
            ClientId=pool.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "nobody@legacy.test", "PASSWORD": "wrong-Passw0rd"},
        )
    assert caught.value.response["Error"]["Code"] == "UserNotFoundException"


def test_functions_stay_warm_between_invocations(pool: Pool) -> None:
    pool.function(
        "preSignUp",
        """
        import os
        def handler(event, context):
            print("pid", os.getpid())
            return event
        """,
    )
    pool.attach()
    pool.sign_up("a1@other.test")
    pool.sign_up("a2@other.test")
    lines = [e["line"] for e in _logs(pool, "presignup")["lines"] if e["line"].startswith("pid")]
    assert len(lines) == 2 and lines[0] == lines[1]


def _logs(pool: Pool, function: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{pool.url}/amplify-sandbox/function-logs?function={function}",
        headers={TOKEN_HEADER: pool.token},
    )
    with urllib.request.urlopen(request) as answer:
        document: dict[str, Any] = json.loads(answer.read())
    return document


def test_custom_message_text_with_the_code_goes_to_the_log(pool: Pool) -> None:
    pool.function(
        "customMessage",
        """
        def handler(event, context):
            code = event["request"]["codeParameter"]
            event["response"]["emailSubject"] = "Welcome"
            event["response"]["emailMessage"] = f"Your code is {code} ({event['triggerSource']})"
            return event
        """,
    )
    pool.attach()
    pool.sign_up("fay@other.test")
    pool.cognito.resend_confirmation_code(ClientId=pool.client_id, Username="fay@other.test")
    lines = [entry["line"] for entry in _logs(pool, "custommessage")["lines"]]
    code = confirmation_code()
    assert lines == [
        "[CustomMessage_SignUp email subject] Welcome",
        f"[CustomMessage_SignUp email] Your code is {code} (CustomMessage_SignUp)",
        "[CustomMessage_ResendCode email subject] Welcome",
        f"[CustomMessage_ResendCode email] Your code is {code} (CustomMessage_ResendCode)",
    ]


def test_function_processes_end_with_the_emulator(
    emulator: EmulatorServer, emulator_url: str, tmp_path: Path
) -> None:
    """(Both servers serve the same in-process moto state; `emulator_url` resets it.)"""
    import os

    from amplify_sandbox.local.triggers.invoke import current

    other = EmulatorServer(host="127.0.0.1", port=0)
    other.start()
    try:
        pool = Pool(other.url, tmp_path, other.token)
        pool.function(
            "preSignUp",
            """
            import os
            def handler(event, context):
                print("pid", os.getpid())
                return event
            """,
        )
        pool.attach()
        pool.sign_up("gus@other.test")
        line = next(e["line"] for e in _logs(pool, "presignup")["lines"][::-1])
        pid = int(line.split()[1])
        os.kill(pid, 0)  # running, warm
    finally:
        other.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert current().endpoint_url == emulator.url  # the session's emulator again
