"""SSM, IAM and STS as the sandbox uses them: moto's own behaviour, confirmed over HTTP."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_ssm_parameters(client: Any) -> None:
    ssm = client("ssm")
    prefix = "/amplify/sandbox/me"
    ssm.put_parameter(Name=f"{prefix}/state", Value="v1", Type="String")
    ssm.put_parameter(Name=f"{prefix}/secret", Value="s3cret", Type="SecureString")

    with pytest.raises(ClientError) as exists:
        ssm.put_parameter(Name=f"{prefix}/state", Value="v2", Type="String")
    assert exists.value.response["Error"]["Code"] == "ParameterAlreadyExists"
    ssm.put_parameter(Name=f"{prefix}/state", Value="v2", Type="String", Overwrite=True)

    secret = ssm.get_parameter(Name=f"{prefix}/secret", WithDecryption=True)["Parameter"]
    assert (secret["Type"], secret["Value"]) == ("SecureString", "s3cret")
    hidden = ssm.get_parameter(Name=f"{prefix}/secret")["Parameter"]["Value"]
    assert hidden != "s3cret"
    by_path = ssm.get_parameters_by_path(Path=prefix, Recursive=True, WithDecryption=True)
    assert {p["Name"]: p["Value"] for p in by_path["Parameters"]} == {
        f"{prefix}/state": "v2",
        f"{prefix}/secret": "s3cret",
    }

    ssm.delete_parameter(Name=f"{prefix}/state")
    deleted = ssm.delete_parameters(Names=[f"{prefix}/secret", f"{prefix}/absent"])
    assert deleted["DeletedParameters"] == [f"{prefix}/secret"]
    assert deleted["InvalidParameters"] == [f"{prefix}/absent"]
    assert ssm.get_parameters_by_path(Path=prefix, Recursive=True)["Parameters"] == []


def test_iam_role_lifecycle(client: Any) -> None:
    iam = client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                "Action": "sts:AssumeRoleWithWebIdentity",
            }
        ],
    }
    iam.create_role(RoleName="sandbox-auth", AssumeRolePolicyDocument=json.dumps(trust))
    trust["Statement"][0]["Condition"] = {"StringEquals": {"aud": "us-east-1:abc"}}

    iam.update_assume_role_policy(RoleName="sandbox-auth", PolicyDocument=json.dumps(trust))

    role = iam.get_role(RoleName="sandbox-auth")["Role"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Condition"] == {
        "StringEquals": {"aud": "us-east-1:abc"}
    }
    iam.delete_role(RoleName="sandbox-auth")
    with pytest.raises(ClientError) as caught:
        iam.get_role(RoleName="sandbox-auth")
    assert caught.value.response["Error"]["Code"] == "NoSuchEntity"


def test_sts_caller_identity_has_an_account(client: Any) -> None:
    account = client("sts").get_caller_identity()["Account"]

    assert len(account) == 12
    assert account.isdigit()
