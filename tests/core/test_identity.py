"""Names and hashes match Amplify Gen 2's for the same project and identifier."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from amplify_sandbox.errors import ExitCode, UsageError
from amplify_sandbox.identity import SandboxIdentity, find_namespace, resolve_identity


def test_check_values_from_amplify() -> None:
    identity = SandboxIdentity("my-sample-app", "alice")
    assert identity.stack_name == "amplify-mysampleapp-alice-sandbox-2bea0b21ed"
    assert identity.hash10 == "2bea0b21ed"
    assert identity.secret_path == "/amplify/mysampleapp/alice-sandbox-2bea0b21ed"
    assert identity.shared_secret_path == "/amplify/shared/my-sample-app"


def test_stable_hash_is_sha512_of_type_namespace_name() -> None:
    # platform-core BackendIdScopedStableBackendIdentifiers: update(type), (namespace), (name).
    expected = hashlib.sha512(b"sandbox" + b"my-sample-app" + b"alice").hexdigest()[:20]
    assert SandboxIdentity("my-sample-app", "alice").stable_hash20 == expected


def test_long_namespace_keeps_stack_name_within_128() -> None:
    identity = SandboxIdentity("x" * 300, "a" * 15)
    assert len(identity.stack_name) <= 128
    assert identity.stack_name.endswith(f"-sandbox-{identity.hash10}")


def test_namespace_prefers_package_json_then_pyproject_then_folder(tmp_path: Path) -> None:
    project = tmp_path / "folder-name"
    project.mkdir()
    assert find_namespace(project) == "folder-name"
    (project / "pyproject.toml").write_text('[project]\nname = "py-app"\n')
    assert find_namespace(project) == "py-app"
    (project / "package.json").write_text(json.dumps({"name": "js-app"}))
    assert find_namespace(project) == "js-app"


@pytest.mark.parametrize("bad", ["", "has_underscore", "a" * 16, "spaces no", "ünïcode"])
def test_invalid_identifier_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UsageError) as caught:
        resolve_identity(tmp_path, bad)
    assert caught.value.exit_code == ExitCode.USAGE
    assert "--identifier" in (caught.value.hint or "")


def test_broken_package_json_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text("{not json")
    with pytest.raises(UsageError, match=r"package\.json"):
        find_namespace(tmp_path)


@pytest.mark.parametrize("bad", ["-x", "x-", "-", "--a--"])
def test_identifier_with_edge_hyphen_is_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UsageError) as caught:
        resolve_identity(tmp_path, bad)
    assert caught.value.exit_code == ExitCode.USAGE
    assert "hyphen" in str(caught.value)
    assert "--identifier" in (caught.value.hint or "")


def test_two_apps_cannot_share_one_sandbox_id(tmp_path: Path) -> None:
    # `shop-` + `x` and `shop` + `-x` hash and name alike; the second pair is refused.
    first = tmp_path / "a"
    second = tmp_path / "b"
    for folder, name in ((first, "shop-"), (second, "shop")):
        folder.mkdir()
        (folder / "package.json").write_text(json.dumps({"name": name}))
    taken = resolve_identity(first, "x")
    assert SandboxIdentity("shop", "-x").stack_name == taken.stack_name  # the collision
    with pytest.raises(UsageError, match="hyphen"):
        resolve_identity(second, "-x")


def test_default_identifier_drops_edge_hyphens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "-bob-")
    from amplify_sandbox.identity import default_identifier

    assert default_identifier() == "bob"
