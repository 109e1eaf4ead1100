"""The Python API (`define_auth`, `secret`) and how resource.py is run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from amplify_sandbox import define_auth, secret
from amplify_sandbox.definition import load_definition
from amplify_sandbox.definition.api import DefinedAuth, define_function
from amplify_sandbox.definition.model import SecretRef
from amplify_sandbox.errors import DefinitionError


def _write(project: Path, text: str) -> Path:
    auth_dir = project / "amplify" / "auth"
    auth_dir.mkdir(parents=True, exist_ok=True)
    (auth_dir / "resource.py").write_text(text)
    return project


def test_define_auth_records_props_and_caller_line() -> None:
    line = sys._getframe().f_lineno + 1
    defined = define_auth(login_with={"email": True}, groups=["A"])
    assert isinstance(defined, DefinedAuth)
    assert defined.props == {"login_with": {"email": True}, "groups": ["A"]}
    assert defined.file == __file__
    assert defined.line == line


def test_secret() -> None:
    assert secret("GOOGLE_CLIENT_ID") == SecretRef("GOOGLE_CLIENT_ID")
    with pytest.raises(ValueError, match="invalid secret name"):
        secret("has space")


def test_run_leaves_no_trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WRITTEN_BY_RESOURCE", raising=False)
    project = _write(
        tmp_path,
        "import os\nfrom amplify_sandbox import define_auth\n"
        "os.environ['WRITTEN_BY_RESOURCE'] = '1'\n"
        "auth = define_auth(login_with={'email': True}, name=os.getenv('SANDBOX_NAME', 'x'))\n",
    )
    modules_before = set(sys.modules)
    path_before = list(sys.path)
    loaded = load_definition(project, env={"SANDBOX_NAME": "fromEnv"})
    assert loaded.name == "fromEnv"
    assert loaded.env_vars_read == ("SANDBOX_NAME",)
    assert "WRITTEN_BY_RESOURCE" not in os.environ
    assert isinstance(os.environ, os._Environ)
    assert set(sys.modules) - modules_before <= {"amplify_sandbox.definition.py_loader"}
    assert sys.path == path_before


def test_several_define_auth_calls_need_an_auth_name(tmp_path: Path) -> None:
    project = _write(
        tmp_path,
        "from amplify_sandbox import define_auth\n"
        "a = define_auth(login_with={'email': True})\n"
        "b = define_auth(login_with={'phone': True})\n",
    )
    with pytest.raises(DefinitionError) as info:
        load_definition(project, env={})
    assert "found 2 define_auth(...) calls (lines 2, 3)" in info.value.detail
    assert info.value.location is not None and info.value.location.line == 3


def test_module_attribute_auth_wins(tmp_path: Path) -> None:
    project = _write(
        tmp_path,
        "from amplify_sandbox import define_auth\n"
        "draft = define_auth(login_with={'phone': True})\n"
        "auth = define_auth(login_with={'email': True})\n",
    )
    loaded = load_definition(project, env={})
    assert loaded.login_with.email is not None and loaded.login_with.phone is None


def test_invalid_secret_name_points_at_the_users_line(tmp_path: Path) -> None:
    project = _write(
        tmp_path,
        "from amplify_sandbox import define_auth, secret\n\n"
        "CLIENT = secret('not valid!')\n"
        "auth = define_auth(login_with={'email': True})\n",
    )
    with pytest.raises(DefinitionError) as info:
        load_definition(project, env={})
    assert "invalid secret name" in info.value.detail
    assert info.value.location is not None and info.value.location.line == 3


def test_importing_the_package_does_not_load_the_parser() -> None:
    code = "import sys, amplify_sandbox; print('tree_sitter' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_define_function_names_like_amplify() -> None:
    line = sys._getframe().f_lineno + 1
    named = define_function(name="post-confirmation")
    assert named.kind == "local" and named.name == "post-confirmation"
    assert named.where == f"{os.path.abspath(__file__)}:{line}:1"
    assert define_function(entry="./handlers/pre_sign_up.ts").name == "pre_sign_up"
    assert define_function().name == Path(__file__).parent.name
    with pytest.raises(ValueError, match="non-empty string"):
        define_function(name="")


def test_access_must_be_a_function(tmp_path: Path) -> None:
    project = _write(
        tmp_path,
        "from amplify_sandbox import define_auth\n"
        "auth = define_auth(login_with={'email': True}, access=['manageUsers'])\n",
    )
    with pytest.raises(DefinitionError) as info:
        load_definition(project, env={})
    assert "expected a function `lambda allow: [...]`" in info.value.detail
    assert info.value.field == "access"


def test_reload_sees_edits_to_the_users_own_modules(tmp_path: Path) -> None:
    # BUG (fails today): load_py imports resource.py's sibling modules into sys.modules and
    # leaves them there, so the next load in the same process (watch mode re-loads after every
    # change) runs the stale module: its edits and its os.environ reads are missed.
    module = "reload_probe_settings"
    project = _write(
        tmp_path,
        f"from {module} import GROUPS\n"
        "from amplify_sandbox import define_auth\n"
        "auth = define_auth(login_with={'email': True}, groups=GROUPS)\n",
    )
    settings = project / "amplify" / "auth" / f"{module}.py"
    try:
        settings.write_text("GROUPS = ['BEFORE']\n")
        assert load_definition(project, env={}).groups == ("BEFORE",)
        settings.write_text("import os\nGROUPS = [os.environ['GROUP']]\n")
        loaded = load_definition(project, env={"GROUP": "AFTER"})
        assert loaded.groups == ("AFTER",)
        assert loaded.env_vars_read == ("GROUP",)
        assert module not in sys.modules
    finally:
        sys.modules.pop(module, None)


def test_reads_through_a_copy_of_the_environment_are_recorded(tmp_path: Path) -> None:
    # BUG (fails today): _RecordingEnviron.copy() returns a plain dict, so names read from
    # `os.environ.copy()` are missing from env_vars_read (reads through os.environ are there).
    project = _write(
        tmp_path,
        "import os\nfrom amplify_sandbox import define_auth\n"
        "ENV = os.environ.copy()\n"
        "auth = define_auth(login_with={'email': True}, name=ENV.get('STAGE', 'dev') + 'Auth')\n",
    )
    loaded = load_definition(project, env={"STAGE": "prod", "UNRELATED": "x"})
    assert loaded.name == "prodAuth"
    assert loaded.env_vars_read == ("STAGE",)
