"""Invalid definitions fail with one clear DefinitionError naming file:line:col."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from amplify_sandbox.definition import load_definition
from amplify_sandbox.errors import DefinitionError, ExitCode
from tests.definition.conftest import fixture_names

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = FIXTURES / "invalid"
ProjectFactory = Callable[[Path], Path]


@dataclass(frozen=True)
class Expected:
    message: str  # a substring of the error's detail
    line: int
    column: int
    field: str | None = None
    hint: str | None = None  # a substring of the hint
    file: str | None = None  # relative to the project, when not the resource file


NEEDS_LAMBDA = "needs Lambda functions, not supported yet"
NOT_A_RESOURCE = "expected a function resource (`defineFunction(...)`)"


CASES: dict[str, Expected] = {
    "syntax_error.ts": Expected("syntax error", 6, 5),
    "merge_conflict.ts": Expected("git merge-conflict marker (`<<<<<<<`)", 4, 1),
    "wrong_import.ts": Expected(
        "`defineAuth` is imported from 'some-other-auth-lib', not from '@aws-amplify/backend'",
        1,
        10,
    ),
    "no_call.ts": Expected("no defineAuth(...) call found", 1, 1, hint="export const auth"),
    "reference_auth.ts": Expected("referenceAuth(...) refers to an existing user pool", 3, 21),
    "two_calls.ts": Expected("found 2 defineAuth(...) calls (lines 3, 4)", 4, 22),
    "unimported_define_auth.ts": Expected("`defineAuth` is called but not imported", 1, 21),
    "unknown_key.ts": Expected(
        "unknown option `emial`", 5, 5, field="loginWith.emial", hint="did you mean `email`?"
    ),
    "user_attribute_name.ts": Expected(
        "unknown user attribute `name`", 6, 5, field="userAttributes.name", hint="`fullname`"
    ),
    "login_username.ts": Expected(
        "unknown option `username`", 4, 29, field="loginWith.username", hint="not supported"
    ),
    "password_policy.ts": Expected(
        "unknown option `passwordPolicy`",
        5,
        3,
        field="passwordPolicy",
        hint="not a defineAuth option",
    ),
    "bad_enum.ts": Expected(
        'must be one of "OFF", "OPTIONAL", "REQUIRED", got "optional"',
        6,
        11,
        field="multifactor.mode",
        hint='did you mean "OPTIONAL"?',
    ),
    "bad_style.ts": Expected(
        'got "LNK"',
        5,
        38,
        field="loginWith.email.verificationEmailStyle",
        hint='did you mean "LINK"?',
    ),
    "call_not_evaluable.ts": Expected(
        "`buildUrls()` is a call the loader cannot evaluate statically", 6, 9
    ),
    "string_method.ts": Expected("is a call the loader cannot evaluate statically", 5, 11),
    "unimported_secret.ts": Expected(
        "`secret` is not declared or imported", 5, 9, hint="import { secret }"
    ),
    "no_login_method.ts": Expected(
        "At least one of email or phone must be enabled", 4, 14, field="loginWith"
    ),
    "missing_placeholder.ts": Expected(
        "must use the 'code' parameter", 6, 30, field="loginWith.email.verificationEmailBody"
    ),
    # -- externalProviders --------------------------------------------------------------------
    "ext_missing_logout.ts": Expected(
        "`logoutUrls` is required with external providers",
        6,
        24,
        field="loginWith.externalProviders",
        hint="localhost",
    ),
    "ext_empty_callback.ts": Expected(
        "You must define callbackUrls when configuring external login providers",
        8,
        21,
        field="loginWith.externalProviders.callbackUrls",
    ),
    "ext_unknown_provider.ts": Expected(
        "unknown option `googel`",
        7,
        7,
        field="loginWith.externalProviders.googel",
        hint="did you mean `google`?",
    ),
    "ext_bad_scope.ts": Expected(
        'got "openid"',
        8,
        25,
        field="loginWith.externalProviders.scopes[1]",
        hint='did you mean "OPENID"?',
    ),
    "ext_client_id_number.ts": Expected(
        "expected secret('NAME'), got 1234567890",
        7,
        29,
        field="loginWith.externalProviders.facebook.clientId",
    ),
    "ext_saml_bad_type.ts": Expected(
        'must be one of "URL", "FILE", got "XML"',
        7,
        82,
        field="loginWith.externalProviders.saml.metadata.metadataType",
    ),
    "ext_oidc_missing_issuer.ts": Expected(
        "`issuerUrl` is required", 8, 9, field="loginWith.externalProviders.oidc[0]"
    ),
    "ext_oidc_endpoints_partial.ts": Expected(
        "missing userInfo, jwksUri", 12, 22, field="loginWith.externalProviders.oidc[0].endpoints"
    ),
    "ext_attribute_mapping_name.ts": Expected(
        "unknown attribute `name`",
        10,
        45,
        field="loginWith.externalProviders.google.attributeMapping.name",
        hint="did you mean `fullname`?",
    ),
    "ext_domain_prefix.ts": Expected(
        "a domain prefix uses lowercase letters",
        7,
        21,
        field="loginWith.externalProviders.domainPrefix",
    ),
    "ext_top_level.ts": Expected(
        "unknown option `externalProviders`",
        5,
        3,
        field="externalProviders",
        hint="externalProviders goes inside loginWith",
    ),
    "secret_bad_name.ts": Expected("invalid secret name", 7, 27, hint="letters, digits"),
    # -- triggers, access, senders, passwordless ----------------------------------------------
    "trigger_unknown.ts": Expected(
        "unknown trigger `postConfirm`",
        7,
        15,
        field="triggers.postConfirm",
        hint="did you mean `postConfirmation`?",
    ),
    "trigger_not_function.ts": Expected(
        f'{NOT_A_RESOURCE}, got "arn:aws:lambda', 5, 26, field="triggers.preSignUp"
    ),
    "trigger_undeclared.ts": Expected("`userMigration` is not declared or imported", 5, 15),
    "trigger_npm_import.ts": Expected(
        f"{NOT_A_RESOURCE}, got `postConfirmation` (imported from 'my-shared-functions')",
        6,
        15,
        field="triggers.postConfirmation",
    ),
    "access_guest.ts": Expected(
        "`allow.guest.to(['read'])` is not supported in access; each element must be "
        "allow.resource(fn).to([...actions])",
        9,
        5,
        field="access[1]",
    ),
    "access_manage_user.ts": Expected(
        'unknown action "manageUser"',
        7,
        49,
        field="access[0].actions[0]",
        hint='spelled "manageUsers"',
    ),
    "access_unknown_action.ts": Expected(
        'got "listUser"', 7, 60, field="access[0].actions[1]", hint='did you mean "listUsers"?'
    ),
    "access_not_function.ts": Expected(
        "expected a function `(allow) => [...]`, got an array",
        5,
        11,
        field="access",
        hint="allow.resource(myFunction)",
    ),
    "access_not_a_resource.ts": Expected(f"{NOT_A_RESOURCE}, got an object", 7, 38, "access[0]"),
    "senders_sms.ts": Expected(
        f"an SMS sender {NEEDS_LAMBDA}", 6, 5, field="senders.sms", hint="remove senders.sms"
    ),
    "senders_custom_email.ts": Expected(
        f"a custom email sender function {NEEDS_LAMBDA}",
        7,
        14,
        field="senders.email",
        hint="fromEmail",
    ),
    "senders_bad_email.ts": Expected(
        "not an email address: 'no-reply at example.com'", 5, 34, field="senders.email.fromEmail"
    ),
    "webauthn.ts": Expected(
        "`webAuthn` is not supported yet by this version", 4, 43, field="loginWith.webAuthn"
    ),
    "passwordless.ts": Expected(
        "unknown option `passwordlessAuth`",
        5,
        3,
        field="passwordlessAuth",
        hint="passwordless sign-in is not supported",
    ),
    # -- imports and evaluation ---------------------------------------------------------------
    "import_missing.ts": Expected(
        "cannot find the module './post-confirmation/resource' imported here",
        2,
        10,
        hint="index.ts",
    ),
    "import_no_export.ts": Expected(
        "'../functions/post-confirmation/resource' has no export named `postConfirmaton`", 6, 33
    ),
    "import_error_in_module.ts": Expected(
        "`JSON.parse()` is a call the loader cannot evaluate statically",
        3,
        23,
        file="amplify/auth/groups.ts",
    ),
    "import_too_deep.ts": Expected(
        "imports nest more than 5 modules deep", 1, 10, file="amplify/auth/e.ts"
    ),
    "statement_loop.ts": Expected(
        "is a statement the loader cannot evaluate; function bodies may hold only const "
        "declarations, if/else and return",
        5,
        3,
    ),
    "recursion.ts": Expected("calls of `pad` nest more than 100 deep", 3, 13),
    "function_as_value.ts": Expected("expected a string, got a function", 5, 9, field="name"),
    "reassigned_let.ts": Expected("the value of `groups` is reassigned (line 5)", 10, 3),
    "py_syntax.py.txt": Expected("syntax error", 3, 45),
    "py_exception.py": Expected("running the file raised KeyError: 'editors'", 5, 1),
    "py_callback_raises.py": Expected(
        "raised RuntimeError: template service is down",
        5,
        1,
        field="login_with.email.verification_email_body",
    ),
    "py_unknown_key.py": Expected(
        "unknown option `emial`", 3, 1, field="login_with.emial", hint="did you mean `email`?"
    ),
    "py_bad_enum.py": Expected(
        'got "optional"', 3, 1, field="multifactor.mode", hint='did you mean "OPTIONAL"?'
    ),
    "py_no_call.py": Expected("no define_auth(...) call found", 1, 1),
    "py_external_missing_urls.py": Expected(
        "`logout_urls` is required with external providers",
        3,
        1,
        field="login_with.external_providers",
    ),
    "py_external_top_level.py": Expected(
        "unknown option `external_providers`",
        3,
        1,
        field="external_providers",
        hint="goes inside login_with",
    ),
    "py_trigger_unknown.py": Expected(
        "unknown trigger `post_confirm`",
        6,
        1,
        field="triggers.post_confirm",
        hint="did you mean `post_confirmation`?",
    ),
    "py_trigger_not_function.py": Expected(
        'expected a function resource (`define_function(...)`), got "my-function"',
        3,
        1,
        field="triggers.pre_sign_up",
    ),
    "py_access_bad_action.py": Expected(
        'got "manage_users"', 9, 1, field="access[0].actions[0]", hint='did you mean "manageUsers"?'
    ),
    "py_access_not_grant.py": Expected(
        "element 0 is str; each element must be allow.resource(fn).to([...actions])",
        3,
        1,
        field="access[0]",
    ),
    "py_senders_sms.py": Expected(f"an SMS sender {NEEDS_LAMBDA}", 3, 1, field="senders.sms"),
}


def test_every_invalid_fixture_has_a_case() -> None:
    assert fixture_names(INVALID) == sorted(CASES)
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", sorted(CASES))
def test_reports_error_with_location(name: str, make_project: ProjectFactory) -> None:
    expected = CASES[name]
    project = make_project(INVALID / name)
    with pytest.raises(DefinitionError) as info:
        load_definition(project, env={})
    error = info.value
    resource = project / "amplify" / "auth" / f"resource{Path(name.removesuffix('.txt')).suffix}"
    if expected.file is not None:
        resource = project / expected.file
    assert expected.message in error.detail
    assert error.location is not None
    assert (error.location.file, error.location.line, error.location.column) == (
        resource,
        expected.line,
        expected.column,
    )
    assert error.field == expected.field
    if expected.hint is None:
        assert error.hint is None or "did you mean" not in error.hint
    else:
        assert error.hint is not None and expected.hint in error.hint
    assert str(error).startswith(f"{resource}:{expected.line}:{expected.column}: ")
    assert error.exit_code == ExitCode.USAGE


def test_python_error_shows_no_loader_traceback(make_project: ProjectFactory) -> None:
    project = make_project(INVALID / "py_exception.py")
    with pytest.raises(DefinitionError) as info:
        load_definition(project, env={})
    # `from None`: the user's exception is not chained into our error.
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


def test_both_files_present(tmp_path: Path) -> None:
    auth_dir = tmp_path / "amplify" / "auth"
    auth_dir.mkdir(parents=True)
    (auth_dir / "resource.ts").write_text((FIXTURES / "valid" / "seed.ts").read_text())
    (auth_dir / "resource.py").write_text((FIXTURES / "valid" / "seed.py").read_text())
    with pytest.raises(DefinitionError) as info:
        load_definition(tmp_path, env={})
    assert "resource.ts" in info.value.detail
    assert "resource.py" in info.value.detail
    assert "both" in info.value.detail


def test_neither_file_present(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError) as info:
        load_definition(tmp_path, env={})
    assert "no auth definition found" in info.value.detail
    assert info.value.hint is not None
    assert "defineAuth({ loginWith: { email: true } })" in info.value.hint


def test_lenient_turns_unknown_keys_into_warnings(make_project: ProjectFactory) -> None:
    project = make_project(INVALID / "password_policy.ts")
    loaded = load_definition(project, env={}, lenient=True)
    assert loaded.login_with.email is not None
    assert len(loaded.warnings) == 1
    assert "passwordPolicy: unknown option `passwordPolicy`" in loaded.warnings[0]
    assert "not a defineAuth option" in loaded.warnings[0]
    assert loaded.warnings[0].startswith("amplify/auth/resource.ts:5:3: ")


def test_lenient_still_rejects_invalid_values(make_project: ProjectFactory) -> None:
    with pytest.raises(DefinitionError, match='got "optional"'):
        load_definition(make_project(INVALID / "bad_enum.ts"), env={}, lenient=True)


def test_warnings_never_show_secret_names(make_project: ProjectFactory) -> None:
    project = make_project(Path(__file__).parent / "fixtures" / "valid" / "warnings.ts")
    loaded = load_definition(project, env={})
    assert loaded.warnings
    assert not any("googleusercontent" in w or "GOCSPX" in w for w in loaded.warnings)
