"""Each passwordless option deployed with `sandbox deploy --local` lands in Cognito as Amplify's
auth construct sets it, and the outputs file's `auth.passwordless` says what client-config
writes (issue 14 "Must show": a table in the tests, sourced).

Expected values are written out from Amplify, not computed with the product's code. Sources
(aws-amplify/amplify-backend at 014303a5bf82, auth-construct 1.11.2, and an offline synth of the
released auth-construct 1.12.0 / client-config 1.11.1; /work/shared/reference/
amplify-passwordless.md §2-3):
- AllowedFirstAuthFactors: construct.ts 1158-1180, construct.test.ts 3148-3374; synth pw-email
  [PASSWORD, EMAIL_OTP, WEB_AUTHN], pw-phone [PASSWORD, SMS_OTP, WEB_AUTHN].
- WebAuthnRelyingPartyID: construct.ts 1185-1245 ("resolves AUTO to localhost in sandbox
  mode"); WebAuthnUserVerification construct.ts 1196-1207 (synth pw-phone: required).
- ExplicitAuthFlows + ALLOW_USER_AUTH: construct.ts 1250-1278 (synth pw-email / pw-phone).
- UserPoolTier: not in the template; Cognito's default for a new pool is ESSENTIALS (botocore
  UserPoolType.UserPoolTier "Defaults to ESSENTIALS"), which USER_AUTH needs.
- outputs: client_config_contributor_v1.ts 250-268; synth pw-email / pw-phone outputs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import jsonschema
import pytest
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app
from tests.outputs.schemas import load_schema

runner = CliRunner()

DEFAULT_FLOWS = ["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
WITH_USER_AUTH = [*DEFAULT_FLOWS, "ALLOW_USER_AUTH"]

# (loginWith + extra top-level props, AllowedFirstAuthFactors (None: no SignInPolicy),
#  WebAuthnConfiguration (None: not set), client flows, outputs `passwordless` (None: no key)).
CASES: dict[str, tuple[str, list[str] | None, dict[str, str] | None, list[str], Any]] = {
    "none": ("loginWith: { email: true }", None, None, DEFAULT_FLOWS, None),
    "email-otp": (
        "loginWith: { email: { otpLogin: true } }",
        ["PASSWORD", "EMAIL_OTP"],
        None,
        WITH_USER_AUTH,
        {"email_otp_enabled": True, "sms_otp_enabled": False},
    ),
    "sms-otp": (
        "loginWith: { phone: { otpLogin: true } }",
        ["PASSWORD", "SMS_OTP"],
        None,
        WITH_USER_AUTH,
        {"email_otp_enabled": False, "sms_otp_enabled": True},
    ),
    # synth pw-email: email otp + webAuthn: true + preferredChallenge EMAIL_OTP.
    "pw-email": (
        "loginWith: { email: { otpLogin: true }, webAuthn: true },"
        " passwordlessOptions: { preferredChallenge: 'EMAIL_OTP' }",
        ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"],
        {"RelyingPartyId": "localhost", "UserVerification": "preferred"},
        WITH_USER_AUTH,
        {
            "email_otp_enabled": True,
            "sms_otp_enabled": False,
            "web_authn": {"relying_party_id": "localhost", "user_verification": "preferred"},
            "preferred_challenge": "EMAIL_OTP",
        },
    ),
    # synth pw-phone: phone otp + webAuthn { relyingPartyId: 'AUTO', userVerification: required }.
    "pw-phone": (
        "loginWith: { phone: { otpLogin: true },"
        " webAuthn: { relyingPartyId: 'AUTO', userVerification: 'required' } }",
        ["PASSWORD", "SMS_OTP", "WEB_AUTHN"],
        {"RelyingPartyId": "localhost", "UserVerification": "required"},
        WITH_USER_AUTH,
        {
            "email_otp_enabled": False,
            "sms_otp_enabled": True,
            "web_authn": {"relying_party_id": "localhost", "user_verification": "required"},
        },
    ),
    # A relying party written out is used as written.
    "webauthn-domain": (
        "loginWith: { email: true, webAuthn: { relyingPartyId: 'app.example.com' } }",
        ["PASSWORD", "WEB_AUTHN"],
        {"RelyingPartyId": "app.example.com", "UserVerification": "preferred"},
        WITH_USER_AUTH,
        {
            "email_otp_enabled": False,
            "sms_otp_enabled": False,
            "web_authn": {"relying_party_id": "app.example.com", "user_verification": "preferred"},
        },
    ),
}


def _project(tmp_path: Path, props: str) -> Path:
    project = tmp_path / "pwless"
    (project / "amplify" / "auth").mkdir(parents=True)
    (project / "package.json").write_text('{"name": "pwless", "type": "module"}')
    (project / "amplify" / "auth" / "resource.ts").write_text(
        "import { defineAuth } from '@aws-amplify/backend';\n"
        f"export const auth = defineAuth({{ {props} }});\n"
    )
    return project


def _cli(port: int, project: Path, *args: str) -> Any:
    where = ["--local", "--port", str(port), "--project-dir", str(project)]
    return runner.invoke(app, [*args, *where, "--identifier", "pw"])


def _idp(url: str) -> Any:
    return boto3.client(
        "cognito-idp",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


@pytest.mark.parametrize("case", list(CASES))
def test_each_option_lands_as_amplify_sets_it(
    case: str, tmp_path: Path, emulator_port: int, emulator_url: str
) -> None:
    props, factors, web_authn, flows, block = CASES[case]
    project = _project(tmp_path, props)
    deployed = _cli(emulator_port, project, "deploy", "--json")
    assert deployed.exit_code == 0, deployed.output
    outputs = json.loads((project / "amplify_outputs.json").read_text())
    auth = outputs["auth"]
    idp = _idp(emulator_url)
    pool = idp.describe_user_pool(UserPoolId=auth["user_pool_id"])["UserPool"]
    if factors is None:
        assert "SignInPolicy" not in pool["Policies"]
    else:
        assert pool["Policies"]["SignInPolicy"] == {"AllowedFirstAuthFactors": factors}
        assert pool["UserPoolTier"] == "ESSENTIALS"
    mfa = idp.get_user_pool_mfa_config(UserPoolId=auth["user_pool_id"])
    assert mfa.get("WebAuthnConfiguration") == web_authn
    assert mfa["MfaConfiguration"] == "OFF"
    client = idp.describe_user_pool_client(
        UserPoolId=auth["user_pool_id"], ClientId=auth["user_pool_client_id"]
    )["UserPoolClient"]
    assert client["ExplicitAuthFlows"] == flows
    assert auth.get("passwordless") == block
    jsonschema.validate(outputs, load_schema("1.5"))

    # Deployed as wanted: a second plan has nothing to do.
    plan = _cli(emulator_port, project, "plan", "--json", "--detailed-exitcode")
    assert plan.exit_code == 0, plan.stdout
    assert json.loads(plan.stdout)["data"]["has_changes"] is False


def test_turning_passkeys_on_later_is_an_update_in_place(
    tmp_path: Path, emulator_port: int, emulator_url: str
) -> None:
    project = _project(tmp_path, CASES["none"][0])
    assert _cli(emulator_port, project, "deploy", "--json").exit_code == 0
    before = json.loads((project / "amplify_outputs.json").read_text())["auth"]
    resource = project / "amplify" / "auth" / "resource.ts"
    resource.write_text(resource.read_text().replace("email: true", "email: true, webAuthn: true"))
    deployed = _cli(emulator_port, project, "deploy", "--json")
    assert deployed.exit_code == 0, deployed.output
    after = json.loads((project / "amplify_outputs.json").read_text())["auth"]
    # Cognito updates the sign-in policy, tier and relying party in place: same pool, same client.
    assert after["user_pool_id"] == before["user_pool_id"]
    assert after["user_pool_client_id"] == before["user_pool_client_id"]
    idp = _idp(emulator_url)
    mfa = idp.get_user_pool_mfa_config(UserPoolId=after["user_pool_id"])
    assert mfa["WebAuthnConfiguration"]["RelyingPartyId"] == "localhost"
    assert after["passwordless"]["web_authn"]["relying_party_id"] == "localhost"


def test_outputs_before_1_4_cannot_hold_passwordless(tmp_path: Path, emulator_port: int) -> None:
    project = _project(tmp_path, CASES["email-otp"][0])
    result = _cli(emulator_port, project, "deploy", "--outputs-version", "1.3", "--json")
    assert result.exit_code == 2, result.output
    error = json.loads(result.stdout)["error"]
    assert "Passwordless sign-in cannot be written to outputs version 1.3" in error["message"]
