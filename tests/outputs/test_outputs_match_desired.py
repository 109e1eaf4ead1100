"""The outputs file and the deployed pool state the same facts: both come from one derivation
(desired/pool_facts.py); one secret-name pattern and one project root for every loader."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from outputs_cases import CASES

from amplify_sandbox.definition.model import (
    EmailLogin,
    LoginWith,
    Multifactor,
    PhoneLogin,
    StandardAttribute,
)
from amplify_sandbox.desired import pool_facts
from amplify_sandbox.desired.build import USER_POOL, build_desired
from amplify_sandbox.desired.resources import ResourceKind
from amplify_sandbox.identity import SandboxIdentity
from amplify_sandbox.outputs.facts import auth_facts
from amplify_sandbox.outputs.model import AuthOutputs
from amplify_sandbox.secrets.names import NAME_PATTERN

IDENTITY = SandboxIdentity("app", "me")
_METHODS = {"SMS_MFA": "SMS", "SOFTWARE_TOKEN_MFA": "TOTP", "EMAIL_OTP": "EMAIL"}


def _variants() -> list[AuthOutputs]:
    base = CASES["full"]()
    return [
        *(make() for make in CASES.values()),
        replace(
            base,
            definition=replace(
                base.definition,
                login_with=LoginWith(email=EmailLogin()),
                user_attributes=(
                    StandardAttribute("website", required=True),
                    StandardAttribute("phone_number", required=True),
                    StandardAttribute("email", required=False),
                ),
                multifactor=Multifactor(mode="REQUIRED", totp=True, email=True),
            ),
        ),
        replace(
            base,
            definition=replace(
                base.definition,
                login_with=LoginWith(phone=PhoneLogin()),
                multifactor=Multifactor(mode="OFF", sms=True),
            ),
        ),
    ]


@pytest.mark.parametrize("outputs", _variants())
def test_the_outputs_state_what_the_pool_is_built_with(outputs: AuthOutputs) -> None:
    desired = build_desired(outputs.definition, IDENTITY)
    pool: dict[str, Any] = desired.by_id()[USER_POOL].props
    facts = auth_facts(outputs)
    assert list(facts.username_attributes) == pool["UsernameAttributes"]
    assert list(facts.user_verification_types) == pool["AutoVerifiedAttributes"]
    required = {entry["Name"] for entry in pool["Schema"] if entry["Required"]}
    assert set(facts.standard_required_attributes) == required
    assert facts.mfa_configuration == pool["MfaConfiguration"]
    assert list(facts.mfa_methods) == [_METHODS[name] for name in pool.get("EnabledMfas", [])]
    groups = [
        (r.props["GroupName"], r.props["Precedence"])
        for r in desired.resources
        if r.kind is ResourceKind.USER_POOL_GROUP
    ]
    assert list(facts.groups) == groups
    identity_pool = next(r for r in desired.resources if r.kind is ResourceKind.IDENTITY_POOL)
    assert (
        facts.unauthenticated_identities_enabled
        == identity_pool.props["AllowUnauthenticatedIdentities"]
    )


def test_one_derivation_serves_both() -> None:
    # Both sides call the same functions: a change there changes the pool and the file.
    from amplify_sandbox.desired import build
    from amplify_sandbox.outputs import facts

    for name in ("login_attributes", "standard_attributes", "mfa_configuration", "enabled_mfas"):
        assert getattr(build, name) is getattr(pool_facts, name)
        assert getattr(facts, name) is getattr(pool_facts, name)


def test_one_secret_name_pattern_and_one_project_root() -> None:
    from amplify_sandbox.definition import api, py_loader
    from amplify_sandbox.definition.project import project_root
    from amplify_sandbox.definition.schema import validator
    from amplify_sandbox.definition.ts import load

    assert api._SECRET_NAME is NAME_PATTERN
    assert validator._SECRET_NAME is NAME_PATTERN
    assert load.project_root is project_root
    assert py_loader._project_root is project_root
    assert project_root(Path("/p/amplify/auth/resource.ts")) == Path("/p")
