"""Functions (triggers and `access`) deployed against the emulator over HTTP: the execution role,
the Lambda function, the permission for this pool and the pool's LambdaConfig; in-place updates
(a handler edit is one code update, an environment edit one configuration update); no write on a
second deploy; gone after delete; nothing changed without Node.js."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from amplify_sandbox.aws.target import AwsTarget
from amplify_sandbox.definition import load_definition
from amplify_sandbox.deploy.events import SilentReporter
from amplify_sandbox.deploy.pipeline import OutputsOptions, delete, deploy
from amplify_sandbox.desired.build import SANDBOX_TAG
from amplify_sandbox.functions.esbuild import ToolchainError, install_esbuild
from amplify_sandbox.identity import SandboxIdentity
from tests.e2e.node_deps import npm_ci

IDENTITY = SandboxIdentity("functions-app", "tester")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "functions"
WRITE_PREFIXES = ("Create", "Update", "Put", "Delete", "Set", "Tag", "Untag", "Add", "Remove")


@pytest.fixture(scope="session")
def xdg_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One esbuild for the session, where the tool looks for it ($XDG_CACHE_HOME)."""
    root = tmp_path_factory.mktemp("xdg")
    install_esbuild(root / "amplify-sandbox")
    return root


@pytest.fixture(scope="session")
def example_modules() -> Path:
    """examples/functions/node_modules (the AWS SDK its post-confirmation handler imports)."""
    npm_ci(EXAMPLE)
    return EXAMPLE / "node_modules"


@pytest.fixture
def project(
    tmp_path: Path, xdg_cache: Path, example_modules: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg_cache))
    root = tmp_path / "functions-app"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("node_modules", ".amplify"))
    (root / "node_modules").symlink_to(example_modules)
    return root


def _clients(url: str) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "endpoint_url": url,
        "region_name": "us-east-1",
        "aws_access_key_id": "x",
        "aws_secret_access_key": "x",
    }
    return {
        name: boto3.client(name, **kwargs)  # type: ignore[call-overload]
        for name in ("cognito-idp", "iam", "lambda")
    }


def _deploy(project: Path, target: AwsTarget) -> Any:
    return deploy(
        load_definition(project), IDENTITY, target, SilentReporter(), OutputsOptions(project)
    )


def _writes(target: AwsTarget) -> list[str]:
    return [c for c in target.log.calls if c.split(".", 1)[1].startswith(WRITE_PREFIXES)]


