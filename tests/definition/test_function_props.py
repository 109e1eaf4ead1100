"""`defineFunction({...})` and `define_function(...)` read into a FunctionSpec as Amplify's
factory reads them: defaults, every supported prop, inline and in their own resource files,
secrets in the environment, unsupported props refused with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from amplify_sandbox.definition import load_definition
from amplify_sandbox.definition.model import SecretRef
from amplify_sandbox.errors import DefinitionError


def _project(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "amplify" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


OWN_FILE = """\
import { defineFunction, secret } from '@aws-amplify/backend';
export const postConfirmation = defineFunction({
  name: 'post-confirmation',
  entry: './main.ts',
  environment: { GROUP_NAME: 'EVERYONE', API_KEY: secret('API_KEY') },
  timeoutSeconds: 10,
  memoryMB: 256,
  runtime: 20,
  architecture: 'arm64',
  resourceGroupName: 'auth',
});
"""

AUTH_IMPORTING = """\
import { defineAuth, defineFunction } from '@aws-amplify/backend';
import { postConfirmation } from './post-confirmation/resource';
export const auth = defineAuth({
  loginWith: { email: true },
  triggers: { postConfirmation, preSignUp: defineFunction({}) },
  access: (allow) => [allow.resource(postConfirmation).to(['addUserToGroup'])],
});
"""


def test_props_from_own_resource_file_and_inline_defaults(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {"auth/post-confirmation/resource.ts": OWN_FILE, "auth/resource.ts": AUTH_IMPORTING},
    )
    definition = load_definition(project, env={})
    post, inline = definition.functions
    assert post.name == "post-confirmation"
    assert post.entry == "amplify/auth/post-confirmation/main.ts"
    assert post.environment == (("GROUP_NAME", "EVERYONE"), ("API_KEY", SecretRef("API_KEY")))
    assert (post.timeout_seconds, post.memory_mb) == (10, 256)
    assert (post.runtime, post.architecture, post.resource_group_name) == (
        "nodejs20.x",
        "arm64",
        "auth",
    )
    # Amplify's defaults: named for the defining folder, ./handler.ts next to it, Node 22.
    assert inline.name == "auth"
    assert inline.entry == "amplify/auth/handler.ts"
    assert (inline.timeout_seconds, inline.memory_mb, inline.runtime) == (3, 512, "nodejs22.x")
    # The function's secret is one the deploy needs.
    assert SecretRef("API_KEY") in definition.secret_refs()


@pytest.mark.parametrize(
    ("props", "message", "line"),
    [
        ("schedule: 'every day'", "`schedule` is not supported", 4),
        ("timeoutSeconds: 901", "Invalid function timeout of 901", 4),
        ("memoryMB: 100", "Invalid function memoryMB of 100", 4),
        ("runtime: 16", "Invalid function runtime of 16", 4),
        ("environment: { A: 'x' }", "Invalid function environment key(s): A", 4),
        ("entry: './handler.txt'", "entry './handler.txt' must be one of", 4),
        ("nmae: 'x'", "unknown function prop `nmae`", 4),
    ],
)
def test_bad_props_are_refused_with_file_and_line(
    tmp_path: Path, props: str, message: str, line: int
) -> None:
    project = _project(
        tmp_path,
        {
            "auth/resource.ts": (
                "import { defineAuth, defineFunction } from '@aws-amplify/backend';\n"
                "export const auth = defineAuth({\n"
                "  loginWith: { email: true },\n"
                f"  triggers: {{ preSignUp: defineFunction({{\n    {props} }}) }},\n"
                "});\n"
            )
        },
    )
    with pytest.raises(DefinitionError) as refused:
        load_definition(project, env={})
    assert message in refused.value.message
    assert refused.value.location is not None
    assert refused.value.location.file.name == "resource.ts"
    assert refused.value.location.line in (line, line + 1)


def test_python_define_function(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {
            "auth/resource.py": (
                "from amplify_sandbox import define_auth, define_function, secret\n"
                "post = define_function(name='post-confirmation', entry='handler.py',\n"
                "    runtime='python3.13', environment={'GROUP_NAME': 'EVERYONE',\n"
                "    'TOKEN': secret('TOKEN')}, timeout_seconds=5)\n"
                "auth = define_auth(login_with={'email': True},\n"
                "    triggers={'post_confirmation': post})\n"
            )
        },
    )
    (spec,) = load_definition(project, env={}).functions
    assert spec.name == "post-confirmation"
    assert spec.entry == "amplify/auth/handler.py"
    assert spec.runtime == "python3.13" and spec.handler == "handler.handler"
    assert spec.environment == (("GROUP_NAME", "EVERYONE"), ("TOKEN", SecretRef("TOKEN")))
    assert spec.timeout_seconds == 5


def test_python_define_function_refuses_unsupported(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {
            "auth/resource.py": (
                "from amplify_sandbox import define_auth, define_function\n"
                "post = define_function(name='p', schedule='every day')\n"
                "auth = define_auth(login_with={'email': True},\n"
                "    triggers={'post_confirmation': post})\n"
            )
        },
    )
    with pytest.raises(DefinitionError) as refused:
        load_definition(project, env={})
    assert "`schedule` is not supported" in str(refused.value)
    assert "resource.py:2" in str(refused.value)
