from __future__ import annotations

from amplify_sandbox.definition.model import SecretRef
from amplify_sandbox.functions import model
from amplify_sandbox.functions.model import FunctionSpec


def test_defaults_are_amplifys() -> None:
    spec = FunctionSpec(name="post-confirmation", entry="amplify/auth/post-confirmation/handler.ts")
    assert spec.timeout_seconds == 3
    assert spec.memory_mb == 512
    assert spec.runtime == "nodejs22.x"
    assert spec.architecture == "x86_64"
    assert spec.resource_group_name == "function"
    assert spec.handler == "index.handler"
    assert spec.node_major == 22
    assert not spec.is_python


def test_python_spec_handler_and_environment_split() -> None:
    spec = FunctionSpec(
        name="pre-sign-up",
        entry="amplify/auth/pre-sign-up/handler.py",
        runtime="python3.13",
        environment=(("DOMAIN", "example.com"), ("API_KEY", SecretRef("API_KEY"))),
    )
    assert spec.is_python and spec.handler == "handler.handler"
    assert spec.plain_environment() == {"DOMAIN": "example.com"}
    assert spec.secret_environment() == {"API_KEY": "API_KEY"}


def test_default_name_follows_factory_ts() -> None:
    assert (
        model.default_name("./scheduled-db-backup.ts", "amplify/functions/x")
        == "scheduled-db-backup"
    )
    assert model.default_name(None, "amplify/functions/db-backup") == "db-backup"


def test_timeout_and_memory_bounds() -> None:
    assert model.check_timeout(1) is None and model.check_timeout(900) is None
    for bad in (0, 901, 2.5, True, "3"):
        message = model.check_timeout(bad)
        assert message is not None and "between 1 and 900 inclusive" in message
    assert model.check_memory(128) is None and model.check_memory(10240) is None
    message = model.check_memory(64)
    assert message == (
        "Invalid function memoryMB of 64: memoryMB must be a whole number between 128 and 10240 inclusive"
    )


def test_runtime_and_architecture_values() -> None:
    for version in (18, 20, 22, 24):
        assert model.check_runtime(version) is None
    message = model.check_runtime(16)
    assert message is not None and "18, 20, 22, 24" in message
    assert model.check_runtime("python3.13", python=True) is None
    assert model.check_runtime("python2.7", python=True) is not None
    assert model.check_architecture("arm64") is None
    assert model.check_architecture("ARM") is not None


def test_environment_keys() -> None:
    assert model.check_environment_keys(["GROUP_NAME", "a1"]) is None
    message = model.check_environment_keys(["A", "1X", "ok_key"])
    assert message is not None and "A, 1X" in message
    message = model.check_environment_keys(["AMPLIFY_SSM_ENV_CONFIG"])
    assert message == "AMPLIFY_SSM_ENV_CONFIG is a reserved environment variable name"
    message = model.check_environment_keys(["AWS_REGION"])
    assert message is not None and "reserved" in message


def test_names_entries_and_uniqueness() -> None:
    assert model.check_name("post-confirmation") is None
    assert model.check_name("1fn") is not None
    assert model.check_name("fn/x") is not None
    assert model.check_entry("handler.ts") is None
    assert model.check_entry("handler.py") is not None
    assert model.check_entry("handler.py", python=True) is None
    a = FunctionSpec(name="fn", entry="a/handler.ts", where="a/resource.ts:2:1")
    b = FunctionSpec(name="fn", entry="b/handler.ts", where="b/resource.ts:2:1")
    messages = model.check_unique_names([a, b])
    assert messages and "a/resource.ts:2:1" in messages[0]
