"""Refreshing and revoking tokens."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from emulator_helpers import PASSWORD, Pool, confirmed_user
from srp_client import SrpClient


@pytest.fixture
def tokens(idp: Any, email_pool: Pool) -> dict[str, Any]:
    confirmed_user(idp, email_pool, "ada@example.com")
    result: dict[str, Any] = SrpClient(email_pool.id, email_pool.client_id).sign_in(
        idp, "ada@example.com", PASSWORD
    )["AuthenticationResult"]
    return result


def _refresh(idp: Any, pool: Pool, refresh_token: str) -> dict[str, Any]:
    result: dict[str, Any] = idp.initiate_auth(
        ClientId=pool.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": refresh_token},
    )
    return result


def test_refresh_token_auth_gives_new_tokens(
    idp: Any, email_pool: Pool, tokens: dict[str, Any]
) -> None:
    refreshed = _refresh(idp, email_pool, tokens["RefreshToken"])["AuthenticationResult"]

    assert refreshed["AccessToken"] != tokens["AccessToken"]
    assert idp.get_user(AccessToken=refreshed["AccessToken"])["Username"]


def test_get_tokens_from_refresh_token(idp: Any, email_pool: Pool, tokens: dict[str, Any]) -> None:
    result = idp.get_tokens_from_refresh_token(
        ClientId=email_pool.client_id, RefreshToken=tokens["RefreshToken"]
    )["AuthenticationResult"]

    assert result["TokenType"] == "Bearer"
    assert result["ExpiresIn"] > 0
    assert idp.get_user(AccessToken=result["AccessToken"])["Username"]


def test_get_tokens_from_an_unknown_refresh_token_is_refused(idp: Any, email_pool: Pool) -> None:
    with pytest.raises(ClientError) as caught:
        idp.get_tokens_from_refresh_token(ClientId=email_pool.client_id, RefreshToken="nope")

    assert caught.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_revoked_refresh_token_no_longer_works(
    idp: Any, email_pool: Pool, tokens: dict[str, Any]
) -> None:
    idp.revoke_token(Token=tokens["RefreshToken"], ClientId=email_pool.client_id)

    with pytest.raises(ClientError) as by_initiate:
        _refresh(idp, email_pool, tokens["RefreshToken"])
    with pytest.raises(ClientError) as by_get_tokens:
        idp.get_tokens_from_refresh_token(
            ClientId=email_pool.client_id, RefreshToken=tokens["RefreshToken"]
        )
    with pytest.raises(ClientError) as by_access_token:
        idp.get_user(AccessToken=tokens["AccessToken"])

    for caught in (by_initiate, by_get_tokens, by_access_token):
        assert caught.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_revoking_keeps_other_sessions(idp: Any, email_pool: Pool, tokens: dict[str, Any]) -> None:
    other = SrpClient(email_pool.id, email_pool.client_id).sign_in(
        idp, "ada@example.com", PASSWORD
    )["AuthenticationResult"]

    idp.revoke_token(Token=tokens["RefreshToken"], ClientId=email_pool.client_id)

    assert _refresh(idp, email_pool, other["RefreshToken"])["AuthenticationResult"]
    assert idp.get_user(AccessToken=other["AccessToken"])["Username"]


def test_revoking_an_access_token_is_unsupported(
    idp: Any, email_pool: Pool, tokens: dict[str, Any]
) -> None:
    with pytest.raises(ClientError) as caught:
        idp.revoke_token(Token=tokens["AccessToken"], ClientId=email_pool.client_id)

    assert caught.value.response["Error"]["Code"] == "UnsupportedTokenTypeException"
