"""Invalid definitions fail with one clear DefinitionError naming file:line:col."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from amplify_sandbox.definition import load_definition
from amplify_sandbox.errors import DefinitionError, ExitCode

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
    "external_providers.ts": Expected(
        "not supported yet by this version", 6, 5, field="loginWith.externalProviders"
    ),
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
}


def test_every_invalid_fixture_has_a_case() -> None:
    assert sorted(p.name for p in INVALID.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_reports_error_with_location(name: str, make_project: ProjectFactory) -> None:
    expected = CASES[name]
    project = make_project(INVALID / name)
    with pytest.raises(DefinitionError) as info:
        load_definition(project, env={})
    error = info.value
    resource = project / "amplify" / "auth" / f"resource{Path(name.removesuffix('.txt')).suffix}"
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
