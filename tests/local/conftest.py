"""Fixtures for the emulator tests: boto3 clients bound to the emulator, and a ready user pool."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from emulator_helpers import Pool


@pytest.fixture
def client(emulator_url: str) -> Callable[[str], Any]:
    def make(service: str) -> Any:
        return boto3.client(
            service,
            endpoint_url=emulator_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    return make


@pytest.fixture
def idp(client: Callable[[str], Any]) -> Any:
    return client("cognito-idp")


@pytest.fixture
def identity(client: Callable[[str], Any]) -> Any:
    return client("cognito-identity")


@pytest.fixture
def email_pool(idp: Any) -> Pool:
    """A pool where people sign in with their email, like Amplify's default `loginWith.email`."""
    pool = idp.create_user_pool(
        PoolName="sandbox-pool",
        UsernameAttributes=["email"],
        AutoVerifiedAttributes=["email"],
    )["UserPool"]
    app = idp.create_user_pool_client(
        UserPoolId=pool["Id"],
        ClientName="web",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    return Pool(id=pool["Id"], arn=pool["Arn"], client_id=app["ClientId"])
