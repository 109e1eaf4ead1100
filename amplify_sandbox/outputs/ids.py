"""The ids every outputs format carries (user pool, region, client, identity pool when there is
one), in that order, under the key names a format gives them."""

from __future__ import annotations

from typing import Any

from amplify_sandbox.outputs.model import AuthOutputs


def id_keys(
    outputs: AuthOutputs, user_pool: str, region: str, client: str, identity_pool: str
) -> dict[str, Any]:
    keys: dict[str, Any] = {
        user_pool: outputs.user_pool_id,
        region: outputs.region,
        client: outputs.user_pool_client_id,
    }
    if outputs.identity_pool_id:
        keys[identity_pool] = outputs.identity_pool_id
    return keys
