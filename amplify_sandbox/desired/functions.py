"""The Lambda side of `triggers` and `access`: per function an execution role, the function and
(per trigger) the permission that lets this pool invoke it; and the pool's `LambdaConfig`,
a resource of its own so the order is pool → role → function → permission → trigger
configuration (the role's grants and the function's environment name the pool; the pool's
configuration names the functions).

Amplify's names are CloudFormation-generated (`amplify-<app>-<user>-sandbox-<hash>-<name>
lambda<id>-<suffix>`); this tool names them the same way its other resources are named: the
sandbox's prefix and hash, then the function's name.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.desired.resources import DesiredResource, Join, Ref, ResourceKind
from amplify_sandbox.functions.access import (
    COGNITO_PRINCIPAL,
    LAMBDA_CONFIG_KEYS,
    access_policy_document,
    lambda_trust_policy,
    permission_statement_id,
)
from amplify_sandbox.functions.environment import lambda_environment, ssm_policy_document
from amplify_sandbox.functions.model import FunctionSpec
from amplify_sandbox.identity import SandboxIdentity, sanitize

TRIGGERS = "userPoolTriggers"
_MAX_FUNCTION_NAME = 64
_MAX_ROLE_NAME = 64

# AWSLambdaBasicExecutionRole's statement, inline (no managed policy to depend on).
BASIC_LOGGING_POLICY: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": "*",
        }
    ],
}


@dataclass(frozen=True)
class BuiltCode:
    """A function's bundle as deploy needs it: Lambda's CodeSha256 and the zip on disk."""

    code_sha256: str
    zip_path: str


def logical_base(name: str) -> str:
    """`post-confirmation` → `postConfirmation` (a logical id part)."""
    parts = [part for part in re.split(r"[^A-Za-z0-9]+", name) if part]
    if not parts:
        return "function"
    return parts[0][:1].lower() + parts[0][1:] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def role_id(spec: FunctionSpec) -> str:
    return f"{logical_base(spec.name)}LambdaRole"


def function_id(spec: FunctionSpec) -> str:
    return f"{logical_base(spec.name)}Lambda"


def permission_id(spec: FunctionSpec, event: str) -> str:
    return f"{logical_base(spec.name)}{permission_statement_id(event)}Permission"


def _short(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:4]


def function_name(identity: SandboxIdentity, spec: FunctionSpec) -> str:
    prefix = f"amplify-{identity.namespace_s[:12]}-{identity.name_s[:12]}-{identity.hash10}-"
    own = re.sub(r"[^A-Za-z0-9_-]", "", spec.name.replace(" ", "-")) or "function"
    room = _MAX_FUNCTION_NAME - len(prefix)
    if len(own) > room:
        own = own[: room - 4] + _short(spec.name)
    return prefix + own


def role_name(identity: SandboxIdentity, spec: FunctionSpec) -> str:
    suffix = f"{sanitize(spec.name)[:10]}{_short(spec.name)}Fn"
    name = f"amplify-{identity.namespace_s[:12]}-{identity.name_s[:12]}-{identity.hash10}-{suffix}"
    return name[:_MAX_ROLE_NAME]


def _pool_arn(user_pool: str) -> Ref:
    return Ref(user_pool, "arn")


def _grant_actions(definition: AuthDefinition, spec: FunctionSpec) -> list[tuple[str, ...]]:
    return [
        grant.actions
        for grant in definition.access
        if grant.function.spec is not None and grant.function.spec.name == spec.name
    ]


def function_resources(
    definition: AuthDefinition,
    identity: SandboxIdentity,
    code: Mapping[str, BuiltCode],
    user_pool: str,
    target: str,
) -> list[DesiredResource]:
    """The roles, functions, permissions and trigger configuration the definition asks for.

    `code` maps each function's name to its bundle (built before planning)."""
    resources: list[DesiredResource] = []
    for spec in definition.functions:
        resources += _one_function(definition, identity, spec, code[spec.name], user_pool, target)
    triggers: dict[str, Any] = {}
    for trigger in definition.triggers:
        target_spec = trigger.function.spec
        if target_spec is None:
            continue
        arn = Ref(function_id(target_spec), "arn")
        triggers[LAMBDA_CONFIG_KEYS[trigger.event]] = arn
        if trigger.event == "preTokenGeneration":
            triggers["PreTokenGenerationConfig"] = {
                "LambdaArn": arn,
                "LambdaVersion": definition.pre_token_generation_version,
            }
    if triggers:
        resources.append(
            DesiredResource(
                TRIGGERS,
                ResourceKind.USER_POOL_LAMBDA_CONFIG,
                {"UserPoolId": Ref(user_pool, "id"), "LambdaConfig": triggers},
            )
        )
    return resources


def _secret_paths(identity: SandboxIdentity) -> Any:
    def paths(name: str) -> tuple[str, str]:
        return f"{identity.secret_path}/{name}", f"{identity.shared_secret_path}/{name}"

    return paths


def _one_function(
    definition: AuthDefinition,
    identity: SandboxIdentity,
    spec: FunctionSpec,
    built: BuiltCode,
    user_pool: str,
    target: str,
) -> list[DesiredResource]:
    grants = _grant_actions(definition, spec)
    policies: dict[str, Any] = {"lambdaBasicExecution": BASIC_LOGGING_POLICY}
    pool_arn = _pool_arn(user_pool)
    for index, actions in enumerate(grants):
        document = access_policy_document(actions, "POOL_ARN")
        for statement in document["Statement"]:
            statement["Resource"] = pool_arn
        policies[f"userpoolAccess{index}"] = document
    secret_paths = _secret_paths(identity)
    ssm = ssm_policy_document(
        spec,
        secret_paths,
        lambda path: Join(
            (
                "arn:aws:ssm:",
                Ref(target, "region"),
                ":",
                Ref(target, "account"),
                f":parameter/{path}",
            )
        ),
    )
    if ssm is not None:
        policies["ssmSecrets"] = ssm
    role = DesiredResource(
        role_id(spec),
        ResourceKind.IAM_ROLE,
        {
            "RoleName": role_name(identity, spec),
            "AssumeRolePolicyDocument": lambda_trust_policy(),
            "Policies": policies,
        },
    )
    variables: dict[str, Any] = dict(
        lambda_environment(spec, secret_paths, user_pool_id="POOL_ID" if grants else None)
    )
    for key, value in variables.items():
        if value == "POOL_ID":
            variables[key] = Ref(user_pool, "id")
    function = DesiredResource(
        function_id(spec),
        ResourceKind.LAMBDA_FUNCTION,
        {
            "FunctionName": function_name(identity, spec),
            "Runtime": spec.runtime,
            "Handler": spec.handler,
            "Role": Ref(role.logical_id, "arn"),
            "Timeout": spec.timeout_seconds,
            "MemorySize": spec.memory_mb,
            "Architectures": [spec.architecture],
            "Environment": {"Variables": variables},
            "CodeSha256": built.code_sha256,
            "CodePath": built.zip_path,
        },
    )
    permissions = [
        DesiredResource(
            permission_id(spec, trigger.event),
            ResourceKind.LAMBDA_PERMISSION,
            {
                "FunctionName": Ref(function.logical_id, "name"),
                "StatementId": permission_statement_id(trigger.event),
                "Action": "lambda:InvokeFunction",
                "Principal": COGNITO_PRINCIPAL,
                "SourceArn": pool_arn,
            },
        )
        for trigger in definition.triggers
        if trigger.function.spec is not None and trigger.function.spec.name == spec.name
    ]
    return [role, function, *permissions]
