"""A function's Lambda environment, as Amplify builds it (function_env_translator.ts):

- plain `environment` values as they are;
- a `secret('NAME')` value becomes the placeholder text, and `AMPLIFY_SSM_ENV_CONFIG` lists
  `{variable: {path, sharedPath}}` (the sandbox's SSM path, then the shared fallback) that the
  bundle's banner resolves at run time; the role may `ssm:GetParameters` on exactly those paths.
  So no secret value is ever in the bundle, the function's configuration or the state record;
- an `access` grant adds `<authName>_USERPOOL_ID` (Amplify resolves it from SSM; here it is the
  pool id itself, it is not a secret).

Locally the emulator passes the values themselves to the warm process instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from amplify_sandbox.functions.access import userpool_id_env_key
from amplify_sandbox.functions.model import SECRET_PLACEHOLDER, SSM_ENV_CONFIG_KEY, FunctionSpec

# (secret name) -> (sandbox path, shared path), e.g. from SsmSecretStore.path.
SecretPaths = Callable[[str], tuple[str, str]]


def backend_env_keys(
    spec: FunctionSpec, *, user_pool_access: bool, auth_name: str = "amplifyAuth"
) -> list[str]:
    """The keys `$amplify/env/<name>` declares: the function's own, then what access adds."""
    keys = [key for key, _ in spec.environment]
    if user_pool_access:
        keys.append(userpool_id_env_key(auth_name))
    return list(dict.fromkeys(keys))


def ssm_env_config(spec: FunctionSpec, secret_paths: SecretPaths) -> dict[str, dict[str, str]]:
    config: dict[str, dict[str, str]] = {}
    for key, secret_name in spec.secret_environment().items():
        path, shared = secret_paths(secret_name)
        config[key] = {"path": path, "sharedPath": shared}
    return config


def lambda_environment(
    spec: FunctionSpec,
    secret_paths: SecretPaths,
    *,
    user_pool_id: str | None = None,
    auth_name: str = "amplifyAuth",
) -> dict[str, str]:
    """`Environment.Variables` for CreateFunction / UpdateFunctionConfiguration."""
    variables: dict[str, str] = {}
    for key, value in spec.environment:
        variables[key] = value if isinstance(value, str) else SECRET_PLACEHOLDER
    if user_pool_id is not None:
        variables[userpool_id_env_key(auth_name)] = user_pool_id
    variables[SSM_ENV_CONFIG_KEY] = json.dumps(ssm_env_config(spec, secret_paths), sort_keys=True)
    return variables


def ssm_policy_document(
    spec: FunctionSpec, secret_paths: SecretPaths, arn: Callable[[str], Any]
) -> dict[str, Any] | None:
    """The role's `ssm:GetParameters` statement for its secrets (None without secrets);
    `arn(path)` is the ARN of the parameter at `path` (no leading slash)."""
    resources: list[Any] = []
    for entry in ssm_env_config(spec, secret_paths).values():
        for path in (entry["path"], entry["sharedPath"]):
            resource = arn(path.lstrip("/"))
            if resource not in resources:
                resources.append(resource)
    if not resources:
        return None
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["ssm:GetParameters"], "Resource": resources}],
    }
