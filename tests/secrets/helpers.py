"""Shared bits of the secrets CLI tests."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from mypy_boto3_ssm import SSMClient

P8 = (
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg\n"
    "  indented line\tand a tab\r\n"
    "-----END PRIVATE KEY-----\n"
)


def make_project(root: Path, namespace: str = "my-sample-app") -> Path:
    """A project folder whose package.json gives the namespace (no definition needed)."""
    project = root / "project"
    project.mkdir(parents=True, exist_ok=True)
    (project / "package.json").write_text(json.dumps({"name": namespace}))
    return project


def ssm(url: str, region: str = "us-east-1") -> SSMClient:
    return boto3.client(
        "ssm",
        endpoint_url=url,
        region_name=region,
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def all_parameters(url: str, region: str = "us-east-1") -> dict[str, str]:
    """Every SSM parameter in the emulator, decrypted: name → value."""
    client = ssm(url, region)
    names = [
        p["Name"]
        for page in client.get_paginator("describe_parameters").paginate()
        for p in page["Parameters"]
    ]
    values: dict[str, str] = {}
    for start in range(0, len(names), 10):
        response = client.get_parameters(Names=names[start : start + 10], WithDecryption=True)
        values.update({p["Name"]: p["Value"] for p in response["Parameters"]})
    return values
