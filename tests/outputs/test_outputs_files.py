"""File names per version and format, atomic writes, removal, and option checking."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from outputs_cases import email_only

from amplify_sandbox import atomic as atomic_module
from amplify_sandbox.errors import ExitCode, UsageError
from amplify_sandbox.outputs import (
    DEFAULT_OUTPUTS_FORMAT,
    DEFAULT_OUTPUTS_VERSION,
    OUTPUTS_FORMATS,
    OUTPUTS_VERSIONS,
    outputs_path,
    remove_outputs,
    render_outputs,
    write_outputs,
)


def test_supported_options() -> None:
    assert OUTPUTS_VERSIONS == ("0", "1", "1.1", "1.2", "1.3", "1.4", "1.5")
    assert OUTPUTS_FORMATS == ("json", "json-mobile", "mjs", "ts", "dart")
    assert (DEFAULT_OUTPUTS_VERSION, DEFAULT_OUTPUTS_FORMAT) == ("1.5", "json")


@pytest.mark.parametrize(
    ("version", "fmt", "name"),
    [
        ("1.5", "json", "amplify_outputs.json"),
        ("1.5", "json-mobile", "amplify_outputs.json"),
        ("1.3", "mjs", "amplify_outputs.mjs"),
        ("1", "ts", "amplify_outputs.ts"),
        ("1.4", "dart", "amplify_outputs.dart"),
        ("0", "json", "amplifyconfiguration.json"),
        ("0", "json-mobile", "amplifyconfiguration.json"),
        ("0", "mjs", "amplifyconfiguration.mjs"),
        ("0", "ts", "amplifyconfiguration.ts"),
        ("0", "dart", "amplifyconfiguration.dart"),
    ],
)
def test_outputs_path(tmp_path: Path, version: str, fmt: str, name: str) -> None:
    assert outputs_path(tmp_path, version, fmt) == tmp_path / name


@pytest.mark.parametrize(("version", "fmt"), [("2", "json"), ("1.6", "json"), ("1.5", "yaml")])
def test_invalid_options_are_usage_errors(tmp_path: Path, version: str, fmt: str) -> None:
    for call in (
        lambda: outputs_path(tmp_path, version, fmt),
        lambda: render_outputs(email_only(), version, fmt),
        lambda: write_outputs(email_only(), tmp_path, version, fmt),
    ):
        with pytest.raises(UsageError) as caught:
            call()
        assert caught.value.exit_code == ExitCode.USAGE
        valid = OUTPUTS_VERSIONS if fmt == "json" else OUTPUTS_FORMATS
        assert caught.value.hint is not None
        assert all(value in caught.value.hint for value in valid)
    assert list(tmp_path.iterdir()) == []


def test_write_creates_the_directory_and_leaves_no_temp_file(tmp_path: Path) -> None:
    out_dir = tmp_path / "a" / "b"
    path = write_outputs(email_only(), out_dir, "1.5", "json")
    assert path == out_dir / "amplify_outputs.json"
    assert path.read_text(encoding="utf-8") == render_outputs(email_only(), "1.5", "json")
    assert sorted(p.name for p in out_dir.iterdir()) == ["amplify_outputs.json"]


def test_write_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "amplify_outputs.json"
    path.write_text('{"stale": true, "padding": "' + "x" * 10_000 + '"}', encoding="utf-8")
    write_outputs(email_only(), tmp_path, "1.5", "json")
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == "1.5"
    assert [p.name for p in tmp_path.iterdir()] == ["amplify_outputs.json"]


def test_written_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = write_outputs(email_only(), tmp_path, "1.5", "json")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_failed_write_keeps_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "amplify_outputs.json"
    path.write_text("old", encoding="utf-8")

    def failing_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic_module.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_outputs(email_only(), tmp_path, "1.5", "json")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["amplify_outputs.json"]


def test_remove_outputs_removes_every_kind_written_for_the_pool_and_nothing_else(
    tmp_path: Path,
) -> None:
    outputs = email_only()
    written = {
        write_outputs(outputs, tmp_path, version, fmt)
        for version in OUTPUTS_VERSIONS
        for fmt in OUTPUTS_FORMATS
    }
    leftover = tmp_path / ".amplify_outputs.json.deadbeef.tmp"
    leftover.write_text("partial", encoding="utf-8")
    keep = [tmp_path / "package.json", tmp_path / "amplify_outputs.yaml", tmp_path / "src.ts"]
    for path in keep:
        path.write_text("{}", encoding="utf-8")
    left: list[Path] = []

    removed = remove_outputs(tmp_path, [outputs.user_pool_id], left.append)

    assert set(removed) == written | {leftover}
    assert len(removed) == len(set(removed)) == 9
    assert sorted(tmp_path.iterdir()) == sorted(keep)
    assert left == []


def test_remove_outputs_leaves_files_it_did_not_write_and_says_so(tmp_path: Path) -> None:
    """Issue 11 item 4: a hand-made Gen 1 config and another pool's outputs file are kept."""
    pool_id = email_only().user_pool_id
    ours = write_outputs(email_only(), tmp_path, "1.5", "mjs")
    other_pool = tmp_path / "amplify_outputs.json"
    other_pool.write_text(
        json.dumps({"version": "1.5", "auth": {"user_pool_id": "us-east-1_Other123"}}),
        encoding="utf-8",
    )
    gen1 = tmp_path / "amplifyconfiguration.json"
    gen1.write_text('{"aws_project_region": "eu-west-1"}', encoding="utf-8")
    # A pool id that merely starts with ours is another pool.
    longer = tmp_path / "amplify_outputs.ts"
    longer.write_text(f'export default {{ pool: "{pool_id}9" }};\n', encoding="utf-8")
    left: list[Path] = []

    removed = remove_outputs(tmp_path, [pool_id], left.append)

    assert removed == [ours]
    assert sorted(left) == sorted([other_pool, gen1, longer])
    assert all(path.exists() for path in left)


