from __future__ import annotations

import json

from amplify_sandbox.definition.model import SecretRef
from amplify_sandbox.functions import environment
from amplify_sandbox.functions.model import FunctionSpec

SPEC = FunctionSpec(
    name="pre-sign-up",
    entry="amplify/auth/pre-sign-up/handler.ts",
    environment=(("DOMAIN", "example.com"), ("API_KEY", SecretRef("PARTNER_KEY"))),
)


def _paths(name: str) -> tuple[str, str]:
    return f"/amplify/app/dev-sandbox-0123456789/{name}", f"/amplify/shared/app/{name}"


def test_lambda_environment_never_holds_secret_values() -> None:
    variables = environment.lambda_environment(SPEC, _paths, user_pool_id="us-east-1_abc")
    assert variables["DOMAIN"] == "example.com"
    assert variables["API_KEY"] == "<value will be resolved during runtime>"
    assert variables["amplifyAuth_USERPOOL_ID"] == "us-east-1_abc"
    assert json.loads(variables["AMPLIFY_SSM_ENV_CONFIG"]) == {
        "API_KEY": {
            "path": "/amplify/app/dev-sandbox-0123456789/PARTNER_KEY",
            "sharedPath": "/amplify/shared/app/PARTNER_KEY",
        }
    }


def test_ssm_policy_covers_both_paths() -> None:
    policy = environment.ssm_policy_document(
        SPEC, _paths, lambda path: f"arn:aws:ssm:us-east-1:1:parameter/{path}"
    )
    assert policy is not None
    assert policy["Statement"][0]["Resource"] == [
        "arn:aws:ssm:us-east-1:1:parameter/amplify/app/dev-sandbox-0123456789/PARTNER_KEY",
        "arn:aws:ssm:us-east-1:1:parameter/amplify/shared/app/PARTNER_KEY",
    ]
    plain = FunctionSpec(name="x", entry="x/handler.ts")
    assert environment.ssm_policy_document(plain, _paths, lambda path: path) is None


def test_backend_env_keys() -> None:
    assert environment.backend_env_keys(SPEC, user_pool_access=True) == [
        "DOMAIN",
        "API_KEY",
        "amplifyAuth_USERPOOL_ID",
    ]