def test_deploy_creates_role_function_permission_and_triggers(
    project: Path, target: AwsTarget, emulator_url: str
) -> None:
    result = _deploy(project, target)
    aws = _clients(emulator_url)
    ids = result.state.attributes()
    pool_id, pool_arn = ids["userPool"]["id"], ids["userPool"]["arn"]

    functions = {
        name: aws["lambda"].get_function(FunctionName=ids[f"{base}Lambda"]["name"])
        for name, base in (
            ("post-confirmation", "postConfirmation"),
            ("pre-sign-up", "preSignUp"),
            ("pre-token-generation", "preTokenGeneration"),
        )
    }
    post = functions["post-confirmation"]
    config = post["Configuration"]
    assert config["FunctionName"].endswith("-post-confirmation")
    assert IDENTITY.hash10 in config["FunctionName"]
    assert config["Runtime"] == "nodejs22.x"
    assert config["Handler"] == "index.handler"
    assert config["Timeout"] == 3 and config["MemorySize"] == 512
    assert config["Architectures"] == ["x86_64"]
    variables = config["Environment"]["Variables"]
    assert variables["GROUP_NAME"] == "EVERYONE"
    # `access` adds the pool id (Amplify's `<authName>_USERPOOL_ID`).
    assert variables["amplifyAuth_USERPOOL_ID"] == pool_id
    assert json.loads(variables["AMPLIFY_SSM_ENV_CONFIG"]) == {}
    assert post["Tags"][SANDBOX_TAG] == IDENTITY.stack_name
    assert config["CodeSha256"] == result.state.resources["postConfirmationLambda"].props[
        "CodeSha256"
    ]

    role_name = config["Role"].rsplit("/", 1)[1]
    role = aws["iam"].get_role(RoleName=role_name)["Role"]
    trust = role["AssumeRolePolicyDocument"]
    trust = json.loads(trust) if isinstance(trust, str) else trust
    assert trust["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}
    policies = aws["iam"].list_role_policies(RoleName=role_name)["PolicyNames"]
    assert sorted(policies) == ["lambdaBasicExecution", "userpoolAccess0"]
    grant = aws["iam"].get_role_policy(RoleName=role_name, PolicyName="userpoolAccess0")
    document = grant["PolicyDocument"]
    document = json.loads(document) if isinstance(document, str) else document
    assert document["Statement"] == [
        {"Effect": "Allow", "Action": ["cognito-idp:AdminAddUserToGroup"], "Resource": pool_arn}
    ]
    # A function without grants gets logging only.
    pre_role = functions["pre-sign-up"]["Configuration"]["Role"].rsplit("/", 1)[1]
    assert aws["iam"].list_role_policies(RoleName=pre_role)["PolicyNames"] == [
        "lambdaBasicExecution"
    ]
    assert "amplifyAuth_USERPOOL_ID" not in (
        functions["pre-sign-up"]["Configuration"]["Environment"]["Variables"]
    )

    for name, sid in (
        ("post-confirmation", "PostConfirmationCognito"),
        ("pre-sign-up", "PreSignUpCognito"),
        ("pre-token-generation", "PreTokenGenerationCognito"),
    ):
        policy = json.loads(
            aws["lambda"].get_policy(
                FunctionName=functions[name]["Configuration"]["FunctionName"]
            )["Policy"]
        )
        (statement,) = policy["Statement"]
        assert statement["Sid"] == sid
        assert statement["Principal"] == {"Service": "cognito-idp.amazonaws.com"}
        assert statement["Condition"]["ArnLike"]["AWS:SourceArn"] == pool_arn

    lambda_config = aws["cognito-idp"].describe_user_pool(UserPoolId=pool_id)["UserPool"][
        "LambdaConfig"
    ]
    arn = {name: f["Configuration"]["FunctionArn"] for name, f in functions.items()}
    assert lambda_config["PostConfirmation"] == arn["post-confirmation"]
    assert lambda_config["PreSignUp"] == arn["pre-sign-up"]
    assert lambda_config["PreTokenGeneration"] == arn["pre-token-generation"]
    assert lambda_config["PreTokenGenerationConfig"] == {
        "LambdaArn": arn["pre-token-generation"],
        "LambdaVersion": "V1_0",
    }
    # Amplify's generated, typed env module is there for the editor and tsc.
    env_module = project / ".amplify" / "generated" / "env" / "post-confirmation.ts"
    assert "GROUP_NAME: string;" in env_module.read_text()


def test_second_deploy_writes_nothing(project: Path, target: AwsTarget) -> None:
    _deploy(project, target)
    target.log.calls.clear()
    result = _deploy(project, target)
    assert not result.plan.has_changes
    assert _writes(target) == []


def test_handler_edit_is_one_code_update(project: Path, target: AwsTarget) -> None:
    _deploy(project, target)
    handler = project / "amplify" / "auth" / "pre-sign-up" / "handler.ts"
    handler.write_text(handler.read_text().replace("are not allowed", "are refused"))
    target.log.calls.clear()
    _deploy(project, target)
    writes = _writes(target)
    assert writes.count("lambda.UpdateFunctionCode") == 1
    assert "lambda.UpdateFunctionConfiguration" not in writes
    assert [w for w in writes if w.startswith("lambda.")] == ["lambda.UpdateFunctionCode"]


def test_environment_edit_is_one_configuration_update(project: Path, target: AwsTarget) -> None:
    _deploy(project, target)
    resource = project / "amplify" / "auth" / "pre-token-generation" / "resource.ts"
    resource.write_text(resource.read_text().replace("'sandbox'", "'gold'"))
    target.log.calls.clear()
    result = _deploy(project, target)
    writes = [w for w in _writes(target) if w.startswith("lambda.")]
    assert writes == ["lambda.UpdateFunctionConfiguration"]
    name = result.state.resources["preTokenGenerationLambda"].physical_id
    config = target.clients.lambda_.get_function_configuration(FunctionName=name)
    assert config["Environment"]["Variables"]["CLAIM_VALUE"] == "gold"


def test_delete_removes_functions_and_roles(
    project: Path, target: AwsTarget, emulator_url: str
) -> None:
    result = _deploy(project, target)
    names = [
        result.state.resources[f"{base}Lambda"].physical_id
        for base in ("postConfirmation", "preSignUp", "preTokenGeneration")
    ]
    roles = [
        result.state.resources[f"{base}LambdaRole"].physical_id
        for base in ("postConfirmation", "preSignUp", "preTokenGeneration")
    ]
    delete(IDENTITY, target, SilentReporter(), project)
    aws = _clients(emulator_url)
    for name in names:
        with pytest.raises(ClientError) as gone:
            aws["lambda"].get_function(FunctionName=name)
        assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"
    for role in roles:
        with pytest.raises(ClientError):
            aws["iam"].get_role(RoleName=role)


def test_without_node_nothing_is_changed(
    project: Path, target: AwsTarget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "no-node"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(ToolchainError) as refused:
        _deploy(project, target)
    assert "Node.js" in refused.value.message
    assert target.log.calls == []
    assert os.environ["PATH"] == str(empty)
