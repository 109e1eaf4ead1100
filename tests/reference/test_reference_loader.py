"""referenceAuth / reference_auth load into an AuthDefinition with `reference` set; the
shapes Amplify refuses are refused with file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from amplify_sandbox.definition import definition_fingerprint, load_definition
from amplify_sandbox.definition.model import ReferenceAuth
from amplify_sandbox.errors import DefinitionError, ExitCode

POOL = "us-east-1_AbC123"
IDENTITY_POOL = "us-east-1:0a1b2c3d-0000-4000-8000-000000000000"
AUTH_ROLE = "arn:aws:iam::123456789012:role/auth"
UNAUTH_ROLE = "arn:aws:iam::123456789012:role/unauth"
ADMINS_ROLE = "arn:aws:iam::123456789012:role/admins"
EXPECTED = ReferenceAuth(
    user_pool_id=POOL,
    identity_pool_id=IDENTITY_POOL,
    auth_role_arn=AUTH_ROLE,
    unauth_role_arn=UNAUTH_ROLE,
    user_pool_client_id="web1client",
    groups=(("ADMINS", ADMINS_ROLE),),
)

TS = f"""import {{ referenceAuth }} from '@aws-amplify/backend';

const region = 'us-east-1';

export const auth = referenceAuth({{
  userPoolId: `${{region}}_AbC123`,
  identityPoolId: '{IDENTITY_POOL}',
  authRoleArn: '{AUTH_ROLE}',
  unauthRoleArn: '{UNAUTH_ROLE}',
  userPoolClientId: 'web1client',
  groups: {{ ADMINS: '{ADMINS_ROLE}' }},
}});
"""

PY = f"""from amplify_sandbox import reference_auth

auth = reference_auth(
    user_pool_id="{POOL}",
    identity_pool_id="{IDENTITY_POOL}",
    auth_role_arn="{AUTH_ROLE}",
    unauth_role_arn="{UNAUTH_ROLE}",
    user_pool_client_id="web1client",
    groups={{"ADMINS": "{ADMINS_ROLE}"}},
)
"""


def _project(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "amplify" / "auth"
    folder.mkdir(parents=True)
    (folder / name).write_text(text)
    return tmp_path


@pytest.mark.parametrize(("name", "text"), [("resource.ts", TS), ("resource.py", PY)])
def test_reference_loads_from_either_loader(tmp_path: Path, name: str, text: str) -> None:
    definition = load_definition(_project(tmp_path, name, text), env={})
    assert definition.reference == EXPECTED
    assert definition.functions == ()
    assert definition.secret_refs() == ()


def test_the_two_loaders_give_one_fingerprint(tmp_path: Path) -> None:
    ts = load_definition(_project(tmp_path / "ts", "resource.ts", TS), env={})
    py = load_definition(_project(tmp_path / "py", "resource.py", PY), env={})
    assert definition_fingerprint(ts) == definition_fingerprint(py)


def _error(tmp_path: Path, name: str, text: str) -> DefinitionError:
    with pytest.raises(DefinitionError) as info:
        load_definition(_project(tmp_path, name, text), env={})
    assert info.value.exit_code is ExitCode.USAGE
    return info.value


def test_a_missing_prop_is_named(tmp_path: Path) -> None:
    error = _error(tmp_path, "resource.ts", TS.replace("  userPoolClientId: 'web1client',\n", ""))
    assert "`userPoolClientId` is required" in error.detail
    assert error.location is not None and error.location.line == 5


def test_a_python_unknown_keyword_is_named_with_a_suggestion(tmp_path: Path) -> None:
    error = _error(tmp_path, "resource.py", PY.replace("groups=", "group="))
    assert "unknown option `group`" in error.detail
    assert error.hint is not None and "`groups`" in error.hint


def test_a_group_role_that_is_no_arn_is_refused_at_its_line(tmp_path: Path) -> None:
    error = _error(tmp_path, "resource.ts", TS.replace(ADMINS_ROLE, "admins"))
    assert "the role of group 'ADMINS' must be an IAM role ARN" in error.detail
    assert error.field == "groups.ADMINS"
    assert error.location is not None and error.location.line == 11


def test_define_and_reference_together_is_amplifys_error(tmp_path: Path) -> None:
    text = (
        TS.replace("import { referenceAuth }", "import { defineAuth, referenceAuth }")
        + "\nexport const other = defineAuth({ loginWith: { email: true } });\n"
    )
    error = _error(tmp_path, "resource.ts", text)
    assert "Multiple `defineAuth` or `referenceAuth` calls are not allowed" in error.detail


def test_access_on_a_reference_is_refused(tmp_path: Path) -> None:
    text = TS.replace("  groups:", "  access: (allow) => [],\n  groups:")
    error = _error(tmp_path, "resource.ts", text)
    assert "`access` on referenceAuth(...) is not supported" in error.detail
    assert error.field == "access"


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "reference-auth"
EXAMPLE_ENV = {
    "SHARED_USER_POOL_ID": POOL,
    "SHARED_USER_POOL_CLIENT_ID": "web1client",
    "SHARED_IDENTITY_POOL_ID": IDENTITY_POOL,
    "SHARED_AUTH_ROLE_ARN": AUTH_ROLE,
    "SHARED_UNAUTH_ROLE_ARN": UNAUTH_ROLE,
    "SHARED_ADMINS_ROLE_ARN": ADMINS_ROLE,
}


def test_the_example_reads_its_ids_from_the_environment() -> None:
    assert load_definition(EXAMPLE, env=EXAMPLE_ENV).reference == EXPECTED


def test_the_example_without_its_variables_names_them() -> None:
    with pytest.raises(DefinitionError) as info:
        load_definition(EXAMPLE, env={})
    assert info.value.field == "userPoolId"
    assert info.value.hint is not None
    assert "`process.env.SHARED_USER_POOL_ID`" in info.value.hint
    assert "`process.env.SHARED_ADMINS_ROLE_ARN`" in info.value.hint


BACKEND = """import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';

const backend = defineBackend({ auth });
backend.addOutput({ custom: { team: 'web' } });
"""


def test_backend_ts_may_add_outputs_to_a_reference(tmp_path: Path) -> None:
    project = _project(tmp_path, "resource.ts", TS)
    (project / "amplify" / "backend.ts").write_text(BACKEND)
    definition = load_definition(project, env={})
    assert definition.reference == EXPECTED
    assert definition.overrides.outputs_json is not None


def test_backend_ts_overriding_a_reference_is_refused_with_its_line(tmp_path: Path) -> None:
    project = _project(tmp_path, "resource.ts", TS)
    (project / "amplify" / "backend.ts").write_text(
        BACKEND
        + "const { cfnUserPool } = backend.auth.resources.cfnResources;\n"
        + "cfnUserPool.mfaConfiguration = 'ON';\n"
    )
    with pytest.raises(DefinitionError) as info:
        load_definition(project, env={})
    assert f"{project / 'amplify' / 'backend.ts'}:7:" in info.value.detail
    assert "a referenceAuth creates no resources to override" in info.value.detail
