"""`sandbox seed`: run the project's `amplify/seed/seed.ts` as `ampx sandbox seed` does, or apply
a declarative `amplify/seed.json`, on the sandbox's user pool (AWS or `--local`)."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from amplify_sandbox.cli.application import Application, command
from amplify_sandbox.cli.output import Output
from amplify_sandbox.cli.ui import Ui, plain
from amplify_sandbox.errors import UsageError

if TYPE_CHECKING:
    from amplify_sandbox.aws.users import PoolPeople

app = typer.Typer()


class SeedOutput(Output):
    sandbox_id: str
    source: str
    created: list[str]
    updated: list[str] = field(default_factory=list)
    memberships: list[tuple[str, str]] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        document = super().data()
        memberships = document.pop("memberships")
        document["groups"] = [{"user": user, "group": group} for user, group in memberships]
        return document

    def show(self, ui: Ui) -> None:
        for user in self.created:
            ui.detail(f"  + {plain(user)}")
        for user in self.updated:
            ui.detail(f"  ~ {plain(user)}")
        ui.info(
            f"Seed has successfully completed ({plain(self.source)}: {len(self.created)} "
            f"created, {len(self.updated)} updated)."
        )


def _set_secret(cli: Application) -> Any:
    from amplify_sandbox.cli.secret import open_store
    from amplify_sandbox.secrets.model import Scope

    def put(name: str, value: str) -> None:
        store = open_store(cli.options.local, cli.identity, cli.ui, lambda: cli.target)
        store.put(Scope.SANDBOX, name, value)

    return put


def _run_script(cli: Application, people: PoolPeople, script: Path) -> SeedOutput:
    from amplify_sandbox.functions.esbuild import default_cache_dir, require_node
    from amplify_sandbox.people.bridge import SeedBridge, serving
    from amplify_sandbox.people.seed_script import ScriptRun, run_script
    from amplify_sandbox.people.tsx import find_tsx

    project, identity, target = cli.options.project_dir, cli.identity, cli.target
    node = require_node()
    tsx_api = find_tsx(project, default_cache_dir(), cli.ui.info)
    bridge = SeedBridge(people, cli.secrets(), _set_secret(cli), [], [])
    backend_id = {"namespace": identity.namespace, "name": identity.identifier, "type": "sandbox"}
    with serving(bridge) as (url, token):
        run = ScriptRun(
            node, tsx_api, project, backend_id, target.region, target.local_endpoint,
            cli.options.profile, url, token,
        )  # fmt: skip
        run_script(run, script)
    return SeedOutput(
        identity.stack_name, "amplify/seed/seed.ts", bridge.created, [], bridge.grouped
    )


def check_seed_source(project: Path) -> None:
    """A seed.ts or a seed.json exists (checked before a `deploy --seed` changes anything)."""
    from amplify_sandbox.people.seed_file import SEED_JSON
    from amplify_sandbox.people.seed_script import SEED_SCRIPT

    script, declared = project / SEED_SCRIPT, project / SEED_JSON
    if not script.is_file() and not declared.is_file():
        raise UsageError(
            f"There is no file that corresponds to {script} (nor {declared}).",
            hint="Write amplify/seed/seed.ts (as for `ampx sandbox seed`) or amplify/seed.json.",
        )


def seed_sandbox(cli: Application) -> SeedOutput:
    """Seed the deployed sandbox from seed.ts (preferred, as ampx) or seed.json."""
    from amplify_sandbox.aws.users import PoolPeople
    from amplify_sandbox.people.pool import deployed_pool
    from amplify_sandbox.people.seed_file import SEED_JSON, apply_seed, load_seed_file
    from amplify_sandbox.people.seed_script import SEED_SCRIPT

    project = cli.options.project_dir
    script, declared = project / SEED_SCRIPT, project / SEED_JSON
    check_seed_source(project)
    users = None if script.is_file() else load_seed_file(declared)  # checked before any call
    cli.check_target()
    pool = deployed_pool(cli.identity, cli.target)
    people = PoolPeople(cli.target.clients.cognito_idp, pool.user_pool_id)
    if users is None:
        return _run_script(cli, people, script)
    seeded = apply_seed(users, people, cli.secrets())
    return SeedOutput(
        cli.identity.stack_name,
        "amplify/seed.json",
        [user.username for user in seeded if user.created],
        [user.username for user in seeded if not user.created],
        [(user.username, group) for user in seeded for group in user.groups],
    )


@command(app)
def seed(cli: Application) -> SeedOutput:
    """Seed your sandbox: run amplify/seed/seed.ts (as `ampx sandbox seed`), or amplify/seed.json.

    In seed.ts, `@aws-amplify/seed`'s createAndSignUpUser, addToUserGroup, signInUser,
    getSecret and setSecret act on this sandbox (AWS or --local). seed.json:
    {"users": [{"username": "a@example.com", "password": {"secret": "NAME"},
    "attributes": {...}, "groups": [...]}]}.
    """
    cli.announce()
    return seed_sandbox(cli)
