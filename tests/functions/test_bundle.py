"""Real esbuild bundling (installed once per session through the tool's first-use path)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from amplify_sandbox.functions import esbuild
from amplify_sandbox.functions.bundle import BundleError, bundle_function
from amplify_sandbox.functions.env_module import write_env_module
from amplify_sandbox.functions.model import FunctionSpec
from amplify_sandbox.local.triggers.runner import FunctionRunner, RunnerConfig

ENTRY = "amplify/auth/post-confirmation/handler.ts"
SPEC = FunctionSpec(
    name="post-confirmation", entry=ENTRY, environment=(("GROUP_NAME", "EVERYONE"),)
)


def _bundle(project: Path, cache: Path):  # type: ignore[no-untyped-def]
    write_env_module(project, SPEC.name, SPEC.plain_environment())
    return bundle_function(SPEC, project, cache_dir=cache)


def test_first_use_installs_pinned_esbuild_with_a_message(
    esbuild_install: tuple[Path, list[str]],
) -> None:
    cache, messages = esbuild_install
    assert esbuild.cached_esbuild(cache).is_file()
    assert len(messages) == 1
    assert f"Installing esbuild {esbuild.ESBUILD_VERSION}" in messages[0]
    # A second call finds it and says nothing.
    again: list[str] = []
    assert esbuild.install_esbuild(cache, notify=again.append) == esbuild.cached_esbuild(cache)
    assert again == []


def test_project_esbuild_is_preferred(tmp_path: Path, esbuild_cache: Path) -> None:
    binary = tmp_path / "node_modules" / ".bin" / "esbuild"
    binary.parent.mkdir(parents=True)
    binary.write_text("#!/bin/sh\n", encoding="utf-8")
    binary.chmod(0o755)
    assert esbuild.find_esbuild(tmp_path / "amplify", cache_dir=esbuild_cache) == binary


def test_bundle_runs_and_resolves_env_module_and_sibling(
    ts_project: Path, esbuild_cache: Path
) -> None:
    bundle = _bundle(ts_project, esbuild_cache)
    with zipfile.ZipFile(io.BytesIO(bundle.zip_bytes)) as archive:
        assert sorted(archive.namelist()) == ["index.mjs", "index.mjs.map"]
        code = archive.read("index.mjs").decode()
    # Amplify's shape: an ES module with the secrets banner first.
    assert code.startswith("const __amplifySandboxResolveSecrets")
    folder = ts_project / "amplify" / "auth" / "post-confirmation"
    assert folder / "handler.ts" in bundle.inputs
    assert folder / "greeting.ts" in bundle.inputs
    assert ts_project / ".amplify" / "generated" / "env" / "post-confirmation.ts" in bundle.inputs
    logs: list[tuple[str, str]] = []
    runner = FunctionRunner(
        RunnerConfig(
            name=SPEC.name,
            code_dir=bundle.directory,
            entry_file=bundle.entry_file,
            runtime=SPEC.runtime,
            environment=tuple(SPEC.plain_environment().items()),
        ),
        on_log=lambda name, line: logs.append((name, line)),
    )
    try:
        result = runner.invoke({"userName": "ana", "response": {}})
    finally:
        runner.close()
    assert result["response"] == {"group": "EVERYONE", "text": "hello ana"}
    assert logs == [("post-confirmation", "confirming ana")]


def test_hash_is_stable_and_follows_imported_files(ts_project: Path, esbuild_cache: Path) -> None:
    first = _bundle(ts_project, esbuild_cache)
    second = _bundle(ts_project, esbuild_cache)
    assert first.sha256 == second.sha256 and first.zip_bytes == second.zip_bytes
    greeting = ts_project / "amplify" / "auth" / "post-confirmation" / "greeting.ts"
    greeting.write_text(greeting.read_text().replace("hello", "welcome"), encoding="utf-8")
    third = _bundle(ts_project, esbuild_cache)
    assert third.sha256 != first.sha256
    assert len(third.code_sha256) == 44


def test_bundle_error_names_the_file_and_line(ts_project: Path, esbuild_cache: Path) -> None:
    handler = ts_project / ENTRY
    handler.write_text("export const handler = async (event) => {\n  return event +;\n};\n")
    with pytest.raises(BundleError) as caught:
        _bundle(ts_project, esbuild_cache)
    assert "handler.ts:2:" in caught.value.message


def test_missing_entry(tmp_path: Path, esbuild_cache: Path) -> None:
    with pytest.raises(BundleError, match="does not exist"):
        bundle_function(SPEC, tmp_path, cache_dir=esbuild_cache)


def test_python_bundle_is_deterministic(tmp_path: Path) -> None:
    folder = tmp_path / "amplify" / "auth" / "pre-sign-up"
    folder.mkdir(parents=True)
    (folder / "handler.py").write_text("from rules import ok\n\ndef handler(e, c):\n    return e\n")
    (folder / "rules.py").write_text("def ok():\n    return True\n")
    (folder / "resource.py").write_text("# the definition, not code\n")
    spec = FunctionSpec(
        name="pre-sign-up", entry="amplify/auth/pre-sign-up/handler.py", runtime="python3.13"
    )
    first = bundle_function(spec, tmp_path)
    assert first.sha256 == bundle_function(spec, tmp_path).sha256
    with zipfile.ZipFile(io.BytesIO(first.zip_bytes)) as archive:
        assert sorted(archive.namelist()) == ["handler.py", "rules.py"]
    assert first.inputs == tuple(
        sorted([(folder / "handler.py").resolve(), (folder / "rules.py").resolve()])
    )
    (folder / "rules.py").write_text("def ok():\n    return False\n")
    assert bundle_function(spec, tmp_path).sha256 != first.sha256


FAKE_SSM = """\
export class SSM {
  async getParameters({ Names }) {
    const known = { '/amplify/shared/app/PARTNER_KEY': 'shared-value' };
    return {
      Parameters: Names.filter((n) => n in known).map((n) => ({ Name: n, Value: known[n] })),
      InvalidParameters: Names.filter((n) => !(n in known)),
    };
  }
}
"""


def test_banner_resolves_secrets_with_the_shared_fallback(
    ts_project: Path, esbuild_cache: Path
) -> None:
    """The banner fills a secret's variable before the handler runs: the sandbox path is
    missing, so the shared path's value is used (Amplify's resolve_ssm_params order)."""
    sdk = ts_project / "node_modules" / "@aws-sdk" / "client-ssm"
    sdk.mkdir(parents=True)
    (sdk / "package.json").write_text(
        '{"name": "@aws-sdk/client-ssm", "type": "module", "exports": "./index.mjs"}'
    )
    (sdk / "index.mjs").write_text(FAKE_SSM)
    handler = ts_project / ENTRY
    handler.write_text(
        "export const handler = async () => ({ key: process.env.API_KEY });\n", encoding="utf-8"
    )
    bundle = _bundle(ts_project, esbuild_cache)
    config = (
        '{"API_KEY": {"path": "/amplify/app/dev-sandbox-1/PARTNER_KEY",'
        ' "sharedPath": "/amplify/shared/app/PARTNER_KEY"}}'
    )
    runner = FunctionRunner(
        RunnerConfig(
            name=SPEC.name,
            code_dir=bundle.directory,
            entry_file=bundle.entry_file,
            runtime=SPEC.runtime,
            environment=(
                ("API_KEY", "<value will be resolved during runtime>"),
                ("AMPLIFY_SSM_ENV_CONFIG", config),
            ),
        )
    )
    try:
        assert runner.invoke({}) == {"key": "shared-value"}
    finally:
        runner.close()
