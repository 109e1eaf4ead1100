"""Helpers shared by the emulator tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PASSWORD = "Correct-Horse-1"
CODE = "123456"


@dataclass(frozen=True)
class Pool:
    id: str
    arn: str
    client_id: str


def confirmed_user(idp: Any, pool: Pool, email: str, password: str = PASSWORD) -> None:
    idp.sign_up(
        ClientId=pool.client_id,
        Username=email,
        Password=password,
        UserAttributes=[{"Name": "email", "Value": email}],
    )
    idp.confirm_sign_up(ClientId=pool.client_id, Username=email, ConfirmationCode=CODE)
