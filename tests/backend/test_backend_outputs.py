"""backend.ts overrides of the sign-in attributes and MFA reach the outputs file: deployed to
the emulator through the CLI, `username_attributes`, `mfa_configuration` and `mfa_methods`
state what DescribeUserPool / GetUserPoolMfaConfig say the pool is (the construct's Lazy
outputs read the overridden L1 pool: auth-construct construct.ts storeOutput)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app

runner = CliRunner()

RESOURCE = """import { defineAuth } from '@aws-amplify/backend';

export const auth = defineAuth({
  loginWith: { email: true },
  multifactor: { mode: 'OPTIONAL', totp: true },
});
"""

HEAD = """import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';

const backend = defineBackend({ auth });
const { cfnUserPool } = backend.auth.resources.cfnResources;
"""

# Cognito's MfaConfiguration → the outputs' mfa_configuration (client-config).
_MFA = {"OFF": "NONE", "OPTIONAL": "OPTIONAL", "ON": "REQUIRED"}

CASES = {
    "username-and-mfa": (
        "cfnUserPool.usernameAttributes = ['email', 'phone_number'];\n"
        "cfnUserPool.mfaConfiguration = 'ON';\n",
        ["email", "phone_number"],
        "REQUIRED",
    ),
    "alias-attributes": (
        "cfnUserPool.usernameAttributes = undefined;\n"
        "cfnUserPool.aliasAttributes = ['email', 'preferred_username'];\n",
        [],
        "OPTIONAL",
    ),
    "mfa-through-addPropertyOverride": (
        "cfnUserPool.addPropertyOverride('MfaConfiguration', 'ON');\n",
        ["email"],
        "REQUIRED",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_outputs_state_the_overridden_pool(
    seed_project: Path, emulator_port: int, emulator_url: str, case: str
) -> None:
    statements, usernames, mfa = CASES[case]
    (seed_project / "amplify" / "auth" / "resource.ts").write_text(RESOURCE)
    (seed_project / "amplify" / "backend.ts").write_text(HEAD + statements)
    args = ["--local", "--port", str(emulator_port), "--project-dir", str(seed_project)]
    result = runner.invoke(app, ["deploy", *args, "--identifier", "bto"])
    assert result.exit_code == 0, result.output

    idp = boto3.client(
        "cognito-idp",
        endpoint_url=emulator_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    (listed,) = idp.list_user_pools(MaxResults=10)["UserPools"]
    pool = idp.describe_user_pool(UserPoolId=listed["Id"])["UserPool"]
    mfa_config = idp.get_user_pool_mfa_config(UserPoolId=listed["Id"])
    auth = json.loads((seed_project / "amplify_outputs.json").read_text())["auth"]

    assert auth["username_attributes"] == usernames
    assert auth["username_attributes"] == [a.lower() for a in pool.get("UsernameAttributes", [])]
    assert auth["mfa_configuration"] == mfa == _MFA[pool["MfaConfiguration"]]
    assert auth["mfa_methods"] == ["TOTP"]
    assert mfa_config["SoftwareTokenMfaConfiguration"]["Enabled"] is True
    required = sorted(a["Name"] for a in pool["SchemaAttributes"] if a.get("Required"))
    # Not overridable, so the definition's: email (sub is Cognito's own).
    assert auth["standard_required_attributes"] == ["email"]
    assert [name for name in required if name != "sub"] == ["email"]
    if case == "alias-attributes":
        assert pool["AliasAttributes"] == ["email", "preferred_username"]
