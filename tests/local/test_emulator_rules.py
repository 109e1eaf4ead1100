"""Cognito's rules the emulator enforces, so a plan that would be refused by Cognito fails here
too: custom attributes can only be added, never required or redefined; MFA methods read back."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from emulator_helpers import Pool


def _attribute(name: str, **extra: Any) -> dict[str, Any]:
    return {"Name": name, "AttributeDataType": "String", "Mutable": True, **extra}


def test_adding_a_custom_attribute_works_once(idp: Any, email_pool: Pool) -> None:
    idp.add_custom_attributes(UserPoolId=email_pool.id, CustomAttributes=[_attribute("tier")])
    schema = idp.describe_user_pool(UserPoolId=email_pool.id)["UserPool"]["SchemaAttributes"]
    assert "custom:tier" in {a["Name"] for a in schema}
    with pytest.raises(ClientError) as again:
        idp.add_custom_attributes(
            UserPoolId=email_pool.id, CustomAttributes=[_attribute("tier", Mutable=False)]
        )
    assert again.value.response["Error"]["Code"] == "InvalidParameterException"


def test_a_required_custom_attribute_is_refused(idp: Any, email_pool: Pool) -> None:
    with pytest.raises(ClientError) as refused:
        idp.add_custom_attributes(
            UserPoolId=email_pool.id, CustomAttributes=[_attribute("plan", Required=True)]
        )
    assert refused.value.response["Error"]["Code"] == "InvalidParameterException"
    assert "Required custom attributes" in refused.value.response["Error"]["Message"]


def test_email_mfa_reads_back_and_is_cleared_when_mfa_is_off(idp: Any, email_pool: Pool) -> None:
    idp.set_user_pool_mfa_config(
        UserPoolId=email_pool.id,
        MfaConfiguration="OPTIONAL",
        SoftwareTokenMfaConfiguration={"Enabled": True},
        EmailMfaConfiguration={"Subject": "Your code"},
    )
    config = idp.get_user_pool_mfa_config(UserPoolId=email_pool.id)
    assert config["EmailMfaConfiguration"] == {"Subject": "Your code"}
    assert config["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    idp.set_user_pool_mfa_config(UserPoolId=email_pool.id, MfaConfiguration="OFF")
    assert "EmailMfaConfiguration" not in idp.get_user_pool_mfa_config(UserPoolId=email_pool.id)


def test_a_pool_with_a_domain_cannot_be_deleted(idp: Any, email_pool: Pool) -> None:
    idp.create_user_pool_domain(Domain="rules-domain", UserPoolId=email_pool.id)
    with pytest.raises(ClientError) as refused:
        idp.delete_user_pool(UserPoolId=email_pool.id)
    assert "domain" in refused.value.response["Error"]["Message"]
    idp.delete_user_pool_domain(Domain="rules-domain", UserPoolId=email_pool.id)
    idp.delete_user_pool(UserPoolId=email_pool.id)
