"""`amplify/backend.ts` read statically: each override form real projects write, the
statements reported as not applied (with their line), addOutput merging, syntax errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from amplify_sandbox.definition import definition_fingerprint, load_definition
from amplify_sandbox.definition.model import PropertyOverride
from amplify_sandbox.errors import DefinitionError

RESOURCE = """import { defineAuth } from '@aws-amplify/backend';
export const auth = defineAuth({ loginWith: { email: true } });
"""
HEADER = """import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
"""


def _project(tmp_path: Path, backend: str | None) -> Path:
    (tmp_path / "amplify" / "auth").mkdir(parents=True)
    (tmp_path / "amplify" / "auth" / "resource.ts").write_text(RESOURCE)
    if backend is not None:
        (tmp_path / "amplify" / "backend.ts").write_text(HEADER + backend)
    return tmp_path


def _overrides(tmp_path: Path, backend: str) -> list[tuple[str, tuple[str, ...], object, bool]]:
    props = load_definition(_project(tmp_path, backend), env={}).overrides.properties
    return [(o.resource, o.path, o.value, o.merge) for o in props]


def test_no_backend_ts_changes_nothing(tmp_path: Path) -> None:
    with_file = load_definition(_project(tmp_path / "a", "defineBackend({ auth });\n"), env={})
    without = load_definition(_project(tmp_path / "b", None), env={})
    assert with_file.overrides.properties == ()
    assert with_file.overrides.unapplied == ()
    assert definition_fingerprint(with_file) == definition_fingerprint(without)


def test_destructured_password_policy_as_the_docs_write_it(tmp_path: Path) -> None:
    backend = """const backend = defineBackend({ auth });
const { cfnUserPool } = backend.auth.resources.cfnResources;
cfnUserPool.policies = {
  passwordPolicy: { minimumLength: 10, requireSymbols: false, temporaryPasswordValidityDays: 20 },
};
"""
    assert _overrides(tmp_path, backend) == [
        (
            "userPool",
            ("Policies",),
            {
                "PasswordPolicy": {
                    "MinimumLength": 10,
                    "RequireSymbols": False,
                    "TemporaryPasswordValidityDays": 20,
                }
            },
            False,
        )
    ]


def test_member_chains_default_child_casts_and_constants(tmp_path: Path) -> None:
    backend = """const backend = defineBackend({ auth });
const MIN = 12;
backend.auth.resources.cfnResources.cfnUserPool.policies.passwordPolicy.minimumLength = MIN;
const pool = backend.auth.resources.userPool.node.defaultChild as CfnUserPool;
pool.userPoolTier = 'PLUS';
pool.addPropertyOverride('UserPoolAddOns', { AdvancedSecurityMode: 'AUDIT' });
const { cfnUserPoolClient: client, cfnIdentityPool } = backend.auth.resources.cfnResources;
client.explicitAuthFlows = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
client.refreshTokenValidity = 60;
cfnIdentityPool.allowUnauthenticatedIdentities = false;
"""
    assert _overrides(tmp_path, backend) == [
        ("userPool", ("Policies", "PasswordPolicy", "MinimumLength"), 12, False),
        ("userPool", ("UserPoolTier",), "PLUS", False),
        (
            "userPoolClient",
            ("ExplicitAuthFlows",),
            ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            False,
        ),
        ("userPoolClient", ("RefreshTokenValidity",), 60, False),
        ("identityPool", ("AllowUnauthenticatedIdentities",), False, False),
        # addPropertyOverride is applied after every assignment, as CDK applies raw overrides.
        ("userPool", ("UserPoolAddOns",), {"AdvancedSecurityMode": "AUDIT"}, True),
    ]


def test_every_other_statement_touching_auth_is_named_with_its_line(tmp_path: Path) -> None:
    backend = """const backend = defineBackend({ auth });
const { cfnUserPool } = backend.auth.resources.cfnResources;
cfnUserPool.lambdaConfig = { preSignUp: 'arn' };
backend.auth.resources.userPool.addClient('native');
backend.data.resources.cfnResources.cfnGraphqlApi.xrayEnabled = true;
if (process.env.CI) { cfnUserPool.deviceConfiguration = {}; }
"""
    definition = load_definition(_project(tmp_path, backend), env={})
    unapplied = definition.overrides.unapplied
    backend_ts = tmp_path / "amplify" / "backend.ts"
    assert [note.split(": `")[0] for note in unapplied] == [
        f"{backend_ts}:5",
        f"{backend_ts}:6",
        f"{backend_ts}:8",
    ]
    assert "cfnUserPool.lambdaConfig" in unapplied[0]
    assert all("is not applied" in note for note in unapplied)
    assert definition.overrides.properties == ()


def test_add_output_calls_merge_as_amplify_merges_them(tmp_path: Path) -> None:
    backend = """const backend = defineBackend({ auth });
backend.addOutput({ custom: { api: 'a', list: [1] } });
backend.addOutput({ custom: { other: 'b', list: [2] } });
"""
    definition = load_definition(_project(tmp_path, backend), env={})
    assert definition.overrides.outputs_json is not None
    assert json.loads(definition.overrides.outputs_json) == {
        "custom": {"api": "a", "list": [1, 2], "other": "b"}
    }


def test_add_output_setting_a_key_twice_is_amplifys_error(tmp_path: Path) -> None:
    backend = """const backend = defineBackend({ auth });
backend.addOutput({ custom: { api: 'a' } });
backend.addOutput({ custom: { api: 'b' } });
"""
    with pytest.raises(DefinitionError) as caught:
        load_definition(_project(tmp_path, backend), env={})
    assert "Output entry with key api already exists" in str(caught.value)
    assert caught.value.location is not None and caught.value.location.line == 5


def test_a_syntax_error_is_located(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError) as caught:
        load_definition(_project(tmp_path, "const backend = defineBackend({ auth ;\n"), env={})
    assert caught.value.location is not None
    assert caught.value.location.file == tmp_path / "amplify" / "backend.ts"
    assert caught.value.location.line == 3


def test_overrides_are_part_of_the_fingerprint(tmp_path: Path) -> None:
    base = "const backend = defineBackend({ auth });\n"
    plain = load_definition(_project(tmp_path / "a", base), env={})
    tier = base + "backend.auth.resources.cfnResources.cfnUserPool.userPoolTier = 'PLUS';\n"
    overridden = load_definition(_project(tmp_path / "b", tier), env={})
    assert overridden.overrides.properties == (
        PropertyOverride(
            "userPool",
            ("UserPoolTier",),
            "PLUS",
            where=f"{tmp_path / 'b' / 'amplify' / 'backend.ts'}:4",
        ),
    )
    assert definition_fingerprint(plain) != definition_fingerprint(overridden)
