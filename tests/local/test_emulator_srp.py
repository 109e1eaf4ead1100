"""USER_SRP_AUTH against the emulator with a real client-side SRP computation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError
from emulator_helpers import PASSWORD, Pool, confirmed_user
from srp_client import SrpClient


def test_right_password_gets_tokens(idp: Any, email_pool: Pool) -> None:
    confirmed_user(idp, email_pool, "ada@example.com")

    result = SrpClient(email_pool.id, email_pool.client_id).sign_in(
        idp, "ada@example.com", PASSWORD
    )

    tokens = result["AuthenticationResult"]
    assert {"IdToken", "AccessToken", "RefreshToken"} <= tokens.keys()
    user = idp.get_user(AccessToken=tokens["AccessToken"])
    emails = [a["Value"] for a in user["UserAttributes"] if a["Name"] == "email"]
    assert emails == ["ada@example.com"]


def test_wrong_password_is_not_authorized(idp: Any, email_pool: Pool) -> None:
    confirmed_user(idp, email_pool, "ada@example.com")

    with pytest.raises(ClientError) as caught:
        SrpClient(email_pool.id, email_pool.client_id).sign_in(
            idp, "ada@example.com", "Wrong-Horse-1"
        )

    assert caught.value.response["Error"]["Code"] == "NotAuthorizedException"
    assert caught.value.response["Error"]["Message"] == "Incorrect username or password."


def test_challenge_carries_srp_values(idp: Any, email_pool: Pool) -> None:
    confirmed_user(idp, email_pool, "ada@example.com")

    started = SrpClient(email_pool.id, email_pool.client_id).initiate(idp, "ada@example.com")

    params = started["ChallengeParameters"]
    user = idp.admin_get_user(UserPoolId=email_pool.id, Username="ada@example.com")
    assert params["USER_ID_FOR_SRP"] == user["Username"]
    assert int(params["SRP_B"], 16) > 2**1024
    assert len(bytes.fromhex(params["SALT"])) == 16


def test_a_secret_block_is_single_use(idp: Any, email_pool: Pool) -> None:
    confirmed_user(idp, email_pool, "ada@example.com")
    srp = SrpClient(email_pool.id, email_pool.client_id)
    started = srp.initiate(idp, "ada@example.com")
    answer = srp.answer(started["ChallengeParameters"], PASSWORD, datetime.now(UTC))
    idp.respond_to_auth_challenge(
        ClientId=email_pool.client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
    )

    with pytest.raises(ClientError) as caught:
        idp.respond_to_auth_challenge(
            ClientId=email_pool.client_id,
            ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses=answer,
        )

    assert caught.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_a_proof_for_one_user_does_not_sign_in_another(idp: Any, email_pool: Pool) -> None:
    confirmed_user(idp, email_pool, "ada@example.com")
    confirmed_user(idp, email_pool, "bob@example.com", password="Other-Horse-2")
    srp = SrpClient(email_pool.id, email_pool.client_id)
    started = srp.initiate(idp, "ada@example.com")
    answer = srp.answer(started["ChallengeParameters"], PASSWORD, datetime.now(UTC))
    bob = idp.admin_get_user(UserPoolId=email_pool.id, Username="bob@example.com")

    with pytest.raises(ClientError) as caught:
        idp.respond_to_auth_challenge(
            ClientId=email_pool.client_id,
            ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses={**answer, "USERNAME": bob["Username"]},
        )

    assert caught.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_unconfirmed_user_cannot_start_srp(idp: Any, email_pool: Pool) -> None:
    idp.sign_up(ClientId=email_pool.client_id, Username="new@example.com", Password=PASSWORD)

    with pytest.raises(ClientError) as caught:
        SrpClient(email_pool.id, email_pool.client_id).initiate(idp, "new@example.com")

    assert caught.value.response["Error"]["Code"] == "UserNotConfirmedException"


def test_username_pool_signs_in_by_username(idp: Any) -> None:
    pool = idp.create_user_pool(PoolName="plain")["UserPool"]
    app = idp.create_user_pool_client(UserPoolId=pool["Id"], ClientName="web")["UserPoolClient"]
    idp.admin_create_user(UserPoolId=pool["Id"], Username="grace", MessageAction="SUPPRESS")
    idp.admin_set_user_password(
        UserPoolId=pool["Id"], Username="grace", Password=PASSWORD, Permanent=True
    )
    srp = SrpClient(pool["Id"], app["ClientId"])

    result = srp.sign_in(idp, "grace", PASSWORD)

    assert "AccessToken" in result["AuthenticationResult"]
    with pytest.raises(ClientError):
        SrpClient(pool["Id"], app["ClientId"]).sign_in(idp, "grace", PASSWORD + "x")
