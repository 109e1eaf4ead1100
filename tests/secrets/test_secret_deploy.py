"""Secrets at deploy: resolved before any change (env → sandbox → shared), all missing ones named
in one error with the command to set each, and only salted digests in the state record."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import boto3
import pytest

from amplify_sandbox.aws.secret_store import SsmSecretStore
from amplify_sandbox.aws.state_store import decode
from amplify_sandbox.aws.target import AwsTarget
from amplify_sandbox.cli.secret import secret_source_for
from amplify_sandbox.cli.ui import Ui
from amplify_sandbox.definition import load_definition
from amplify_sandbox.definition.model import (
    AuthDefinition,
    ExternalProviders,
    SecretRef,
    SocialProvider,
)
from amplify_sandbox.deploy.events import SilentReporter
from amplify_sandbox.deploy.pipeline import OutputsOptions, deploy
from amplify_sandbox.errors import ExitCode, UsageError
from amplify_sandbox.identity import SandboxIdentity
from amplify_sandbox.secrets import Scope
from tests.secrets.helpers import all_parameters

IDENTITY = SandboxIdentity("seed-app", "alice")
CLIENT_ID = "canary-client-id-5d1c.apps.googleusercontent.com"
CLIENT_SECRET = "GOCSPX-canary-secret-9f2e7a"


def with_google(definition: AuthDefinition) -> AuthDefinition:
    google = SocialProvider(
        client_id=SecretRef("GOOGLE_CLIENT_ID"), client_secret=SecretRef("GOOGLE_CLIENT_SECRET")
    )
    providers = ExternalProviders(
        google=google,
        callback_urls=("http://localhost:3000/",),
        logout_urls=("http://localhost:3000/",),
    )
    return replace(definition, external_providers=providers)


def _pools(url: str) -> list[object]:
    client = boto3.client(
        "cognito-idp",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    return list(client.list_user_pools(MaxResults=60)["UserPools"])


def test_every_missing_secret_is_named_before_any_change(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    definition = with_google(load_definition(seed_project))
    SsmSecretStore(target.clients.ssm, IDENTITY, "x").put(Scope.SHARED, "GOOGLE_CLIENT_ID", "id")
    source = secret_source_for(False, IDENTITY, target, Ui(), environ={})
    with pytest.raises(UsageError) as caught:
        deploy(
            definition,
            IDENTITY,
            target,
            SilentReporter(),
            OutputsOptions(seed_project),
            secrets=source,
        )
    error = caught.value
    assert error.exit_code is ExitCode.USAGE
    assert "GOOGLE_CLIENT_SECRET" in error.message and "GOOGLE_CLIENT_ID" not in error.message
    assert error.hint is not None
    assert "sandbox secret set GOOGLE_CLIENT_SECRET --identifier alice" in error.hint
    assert _pools(emulator_url) == []


def test_both_missing_are_listed(seed_project: Path, target: AwsTarget) -> None:
    definition = with_google(load_definition(seed_project))
    source = secret_source_for(False, IDENTITY, target, Ui(), environ={})
    with pytest.raises(UsageError) as caught:
        deploy(
            definition,
            IDENTITY,
            target,
            SilentReporter(),
            OutputsOptions(seed_project),
            secrets=source,
        )
    assert "GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET" in caught.value.message


def test_env_sandbox_shared_resolve_and_state_holds_only_digests(
    seed_project: Path, target: AwsTarget, emulator_url: str
) -> None:
    definition = with_google(load_definition(seed_project))
    store = SsmSecretStore(target.clients.ssm, IDENTITY, "x")
    store.put(Scope.SHARED, "GOOGLE_CLIENT_ID", "shared-id-not-used")
    store.put(Scope.SANDBOX, "GOOGLE_CLIENT_ID", CLIENT_ID)
    store.put(Scope.SANDBOX, "GOOGLE_CLIENT_SECRET", "stored-secret-not-used")
    environ = {"SANDBOX_SECRET_GOOGLE_CLIENT_SECRET": CLIENT_SECRET}
    source = secret_source_for(False, IDENTITY, target, Ui(), environ=environ)
    assert source(["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"]) == {
        "GOOGLE_CLIENT_ID": CLIENT_ID,
        "GOOGLE_CLIENT_SECRET": CLIENT_SECRET,
    }
    deploy(
        definition, IDENTITY, target, SilentReporter(), OutputsOptions(seed_project), secrets=source
    )
    state = {
        name: value
        for name, value in all_parameters(emulator_url).items()
        if name.startswith(IDENTITY.state_path)
    }
    assert state, "the state record was written"
    # The record is stored compressed: look inside it as well as at the raw parameter.
    recorded = decode("".join(state[name] for name in sorted(state))).to_json()
    for value in [*state.values(), recorded]:
        assert CLIENT_SECRET not in value and CLIENT_ID not in value
    assert '"Secret":"GOOGLE_CLIENT_SECRET","digest":"' in recorded, "used, as a digest"
    idp = boto3.client(
        "cognito-idp",
        endpoint_url=emulator_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    pool_id = str(_pools(emulator_url)[0]["Id"])  # type: ignore[index]
    details = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Google")
    assert details["IdentityProvider"]["ProviderDetails"]["client_secret"] == CLIENT_SECRET
    outputs = (seed_project / "amplify_outputs.json").read_text()
    assert CLIENT_SECRET not in outputs
