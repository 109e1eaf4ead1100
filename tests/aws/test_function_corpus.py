"""Every definition with triggers or `access` in the loader's corpus (tests/definition/fixtures/
valid) and the trigger shapes real projects use (function_fixtures/: the custom-auth trio, user
migration, custom message, pre token generation V2 with group overrides) deploys with its
functions against the emulator: each function exists, and the pool runs exactly its triggers."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from amplify_sandbox.aws.target import AwsTarget
from amplify_sandbox.definition import load_definition
from amplify_sandbox.deploy.events import SilentReporter
from amplify_sandbox.deploy.pipeline import OutputsOptions, deploy
from amplify_sandbox.functions.access import LAMBDA_CONFIG_KEYS
from amplify_sandbox.functions.esbuild import install_esbuild
from amplify_sandbox.identity import SandboxIdentity
from tests.definition.conftest import FILES_SUFFIX, fixture_names, resource_suffix
from tests.definition.test_load_valid import CASES, VALID

HERE = Path(__file__).resolve().parent / "function_fixtures"
IDENTITY = SandboxIdentity("corpus", "tester")
TS_HANDLER = "export const handler = async (event: unknown) => event;\n"
PY_HANDLER = "def handler(event, context):\n    return event\n"


def _with_functions() -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for name in fixture_names(VALID):
        text = (VALID / name).read_text()
        if "triggers" in text or "access" in text:
            found.append((name, VALID / name))
    found += [(f"new/{p.name}", p) for p in sorted(HERE.glob("*")) if p.suffix in (".ts", ".py")]
    return found


CORPUS = _with_functions()


def _project(tmp_path: Path, fixture: Path) -> Path:
    project = tmp_path / "project"
    extra = fixture.parent / (fixture.name + FILES_SUFFIX)
    if extra.is_dir():
        shutil.copytree(extra, project, dirs_exist_ok=True)
    auth = project / "amplify" / "auth"
    auth.mkdir(parents=True, exist_ok=True)
    shutil.copy(fixture, auth / f"resource{resource_suffix(fixture.name)}")
    for handler in fixture.parent.glob("*.py.handler"):
        shutil.copy(handler, auth / handler.name.removesuffix(".handler"))
    return project


def _secrets(names: Sequence[str]) -> Mapping[str, str]:
    return {name: f"value-of-{name}" for name in names}


@pytest.fixture(scope="module")
def esbuild(tmp_path_factory: pytest.TempPathFactory) -> None:
    install_esbuild(tmp_path_factory.getbasetemp() / "xdg-cache" / "amplify-sandbox")


def test_the_corpus_has_every_trigger_shape() -> None:
    assert len(CORPUS) >= 15
    text = "".join(path.read_text() for _, path in CORPUS)
    for event in LAMBDA_CONFIG_KEYS:
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in event)
        assert event in text or snake in text, event


@pytest.mark.parametrize(("name", "fixture"), CORPUS, ids=[name for name, _ in CORPUS])
def test_deploys_with_its_functions(
    name: str, fixture: Path, tmp_path: Path, target: AwsTarget, esbuild: None
) -> None:
    project = _project(tmp_path, fixture)
    env = CASES[name][0] if name in CASES else {}
    definition = load_definition(project, env=env, lenient=name.startswith("lenient_"))
    assert definition.functions, "the fixture names functions"
    for spec in definition.functions:
        entry = project / spec.entry
        if not entry.exists():
            entry.parent.mkdir(parents=True, exist_ok=True)
            entry.write_text(PY_HANDLER if spec.is_python else TS_HANDLER)
    result = deploy(
        definition,
        IDENTITY,
        target,
        SilentReporter(),
        OutputsOptions(project),
        secrets=_secrets,
    )
    lambda_ = target.clients.lambda_
    kinds = {r.logical_id: r for r in result.state.resources.values()}
    functions = [r for r in kinds.values() if r.kind == "lambda_function"]
    assert len(functions) == len(definition.functions)
    for resource in functions:
        config = lambda_.get_function_configuration(FunctionName=resource.physical_id)
        assert config["State"] == "Active"
    pool_id = result.state.attributes()["userPool"]["id"]
    config = target.clients.cognito_idp.describe_user_pool(UserPoolId=pool_id)["UserPool"].get(
        "LambdaConfig", {}
    )
    wanted = {LAMBDA_CONFIG_KEYS[trigger.event] for trigger in definition.triggers}
    assert set(config) - {"PreTokenGenerationConfig"} == wanted
    if "PreTokenGeneration" in wanted:
        assert config["PreTokenGenerationConfig"]["LambdaVersion"] == (
            definition.pre_token_generation_version
        )
    if name == "new/pre_token_v2.py":
        assert definition.pre_token_generation_version == "V2_0"
