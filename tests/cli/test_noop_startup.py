"""What a no-op deploy loads, and the `sandbox` process's garbage-collector settings.

Structural, not timed: which modules a real `sandbox deploy --local` process imported (its
sys.modules at exit) and whether the collector ran in it."""

from __future__ import annotations

import compileall
import gc
import subprocess
import sys
from pathlib import Path

import pytest

from amplify_sandbox import entry

# Needed only when something is applied, bundled or started: a no-op deploy imports none.
NOT_FOR_A_NO_OP = (
    "amplify_sandbox.aws.handlers",
    "amplify_sandbox.aws.idempotent",
    "amplify_sandbox.aws.lock",
    "amplify_sandbox.deploy.executor",
    "amplify_sandbox.functions.bundle",
    "amplify_sandbox.functions.env_module",
    "amplify_sandbox.local.pids",
    "amplify_sandbox.local.snapshot",
    "keyring",
)


def _deploy(project: Path, port: int, report: Path) -> subprocess.CompletedProcess[str]:
    """`sandbox deploy --local` through the console script's entry point; `report` gets its
    modules and the collections the collector made (written at exit, after everything ran)."""
    argv = ["deploy", "--local", "--port", str(port), "--project-dir", str(project)]
    code = (
        "import atexit, gc, sys\n"
        "runs = []\n"
        "def report():\n"
        f"    with open({str(report)!r}, 'w') as out:\n"
        "        out.write(f'collections {len(runs)} frozen {gc.get_freeze_count()}\\n')\n"
        "        out.write('\\n'.join(sorted(sys.modules)))\n"
        "atexit.register(report)  # registered first: runs after the entry point's own\n"
        "gc.callbacks.append(lambda phase, info: runs.append(info) if phase == 'stop' else None)\n"
        "from amplify_sandbox.entry import main\n"
        f"sys.argv = ['sandbox', *{argv!r}]\n"
        "main()\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def _loaded(modules: list[str], package: str) -> bool:
    return any(m == package or m.startswith(f"{package}.") for m in modules)


def test_a_no_op_deploy_imports_only_what_it_uses(
    seed_project: Path, emulator_port: int, tmp_path: Path
) -> None:
    first = _deploy(seed_project, emulator_port, tmp_path / "first")
    assert first.returncode == 0, first.stderr
    created = (tmp_path / "first").read_text().splitlines()[1:]
    # The first deploy creates: it needs the handlers and the executor.
    assert _loaded(created, "amplify_sandbox.aws.handlers")
    assert _loaded(created, "amplify_sandbox.deploy.executor")

    again = _deploy(seed_project, emulator_port, tmp_path / "again")
    assert again.returncode == 0, again.stderr
    assert "No changes" in again.stderr
    modules = (tmp_path / "again").read_text().splitlines()[1:]
    assert [p for p in NOT_FOR_A_NO_OP if _loaded(modules, p)] == []


@pytest.fixture
def compiled() -> None:
    """The package's bytecode written, as pip writes it for an installed package. Without it
    (a fresh checkout run with PYTHONDONTWRITEBYTECODE) every start compiles the sources, whose
    syntax trees alone are enough objects for the collector to run."""
    assert compileall.compile_dir(Path(entry.__file__).parent, quiet=1)


@pytest.mark.usefixtures("compiled")
def test_the_collector_waits_through_a_no_op_and_is_frozen_at_exit(
    seed_project: Path, emulator_port: int, tmp_path: Path
) -> None:
    for name in ("first", "again"):
        done = _deploy(seed_project, emulator_port, tmp_path / name)
        assert done.returncode == 0, done.stderr
    header = (tmp_path / "again").read_text().splitlines()[0].split()
    collections, frozen = int(header[1]), int(header[3])
    assert collections == 0
    assert frozen > 0


def _python(*lines: str) -> str:
    """What a fresh interpreter running `lines` printed (it must succeed)."""
    result = subprocess.run(
        [sys.executable, "-c", "\n".join(lines)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_after_one_collection_the_default_thresholds_are_back() -> None:
    _python(
        "import gc",
        "default = gc.get_threshold()",
        "from amplify_sandbox.entry import STARTUP_THRESHOLD, tune_garbage_collector",
        "tune_garbage_collector()",
        "assert gc.get_threshold() == (STARTUP_THRESHOLD, *default[1:]), gc.get_threshold()",
        "gc.collect()",
        "assert gc.get_threshold() == default, gc.get_threshold()",
        "assert not gc.callbacks, gc.callbacks",
    )
    assert gc.get_threshold()[0] < entry.STARTUP_THRESHOLD  # this process is untouched


def test_the_console_script_and_python_m_run_the_entry_point() -> None:
    root = Path(__file__).resolve().parents[2]
    assert 'sandbox = "amplify_sandbox.entry:main"' in (root / "pyproject.toml").read_text()
    printed = _python(
        "import atexit, gc, runpy, sys",
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))",
        "sys.argv = ['sandbox', '--version']",
        "runpy.run_module('amplify_sandbox', run_name='__main__')",
    )
    assert printed.splitlines()[-1] == "frozen True"
