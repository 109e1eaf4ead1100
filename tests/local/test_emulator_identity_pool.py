"""Identity pools: role attachment, tags, full-replace updates, GetId with a user pool login."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from emulator_helpers import PASSWORD, Pool, confirmed_user
from srp_client import SrpClient

AUTH_ROLE = "arn:aws:iam::123456789012:role/sandbox-auth"
UNAUTH_ROLE = "arn:aws:iam::123456789012:role/sandbox-unauth"


def _provider(pool: Pool) -> str:
    return f"cognito-idp.us-east-1.amazonaws.com/{pool.id}"


@pytest.fixture
def identity_pool(identity: Any, email_pool: Pool) -> dict[str, Any]:
    created: dict[str, Any] = identity.create_identity_pool(
        IdentityPoolName="sandbox_identity",
        AllowUnauthenticatedIdentities=False,
        CognitoIdentityProviders=[
            {"ProviderName": _provider(email_pool), "ClientId": email_pool.client_id}
        ],
        IdentityPoolTags={"sandbox": "me"},
    )
    return created


def _arn(pool_id: str) -> str:
    return f"arn:aws:cognito-identity:us-east-1:123456789012:identitypool/{pool_id}"


def test_set_and_get_roles(identity: Any, identity_pool: dict[str, Any], email_pool: Pool) -> None:
    pool_id = identity_pool["IdentityPoolId"]
    mappings = {
        f"{_provider(email_pool)}:{email_pool.client_id}": {
            "Type": "Token",
            "AmbiguousRoleResolution": "AuthenticatedRole",
        }
    }

    identity.set_identity_pool_roles(
        IdentityPoolId=pool_id,
        Roles={"authenticated": AUTH_ROLE, "unauthenticated": UNAUTH_ROLE},
        RoleMappings=mappings,
    )

    roles = identity.get_identity_pool_roles(IdentityPoolId=pool_id)
    assert roles["IdentityPoolId"] == pool_id
    assert roles["Roles"] == {"authenticated": AUTH_ROLE, "unauthenticated": UNAUTH_ROLE}
    assert roles["RoleMappings"] == mappings


def test_set_roles_replaces(identity: Any, identity_pool: dict[str, Any]) -> None:
    pool_id = identity_pool["IdentityPoolId"]
    identity.set_identity_pool_roles(
        IdentityPoolId=pool_id, Roles={"authenticated": AUTH_ROLE, "unauthenticated": UNAUTH_ROLE}
    )

    identity.set_identity_pool_roles(IdentityPoolId=pool_id, Roles={"authenticated": AUTH_ROLE})

    roles = identity.get_identity_pool_roles(IdentityPoolId=pool_id)
    assert roles["Roles"] == {"authenticated": AUTH_ROLE}
    assert "RoleMappings" not in roles


def test_roles_go_with_the_pool(identity: Any, identity_pool: dict[str, Any]) -> None:
    pool_id = identity_pool["IdentityPoolId"]
    identity.set_identity_pool_roles(IdentityPoolId=pool_id, Roles={"authenticated": AUTH_ROLE})

    identity.delete_identity_pool(IdentityPoolId=pool_id)

    with pytest.raises(ClientError) as caught:
        identity.get_identity_pool_roles(IdentityPoolId=pool_id)
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_roles_of_an_unknown_pool(identity: Any) -> None:
    with pytest.raises(ClientError) as caught:
        identity.set_identity_pool_roles(
            IdentityPoolId="us-east-1:00000000-0000-0000-0000-000000000000",
            Roles={"authenticated": AUTH_ROLE},
        )

    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_tags_on_create_describe_update_and_by_arn(
    identity: Any, identity_pool: dict[str, Any]
) -> None:
    pool_id = identity_pool["IdentityPoolId"]
    described = identity.describe_identity_pool(IdentityPoolId=pool_id)
    assert described["IdentityPoolTags"] == {"sandbox": "me"}

    identity.tag_resource(ResourceArn=_arn(pool_id), Tags={"owner": "ada"})
    identity.untag_resource(ResourceArn=_arn(pool_id), TagKeys=["sandbox"])
    assert identity.list_tags_for_resource(ResourceArn=_arn(pool_id))["Tags"] == {"owner": "ada"}

    identity.update_identity_pool(
        IdentityPoolId=pool_id,
        IdentityPoolName="sandbox_identity",
        AllowUnauthenticatedIdentities=False,
        IdentityPoolTags={"sandbox": "again"},
    )
    assert identity.list_tags_for_resource(ResourceArn=_arn(pool_id))["Tags"] == {
        "sandbox": "again"
    }


def test_update_is_a_full_replace(identity: Any, identity_pool: dict[str, Any]) -> None:
    pool_id = identity_pool["IdentityPoolId"]

    updated = identity.update_identity_pool(
        IdentityPoolId=pool_id,
        IdentityPoolName="renamed",
        AllowUnauthenticatedIdentities=True,
        AllowClassicFlow=True,
    )

    described = identity.describe_identity_pool(IdentityPoolId=pool_id)
    for document in (updated, described):
        assert document["IdentityPoolName"] == "renamed"
        assert document["AllowUnauthenticatedIdentities"] is True
        assert document["AllowClassicFlow"] is True
        assert not document.get("CognitoIdentityProviders")
        assert document["IdentityPoolTags"] == {"sandbox": "me"}


def _id_token(idp: Any, pool: Pool) -> str:
    confirmed_user(idp, pool, "ada@example.com")
    result = SrpClient(pool.id, pool.client_id).sign_in(idp, "ada@example.com", PASSWORD)
    token: str = result["AuthenticationResult"]["IdToken"]
    return token


def test_get_id_and_credentials_with_a_user_pool_login(
    idp: Any, identity: Any, identity_pool: dict[str, Any], email_pool: Pool
) -> None:
    pool_id = identity_pool["IdentityPoolId"]
    logins = {_provider(email_pool): _id_token(idp, email_pool)}

    first = identity.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
    second = identity.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
    credentials = identity.get_credentials_for_identity(IdentityId=first, Logins=logins)

    assert first == second
    assert first.startswith("us-east-1:")
    assert credentials["IdentityId"] == first
    assert {"AccessKeyId", "SecretKey", "SessionToken", "Expiration"} <= set(
        credentials["Credentials"]
    )


def test_get_id_refuses_a_provider_the_pool_does_not_trust(
    idp: Any, identity: Any, email_pool: Pool
) -> None:
    token = _id_token(idp, email_pool)
    other = identity.create_identity_pool(
        IdentityPoolName="other", AllowUnauthenticatedIdentities=False
    )

    with pytest.raises(ClientError) as caught:
        identity.get_id(
            IdentityPoolId=other["IdentityPoolId"], Logins={_provider(email_pool): token}
        )

    assert caught.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_get_id_refuses_a_forged_token(
    identity: Any, identity_pool: dict[str, Any], email_pool: Pool
) -> None:
    forged = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln"

    with pytest.raises(ClientError) as caught:
        identity.get_id(
            IdentityPoolId=identity_pool["IdentityPoolId"],
            Logins={_provider(email_pool): forged},
        )

    assert caught.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_unauthenticated_get_id_follows_the_pool_setting(
    identity: Any, identity_pool: dict[str, Any]
) -> None:
    with pytest.raises(ClientError) as caught:
        identity.get_id(IdentityPoolId=identity_pool["IdentityPoolId"])
    assert caught.value.response["Error"]["Code"] == "NotAuthorizedException"

    guests = identity.create_identity_pool(
        IdentityPoolName="guests", AllowUnauthenticatedIdentities=True
    )
    assert identity.get_id(IdentityPoolId=guests["IdentityPoolId"])["IdentityId"]


def test_get_id_of_an_unknown_pool(identity: Any) -> None:
    with pytest.raises(ClientError) as caught:
        identity.get_id(IdentityPoolId="us-east-1:00000000-0000-0000-0000-000000000000")

    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
