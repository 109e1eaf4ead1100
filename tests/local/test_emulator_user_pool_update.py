"""UpdateUserPool replaces what it is given, resets what it is not, keeps what cannot change."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

FULL_CONFIG: dict[str, Any] = {
    "Policies": {
        "PasswordPolicy": {
            "MinimumLength": 12,
            "RequireUppercase": False,
            "RequireLowercase": True,
            "RequireNumbers": False,
            "RequireSymbols": False,
            "TemporaryPasswordValidityDays": 3,
        }
    },
    "AutoVerifiedAttributes": ["email"],
    "MfaConfiguration": "OFF",
    "VerificationMessageTemplate": {
        "EmailSubject": "Your sandbox code",
        "EmailMessage": "Code: {####}",
        "DefaultEmailOption": "CONFIRM_WITH_CODE",
    },
    "EmailConfiguration": {"EmailSendingAccount": "COGNITO_DEFAULT"},
    "AccountRecoverySetting": {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]},
    "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
    "UserPoolTags": {"amplify-sandbox": "me"},
    "DeletionProtection": "ACTIVE",
}


@pytest.fixture
def pool_id(idp: Any) -> str:
    created = idp.create_user_pool(
        PoolName="update-me",
        UsernameAttributes=["email"],
        UsernameConfiguration={"CaseSensitive": False},
        Schema=[
            {"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
            {"Name": "team", "AttributeDataType": "String", "Mutable": True},
        ],
        **FULL_CONFIG,
    )
    pool_id: str = created["UserPool"]["Id"]
    return pool_id


def _describe(idp: Any, pool_id: str) -> dict[str, Any]:
    pool: dict[str, Any] = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    return pool


def test_create_shows_every_field(idp: Any, pool_id: str) -> None:
    pool = _describe(idp, pool_id)

    for key, value in FULL_CONFIG.items():
        assert pool[key] == value, key


def test_update_keeps_fields_that_cannot_change(idp: Any, pool_id: str) -> None:
    before = _describe(idp, pool_id)

    idp.update_user_pool(UserPoolId=pool_id, AutoVerifiedAttributes=[])

    after = _describe(idp, pool_id)
    assert after["UsernameAttributes"] == ["email"]
    assert after["UsernameConfiguration"] == {"CaseSensitive": False}
    assert after["SchemaAttributes"] == before["SchemaAttributes"]
    assert "custom:team" in {a["Name"] for a in after["SchemaAttributes"]}


def test_update_resets_omitted_fields_to_defaults(idp: Any, pool_id: str) -> None:
    idp.update_user_pool(UserPoolId=pool_id, DeletionProtection="INACTIVE")

    pool = _describe(idp, pool_id)
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 8
    assert not pool.get("AutoVerifiedAttributes")
    assert pool["MfaConfiguration"] == "OFF"
    assert pool["VerificationMessageTemplate"]["EmailSubject"] == "Your verification code"
    assert "AccountRecoverySetting" not in pool
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is False
    assert not pool.get("UserPoolTags")
    assert pool["DeletionProtection"] == "INACTIVE"


def test_update_replaces_given_fields(idp: Any, pool_id: str) -> None:
    idp.update_user_pool(
        UserPoolId=pool_id,
        Policies={"PasswordPolicy": {"MinimumLength": 20}},
        AutoVerifiedAttributes=["phone_number"],
        MfaConfiguration="OPTIONAL",
        AccountRecoverySetting={
            "RecoveryMechanisms": [{"Priority": 1, "Name": "verified_phone_number"}]
        },
        UserPoolTags={"owner": "team"},
        DeletionProtection="ACTIVE",
    )

    pool = _describe(idp, pool_id)
    assert pool["Policies"] == {"PasswordPolicy": {"MinimumLength": 20}}
    assert pool["AutoVerifiedAttributes"] == ["phone_number"]
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["AccountRecoverySetting"]["RecoveryMechanisms"][0]["Name"] == (
        "verified_phone_number"
    )
    assert pool["UserPoolTags"] == {"owner": "team"}
    assert idp.get_user_pool_mfa_config(UserPoolId=pool_id)["MfaConfiguration"] == "OPTIONAL"


def test_mfa_set_by_set_user_pool_mfa_config_shows_in_describe(idp: Any, pool_id: str) -> None:
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="ON",
    )

    assert _describe(idp, pool_id)["MfaConfiguration"] == "ON"


def test_deletion_protection_blocks_delete(idp: Any, pool_id: str) -> None:
    with pytest.raises(ClientError) as caught:
        idp.delete_user_pool(UserPoolId=pool_id)
    assert caught.value.response["Error"]["Code"] == "InvalidParameterException"

    idp.update_user_pool(UserPoolId=pool_id, DeletionProtection="INACTIVE")
    idp.delete_user_pool(UserPoolId=pool_id)

    with pytest.raises(ClientError) as gone:
        idp.describe_user_pool(UserPoolId=pool_id)
    assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"
