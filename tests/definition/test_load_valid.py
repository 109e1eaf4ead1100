"""Valid resource.ts / resource.py files load into the expected AuthDefinition."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from amplify_sandbox.definition import load_definition
from amplify_sandbox.definition.model import (
    AuthDefinition,
    CustomAttribute,
    EmailLogin,
    LoginWith,
    Multifactor,
    PhoneLogin,
    StandardAttribute,
)

VALID = Path(__file__).parent / "fixtures" / "valid"
ProjectFactory = Callable[[Path], Path]
ANY_SOURCE = Path("resource")
EMAIL = LoginWith(email=EmailLogin())


def _defn(**fields: object) -> AuthDefinition:
    fields.setdefault("login_with", EMAIL)
    return AuthDefinition(source=ANY_SOURCE, **fields)  # type: ignore[arg-type]


# fixture name -> (env, expected definition)
CASES: dict[str, tuple[dict[str, str], AuthDefinition]] = {
    "seed.ts": ({}, _defn()),
    "email_code.ts": (
        {},
        _defn(
            login_with=LoginWith(
                email=EmailLogin(
                    verification_email_style="CODE",
                    verification_email_subject="Welcome to the app!",
                    verification_email_body="Use this code to confirm your account: {####}",
                    invitation_email_subject="You're invited",
                    invitation_email_body=("Welcome {username}! Your temporary password is {####}"),
                    invitation_sms_message="Hi {username}, code {####}",
                )
            )
        ),
    ),
    "email_link_method.ts": (
        {},
        _defn(
            login_with=LoginWith(
                email=EmailLogin(
                    verification_email_style="LINK",
                    verification_email_subject="Verify your email",
                    verification_email_body="Thanks for signing up. {##Click here##} to verify.",
                )
            )
        ),
    ),
    "phone.ts": (
        {},
        _defn(
            login_with=LoginWith(phone=PhoneLogin(verification_message="Your code is {####}")),
            account_recovery="PHONE_ONLY_WITHOUT_MFA",
        ),
    ),
    "attributes.ts": (
        {},
        _defn(
            user_attributes=(
                StandardAttribute("given_name", required=True, mutable=True),
                StandardAttribute("family_name", required=False),
                StandardAttribute("name", mutable=False),
                StandardAttribute("picture"),
                StandardAttribute("zoneinfo", required=True),
            ),
            custom_attributes=(
                CustomAttribute("plan", data_type="String", min_len=1, max_len=32),
                CustomAttribute("score", data_type="Number", min=0, max=100),
                CustomAttribute("active", data_type="Boolean"),
            ),
            groups=("ADMINS", "EDITORS", "VIEWERS"),
        ),
    ),
    "mfa.ts": (
        {},
        _defn(
            login_with=LoginWith(email=EmailLogin(), phone=PhoneLogin()),
            multifactor=Multifactor(
                mode="REQUIRED", sms=True, sms_message="MFA code: {####}", totp=True
            ),
            account_recovery="EMAIL_AND_PHONE_WITHOUT_MFA",
        ),
    ),
    "typed_default_export.ts": ({}, _defn()),
    "consts_and_templates.ts": (
        {},
        _defn(
            name="Café ☕Auth",
            login_with=LoginWith(
                email=EmailLogin(
                    verification_email_subject='It\'s "${APP}"\tverified é',
                    verification_email_body="Bienvenue à Café ☕: {####}",
                )
            ),
            user_attributes=(StandardAttribute("given_name", required=True),),
            groups=("ADMINS", "USERS"),
        ),
    ),
    "env.ts": (
        {"AWS_BRANCH": "main"},
        _defn(name="prodAuth", groups=("ADMINS",), env_vars_read=("AUTH_NAME", "AWS_BRANCH")),
    ),
    "namespace_import.ts": ({}, _defn(account_recovery="EMAIL_ONLY")),
    "helper.ts": (
        {},
        _defn(
            login_with=LoginWith(
                email=EmailLogin(
                    verification_email_subject="Welcome to Demo",
                    verification_email_body="<p>Your code: <b>{####}</b></p>",
                )
            ),
            multifactor=Multifactor(
                mode="OPTIONAL", sms=True, sms_message="SMS {####}", email=True
            ),
        ),
    ),
    "seed.py": ({}, _defn()),
    "full.py": (
        {"AUTH_NAME": "fromEnv"},
        _defn(
            login_with=LoginWith(
                email=EmailLogin(
                    verification_email_subject="Welcome",
                    verification_email_body="Code: {####}",
                    invitation_email_subject="Invited",
                    invitation_email_body="Hi {username}, {####}",
                ),
                phone=PhoneLogin(verification_message="SMS {####}"),
            ),
            user_attributes=(StandardAttribute("given_name", required=True),),
            custom_attributes=(CustomAttribute("tier", data_type="Number", min=1, max=3),),
            multifactor=Multifactor(mode="OPTIONAL", sms=True, totp=True),
            account_recovery="EMAIL_ONLY",
            groups=("ADMINS", "USERS"),
            name="fromEnv",
            env_vars_read=("AUTH_NAME",),
        ),
    ),
    "single_unnamed.py": ({}, _defn(login_with=LoginWith(phone=PhoneLogin()))),
}


def test_every_valid_fixture_has_a_case() -> None:
    assert sorted(p.name for p in VALID.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_loads_expected_definition(name: str, make_project: ProjectFactory) -> None:
    env, expected = CASES[name]
    project = make_project(VALID / name)
    loaded = load_definition(project, env=env)
    assert loaded.source == project / "amplify" / "auth" / f"resource{Path(name).suffix}"
    assert dataclasses.replace(loaded, source=ANY_SOURCE) == expected


def test_env_changes_the_result(make_project: ProjectFactory) -> None:
    project = make_project(VALID / "env.ts")
    loaded = load_definition(project, env={"AUTH_NAME": "custom"})
    assert loaded.name == "custom"
    assert loaded.groups == ("ADMINS", "TESTERS")


def test_env_defaults_to_the_process_environment(
    make_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTH_NAME", "fromProcess")
    project = make_project(VALID / "env.ts")
    assert load_definition(project).name == "fromProcess"
