"""GetCredentialsForIdentity: the checks Cognito makes and fresh credentials every time."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError
from emulator_helpers import PASSWORD, Pool, confirmed_user
from srp_client import SrpClient


def _provider(pool: Pool) -> str:
    return f"cognito-idp.us-east-1.amazonaws.com/{pool.id}"


def _id_token(idp: Any, pool: Pool, email: str) -> str:
    confirmed_user(idp, pool, email)
    result = SrpClient(pool.id, pool.client_id).sign_in(idp, email, PASSWORD)
    token: str = result["AuthenticationResult"]["IdToken"]
    return token


@pytest.fixture
def pool_id(identity: Any, email_pool: Pool) -> str:
    created = identity.create_identity_pool(
        IdentityPoolName="sandbox_identity",
        AllowUnauthenticatedIdentities=True,
        CognitoIdentityProviders=[
            {"ProviderName": _provider(email_pool), "ClientId": email_pool.client_id}
        ],
    )
    value: str = created["IdentityPoolId"]
    return value


def _code(caught: pytest.ExceptionInfo[ClientError]) -> str:
    code: str = caught.value.response["Error"]["Code"]
    return code


def test_signed_in_identity_gets_fresh_credentials_for_an_hour(
    idp: Any, identity: Any, email_pool: Pool, pool_id: str
) -> None:
    logins = {_provider(email_pool): _id_token(idp, email_pool, "ada@example.com")}
    identity_id = identity.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]

    first = identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)
    second = identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)

    assert first["IdentityId"] == identity_id
    credentials = first["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA")
    assert len(credentials["AccessKeyId"]) == 20
    assert credentials["SecretKey"] and credentials["SessionToken"]
    assert credentials["AccessKeyId"] != second["Credentials"]["AccessKeyId"]
    remaining = credentials["Expiration"].timestamp() - time.time()
    assert 3500 < remaining <= 3600


def test_signed_in_identity_needs_its_login(
    idp: Any, identity: Any, email_pool: Pool, pool_id: str
) -> None:
    ada = {_provider(email_pool): _id_token(idp, email_pool, "ada@example.com")}
    bob = {_provider(email_pool): _id_token(idp, email_pool, "bob@example.com")}
    identity_id = identity.get_id(IdentityPoolId=pool_id, Logins=ada)["IdentityId"]

    for logins in ({}, bob):
        with pytest.raises(ClientError) as caught:
            identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)
        assert _code(caught) == "NotAuthorizedException"
        assert "Logins don't match" in caught.value.response["Error"]["Message"]


def test_a_forged_login_gets_no_credentials(
    idp: Any, identity: Any, email_pool: Pool, pool_id: str
) -> None:
    logins = {_provider(email_pool): _id_token(idp, email_pool, "ada@example.com")}
    identity_id = identity.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
    header, payload, _ = logins[_provider(email_pool)].split(".")
    forged = {_provider(email_pool): f"{header}.{payload}.c2lnbmF0dXJl"}

    with pytest.raises(ClientError) as caught:
        identity.get_credentials_for_identity(IdentityId=identity_id, Logins=forged)

    assert _code(caught) == "NotAuthorizedException"


def test_guest_credentials_follow_the_pool_setting(identity: Any, pool_id: str) -> None:
    guest = identity.get_id(IdentityPoolId=pool_id)["IdentityId"]
    assert identity.get_credentials_for_identity(IdentityId=guest)["Credentials"]["AccessKeyId"]

    identity.update_identity_pool(
        IdentityPoolId=pool_id,
        IdentityPoolName="sandbox_identity",
        AllowUnauthenticatedIdentities=False,
    )
    with pytest.raises(ClientError) as caught:
        identity.get_credentials_for_identity(IdentityId=guest)

    assert _code(caught) == "NotAuthorizedException"


def test_an_unknown_identity_is_not_found(identity: Any, pool_id: str) -> None:
    with pytest.raises(ClientError) as caught:
        identity.get_credentials_for_identity(
            IdentityId="us-east-1:00000000-0000-0000-0000-000000000000"
        )

    assert _code(caught) == "ResourceNotFoundException"
