"""USER_AUTH against the emulator over HTTP with boto3: each first factor (EMAIL_OTP, SMS_OTP,
PASSWORD, PASSWORD_SRP, WEB_AUTHN), SELECT_CHALLENGE and PREFERRED_CHALLENGE; a wrong code and
a wrong passkey are refused; passkeys registered with a real attestation, listed and deleted."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app
from tests.local.srp_client import SrpClient
from tests.passwordless.authenticator import SoftAuthenticator

runner = CliRunner()

PASSWORD = "Correct-Horse-1"
CODE = "123456"
EMAIL = "ana@example.com"
PHONE = "+15555550123"


def _idp(url: str) -> Any:
    return boto3.client(
        "cognito-idp",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def _deploy(tmp_path: Path, port: int, login: str) -> dict[str, Any]:
    project = tmp_path / "pwless"
    (project / "amplify" / "auth").mkdir(parents=True)
    (project / "package.json").write_text('{"name": "pwless", "type": "module"}')
    (project / "amplify" / "auth" / "resource.ts").write_text(
        "import { defineAuth } from '@aws-amplify/backend';\n"
        f"export const auth = defineAuth({{ loginWith: {login} }});\n"
    )
    where = ["--local", "--port", str(port), "--project-dir", str(project)]
    result = runner.invoke(app, ["deploy", "--json", *where, "--identifier", "pw"])
    assert result.exit_code == 0, result.output
    auth: dict[str, Any] = json.loads((project / "amplify_outputs.json").read_text())["auth"]
    return auth


@pytest.fixture
def email_pool(tmp_path: Path, emulator_port: int, emulator_url: str) -> tuple[Any, str, str]:
    auth = _deploy(tmp_path, emulator_port, "{ email: { otpLogin: true }, webAuthn: true }")
    idp = _idp(emulator_url)
    client_id = auth["user_pool_client_id"]
    idp.sign_up(
        ClientId=client_id,
        Username=EMAIL,
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": EMAIL}],
    )
    idp.confirm_sign_up(ClientId=client_id, Username=EMAIL, ConfirmationCode=CODE)
    return idp, client_id, auth["user_pool_id"]


def _user_auth(idp: Any, client_id: str, **params: str) -> dict[str, Any]:
    result: dict[str, Any] = idp.initiate_auth(
        ClientId=client_id, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": EMAIL, **params}
    )
    return result


def _signed_in_as(idp: Any, result: dict[str, Any], username: str = EMAIL) -> str:
    token: str = result["AuthenticationResult"]["AccessToken"]
    attributes = idp.get_user(AccessToken=token)["UserAttributes"]
    assert {"Name": "email", "Value": username} in attributes
    return token


def test_select_challenge_lists_what_the_user_can_answer(email_pool: tuple[Any, str, str]) -> None:
    idp, client_id, _ = email_pool
    started = _user_auth(idp, client_id)
    assert started["ChallengeName"] == "SELECT_CHALLENGE"
    # No passkey yet: WEB_AUTHN is not offered.
    assert started["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]
    otp = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="SELECT_CHALLENGE",
        Session=started["Session"],
        ChallengeResponses={"USERNAME": EMAIL, "ANSWER": "EMAIL_OTP"},
    )
    assert otp["ChallengeName"] == "EMAIL_OTP"
    assert otp["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == "EMAIL"
    done = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="EMAIL_OTP",
        Session=otp["Session"],
        ChallengeResponses={"USERNAME": EMAIL, "EMAIL_OTP_CODE": CODE},
    )
    _signed_in_as(idp, done)


def test_email_otp_preferred_and_a_wrong_code_is_refused(
    email_pool: tuple[Any, str, str],
) -> None:
    idp, client_id, _ = email_pool
    otp = _user_auth(idp, client_id, PREFERRED_CHALLENGE="EMAIL_OTP")
    assert otp["ChallengeName"] == "EMAIL_OTP"
    with pytest.raises(ClientError) as wrong:
        idp.respond_to_auth_challenge(
            ClientId=client_id,
            ChallengeName="EMAIL_OTP",
            Session=otp["Session"],
            ChallengeResponses={"USERNAME": EMAIL, "EMAIL_OTP_CODE": "654321"},
        )
    assert wrong.value.response["Error"]["Code"] == "CodeMismatchException"
    # The session stays open for another try, as Cognito's does.
    done = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="EMAIL_OTP",
        Session=otp["Session"],
        ChallengeResponses={"USERNAME": EMAIL, "EMAIL_OTP_CODE": CODE},
    )
    _signed_in_as(idp, done)
    # A finished session cannot be used again.
    with pytest.raises(ClientError) as reused:
        idp.respond_to_auth_challenge(
            ClientId=client_id,
            ChallengeName="EMAIL_OTP",
            Session=otp["Session"],
            ChallengeResponses={"USERNAME": EMAIL, "EMAIL_OTP_CODE": CODE},
        )
    assert reused.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_password_as_first_factor(email_pool: tuple[Any, str, str]) -> None:
    idp, client_id, _ = email_pool
    done = _user_auth(idp, client_id, PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD)
    _signed_in_as(idp, done)
    with pytest.raises(ClientError) as wrong:
        _user_auth(idp, client_id, PREFERRED_CHALLENGE="PASSWORD", PASSWORD="Wrong-Horse-1")
    assert wrong.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_password_srp_as_first_factor(email_pool: tuple[Any, str, str]) -> None:
    idp, client_id, pool_id = email_pool
    srp = SrpClient(pool_id, client_id)
    started = _user_auth(
        idp, client_id, PREFERRED_CHALLENGE="PASSWORD_SRP", SRP_A=f"{srp.large_a:x}"
    )
    assert started["ChallengeName"] == "PASSWORD_VERIFIER"
    done = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.answer(started["ChallengeParameters"], PASSWORD, datetime.now(UTC)),
    )
    _signed_in_as(idp, done)


def test_passkey_registration_sign_in_and_a_forged_assertion(
    email_pool: tuple[Any, str, str],
) -> None:
    idp, client_id, _ = email_pool
    token = _signed_in_as(
        idp, _user_auth(idp, client_id, PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD)
    )
    device = SoftAuthenticator()
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    assert options["rp"]["id"] == "localhost"
    assert options["authenticatorSelection"]["residentKey"] == "required"
    idp.complete_web_authn_registration(AccessToken=token, Credential=device.register(options))
    listed = idp.list_web_authn_credentials(AccessToken=token)["Credentials"]
    assert [(c["CredentialId"], c["RelyingPartyId"]) for c in listed] == [
        (device.register(options)["id"], "localhost")
    ]

    # Now WEB_AUTHN is offered, and a real assertion signs in.
    assert "WEB_AUTHN" in _user_auth(idp, client_id)["AvailableChallenges"]
    challenge = _user_auth(idp, client_id, PREFERRED_CHALLENGE="WEB_AUTHN")
    assert challenge["ChallengeName"] == "WEB_AUTHN"
    request = json.loads(challenge["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    assert request["rpId"] == "localhost"
    done = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="WEB_AUTHN",
        Session=challenge["Session"],
        ChallengeResponses={"USERNAME": EMAIL, "CREDENTIAL": json.dumps(device.assert_(request))},
    )
    _signed_in_as(idp, done)

    # Signed by another key: refused.
    challenge = _user_auth(idp, client_id, PREFERRED_CHALLENGE="WEB_AUTHN")
    request = json.loads(challenge["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    forged = device.assert_(request, forge=True)
    with pytest.raises(ClientError) as refused:
        idp.respond_to_auth_challenge(
            ClientId=client_id,
            ChallengeName="WEB_AUTHN",
            Session=challenge["Session"],
            ChallengeResponses={"USERNAME": EMAIL, "CREDENTIAL": json.dumps(forged)},
        )
    assert refused.value.response["Error"]["Code"] == "NotAuthorizedException"

    # A replayed assertion (an old sign count, an old challenge) is refused too.
    challenge = _user_auth(idp, client_id, PREFERRED_CHALLENGE="WEB_AUTHN")
    with pytest.raises(ClientError) as replayed:
        idp.respond_to_auth_challenge(
            ClientId=client_id,
            ChallengeName="WEB_AUTHN",
            Session=challenge["Session"],
            ChallengeResponses={"USERNAME": EMAIL, "CREDENTIAL": json.dumps(forged)},
        )
    assert replayed.value.response["Error"]["Code"] == "NotAuthorizedException"

    idp.delete_web_authn_credential(AccessToken=token, CredentialId=listed[0]["CredentialId"])
    assert idp.list_web_authn_credentials(AccessToken=token)["Credentials"] == []
    assert "WEB_AUTHN" not in _user_auth(idp, client_id)["AvailableChallenges"]


def test_a_registration_with_a_bad_attestation_is_refused(
    email_pool: tuple[Any, str, str],
) -> None:
    idp, client_id, _ = email_pool
    token = _signed_in_as(
        idp, _user_auth(idp, client_id, PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD)
    )
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    other = dict(options, challenge="AAAA")  # answers a challenge the emulator never issued
    with pytest.raises(ClientError) as refused:
        idp.complete_web_authn_registration(
            AccessToken=token, Credential=SoftAuthenticator().register(other)
        )
    assert refused.value.response["Error"]["Code"] == "WebAuthnCredentialNotSupportedException"
    evil = SoftAuthenticator(origin="https://evil.example")
    with pytest.raises(ClientError) as foreign:
        idp.complete_web_authn_registration(AccessToken=token, Credential=evil.register(options))
    assert foreign.value.response["Error"]["Code"] == "WebAuthnCredentialNotSupportedException"
    assert idp.list_web_authn_credentials(AccessToken=token)["Credentials"] == []


def test_sms_otp(tmp_path: Path, emulator_port: int, emulator_url: str) -> None:
    auth = _deploy(tmp_path, emulator_port, "{ phone: { otpLogin: true } }")
    idp = _idp(emulator_url)
    client_id = auth["user_pool_client_id"]
    idp.sign_up(
        ClientId=client_id,
        Username=PHONE,
        Password=PASSWORD,
        UserAttributes=[{"Name": "phone_number", "Value": PHONE}],
    )
    idp.confirm_sign_up(ClientId=client_id, Username=PHONE, ConfirmationCode=CODE)
    otp = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": PHONE, "PREFERRED_CHALLENGE": "SMS_OTP"},
    )
    assert otp["ChallengeName"] == "SMS_OTP"
    assert otp["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"].endswith("0123")
    with pytest.raises(ClientError) as wrong:
        idp.respond_to_auth_challenge(
            ClientId=client_id,
            ChallengeName="SMS_OTP",
            Session=otp["Session"],
            ChallengeResponses={"USERNAME": PHONE, "SMS_OTP_CODE": "000000"},
        )
    assert wrong.value.response["Error"]["Code"] == "CodeMismatchException"
    done = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="SMS_OTP",
        Session=otp["Session"],
        ChallengeResponses={"USERNAME": PHONE, "SMS_OTP_CODE": CODE},
    )
    assert done["AuthenticationResult"]["AccessToken"]


def test_user_auth_needs_the_client_flow(
    tmp_path: Path, emulator_port: int, emulator_url: str
) -> None:
    auth = _deploy(tmp_path, emulator_port, "{ email: true }")
    idp = _idp(emulator_url)
    with pytest.raises(ClientError) as refused:
        idp.initiate_auth(
            ClientId=auth["user_pool_client_id"],
            AuthFlow="USER_AUTH",
            AuthParameters={"USERNAME": EMAIL},
        )
    assert refused.value.response["Error"]["Code"] == "InvalidParameterException"


def test_sign_up_without_a_password_then_sign_in_with_the_confirmation_session(
    tmp_path: Path, emulator_port: int, emulator_url: str
) -> None:
    auth = _deploy(tmp_path, emulator_port, "{ email: { otpLogin: true } }")
    idp = _idp(emulator_url)
    client_id = auth["user_pool_client_id"]
    idp.sign_up(
        ClientId=client_id, Username=EMAIL, UserAttributes=[{"Name": "email", "Value": EMAIL}]
    )
    confirmed = idp.confirm_sign_up(ClientId=client_id, Username=EMAIL, ConfirmationCode=CODE)
    session = confirmed["Session"]
    # No password: only the email code is offered.
    assert _user_auth(idp, client_id)["AvailableChallenges"] == ["EMAIL_OTP"]
    done = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": EMAIL},
        Session=session,
    )
    _signed_in_as(idp, done)
    with pytest.raises(ClientError) as reused:
        idp.initiate_auth(
            ClientId=client_id,
            AuthFlow="USER_AUTH",
            AuthParameters={"USERNAME": EMAIL},
            Session=session,
        )
    assert reused.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_a_password_only_pool_needs_a_password_to_sign_up(
    tmp_path: Path, emulator_port: int, emulator_url: str
) -> None:
    auth = _deploy(tmp_path, emulator_port, "{ email: true }")
    idp = _idp(emulator_url)
    with pytest.raises(ClientError) as refused:
        idp.sign_up(
            ClientId=auth["user_pool_client_id"],
            Username=EMAIL,
            UserAttributes=[{"Name": "email", "Value": EMAIL}],
        )
    assert refused.value.response["Error"]["Code"] == "InvalidParameterException"
