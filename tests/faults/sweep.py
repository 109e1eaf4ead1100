"""The crash-after-call-k sweep of issue 12 (7a), shared by tests/faults and scripts/faults.py.

A point of the sweep: reset the emulator, bring the sandbox to the scenario's starting state
(directly, no faults), run the scenario's command as a subprocess through the fault proxy, SIGKILL
it right after the proxy forwarded call k's answer, run the same command again (directly), and
judge: it exits 0, `plan` shows no changes, the record loads and every recorded resource exists,
the dependents point at the live pool, no duplicates, no orphans; after a delete, nothing is left.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
from typer.testing import CliRunner

from amplify_sandbox.aws.target import AwsTarget, TargetOptions
from amplify_sandbox.cli.app import app
from amplify_sandbox.desired.resources import ResourceKind
from amplify_sandbox.identity import resolve_identity
from amplify_sandbox.local.access import TOKEN_HEADER
from amplify_sandbox.local.faultproxy import FaultProxy, Faults
from amplify_sandbox.local.server import EmulatorServer

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "everything"
IDENTIFIER = "everything"
REGION = "us-east-1"

# A value for every secret() of examples/everything (as tests/scenario/test_everything.py sets).
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

RESOURCE_TS = Path("amplify/auth/resource.ts")
# The update: a group, a custom attribute and a callback URL added.
UPDATE_EDITS = (
    (
        "groups: ['ADMINS', 'EDITORS', 'READERS']",
        "groups: ['ADMINS', 'EDITORS', 'READERS', 'VIEWERS']",
    ),
    (
        "'custom:newsletter': { dataType: 'Boolean', mutable: true },",
        "'custom:newsletter': { dataType: 'Boolean', mutable: true },\n"
        "    'custom:tier': { dataType: 'String', mutable: true },",
    ),
    (
        "callbackUrls: ['http://localhost:3000/', ",
        "callbackUrls: ['http://localhost:3000/', 'http://localhost:5173/', ",
    ),
)
# The replace: a standard attribute made required (Cognito cannot change that in place).
REPLACE_EDITS = (
    ("familyName: { mutable: true },", "familyName: { required: true, mutable: true },"),
)


# What one clean deploy of examples/everything leaves in the emulator.
EVERYTHING = Counter(
    {
        ResourceKind.USER_POOL: 1,
        ResourceKind.USER_POOL_CLIENT: 1,
        ResourceKind.USER_POOL_DOMAIN: 1,
        ResourceKind.USER_POOL_GROUP: 3,
        ResourceKind.USER_POOL_IDENTITY_PROVIDER: 7,
        ResourceKind.IDENTITY_POOL: 1,
        ResourceKind.IAM_ROLE: 9,  # 3 auth/unauth/SMS, 3 groups, 3 functions
        ResourceKind.LAMBDA_FUNCTION: 3,
    }
)


@dataclass(frozen=True)
class Scenario:
    name: str
    command: tuple[str, ...]
    deployed_first: bool
    edits: tuple[tuple[str, str], ...] = ()

    @property
    def deletes(self) -> bool:
        return self.command[0] == "delete"


SCENARIOS = (
    Scenario("first deploy", ("deploy",), deployed_first=False),
    Scenario("update", ("deploy",), deployed_first=True, edits=UPDATE_EDITS),
    Scenario("replace", ("deploy", "--allow-replace"), deployed_first=True, edits=REPLACE_EDITS),
    Scenario("delete", ("delete", "--yes"), deployed_first=True),
)


@dataclass
class Point:
    """One kill point: what happened and what the next run left."""

    k: int
    killed: bool = False
    rerun_exit: int | None = None
    converged: bool = False
    duplicates: int = 0
    orphans: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class Inventory:
    """Every resource in the emulator, by kind: ids of pools, clients and identity pools, names of
    roles, groups, providers and domains (the emulator holds one sandbox at a time here)."""

    ids: dict[ResourceKind, list[str]]

    def count(self) -> Counter[ResourceKind]:
        return Counter({kind: len(ids) for kind, ids in self.ids.items()})


def _client(name: str, url: str) -> Any:
    make: Any = boto3.client
    return make(
        name, endpoint_url=url, region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x"
    )


def inventory(url: str) -> Inventory:
    idp = _client("cognito-idp", url)
    identity = _client("cognito-identity", url)
    iam = _client("iam", url)
    ids: dict[ResourceKind, list[str]] = {kind: [] for kind in ResourceKind}
    for pool in idp.list_user_pools(MaxResults=60)["UserPools"]:
        pool_id = pool["Id"]
        ids[ResourceKind.USER_POOL].append(pool_id)
        described = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        if described.get("Domain"):
            ids[ResourceKind.USER_POOL_DOMAIN].append(described["Domain"])
        clients = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
        ids[ResourceKind.USER_POOL_CLIENT] += [c["ClientId"] for c in clients]
        groups = idp.list_groups(UserPoolId=pool_id)["Groups"]
        ids[ResourceKind.USER_POOL_GROUP] += [f"{pool_id}/{g['GroupName']}" for g in groups]
        providers = idp.list_identity_providers(UserPoolId=pool_id, MaxResults=60)["Providers"]
        ids[ResourceKind.USER_POOL_IDENTITY_PROVIDER] += [
            f"{pool_id}/{p['ProviderName']}" for p in providers
        ]
    pools = identity.list_identity_pools(MaxResults=60)["IdentityPools"]
    ids[ResourceKind.IDENTITY_POOL] = [p["IdentityPoolId"] for p in pools]
    ids[ResourceKind.IAM_ROLE] = [r["RoleName"] for r in iam.list_roles()["Roles"]]
    functions = _client("lambda", url).list_functions()["Functions"]
    ids[ResourceKind.LAMBDA_FUNCTION] = [f["FunctionName"] for f in functions]
    return Inventory(ids)


def reset_emulator(emulator: EmulatorServer) -> None:
    """Wipe the emulator through moto's admin endpoint (it needs the emulator's token)."""
    request = urllib.request.Request(
        f"{emulator.url}/moto-api/reset",
        method="POST",
        data=b"",
        headers={TOKEN_HEADER: emulator.token},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


def copy_project(where: Path) -> Path:
    project = where / "everything"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("node_modules", ".amplify"))
    return project


def apply_edits(project: Path, edits: tuple[tuple[str, str], ...]) -> None:
    path = project / RESOURCE_TS
    text = path.read_text()
    for old, new in edits:
        assert old in text, f"edit anchor not found in {path}: {old}"
        text = text.replace(old, new, 1)
    path.write_text(text)


def cli_env(endpoint: str, home: Path) -> dict[str, str]:
    """The environment of every run: a plain AWS target at `endpoint`, no real AWS, no keychain."""
    env = {
        "HOME": str(home),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_CONFIG_FILE": str(home / "nonexistent-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "nonexistent-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "NO_COLOR": "1",
        "COLUMNS": "200",
        "CI": "true",
    }
    env.update({f"SANDBOX_SECRET_{name}": value for name, value in SECRETS.items()})
    return env


def cli_args(project: Path, command: tuple[str, ...]) -> list[str]:
    return [*command, "--project-dir", str(project), "--identifier", IDENTIFIER]


def run_in_process(env: Mapping[str, str], project: Path, *command: str) -> Any:
    """The real CLI entry point, in this process (no start-up cost)."""
    return CliRunner().invoke(app, cli_args(project, command), env=dict(env))


def run_killed_after(
    proxy: FaultProxy, k: int, env: Mapping[str, str], project: Path, command: tuple[str, ...]
) -> tuple[bool, int | None, str]:
    """Run `command` as a subprocess through `proxy`; SIGKILL it right after the proxy answered
    call k (later calls are held by the proxy until then). Returns (killed, exit code, stderr)."""
    done = threading.Event()
    proxy.on_stop = lambda _k: done.set()
    proxy.configure(Faults(stop_after=k))
    errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed below, after the process ends
    process = subprocess.Popen(
        [sys.executable, "-m", "amplify_sandbox", *cli_args(project, command)],
        env={**os.environ, **env, "AWS_ENDPOINT_URL": proxy.url},
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=errors,
    )

    def wait_for_exit() -> None:
        process.wait()
        done.set()

    finished = threading.Thread(target=wait_for_exit, daemon=True)
    finished.start()
    done.wait()
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
    process.wait()
    proxy.configure(Faults())
    errors.seek(0)
    stderr = errors.read().decode("utf-8", "replace")
    errors.close()
    return killed, None if killed else process.returncode, stderr


def count_calls(
    proxy: FaultProxy, env: Mapping[str, str], project: Path, scenario: Scenario
) -> int:
    """N: how many calls the scenario's command makes through the proxy when nothing fails."""
    tally = proxy.configure(Faults())
    result = run_in_process({**env, "AWS_ENDPOINT_URL": proxy.url}, project, *scenario.command)
    assert result.exit_code == 0, result.output
    return len(tally.calls)


