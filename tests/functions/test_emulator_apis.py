"""The building blocks fit the emulator's IAM, Lambda and Cognito APIs over HTTP (what phase 2's
handlers will call): the zip's hash is Lambda's CodeSha256, the policies and LambdaConfig are
accepted as built."""

from __future__ import annotations

import json
from pathlib import Path

import boto3

from amplify_sandbox.functions import access
from amplify_sandbox.functions.bundle import bundle_function
from amplify_sandbox.functions.model import FunctionSpec


def _client(service: str, url: str):  # type: ignore[no-untyped-def]
    return boto3.client(service, endpoint_url=url, region_name="us-east-1")


def test_function_role_permission_and_lambda_config(tmp_path: Path, emulator_url: str) -> None:
    folder = tmp_path / "amplify" / "auth" / "post-confirmation"
    folder.mkdir(parents=True)
    (folder / "handler.py").write_text("def handler(event, context):\n    return event\n")
    spec = FunctionSpec(
        name="post-confirmation",
        entry="amplify/auth/post-confirmation/handler.py",
        runtime="python3.13",
    )
    bundle = bundle_function(spec, tmp_path)
    cognito = _client("cognito-idp", emulator_url)
    pool = cognito.create_user_pool(PoolName="p")["UserPool"]
    iam = _client("iam", emulator_url)
    role = iam.create_role(
        RoleName="post-confirmation-role",
        AssumeRolePolicyDocument=json.dumps(access.lambda_trust_policy()),
    )["Role"]
    # (AWS-managed AWSLambdaBasicExecutionRole is absent from moto unless it loads managed
    # policies; see /work/notes/funcs.md.)
    iam.put_role_policy(
        RoleName=role["RoleName"],
        PolicyName="userpoolAccess1",
        PolicyDocument=json.dumps(access.access_policy_document(["addUserToGroup"], pool["Arn"])),
    )
    lam = _client("lambda", emulator_url)
    created = lam.create_function(
        FunctionName=spec.name,
        Runtime=spec.runtime,
        Role=role["Arn"],
        Handler=spec.handler,
        Code={"ZipFile": bundle.zip_bytes},
        Timeout=spec.timeout_seconds,
        MemorySize=spec.memory_mb,
        Architectures=[spec.architecture],
    )
    assert created["CodeSha256"] == bundle.code_sha256
    lam.add_permission(
        FunctionName=spec.name,
        StatementId=access.permission_statement_id("postConfirmation"),
        Action="lambda:InvokeFunction",
        Principal=access.COGNITO_PRINCIPAL,
        SourceArn=pool["Arn"],
    )
    statement = json.loads(lam.get_policy(FunctionName=spec.name)["Policy"])["Statement"][0]
    assert statement["Sid"] == "PostConfirmationCognito"
    assert statement["Condition"] == {"ArnLike": {"AWS:SourceArn": pool["Arn"]}}
    config = access.lambda_config(
        {"postConfirmation": created["FunctionArn"], "preTokenGeneration": created["FunctionArn"]},
        pre_token_version="V2_0",
    )
    cognito.update_user_pool(UserPoolId=pool["Id"], LambdaConfig=config)
    described = cognito.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]["LambdaConfig"]
    assert access.trigger_events_of(described) == {
        "postConfirmation": created["FunctionArn"],
        "preTokenGeneration": created["FunctionArn"],
    }
    assert access.pre_token_version_of(described) == "V2_0"
