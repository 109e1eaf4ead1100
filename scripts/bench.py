#!/usr/bin/env python3
"""Measure the speed goals of issues 16 and 13 on this machine: medians of repeated runs.

    .venv/bin/python scripts/bench.py [--runs N] [--only ROW ...] [--json]
        [--latency-ms 100] [--latency OPERATION=MS ...] [--baseline-tree PATH]

Every row runs the real CLI as a subprocess against the local emulator (one emulator per tree,
emptied before every run; every run has its own HOME, AMPLIFY_SANDBOX_HOME and TMPDIR). The
`*_proxy` rows point the CLI at the emulator through `amplify_sandbox.local.faultproxy` (as a plain
AWS endpoint, `AWS_ENDPOINT_URL`), which delays every HTTP request by `--latency-ms` (or its
operation's `--latency`) in the request's own thread: concurrent requests are delayed
concurrently, as AWS answers them. Each row reports the median, min and max of `--runs` runs, the
API calls of a run (the proxy's count, or the CLI's own `api_calls`), the peak memory (max RSS of
the CLI process and its children, from wait4) and the target of the issue with pass/fail.

Rows: help (against a bare `python -c pass` of the same interpreter, and the ratio), noop_local,
first_local, first_proxy, everything_proxy, update_proxy (a group added), noop_proxy, watch_save
(save -> outputs rewritten), memory (peak RSS of a first local deploy), delete_local,
functions_first_local (examples/functions: three trigger functions bundled with esbuild) and
functions_watch (a handler saved -> Cognito's sign-up shows the new behaviour of the function);
with `--only list_200` also `sandbox list` over 200 sandboxes made directly in the emulator.

`--baseline-tree PATH` runs the same rows with another checkout's `.venv` first, in the same
session, so "before" and "after" are measured one after the other. Exit status: 0 when every
command succeeded (whether the targets were met or not), 1 when one failed: its stderr is
printed, the row's other runs are skipped and it is reported as FAILED (with `error` in JSON).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from amplify_sandbox.local.faultproxy import FaultProxy, Faults  # noqa: E402

REGION = "us-east-1"
IDENTIFIER = "bench"
# The emulator's admin endpoint that empties it (local/process.py RESET_PATH) and its token header.
RESET_PATH = "/amplify-sandbox/reset"
TOKEN_HEADER = "X-Amplify-Sandbox-Token"
WAIT_LIMIT = 60.0
# A value for every secret() of examples/everything (what tests/faults/sweep.py sets).
SECRETS = {
    "GOOGLE_CLIENT_ID": "everything-google.apps.googleusercontent.com",
    "GOOGLE_CLIENT_SECRET": "google-secret-7d1c",
    "FACEBOOK_CLIENT_ID": "facebook-app-5512",
    "FACEBOOK_CLIENT_SECRET": "facebook-secret-90ab",
    "LOGINWITHAMAZON_CLIENT_ID": "amzn1.application-oa2-client.everything",
    "LOGINWITHAMAZON_CLIENT_SECRET": "amazon-secret-3e4f",
    "SIWA_CLIENT_ID": "com.example.everything.web",
    "SIWA_TEAM_ID": "TEAM123456",
    "SIWA_KEY_ID": "KEY7890AB",
    "SIWA_PRIVATE_KEY": "-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMG-everything\n-----END PRIVATE KEY-----\n",
    "MICROSOFT_ENTRA_ID_CLIENT_ID": "entra-client-0c2d",
    "MICROSOFT_ENTRA_ID_CLIENT_SECRET": "entra-secret-61f0",
    "AUTH0_CLIENT_ID": "auth0-client-aa17",
    "AUTH0_CLIENT_SECRET": "auth0-secret-b2c9",
}
SEED_AUTH = """import { defineAuth } from '@aws-amplify/backend';