def prepare(
    emulator: EmulatorServer, work: Path, scenario: Scenario
) -> tuple[Path, dict[str, str]]:
    """The scenario's starting state: an empty emulator, or `everything` deployed, then edited."""
    url = emulator.url
    reset_emulator(emulator)
    project = copy_project(work)
    env = cli_env(url, work / "home")
    if scenario.deployed_first:
        result = run_in_process(env, project, "deploy")
        assert result.exit_code == 0, result.output
    apply_edits(project, scenario.edits)
    return project, env


def judge(
    url: str,
    project: Path,
    env: Mapping[str, str],
    scenario: Scenario,
    point: Point,
    expected: Counter[ResourceKind],
) -> None:
    """Fill `point` with what the emulator and the record say after the re-run."""
    live = inventory(url)
    counts = live.count()
    point.duplicates = sum(max(0, counts[kind] - expected[kind]) for kind in ResourceKind)
    identity = resolve_identity(project, IDENTIFIER)
    try:
        recorded = AwsTarget(TargetOptions(endpoint_url=url)).state_store(identity).load()
    except Exception as exc:
        point.problems.append(f"record unreadable: {type(exc).__name__}: {exc}"[:200])
        recorded = None
    if scenario.deletes:
        left = sum(counts.values())
        point.orphans = left
        if left:
            point.problems.append(f"left after delete: {dict(+counts)}")
        if recorded is not None:
            point.problems.append("record left after delete")
        point.converged = point.rerun_exit == 0 and not point.problems
        return
    recorded_ids: dict[ResourceKind, set[str]] = {kind: set() for kind in ResourceKind}
    if recorded is not None:
        for resource in recorded.resources.values():
            recorded_ids[resource.kind].add(resource.physical_id)
    for kind in (
        ResourceKind.USER_POOL,
        ResourceKind.USER_POOL_CLIENT,
        ResourceKind.IDENTITY_POOL,
        ResourceKind.IAM_ROLE,
    ):
        have = set(live.ids[kind])
        point.orphans += len(have - recorded_ids[kind])
        missing = recorded_ids[kind] - have
        if missing:
            point.problems.append(f"recorded but missing: {kind.value} {sorted(missing)}")
    if point.duplicates:
        point.problems.append(f"duplicates: {dict(+(counts - expected))}")
    if point.orphans:
        point.problems.append(f"orphans: {point.orphans}")
    point.problems += dependents_problems(url, project)
    plan = run_in_process(env, project, "plan", "--detailed-exitcode")
    if plan.exit_code != 0:
        point.problems.append(f"plan after the re-run: exit {plan.exit_code}")
    point.converged = point.rerun_exit == 0 and not point.problems


