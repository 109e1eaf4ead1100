"""The server itself: patches applied once, reset, health, and no moto import on the CLI path."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from typing import Any

from emulator_helpers import PASSWORD, Pool, confirmed_user
from srp_client import SrpClient

from amplify_sandbox.local.access import TOKEN_HEADER
from amplify_sandbox.local.server import HEALTH_PATH, EmulatorServer, apply_patches


def test_applying_patches_again_changes_nothing(idp: Any, email_pool: Pool) -> None:
    apply_patches()
    apply_patches()
    confirmed_user(idp, email_pool, "ada@example.com")

    result = SrpClient(email_pool.id, email_pool.client_id).sign_in(
        idp, "ada@example.com", PASSWORD
    )

    assert "AccessToken" in result["AuthenticationResult"]


def test_reset_clears_pools_and_what_hangs_off_them(
    emulator: EmulatorServer, emulator_url: str, idp: Any, identity: Any, email_pool: Pool
) -> None:
    pool_id = identity.create_identity_pool(
        IdentityPoolName="gone", AllowUnauthenticatedIdentities=True
    )["IdentityPoolId"]
    identity.set_identity_pool_roles(
        IdentityPoolId=pool_id, Roles={"authenticated": "arn:aws:iam::123456789012:role/r"}
    )

    request = urllib.request.Request(
        f"{emulator_url}/moto-api/reset",
        method="POST",
        data=b"",
        headers={TOKEN_HEADER: emulator.token},
    )
    urllib.request.urlopen(request, timeout=10).close()

    assert idp.list_user_pools(MaxResults=10)["UserPools"] == []
    assert identity.list_identity_pools(MaxResults=10)["IdentityPools"] == []


def test_health_names_the_emulator(emulator: EmulatorServer) -> None:
    with urllib.request.urlopen(f"{emulator.url}{HEALTH_PATH}", timeout=10) as response:
        health = json.loads(response.read())

    assert health["service"] == "amplify-sandbox-emulator"
    assert isinstance(health["pid"], int)


def test_importing_the_package_does_not_import_moto() -> None:
    code = (
        "import sys, amplify_sandbox, amplify_sandbox.local, amplify_sandbox.local.process;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('moto', 'flask', 'boto3')))"
    )

    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout

    assert out.strip() == "[]"