export const auth = defineAuth({ loginWith: { email: true }, groups: [%s] });
"""
BLOCKED_MESSAGE = "are not allowed"
PASSWORD = "Bench-Passw0rd!"


class BenchError(Exception):
    """A command of the bench failed: the message holds its stderr."""


@dataclass
class Sample:
    seconds: float
    calls: int | None = None
    rss_mb: float | None = None
    # Proxied rows: the most calls in flight at once (1: one after another) and the latency.
    max_in_flight: int | None = None
    baseline_s: float | None = None


@dataclass(frozen=True)
class Tree:
    """A checkout whose CLI is measured: its `.venv/bin/sandbox` and Python."""

    root: Path
    bin: Path

    @property
    def sandbox(self) -> str:
        return str(self.bin / "sandbox")

    @property
    def python(self) -> str:
        return str(self.bin / "python")


@dataclass
class Done:
    seconds: float
    stdout: str
    stderr: str
    rss_mb: float


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Runs a command as its child and reports its wall time and peak RSS. The peak RSS of a process
# counts what it had before exec, and a child spawned by this (large) bench process starts with
# the bench's pages: a small launcher that forks keeps that floor at its own few MB.
LAUNCHER = """
import os, signal, sys, time
result, args = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(args[0], args)
    finally:
        os._exit(127)
for signum in (signal.SIGINT, signal.SIGTERM):
    signal.signal(signum, lambda number, _frame: os.kill(pid, number))
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - started
code = os.waitstatus_to_exitcode(status)
with open(result, "w") as out:
    out.write(f"{elapsed} {usage.ru_maxrss}")
sys.exit(code if code >= 0 else 128 - code)
"""


def launched(args: list[str], result: Path) -> list[str]:
    """`args` run by the launcher, which writes "seconds maxrss_kb" to `result`."""
    return [sys.executable, "-I", "-S", "-c", LAUNCHER, str(result), *args]


def launch_result(result: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of a launched command."""
    seconds, rss_kb = result.read_text().split()
    return float(seconds), round(float(rss_kb) / 1024, 1)  # Linux: kilobytes


def run_measured(
    args: list[str], env: dict[str, str], cwd: Path | None = None, *, check: bool = True
) -> Done:
    """Run `args`; the wall time, output and max RSS (of the process or any of its children)."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as folder,
    ):
        result = Path(folder) / "result"
        code = subprocess.run(launched(args, result), env=env, cwd=cwd, stdout=out, stderr=err)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        if check and code.returncode != 0:
            raise BenchError(
                f"`{' '.join(args)}` (in {cwd or '.'}) failed with exit {code.returncode}:\n"
                f"{stderr}{stdout[-4000:]}"
            )
        elapsed, rss = launch_result(result) if result.exists() else (0.0, 0.0)
    return Done(elapsed, stdout, stderr, rss)


def _api_calls(stdout: str) -> int | None:
    try:
        data = json.loads(stdout)["data"]
    except (ValueError, KeyError, TypeError):
        return None
    calls = data.get("api_calls") if isinstance(data, dict) else None
    return int(calls) if isinstance(calls, int | float) else None


def _file_id(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (0, 0)
    return (stat.st_ino, stat.st_mtime_ns)


class Emulator:
    """`sandbox local start` of one tree, on its own port and home; emptied between runs."""

    def __init__(self, tree: Tree, work: Path) -> None:
        self.tree = tree
        self.port = _free_port()
        self.home = work / f"emulator-{self.port}"
        self.env = {**_base_env(), "AMPLIFY_SANDBOX_HOME": str(self.home), "HOME": str(self.home)}
        self.home.mkdir(parents=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def state_file(self) -> Path:
        return self.home / "local" / f"emulator-{self.port}.json"

    def start(self) -> None:
        run_measured([self.tree.sandbox, "local", "start", "--port", str(self.port)], self.env)

    def stop(self) -> None:
        subprocess.run(
            [self.tree.sandbox, "local", "stop", "--port", str(self.port)],
            env=self.env,
            capture_output=True,
        )

    def reset(self) -> None:
        token = json.loads(self.state_file.read_text())["token"]
        request = urllib.request.Request(
            self.url + RESET_PATH, method="POST", data=b"", headers={TOKEN_HEADER: token}
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            answer.read()

    def share_with(self, home: Path) -> None:
        """Let a CLI whose AMPLIFY_SANDBOX_HOME is `home` find this emulator (`--local`)."""
        (home / "local").mkdir(parents=True, exist_ok=True)
        target = home / "local" / self.state_file.name
        shutil.copyfile(self.state_file, target)
        target.chmod(0o600)


def _base_env() -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "USER", "LOGNAME", "TERM")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    # esbuild is installed once into the user's cache (what a user has after a first use).
    env["XDG_CACHE_HOME"] = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    env |= {"NO_COLOR": "1", "CI": "1", "COLUMNS": "200"}
    return env


@dataclass
class Run:
    """One run's folders and environment."""

    dir: Path
    env: dict[str, str]
    project: Path

    def path(self, name: str) -> Path:
        return self.project / name


