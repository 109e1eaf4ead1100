"""The watch loop with the real watcher, real files and the emulator."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from watch_helpers import StartWatch, WatchRun, actions, definition_text, relative

from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.deploy.pipeline import DeployResult
from amplify_sandbox.errors import RefusedError, TargetError
from amplify_sandbox.watch import parse_ignore_patterns


def test_three_edits_give_three_deploys_with_their_changes(start_watch: StartWatch) -> None:
    run = start_watch()
    steps = [
        (["ADMINS"], {"groupADMINS": "create", "groupADMINSRole": "create"}),
        (["ADMINS", "EDITORS"], {"groupEDITORS": "create", "groupEDITORSRole": "create"}),
        (["EDITORS"], {"groupADMINS": "delete", "groupADMINSRole": "delete"}),
    ]
    for groups, expected in steps:
        before = run.outputs_file.stat().st_mtime_ns
        run.resource.write_text(definition_text(groups))
        event = run.outcome()
        assert event.kind == "deployed", (event, event.error)
        assert relative(run, event) == ["amplify/auth/resource.ts"]
        assert {k: v for k, v in actions(event).items() if k in expected} == expected
        assert run.outputs_file.stat().st_mtime_ns > before, "outputs file rewritten"
    assert run.kinds.count("deployed") == 4  # the initial one and one per edit


def test_a_burst_of_saves_gives_one_or_two_deploys(start_watch: StartWatch) -> None:
    run = start_watch()
    for n in range(20):
        run.resource.write_text(definition_text([f"G{n}"]))
        time.sleep(0.01)
    while True:
        event = run.outcome()
        # Reading the file in the middle of a save can see it half written: reported, not deployed.
        assert event.kind in ("deployed", "definition_failed"), (event, event.error)
        if event.kind == "deployed" and run.deployed_definitions[-1].groups == ("G19",):
            break
    assert 1 <= run.kinds.count("started") - 1 <= 2, run.kinds


def test_a_comment_only_edit_makes_no_api_calls(start_watch: StartWatch) -> None:
    run = start_watch()
    calls = len(run.target.log.calls)
    run.resource.write_text(definition_text(comment="only a comment") + "\n\n")
    event = run.outcome()
    assert event.kind == "unchanged", event
    assert relative(run, event) == ["amplify/auth/resource.ts"]
    assert len(run.target.log.calls) == calls
    assert len(run.deployed_definitions) == 1


def test_a_syntax_error_is_reported_and_the_next_good_save_deploys(
    start_watch: StartWatch,
) -> None:
    run = start_watch()
    run.resource.write_text("export const auth = defineAuth({\n  loginWith: {")
    failed = run.outcome()
    assert failed.kind == "definition_failed"
    assert "resource.ts:" in str(failed.error)
    run.resource.write_text(definition_text(["ADMINS"]))
    fixed = run.outcome()
    assert fixed.kind == "deployed", (fixed, fixed.error)
    assert actions(fixed)["groupADMINS"] == "create"


def test_a_broken_definition_at_start_keeps_watching(
    start_watch: StartWatch, seed_project: Path
) -> None:
    resource = seed_project / "amplify" / "auth" / "resource.ts"
    resource.write_text(resource.read_text().replace("email: true", "emial: true"))
    run = start_watch(initial="definition_failed")
    assert "emial" in str(run.seen[-1].error)
    run.resource.write_text(definition_text())
    assert run.outcome().kind == "deployed"


def test_own_writes_and_ignored_paths_trigger_nothing(
    start_watch: StartWatch, seed_project: Path
) -> None:
    (seed_project / ".gitignore").write_text("# build output\ndist/\n*.log\n!keep.log\n")
    run = start_watch(
        watch_dir=seed_project,
        patterns=[
            *parse_ignore_patterns((seed_project / ".gitignore").read_text().splitlines()),
            *parse_ignore_patterns(["scratch"]),
        ],
    )
    run.outputs_file.write_text("{}")
    (seed_project / ".amplify_outputs.json.0badc0de.tmp").write_text("{}")
    (seed_project / ".amplify" / "artifacts").mkdir(parents=True)
    (seed_project / ".amplify" / "artifacts" / "cdk.out").write_text("x")
    (seed_project / "node_modules" / "pkg").mkdir(parents=True)
    (seed_project / "node_modules" / "pkg" / "index.js").write_text("x")
    (seed_project / "dist").mkdir()
    (seed_project / "dist" / "bundle.js").write_text("x")
    (seed_project / "debug.log").write_text("x")
    (seed_project / "scratch").mkdir()
    (seed_project / "scratch" / "notes.txt").write_text("x")
    # A change that counts, written last: the first thing the watcher reports must be it alone.
    (seed_project / "amplify" / "backend.ts").write_text("// touched\n")
    event = run.outcome()
    assert event.kind == "unchanged", event
    assert relative(run, event) == ["amplify/backend.ts"]


def test_changes_during_a_deploy_are_deployed_once_afterwards(start_watch: StartWatch) -> None:
    entered, release = threading.Event(), threading.Event()

    def slow_deploy(run: WatchRun, definition: AuthDefinition) -> DeployResult:
        if definition.groups == ("A",):
            entered.set()
            assert release.wait(10)
        return run.deploy(definition)

    run = start_watch(deploy=slow_deploy)
    run.resource.write_text(definition_text(["A"]))
    assert entered.wait(10)
    run.resource.write_text(definition_text(["B"]))
    (run.project / "amplify" / "backend.ts").write_text("// during the deploy\n")
    run.resource.write_text(definition_text(["C"]))
    time.sleep(0.3)  # let the watcher see them while the deploy is still running
    release.set()
    first = run.outcome()
    assert first.kind == "deployed" and relative(run, first) == ["amplify/auth/resource.ts"]
    second = run.outcome()
    assert second.kind == "deployed", (second, second.error)
    assert relative(run, second) == ["amplify/auth/resource.ts", "amplify/backend.ts"]
    assert [d.groups for d in run.deployed_definitions] == [(), ("A",), ("C",)]


def test_a_failed_deploy_keeps_watching(start_watch: StartWatch) -> None:
    def flaky_deploy(run: WatchRun, definition: AuthDefinition) -> DeployResult:
        if definition.groups == ("FAILS",):
            raise TargetError("CreateGroup failed: throttled")
        return run.deploy(definition)

    run = start_watch(deploy=flaky_deploy)
    run.resource.write_text(definition_text(["FAILS"]))
    failed = run.outcome()
    assert failed.kind == "deploy_failed" and isinstance(failed.error, TargetError)
    run.resource.write_text(definition_text(["WORKS"]))
    assert run.outcome().kind == "deployed"


def test_a_replace_is_refused_and_undoing_it_deploys_nothing(start_watch: StartWatch) -> None:
    run = start_watch()
    original = run.resource.read_text()
    run.resource.write_text(original.replace("email: true", "phone: true"))
    refused = run.outcome()
    assert refused.kind == "deploy_failed" and isinstance(refused.error, RefusedError)
    run.resource.write_text(original)
    assert run.outcome().kind == "unchanged"