def dependents_problems(url: str, project: Path) -> list[str]:
    """The outputs file, the client and the identity pool all point at the one live pool."""
    outputs_file = project / "amplify_outputs.json"
    if not outputs_file.exists():
        return ["no outputs file"]
    auth = json.loads(outputs_file.read_text())["auth"]
    idp = _client("cognito-idp", url)
    pools = [p["Id"] for p in idp.list_user_pools(MaxResults=60)["UserPools"]]
    problems: list[str] = []
    pool_id, client_id = auth["user_pool_id"], auth["user_pool_client_id"]
    if pool_id not in pools:
        return [f"outputs name pool {pool_id}, which does not exist"]
    clients = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    if client_id not in {c["ClientId"] for c in clients}:
        problems.append(f"outputs name client {client_id}, not a client of the live pool")
    identity = _client("cognito-identity", url)
    try:
        described = identity.describe_identity_pool(IdentityPoolId=auth["identity_pool_id"])
    except Exception:
        return [*problems, "outputs name an identity pool that does not exist"]
    linked = described.get("CognitoIdentityProviders", [])
    if not any(p["ClientId"] == client_id and p["ProviderName"].endswith(pool_id) for p in linked):
        problems.append(f"identity pool not linked to the live pool/client: {linked}")
    return problems


def spread(n: int, count: int, seed: int) -> list[int]:
    """`count` kill points spread over 1..n: one per equal slice, seeded within the slice."""
    if count >= n:
        return list(range(1, n + 1))
    rng = random.Random(seed)
    edges = [1 + (n * i) // count for i in range(count + 1)]
    return [rng.randrange(edges[i], max(edges[i] + 1, edges[i + 1])) for i in range(count)]


def sweep(
    emulator: EmulatorServer,
    proxy: FaultProxy,
    work: Path,
    scenario: Scenario,
    ks: Callable[[int], list[int]],
) -> Iterator[Point]:
    """Every point of `scenario` for the kill points `ks(N)`; N is counted first, by a run of
    the command through the proxy with no faults, and what it leaves is the expected inventory."""
    url = emulator.url
    project, env = prepare(emulator, work, scenario)
    n = count_calls(proxy, env, project, scenario)
    expected = inventory(url).count()
    for k in ks(n):
        project, env = prepare(emulator, work, scenario)
        point = Point(k)
        point.killed, _, _ = run_killed_after(proxy, k, env, project, scenario.command)
        rerun = run_in_process(env, project, *scenario.command)
        point.rerun_exit = rerun.exit_code
        if rerun.exit_code != 0:
            point.problems.append(f"re-run exit {rerun.exit_code}: {rerun.output.strip()[-300:]}")
        judge(url, project, env, scenario, point, expected)
        yield point


def summary(name: str, points: list[Point]) -> str:
    converged = sum(p.converged for p in points)
    return (
        f"{name}: {len(points)} tried, {converged} converged, "
        f"{sum(p.duplicates for p in points)} duplicates, {sum(p.orphans for p in points)} orphans"
    )
