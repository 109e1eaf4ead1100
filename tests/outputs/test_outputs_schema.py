"""Every v1.x output validates against the JSON schema of its version, generated at test time
from the types of the pinned @aws-amplify/client-config release (see schemas.py); the generated
schemas are strict enough to reject real mistakes."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import schemas
from outputs_cases import CASES
from schemas import (
    SCHEMA_VERSIONS,
    load_schema,
    object_schemas,
    package_dir,
    root_definition,
)

from amplify_sandbox.outputs import render_outputs

# Objects that mix declared keys with TypeScript template-literal index signatures
# (`[groups: `group${string}`]: ...`): the generator can only widen those to "any other key".
_OPEN_OBJECTS_WITH_PROPERTIES = {"#/definitions/AmplifyStorageAccessRule"}


def _validator(version: str) -> jsonschema.Draft7Validator:
    schema = load_schema(version)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_every_schema_version_of_the_release_is_tested() -> None:
    types = package_dir() / "lib" / "client-config-schema"
    shipped = {
        match.group(1)
        for path in types.glob("client_config_v*.d.ts")
        if (match := re.fullmatch(r"client_config_v([\d.]+)\.d\.ts", path.name))
    }
    assert shipped == set(SCHEMA_VERSIONS)


@pytest.mark.parametrize("version", SCHEMA_VERSIONS)
def test_generated_schema_is_strict(version: str) -> None:
    schema = load_schema(version)
    root = root_definition(schema)
    assert root["properties"]["version"] == {
        "const": version,
        "description": "Version of this schema",
        "type": "string",
    }
    assert root["required"] == ["version"]
    assert root["additionalProperties"] is False
    auth = root["properties"]["auth"]
    assert auth["additionalProperties"] is False
    assert set(auth["required"]) == {"aws_region", "user_pool_id", "user_pool_client_id"}
    methods = {"SMS", "TOTP"} if version in ("1", "1.1", "1.2", "1.3") else {"SMS", "TOTP", "EMAIL"}
    assert set(auth["properties"]["mfa_methods"]["items"]["enum"]) == methods
    assert set(auth["properties"]["mfa_configuration"]["enum"]) == {"NONE", "OPTIONAL", "REQUIRED"}
    assert set(auth["properties"]["username_attributes"]["items"]["enum"]) == {
        "email",
        "phone_number",
        "username",
    }
    # Objects with declared keys reject any other key; maps (index signatures) say what their
    # values are. None leaves `additionalProperties` out (which would allow anything).
    objects = object_schemas(schema)
    assert len(objects) > 10
    for path, node in objects:
        assert "additionalProperties" in node, path
        if "properties" in node and path not in _OPEN_OBJECTS_WITH_PROPERTIES:
            assert node["additionalProperties"] is False, path


def _extra_auth_key(document: dict[str, Any]) -> None:
    document["auth"]["user_pool_name"] = "pool"


def _missing_auth_key(document: dict[str, Any]) -> None:
    del document["auth"]["user_pool_client_id"]


def _unknown_mfa_method(document: dict[str, Any]) -> None:
    document["auth"]["mfa_methods"] = ["SMS", "VOICE"]


def _unknown_mfa_configuration(document: dict[str, Any]) -> None:
    document["auth"]["mfa_configuration"] = "ON"


def _wrong_version(document: dict[str, Any]) -> None:
    document["version"] = "1.4"


def _extra_top_level_key(document: dict[str, Any]) -> None:
    document["authentication"] = {}


def _wrong_type(document: dict[str, Any]) -> None:
    document["auth"]["unauthenticated_identities_enabled"] = "true"


@pytest.mark.parametrize(
    ("mistake", "validator", "path"),
    [
        (_extra_auth_key, "additionalProperties", ["auth"]),
        (_missing_auth_key, "required", ["auth"]),
        (_unknown_mfa_method, "enum", ["auth", "mfa_methods", 1]),
        (_unknown_mfa_configuration, "enum", ["auth", "mfa_configuration"]),
        (_wrong_version, "const", ["version"]),
        (_extra_top_level_key, "additionalProperties", []),
        (_wrong_type, "type", ["auth", "unauthenticated_identities_enabled"]),
    ],
)
def test_generated_schema_rejects_mistakes(
    mistake: Callable[[dict[str, Any]], None], validator: str, path: list[str | int]
) -> None:
    check = _validator("1.5")
    document = json.loads(render_outputs(CASES["full"](), "1.5", "json"))
    check.validate(document)
    broken = copy.deepcopy(document)
    mistake(broken)
    errors = [(error.validator, list(error.absolute_path)) for error in check.iter_errors(broken)]
    assert errors == [(validator, path)]


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("fmt", ["json", "json-mobile"])
@pytest.mark.parametrize("version", SCHEMA_VERSIONS)
def test_json_output_is_valid_for_its_schema(version: str, fmt: str, case: str) -> None:
    document = json.loads(render_outputs(CASES[case](), version, fmt))
    _validator(version).validate(document)
    assert document["version"] == version


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("version", SCHEMA_VERSIONS)
def test_module_formats_wrap_the_json_output(version: str, case: str) -> None:
    outputs = CASES[case]()
    expected = json.loads(render_outputs(outputs, version, "json"))
    for fmt in ("mjs", "ts"):
        text = render_outputs(outputs, version, fmt)
        match = re.fullmatch(
            r"const amplifyConfig = (\{.*\})\nexport default amplifyConfig;\n", text, re.S
        )
        assert match, text
        assert json.loads(match.group(1)) == expected
    dart = render_outputs(outputs, version, "dart")
    match = re.fullmatch(r"const amplifyConfig = r'''(\{.*\})''';", dart, re.S)
    assert match, dart
    assert match.group(1) == render_outputs(outputs, version, "json")


@pytest.mark.parametrize("case", sorted(CASES))
def test_json_mobile_is_the_json_document_for_v1(case: str) -> None:
    outputs = CASES[case]()
    assert render_outputs(outputs, "1.5", "json-mobile") == render_outputs(outputs, "1.5", "json")


def test_no_npm_is_a_failure_not_a_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schemas, "GENERATOR_DIR", tmp_path / "generator")
    monkeypatch.setattr(schemas, "CLIENT_CONFIG_DIR", tmp_path / "client-config")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(pytest.fail.Exception, match="npm is not installed"):
        schemas.generator_script()
    with pytest.raises(pytest.fail.Exception, match="npm is not installed"):
        schemas.package_dir()


def test_unreachable_registry_is_a_failure_not_a_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schemas, "GENERATOR_DIR", tmp_path / "generator")
    monkeypatch.setattr(schemas, "CLIENT_CONFIG_DIR", tmp_path / "client-config")
    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9/")
    monkeypatch.setenv("npm_config_fetch_retries", "0")
    monkeypatch.setenv("npm_config_offline", "false")
    monkeypatch.setenv("npm_config_prefer_offline", "false")
    with pytest.raises(pytest.fail.Exception, match="is the npm registry reachable"):
        schemas.generator_script()
    with pytest.raises(pytest.fail.Exception, match="is the npm registry reachable"):
        schemas.package_dir()
    assert not (tmp_path / "generator").exists()
    assert not (tmp_path / "client-config" / "package").exists()


def _oidc_provider_listed(document: dict[str, Any]) -> None:
    document["auth"]["oauth"]["identity_providers"].append("Corp")


def _no_sign_out_redirect(document: dict[str, Any]) -> None:
    document["auth"]["oauth"]["redirect_sign_out_uri"] = []


def _no_domain(document: dict[str, Any]) -> None:
    del document["auth"]["oauth"]["domain"]


@pytest.mark.parametrize(
    ("mistake", "validator", "path"),
    [
        (_oidc_provider_listed, "enum", ["auth", "oauth", "identity_providers", 4]),
        (_no_sign_out_redirect, "minItems", ["auth", "oauth", "redirect_sign_out_uri"]),
        (_no_domain, "required", ["auth", "oauth"]),
    ],
)
@pytest.mark.parametrize("version", SCHEMA_VERSIONS)
def test_generated_schema_checks_the_oauth_block(
    version: str,
    mistake: Callable[[dict[str, Any]], None],
    validator: str,
    path: list[str | int],
) -> None:
    check = _validator(version)
    document = json.loads(render_outputs(CASES["every_provider"](), version, "json"))
    check.validate(document)
    assert "oauth" in document["auth"]
    broken = copy.deepcopy(document)
    mistake(broken)
    errors = [(error.validator, list(error.absolute_path)) for error in check.iter_errors(broken)]
    assert errors == [(validator, path)]
