"""Definitions that would exhaust the machine (values that double, deep nesting, huge files)
stop with a located DefinitionError (exit 2), in resource.ts and resource.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from amplify_sandbox.definition import load_definition
from amplify_sandbox.definition.limits import MAX_FILE_BYTES
from amplify_sandbox.errors import DefinitionError, ExitCode

HEAD = "import { defineAuth } from '@aws-amplify/backend';\n"


def _project(tmp_path: Path, text: str, suffix: str = ".ts") -> Path:
    auth = tmp_path / "amplify" / "auth"
    auth.mkdir(parents=True)
    (auth / f"resource{suffix}").write_text(text)
    return tmp_path


def _error(project: Path) -> DefinitionError:
    with pytest.raises(DefinitionError) as info:
        load_definition(project, env={})
    assert info.value.exit_code == ExitCode.USAGE
    assert info.value.location is not None
    return info.value


def test_string_doubling_in_consts_stops(tmp_path: Path) -> None:
    consts = ["const s0 = 'x';"] + [f"const s{i} = s{i - 1} + s{i - 1};" for i in range(1, 40)]
    text = (
        HEAD
        + "\n".join(consts)
        + "\nexport const auth = defineAuth({ name: s39, loginWith: { email: true } });\n"
    )
    error = _error(_project(tmp_path, text))
    assert "more than 1,000,000 characters" in error.detail
    assert error.location is not None and error.location.line == 22  # s20 = 2**20 + ... > 1e6


def test_string_doubling_in_a_recursive_helper_stops(tmp_path: Path) -> None:
    text = (
        HEAD
        + "const grow = (s: string, n: number): string => (n === 0 ? s : grow(`${s}${s}`, n - 1));\n"
        + "export const auth = defineAuth({ name: grow('x', 60), loginWith: { email: true } });\n"
    )
    error = _error(_project(tmp_path, text))
    assert "more than 1,000,000 characters" in error.detail
    assert error.location is not None and error.location.line == 2


def test_array_doubling_stops(tmp_path: Path) -> None:
    consts = ["const a0 = ['ADMINS'];"] + [
        f"const a{i} = [...a{i - 1}, ...a{i - 1}];" for i in range(1, 30)
    ]
    text = (
        HEAD
        + "\n".join(consts)
        + "\nexport const auth = defineAuth({ groups: a29, loginWith: { email: true } });\n"
    )
    error = _error(_project(tmp_path, text))
    assert "more than 100,000 items" in error.detail


def test_join_of_a_large_array_stops_before_building_it(tmp_path: Path) -> None:
    consts = ["const s0 = 'x';"] + [f"const s{i} = s{i - 1} + s{i - 1};" for i in range(1, 20)]
    consts += ["const a0 = [s19];"] + [
        f"const a{i} = [...a{i - 1}, ...a{i - 1}];" for i in range(1, 16)
    ]
    text = (
        HEAD
        + "\n".join(consts)
        + "\nexport const auth = defineAuth({ name: a15.join(''), loginWith: { email: true } });\n"
    )
    error = _error(_project(tmp_path, text))
    assert "joined text would have more than 1,000,000 characters" in error.detail


@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ("(", ")"), ("{ a: ", " }")])
def test_deep_nesting_is_a_located_error(tmp_path: Path, opening: str, closing: str) -> None:
    deep = opening * 5000 + "1" + closing * 5000
    text = (
        HEAD
        + f"const deep = {deep};\nexport const auth = defineAuth({{ name: deep, loginWith: {{ email: true }} }});\n"
    )
    error = _error(_project(tmp_path, text))
    assert "nest more than 400 deep" in error.detail
    assert error.location is not None and error.location.line == 2


def test_a_huge_resource_ts_is_not_read(tmp_path: Path) -> None:
    text = HEAD + "export const auth = defineAuth({ loginWith: { email: true } });\n"
    text += "// " + "x" * (MAX_FILE_BYTES + 1) + "\n"
    error = _error(_project(tmp_path, text))
    assert "a definition file may have at most 1,000,000" in error.detail
    assert error.location is not None and error.location.line == 1


def test_a_huge_imported_module_is_refused_at_the_import(tmp_path: Path) -> None:
    text = (
        HEAD
        + "import { GROUPS } from './groups';\n"
        + "export const auth = defineAuth({ groups: GROUPS, loginWith: { email: true } });\n"
    )
    project = _project(tmp_path, text)
    (project / "amplify" / "auth" / "groups.ts").write_text(
        "export const GROUPS = ['A'];\n// " + "x" * (MAX_FILE_BYTES + 1) + "\n"
    )
    error = _error(project)
    assert "groups.ts has" in error.detail
    assert error.location is not None
    assert (error.location.file.name, error.location.line) == ("resource.ts", 2)


def test_a_huge_resource_py_is_not_run(tmp_path: Path) -> None:
    text = (
        "from amplify_sandbox import define_auth\nauth = define_auth(login_with={'email': True})\n"
    )
    text += "# " + "x" * (MAX_FILE_BYTES + 1) + "\n"
    error = _error(_project(tmp_path, text, ".py"))
    assert "a definition file may have at most 1,000,000" in error.detail


def test_endless_recursion_in_resource_py_is_located(tmp_path: Path) -> None:
    text = (
        "from amplify_sandbox import define_auth\n"
        "def name(n):\n"
        "    return name(n + 1)\n"
        "auth = define_auth(login_with={'email': True}, name=name(0))\n"
    )
    error = _error(_project(tmp_path, text, ".py"))
    assert "RecursionError" in error.detail
    assert error.location is not None and error.location.line == 3


def test_deep_nesting_in_resource_py_is_located(tmp_path: Path) -> None:
    text = (
        "from amplify_sandbox import define_auth\n"
        f"deep = {'[' * 5000}1{']' * 5000}\n"
        "auth = define_auth(login_with={'email': True})\n"
    )
    error = _error(_project(tmp_path, text, ".py"))
    assert error.location is not None and error.location.line == 2
