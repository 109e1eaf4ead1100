"""`sandbox logs --local`: what the sandbox's trigger functions printed, kept by the emulator."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from typer.testing import CliRunner

from amplify_sandbox.cli.app import app
from amplify_sandbox.cli.logs import LogLine, follow_local, function_prefix
from amplify_sandbox.identity import resolve_identity
from amplify_sandbox.local.log_client import EmulatorLogs
from amplify_sandbox.local.server import EmulatorServer
from tests.local.test_triggers import Pool

runner = CliRunner()


def _pool_with_function(url: str, token: str, root: Path, prefix: str) -> Pool:
    pool = Pool(url, root, token)
    arn = pool.function(
        "preSignUp",
        """
        def handler(event, context):
            print("checking", event["request"]["userAttributes"]["email"])
            return event
        """,
    )
    # Rename: a function deployed for this sandbox carries its prefix.
    pool.lam.delete_function(FunctionName=arn)
    code = (root / "presignup" / "handler.py").read_bytes()
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", code)
    pool.arns["preSignUp"] = pool.lam.create_function(
        FunctionName=prefix + "pre-sign-up",
        Runtime="python3.13",
        Role=pool.role_arn,
        Handler="handler.handler",
        Code={"ZipFile": buffer.getvalue()},
    )["FunctionArn"]
    pool.attach()
    return pool


def test_logs_show_the_functions_output(
    emulator: EmulatorServer, emulator_port: int, seed_project: Path, tmp_path: Path
) -> None:
    prefix = function_prefix(resolve_identity(seed_project, "logs"))
    pool = _pool_with_function(emulator.url, emulator.token, tmp_path / "fn", prefix)
    pool.sign_up("ann@example.com")
    target = ["--local", "--port", str(emulator_port), "--project-dir", str(seed_project)]
    result = runner.invoke(app, ["logs", "--json", "pre-sign-up", *target, "--identifier", "logs"])
    assert result.exit_code == 0, result.output
    lines = json.loads(result.stdout)["data"]["lines"]
    assert [(x["function"], x["line"]) for x in lines] == [
        ("pre-sign-up", "checking ann@example.com")
    ]
    people = runner.invoke(app, ["logs", *target, "--identifier", "logs"])
    assert "[pre-sign-up] checking ann@example.com" in people.output
    other = runner.invoke(
        app, ["logs", "--json", "post-confirmation", *target, "--identifier", "logs"]
    )
    assert json.loads(other.stdout)["data"]["lines"] == []

    # --follow: a line printed later arrives (the long poll returns as soon as it is there).
    seen: list[LogLine] = []
    stop = threading.Event()
    arrived = threading.Event()

    def emit(line: LogLine) -> None:
        seen.append(line)
        stop.set()
        arrived.set()

    _, last = EmulatorLogs(emulator_port).read()
    follower = threading.Thread(
        target=follow_local, args=(emulator_port, prefix, None, emit, stop, last), daemon=True
    )
    follower.start()
    pool.sign_up("bob@example.com")
    assert arrived.wait(30)
    assert [line.line for line in seen] == ["checking bob@example.com"]
    follower.join(30)
