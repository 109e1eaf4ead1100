"""A machine without chromium, Node or npm fails the end-to-end test instead of skipping it."""

from __future__ import annotations

from pathlib import Path

import node_deps
import pytest


def test_no_chromium_is_a_failure_not_a_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(node_deps, "CHROMIUM", tmp_path / "no-chromium")

    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        node_deps.chromium()


@pytest.mark.parametrize("name", ["node", "npm"])
def test_no_node_or_npm_is_a_failure_not_a_skip(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(pytest.fail.Exception, match=f"{name} is not installed"):
        node_deps.tool(name)


def test_a_stale_install_is_reinstalled(tmp_path: Path) -> None:
    (tmp_path / "package-lock.json").write_text('{"lockfileVersion": 3}')
    (tmp_path / "node_modules").mkdir()
    assert not node_deps.installed(tmp_path)

    (tmp_path / "node_modules" / node_deps.STAMP).write_text(node_deps.lock_digest(tmp_path))
    assert node_deps.installed(tmp_path)

    (tmp_path / "package-lock.json").write_text('{"lockfileVersion": 3, "packages": {}}')
    assert not node_deps.installed(tmp_path)