def test_remove_outputs_with_nothing_to_delete_removes_nothing(tmp_path: Path) -> None:
    written = write_outputs(email_only(), tmp_path, "1.5", "json")
    temp = tmp_path / ".amplify_outputs.json.deadbeef.tmp"
    temp.write_text("partial", encoding="utf-8")
    left: list[Path] = []

    assert remove_outputs(tmp_path, [], left.append) == []

    assert left == [written]
    assert written.exists()
    assert temp.exists()


def test_remove_outputs_on_a_missing_or_empty_directory(tmp_path: Path) -> None:
    assert remove_outputs(tmp_path / "missing", ["us-east-1_x"]) == []
    assert remove_outputs(tmp_path, ["us-east-1_x"]) == []


def test_delete_keeps_outputs_files_of_others_and_names_them(
    seed_project: Path, emulator_port: int
) -> None:
    """Issue 11 item 4 through the CLI: a delete with nothing to delete removed every outputs
    file in the folder; a delete removes only the file this sandbox wrote and says what it left."""
    from typer.testing import CliRunner

    from amplify_sandbox.cli.app import app

    runner = CliRunner()
    where = ["--local", "--port", str(emulator_port), "--project-dir", str(seed_project)]
    deployed = runner.invoke(app, ["deploy", *where, "--identifier", "mine"])
    assert deployed.exit_code == 0, deployed.output
    outputs_file = seed_project / "amplify_outputs.json"
    gen1 = seed_project / "amplifyconfiguration.json"
    gen1.write_text('{"aws_project_region": "eu-west-1"}', encoding="utf-8")

    other = runner.invoke(app, ["delete", "--yes", *where, "--identifier", "someone-else"])

    assert other.exit_code == 0, other.output
    assert outputs_file.exists()
    assert gen1.exists()
    assert "left amplify_outputs.json: not written by this sandbox" in other.output
    assert "left amplifyconfiguration.json: not written by this sandbox" in other.output

    mine = runner.invoke(app, ["delete", "--yes", "--json", *where, "--identifier", "mine"])

    assert mine.exit_code == 0, mine.output
    assert not outputs_file.exists()
    assert gen1.exists()
    assert json.loads(mine.stdout)["data"]["removed_files"] == [str(outputs_file)]
    assert "left amplifyconfiguration.json: not written by this sandbox" in mine.stderr