@dataclass
class Context:
    tree: Tree
    emulator: Emulator
    proxy: FaultProxy
    faults: Faults
    work: Path
    functions_modules: Path
    counter: int = 0

    @contextlib.contextmanager
    def run(self, example: str, *, proxied: bool) -> Iterator[Run]:
        """A fresh emulator, a fresh copy of `examples/<example>`, its own HOME/TMPDIR."""
        self.counter += 1
        folder = self.work / f"run-{self.counter}"
        home, tmp = folder / "home", folder / "tmp"
        tmp.mkdir(parents=True)
        self.emulator.reset()
        env = {
            **_base_env(),
            "HOME": str(home),
            "AMPLIFY_SANDBOX_HOME": str(home / ".amplify-sandbox"),
            "TMPDIR": str(tmp),
            "AWS_CONFIG_FILE": str(home / "no-aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(home / "no-aws-credentials"),
            "AWS_EC2_METADATA_DISABLED": "true",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            **{f"SANDBOX_SECRET_{k}": v for k, v in SECRETS.items()},
        }
        self.emulator.share_with(home / ".amplify-sandbox")
        if proxied:
            env |= {
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_DEFAULT_REGION": REGION,
                "AWS_ENDPOINT_URL": self.proxy.url,
            }
        project = folder / example
        shutil.copytree(
            ROOT / "examples" / example,
            project,
            ignore=shutil.ignore_patterns("node_modules", ".amplify", "amplify_outputs.json"),
        )
        if example == "functions":
            (project / "node_modules").symlink_to(self.functions_modules)
        try:
            yield Run(folder, env, project)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def local_args(self) -> list[str]:
        return ["--local", "--port", str(self.emulator.port), "--identifier", IDENTIFIER]

    def deploy_local(self, run: Run) -> Done:
        return run_measured(
            [self.tree.sandbox, "deploy", *self.local_args(), "--json"], run.env, run.project
        )

    def deploy_direct(self, run: Run) -> None:
        """A deploy through the proxy without latency (to prepare a proxied row)."""
        self.proxy.configure(Faults())
        run_measured(self._proxied_deploy(), run.env, run.project)

    def _proxied_deploy(self) -> list[str]:
        return [self.tree.sandbox, "deploy", "--identifier", IDENTIFIER, "--json"]

    def deploy_proxied(self, run: Run) -> Sample:
        tally = self.proxy.configure(self.faults)
        done = run_measured(self._proxied_deploy(), run.env, run.project)
        calls = len(tally.calls)
        self.proxy.configure(Faults())
        return Sample(done.seconds, calls, done.rss_mb, max_in_flight=tally.max_in_flight)


# -- rows -------------------------------------------------------------------------------------


def row_help(ctx: Context) -> Sample:
    env = {**_base_env(), "HOME": str(ctx.work)}
    baseline = run_measured([ctx.tree.python, "-c", "pass"], env).seconds
    done = run_measured([ctx.tree.sandbox, "--help"], env)
    return Sample(done.seconds, None, done.rss_mb, baseline_s=baseline)


def row_first_local(ctx: Context) -> Sample:
    with ctx.run("seed-app", proxied=False) as run:
        done = ctx.deploy_local(run)
        return Sample(done.seconds, _api_calls(done.stdout), done.rss_mb)


def row_noop_local(ctx: Context) -> Sample:
    with ctx.run("seed-app", proxied=False) as run:
        ctx.deploy_local(run)
        done = ctx.deploy_local(run)
        return Sample(done.seconds, _api_calls(done.stdout), done.rss_mb)


def row_delete_local(ctx: Context) -> Sample:
    with ctx.run("seed-app", proxied=False) as run:
        ctx.deploy_local(run)
        done = run_measured(
            [ctx.tree.sandbox, "delete", "--yes", *ctx.local_args(), "--json"],
            run.env,
            run.project,
        )
        return Sample(done.seconds, _api_calls(done.stdout), done.rss_mb)


def row_memory(ctx: Context) -> Sample:
    sample = row_first_local(ctx)
    return Sample(sample.rss_mb or 0.0, sample.calls, sample.rss_mb)


def row_first_proxy(ctx: Context) -> Sample:
    with ctx.run("seed-app", proxied=True) as run:
        return ctx.deploy_proxied(run)


def row_everything_proxy(ctx: Context) -> Sample:
    with ctx.run("everything", proxied=True) as run:
        return ctx.deploy_proxied(run)


def row_update_proxy(ctx: Context) -> Sample:
    with ctx.run("seed-app", proxied=True) as run:
        ctx.deploy_direct(run)
        (run.project / "amplify" / "auth" / "resource.ts").write_text(SEED_AUTH % "'EDITORS'")
        return ctx.deploy_proxied(run)


def row_noop_proxy(ctx: Context) -> Sample:
    with ctx.run("seed-app", proxied=True) as run:
        ctx.deploy_direct(run)
        return ctx.deploy_proxied(run)


def row_functions_first_local(ctx: Context) -> Sample:
    with ctx.run("functions", proxied=False) as run:
        done = ctx.deploy_local(run)
        return Sample(done.seconds, _api_calls(done.stdout), done.rss_mb)


class Watch:
    """`sandbox deploy --watch --local` running in a run's project; its stderr read by a thread
    so "Deployed in" lines can be awaited."""

    def __init__(self, ctx: Context, run: Run) -> None:
        self.lines: list[str] = []
        self.changed = threading.Condition()
        args = [ctx.tree.sandbox, "deploy", "--watch", *ctx.local_args()]
        self._result = run.dir / "watch-result"
        self.process = subprocess.Popen(
            launched(args, self._result),
            env=run.env,
            cwd=run.project,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.rss_mb: float | None = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def deployed(self) -> int:
        return sum(1 for line in self.lines if line.startswith("Deployed in"))

    def wait_deployed(self, count: int) -> None:
        """Until the watch has reported `count` deploys."""
        deadline = time.monotonic() + WAIT_LIMIT
        with self.changed:
            while self.deployed() < count:
                if self.process.poll() is not None and not self._reader.is_alive():
                    raise BenchError(
                        f"deploy --watch exited ({self.process.returncode}):\n"
                        + "".join(self.lines)
                    )
                left = deadline - time.monotonic()
                if left <= 0:
                    raise BenchError(
                        f"deploy --watch did not deploy within {WAIT_LIMIT} s:\n"
                        + "".join(self.lines)
                    )
                self.changed.wait(min(left, 0.5))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # the launcher passes it on
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=5)
        if self._result.exists():
            self.rss_mb = launch_result(self._result)[1]


def _await(check: Callable[[], bool], what: str, poll: float = 0.002) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while not check():
        if time.monotonic() > deadline:
            raise BenchError(f"{what} did not happen within {WAIT_LIMIT} s")
        time.sleep(poll)


def row_watch_save(ctx: Context) -> Sample:
    """One save of the definition (a group renamed: a real deploy) -> outputs file rewritten."""
    with ctx.run("seed-app", proxied=False) as run:
        watch = Watch(ctx, run)
        try:
            watch.wait_deployed(1)
            outputs = run.path("amplify_outputs.json")
            before = _file_id(outputs)
            saved = time.perf_counter()
            (run.project / "amplify" / "auth" / "resource.ts").write_text(SEED_AUTH % "'BENCH'")
            _await(lambda: _file_id(outputs) != before, "the outputs file being rewritten")
            seconds = time.perf_counter() - saved
            watch.wait_deployed(2)
        finally:
            watch.stop()
        return Sample(seconds, None, watch.rss_mb)


def _cognito(ctx: Context) -> Any:
    import boto3

    return boto3.client(
        "cognito-idp",
        endpoint_url=ctx.emulator.url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def row_functions_watch(ctx: Context) -> Sample:
    """A save of the pre-sign-up handler (a new error message) under `deploy --watch --local`
    -> a sign-up through the emulator's Cognito runs the new code (polled, not slept)."""
    from botocore.exceptions import ClientError

    with ctx.run("functions", proxied=False) as run:
        watch = Watch(ctx, run)
        try:
            watch.wait_deployed(1)
            outputs = json.loads(run.path("amplify_outputs.json").read_text())
            client_id = outputs["auth"]["user_pool_client_id"]
            cognito = _cognito(ctx)
            handler = run.project / "amplify" / "auth" / "pre-sign-up" / "handler.ts"
            marker = f"(bench edit {ctx.counter})"
            attempts = [0]

            def new_behaviour() -> bool:
                attempts[0] += 1
                try:
                    cognito.sign_up(
                        ClientId=client_id,
                        Username=f"u{ctx.counter}-{attempts[0]}@blocked.example.com",
                        Password=PASSWORD,
                        UserAttributes=[{"Name": "email", "Value": "x@blocked.example.com"}],
                    )
                except ClientError as error:
                    return marker in str(error)
                return False

            if new_behaviour():
                raise BenchError("the function showed the new behaviour before the edit")
            text = handler.read_text()
            saved = time.perf_counter()
            handler.write_text(text.replace(BLOCKED_MESSAGE, f"{BLOCKED_MESSAGE} {marker}"))
            _await(new_behaviour, "the function answering with its new code", poll=0.01)
            seconds = time.perf_counter() - saved
        finally:
            watch.stop()
        return Sample(seconds, None, watch.rss_mb)


LIST_SANDBOXES = 200


def _seed_sandboxes(url: str, count: int) -> None:
    """`count` sandboxes straight through the API (no deploys): what `list` reads of each."""
    from amplify_sandbox.aws.target import AwsTarget, TargetOptions
    from amplify_sandbox.deploy.stamp import stamped
    from amplify_sandbox.deploy.state import DeployedResource, DeployedState
    from amplify_sandbox.desired.build import SANDBOX_TAG
    from amplify_sandbox.desired.resources import ResourceKind
    from amplify_sandbox.identity import SandboxIdentity

    # This process talks to the emulator only: its stand-in credentials, never the user's.
    os.environ.update(
        AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION=REGION
    )
    os.environ.pop("AWS_SESSION_TOKEN", None)
    os.environ.pop("AWS_PROFILE", None)
    target = AwsTarget(TargetOptions(endpoint_url=url))
    idp, ids = target.clients.cognito_idp, target.clients.cognito_identity
    for n in range(count):
        identity = SandboxIdentity("bench-list", f"pr-{n}")
        sid, base = identity.stack_name, f"amplify-benchlist-pr{n}-{identity.hash10}"
        pool = idp.create_user_pool(PoolName=f"{base}-userpool", UserPoolTags={SANDBOX_TAG: sid})
        pool_id = pool["UserPool"]["Id"]
        ipool = ids.create_identity_pool(
            IdentityPoolName=base.replace("-", "_") + "_identitypool",
            AllowUnauthenticatedIdentities=False,
            IdentityPoolTags={SANDBOX_TAG: sid},
        )["IdentityPoolId"]
        state = DeployedState(sid, region=target.region)
        for logical_id, kind, physical in (
            ("userPool", ResourceKind.USER_POOL, pool_id),
            ("identityPool", ResourceKind.IDENTITY_POOL, ipool),
        ):
            state = state.with_resource(
                DeployedResource(logical_id, kind, physical, {"id": physical}, {})
            )
        target.state_store(identity).save(stamped(state, identity))


def row_list(ctx: Context) -> Sample:
    """`sandbox list --local` over LIST_SANDBOXES sandboxes made directly in the emulator."""
    with ctx.run("seed-app", proxied=False) as run:
        _seed_sandboxes(ctx.emulator.url, LIST_SANDBOXES)
        args = [ctx.tree.sandbox, "list", "--local", "--port", str(ctx.emulator.port), "--json"]
        done = run_measured(args, run.env, run.project)
        found = len(json.loads(done.stdout)["data"]["sandboxes"])
        if found < LIST_SANDBOXES:
            raise BenchError(f"list found {found} of {LIST_SANDBOXES} sandboxes")
        return Sample(done.seconds, _api_calls(done.stdout), done.rss_mb)


@dataclass(frozen=True)
class Row:
    name: str
    title: str
    measure: Callable[[Context], Sample]
    target: float | None = None
    unit: str = "s"
    # help: the most the median may be as a multiple of `python -c pass`.
    target_ratio: float | None = None
    proxied: bool = False
    # Run only when asked for with --only.
    optional: bool = False


ROWS = (
    Row("help", "sandbox --help", row_help, 0.10, target_ratio=3.0),
    Row("noop_local", "no-op deploy, local", row_noop_local, 0.40),
    Row("first_local", "first deploy of examples/seed-app, local", row_first_local, 1.0),
    Row("first_proxy", "the same through the proxy", row_first_proxy, 2.5, proxied=True),
    Row(
        "everything_proxy",
        "examples/everything first deploy through the proxy",
        row_everything_proxy,
        4.0,
        proxied=True,
    ),
    Row(
        "update_proxy",
        "one-field update (a group added) through the proxy",
        row_update_proxy,
        0.8,
        proxied=True,
    ),
    Row("noop_proxy", "no-op through the proxy", row_noop_proxy, 0.5, proxied=True),
    Row("watch_save", "watch: save -> outputs rewritten", row_watch_save, 0.25),
    Row("memory", "peak memory of a deploy (max RSS)", row_memory, 60.0, unit="MB"),
    Row("delete_local", "delete, local", row_delete_local),
    Row(
        "functions_first_local",
        "first local deploy of examples/functions (3 functions)",
        row_functions_first_local,
        3.0,
    ),
    Row(
        "functions_watch",
        "watch: handler save -> function updated and invocable",
        row_functions_watch,
        1.5,
    ),
    Row("list_200", f"sandbox list over {LIST_SANDBOXES} sandboxes", row_list, optional=True),
)
ROW_NAMES = tuple(row.name for row in ROWS)


@dataclass
class Result:
    row: Row
    samples: list[Sample] = field(default_factory=list)
    # The first failure of the row (its remaining runs are skipped).
    error: str | None = None

    def summary(self, latency: Faults) -> dict[str, Any]:
        if self.error is not None or not self.samples:
            return {
                "title": self.row.title,
                "unit": self.row.unit,
                "target": self.row.target,
                "runs": len(self.samples),
                "error": self.error or "not run",
                "met": False,
            }
        values = [s.seconds for s in self.samples]
        median = statistics.median(values)
        entry: dict[str, Any] = {
            "title": self.row.title,
            "unit": self.row.unit,
            "median": round(median, 4),
            "min": round(min(values), 4),
            "max": round(max(values), 4),
            "runs": len(values),
            "target": self.row.target,
        }
        calls = [s.calls for s in self.samples if s.calls is not None]
        entry["api_calls"] = statistics.median(calls) if calls else None
        rss = [s.rss_mb for s in self.samples if s.rss_mb is not None]
        entry["peak_rss_mb"] = max(rss) if rss else None
        met = None if self.row.target is None else median <= self.row.target
        baselines = [s.baseline_s for s in self.samples if s.baseline_s is not None]
        if baselines:
            baseline = statistics.median(baselines)
            entry["python_baseline_s"] = round(baseline, 4)
            entry["ratio_to_python"] = round(median / baseline, 2)
            entry["target_ratio"] = self.row.target_ratio
            if self.row.target_ratio is not None:
                met = bool(met) and median / baseline <= self.row.target_ratio
        if self.row.proxied:
            entry["latency_ms"] = round(latency.latency * 1000)
            flights = [s.max_in_flight for s in self.samples if s.max_in_flight is not None]
            entry["max_in_flight"] = max(flights) if flights else None
            if entry["api_calls"] is not None:
                entry["sequential_floor_s"] = round(entry["api_calls"] * latency.latency, 3)
        entry["met"] = met
        return entry


def measure_tree(
    tree: Tree,
    rows: list[Row],
    runs: int,
    faults: Faults,
    work: Path,
    say: Callable[[str], None],
    *,
    warm_up: bool = True,
) -> dict[str, Any]:
    # An installed wheel has its bytecode compiled by pip; an editable checkout may not (and
    # PYTHONDONTWRITEBYTECODE stops Python writing it), which would time the compiler instead.
    if (tree.root / "amplify_sandbox").is_dir():
        with contextlib.redirect_stdout(sys.stderr):  # stdout is the JSON document's
            compileall.compile_dir(tree.root / "amplify_sandbox", quiet=1)
    functions_modules = _functions_node_modules(say)
    emulator = Emulator(tree, work)
    results = {row.name: Result(row) for row in rows}
    say(f"{tree.root}: emulator on port {emulator.port}")
    emulator.start()
    try:
        with FaultProxy(emulator.url) as proxy:
            ctx = Context(tree, emulator, proxy, faults, work, functions_modules)
            for n in range(-1 if warm_up else 0, runs):  # -1: caches, the emulator, esbuild
                for row in rows:
                    result = results[row.name]
                    if result.error is not None:
                        continue
                    label = "warm-up" if n < 0 else f"run {n + 1}/{runs}"
                    try:
                        sample = row.measure(ctx)
                    except BenchError as error:
                        result.error = str(error)
                        say(f"  {label} {row.name} FAILED:\n{error}")
                        continue
                    say(f"  {label} {row.name}: {sample.seconds:.3f} {row.unit}")
                    if n >= 0:
                        result.samples.append(sample)
    finally:
        emulator.stop()
    return {name: result.summary(faults) for name, result in results.items()}


def _functions_node_modules(say: Callable[[str], None]) -> Path:
    """examples/functions/node_modules (installed with `npm ci` once)."""
    example = ROOT / "examples" / "functions"
    if not (example / "node_modules").is_dir():
        say("installing examples/functions/node_modules (npm ci, once)")
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=example, check=True
        )
    return example / "node_modules"


def _latency_overrides(values: list[str]) -> dict[str, float]:
    found: dict[str, float] = {}
    for value in values:
        operation, sep, ms = value.partition("=")
        try:
            seconds = float(ms) / 1000
        except ValueError:
            seconds = -1.0
        if not sep or not operation or seconds < 0:
            raise SystemExit(f"--latency {value!r}: expected OPERATION=MS, e.g. CreateUserPool=300")
        found[operation] = seconds
    return found


def _tree(path: Path) -> Tree:
    root = path.resolve()
    bin_dir = root / ".venv" / "bin"
    if not (bin_dir / "sandbox").is_file():
        raise SystemExit(f"--baseline-tree {path}: no .venv/bin/sandbox there")
    return Tree(root, bin_dir)


def _print_table(label: str, results: dict[str, Any]) -> None:
    print(f"\n{label}")
    head = f"{'row':<22} {'median':>9} {'min':>8} {'max':>8} {'calls':>6} {'MB':>6} "
    print(head + f"{'target':>8}  pass")
    for name, entry in results.items():
        if "error" in entry:
            print(f"{name:<22} FAILED: {entry['error'].splitlines()[0][:100]}")
            continue
        unit = entry["unit"]
        target = entry["target"]
        extra = ""
        if "ratio_to_python" in entry:
            extra = f"  ({entry['ratio_to_python']}x python {entry['python_baseline_s']:.3f} s)"
        if entry.get("sequential_floor_s") is not None:
            extra = f"  (floor {entry['sequential_floor_s']} s, in flight {entry['max_in_flight']})"
        calls = "" if entry["api_calls"] is None else f"{entry['api_calls']:g}"
        rss = "" if entry["peak_rss_mb"] is None else f"{entry['peak_rss_mb']:.0f}"
        target_text = "" if target is None else f"{target:g} {unit}"
        verdict = {None: "-", True: "yes", False: "NO"}[entry["met"]]
        print(
            f"{name:<22} {entry['median']:>7.3f} {unit:<1} {entry['min']:>8.3f} "
            f"{entry['max']:>8.3f} {calls:>6} {rss:>6} {target_text:>8}  {verdict}{extra}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument(
        "--only",
        action="append",
        metavar="ROW",
        help=f"rows to run (repeatable or comma-separated): {', '.join(ROW_NAMES)}",
    )
    parser.add_argument("--latency-ms", type=float, default=100.0, help="proxied rows, per call")
    parser.add_argument(
        "--latency", action="append", default=[], metavar="OPERATION=MS", help="per operation"
    )
    parser.add_argument("--baseline-tree", type=Path, help="another checkout to measure first")
    parser.add_argument(
        "--no-warm-up", action="store_true", help="skip the unmeasured first run of each row"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    default = [row.name for row in ROWS if not row.optional]
    wanted = {name for value in args.only or default for name in value.split(",") if name}
    unknown = sorted(wanted - set(ROW_NAMES))
    if unknown:
        parser.error(f"--only: no row {', '.join(unknown)} (rows: {', '.join(ROW_NAMES)})")
    rows = [row for row in ROWS if row.name in wanted]
    faults = Faults(
        latency=args.latency_ms / 1000, latency_by_operation=_latency_overrides(args.latency)
    )
    trees = [("after", Tree(ROOT, Path(sys.executable).parent))]
    if args.baseline_tree is not None:
        trees.insert(0, ("before", _tree(args.baseline_tree)))

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    work = Path(tempfile.mkdtemp(prefix="sandbox-bench-"))
    measured: dict[str, dict[str, Any]] = {}
    try:
        for label, tree in trees:
            measured[label] = measure_tree(
                tree, rows, args.runs, faults, work, say, warm_up=not args.no_warm_up
            )
    except BenchError as error:  # the emulator did not start
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    document: dict[str, Any] = {
        "runs": args.runs,
        "latency_ms": args.latency_ms,
        "latency_by_operation_ms": {k: v * 1000 for k, v in faults.latency_by_operation.items()},
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "trees": {label: str(tree.root) for label, tree in trees},
        "results": measured["after"],
    }
    if "before" in measured:
        document["before"] = measured["before"]
    failed = any("error" in e for results in measured.values() for e in results.values())
    if args.json:
        print(json.dumps(document, indent=2))
        return 1 if failed else 0
    print(
        f"{args.runs} runs, medians; proxied rows: {args.latency_ms:g} ms per call; "
        f"load average {document['load_average']}"
    )
    for label, _tree_ in trees:
        _print_table(f"{label}: {_tree_.root}", measured[label])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
