"""ID and access tokens carry the claims Cognito documents ("Understanding the identity (ID)
token", "Understanding the access token"), checked claim by claim."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
from emulator_helpers import PASSWORD
from srp_client import SrpClient

from amplify_sandbox.local import tokens

EMAIL = "ada@example.com"
ROLE = "arn:aws:iam::123456789012:role/admins"
OTHER_ROLE = "arn:aws:iam::123456789012:role/readers"
ISSUER_PREFIX = "https://cognito-idp.us-east-1.amazonaws.com/"

# Cognito's documented ID token payload, for a user with these attributes and groups.
ID_CLAIMS = {
    "sub",
    "email",
    "email_verified",
    "phone_number",
    "phone_number_verified",
    "given_name",
    "custom:team",
    "cognito:groups",
    "cognito:roles",
    "cognito:preferred_role",
    "cognito:username",
    "iss",
    "aud",
    "origin_jti",
    "event_id",
    "token_use",
    "auth_time",
    "iat",
    "exp",
    "jti",
}
ACCESS_CLAIMS = {
    "sub",
    "cognito:groups",
    "iss",
    "client_id",
    "origin_jti",
    "event_id",
    "token_use",
    "scope",
    "auth_time",
    "exp",
    "iat",
    "jti",
    "username",
}


def claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return decoded


@pytest.fixture
def people(idp: Any) -> dict[str, str]:
    pool = idp.create_user_pool(
        PoolName="people",
        UsernameAttributes=["email"],
        Schema=[{"Name": "team", "AttributeDataType": "String", "Mutable": True}],
    )["UserPool"]
    client = idp.create_user_pool_client(
        UserPoolId=pool["Id"],
        ClientName="web",
        ExplicitAuthFlows=[
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ],
        IdTokenValidity=30,
        AccessTokenValidity=2,
        TokenValidityUnits={"IdToken": "minutes", "AccessToken": "hours"},
    )["UserPoolClient"]
    idp.admin_create_user(
        UserPoolId=pool["Id"],
        Username=EMAIL,
        UserAttributes=[
            {"Name": "email", "Value": EMAIL},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "phone_number", "Value": "+15555550100"},
            {"Name": "given_name", "Value": "Ada"},
            {"Name": "custom:team", "Value": "engines"},
        ],
        MessageAction="SUPPRESS",
    )
    idp.admin_set_user_password(
        UserPoolId=pool["Id"], Username=EMAIL, Password=PASSWORD, Permanent=True
    )
    idp.create_group(UserPoolId=pool["Id"], GroupName="readers", Precedence=5, RoleArn=OTHER_ROLE)
    idp.create_group(UserPoolId=pool["Id"], GroupName="admins", Precedence=1, RoleArn=ROLE)
    for group in ("readers", "admins"):
        idp.admin_add_user_to_group(UserPoolId=pool["Id"], Username=EMAIL, GroupName=group)
    return {"pool": pool["Id"], "client": client["ClientId"]}


def _sign_in(idp: Any, people: dict[str, str]) -> dict[str, Any]:
    result: dict[str, Any] = idp.initiate_auth(
        ClientId=people["client"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": EMAIL, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    return result


def test_id_token_claims_are_cognitos(idp: Any, people: dict[str, str]) -> None:
    result = _sign_in(idp, people)
    id_token = claims(result["IdToken"])
    user = idp.admin_get_user(UserPoolId=people["pool"], Username=EMAIL)
    sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")

    assert set(id_token) == ID_CLAIMS
    assert id_token["sub"] == sub
    assert id_token["email"] == EMAIL  # was the sub
    assert id_token["email_verified"] is True  # was missing; a boolean, not "true"
    assert id_token["phone_number"] == "+15555550100"
    assert id_token["phone_number_verified"] is False
    assert id_token["given_name"] == "Ada"
    assert id_token["custom:team"] == "engines"
    assert id_token["cognito:groups"] == ["admins", "readers"]  # by precedence
    assert id_token["cognito:roles"] == [ROLE, OTHER_ROLE]
    assert id_token["cognito:preferred_role"] == ROLE
    assert id_token["cognito:username"] == user["Username"]
    assert id_token["aud"] == people["client"]
    assert id_token["iss"] == ISSUER_PREFIX + people["pool"]
    assert id_token["token_use"] == "id"
    assert id_token["auth_time"] <= id_token["iat"]
    assert id_token["exp"] - id_token["iat"] == 30 * 60  # the client's IdTokenValidity
    for name in ("origin_jti", "event_id", "jti"):
        assert isinstance(id_token[name], str) and len(id_token[name]) == 36


def test_access_token_claims_are_cognitos(idp: Any, people: dict[str, str]) -> None:
    result = _sign_in(idp, people)
    access, id_token = claims(result["AccessToken"]), claims(result["IdToken"])

    assert set(access) == ACCESS_CLAIMS
    assert access["sub"] == id_token["sub"]
    assert access["cognito:groups"] == ["admins", "readers"]
    assert access["iss"] == ISSUER_PREFIX + people["pool"]
    assert access["client_id"] == people["client"]
    assert access["token_use"] == "access"
    assert access["scope"] == "aws.cognito.signin.user.admin"
    assert access["username"] == id_token["cognito:username"]
    assert access["exp"] - access["iat"] == 2 * 3600  # the client's AccessTokenValidity
    assert result["ExpiresIn"] == 2 * 3600
    # One sign-in: the same origin and event, different tokens.
    assert access["origin_jti"] == id_token["origin_jti"]
    assert access["event_id"] == id_token["event_id"]
    assert access["auth_time"] == id_token["auth_time"]
    assert access["jti"] != id_token["jti"]


def test_srp_sign_in_issues_the_same_claims(idp: Any, people: dict[str, str]) -> None:
    result = SrpClient(people["pool"], people["client"]).sign_in(idp, EMAIL, PASSWORD)
    tokens_ = result["AuthenticationResult"]

    assert set(claims(tokens_["IdToken"])) == ID_CLAIMS
    assert set(claims(tokens_["AccessToken"])) == ACCESS_CLAIMS
    assert idp.get_user(AccessToken=tokens_["AccessToken"])["Username"]


def test_refreshed_tokens_keep_the_sign_in(idp: Any, people: dict[str, str]) -> None:
    first = _sign_in(idp, people)
    refreshed = idp.initiate_auth(
        ClientId=people["client"],
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]},
    )["AuthenticationResult"]
    before, after = claims(first["IdToken"]), claims(refreshed["IdToken"])

    for name in ("origin_jti", "event_id", "auth_time", "sub", "email"):
        assert after[name] == before[name], name
    assert after["jti"] != before["jti"]
    assert claims(refreshed["AccessToken"])["origin_jti"] == before["origin_jti"]
    other = _sign_in(idp, people)
    assert claims(other["IdToken"])["origin_jti"] != before["origin_jti"]
    assert claims(other["IdToken"])["event_id"] != before["event_id"]


def test_the_client_reads_only_its_read_attributes(idp: Any, people: dict[str, str]) -> None:
    narrow = idp.create_user_pool_client(
        UserPoolId=people["pool"],
        ClientName="narrow",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"],
        ReadAttributes=["email", "email_verified"],
    )["UserPoolClient"]
    result = idp.initiate_auth(
        ClientId=narrow["ClientId"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": EMAIL, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    id_token = claims(result["IdToken"])

    assert id_token["email"] == EMAIL and id_token["email_verified"] is True
    for hidden in ("phone_number", "given_name", "custom:team"):
        assert hidden not in id_token


@pytest.fixture
def hook() -> Iterator[list[tokens.TokenRequest]]:
    seen: list[tokens.TokenRequest] = []

    def override(
        request: tokens.TokenRequest, id_claims: tokens.Claims, access_claims: tokens.Claims
    ) -> tuple[tokens.Claims, tokens.Claims]:
        seen.append(request)
        id_claims["tenant"] = "acme"
        access_claims.pop("cognito:groups", None)
        return id_claims, access_claims

    previous = tokens.set_claims_hook(override)
    try:
        yield seen
    finally:
        tokens.set_claims_hook(previous)


def test_the_claims_hook_changes_what_is_signed(
    idp: Any, people: dict[str, str], hook: list[tokens.TokenRequest]
) -> None:
    first = _sign_in(idp, people)
    idp.initiate_auth(
        ClientId=people["client"],
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]},
    )

    assert claims(first["IdToken"])["tenant"] == "acme"
    assert "cognito:groups" not in claims(first["AccessToken"])
    assert [request.source for request in hook] == [
        tokens.SOURCE_AUTHENTICATION,
        tokens.SOURCE_REFRESH,
    ]
    assert hook[0].client_id == people["client"] and hook[0].user.username
