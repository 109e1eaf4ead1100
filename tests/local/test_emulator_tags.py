"""Tags on user pools and IAM roles: how a sandbox finds its own resources."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_user_pool_tags_at_create_and_by_arn(idp: Any) -> None:
    pool = idp.create_user_pool(PoolName="tagged", UserPoolTags={"sandbox": "me"})["UserPool"]
    assert idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]["UserPoolTags"] == {
        "sandbox": "me"
    }

    idp.tag_resource(ResourceArn=pool["Arn"], Tags={"owner": "ada", "sandbox": "you"})
    assert idp.list_tags_for_resource(ResourceArn=pool["Arn"])["Tags"] == {
        "sandbox": "you",
        "owner": "ada",
    }

    idp.untag_resource(ResourceArn=pool["Arn"], TagKeys=["owner", "absent"])
    assert idp.list_tags_for_resource(ResourceArn=pool["Arn"])["Tags"] == {"sandbox": "you"}
    described = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
    assert described["UserPoolTags"] == {"sandbox": "you"}


def test_tags_of_an_unknown_pool_arn(idp: Any) -> None:
    arn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_missing"

    with pytest.raises(ClientError) as caught:
        idp.list_tags_for_resource(ResourceArn=arn)

    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_iam_role_tags(client: Any) -> None:
    iam = client("iam")
    trust = {"Version": "2012-10-17", "Statement": []}
    iam.create_role(
        RoleName="sandbox-auth",
        AssumeRolePolicyDocument=json.dumps(trust),
        Tags=[{"Key": "sandbox", "Value": "me"}],
    )
    iam.tag_role(RoleName="sandbox-auth", Tags=[{"Key": "owner", "Value": "ada"}])
    iam.untag_role(RoleName="sandbox-auth", TagKeys=["sandbox"])

    tags = iam.list_role_tags(RoleName="sandbox-auth")["Tags"]

    assert tags == [{"Key": "owner", "Value": "ada"}]
