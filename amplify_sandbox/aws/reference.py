"""Describing the resources a referenceAuth names, with the calls Amplify's initializer makes
(backend-auth src/lambda/reference_auth_initializer.ts getResourceDetails) plus IAM GetRole
for the two roles; read-only. A resource that does not exist is reported in `missing`."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from amplify_sandbox.aws.clients import Clients
from amplify_sandbox.aws.errors import is_not_found
from amplify_sandbox.definition.model import ReferenceAuth
from amplify_sandbox.desired.reference import DescribedAuth


def describe_reference(clients: Clients, reference: ReferenceAuth) -> DescribedAuth:
    idp = clients.cognito_idp
    missing: list[str] = []
    pool_id = reference.user_pool_id
    user_pool = _found(lambda: idp.describe_user_pool(UserPoolId=pool_id)["UserPool"])
    mfa: Any = {}
    providers: list[Any] = []
    groups: list[Any] = []
    client: Any = None
    if user_pool is None:
        missing.append("userPoolId")
    else:
        mfa = idp.get_user_pool_mfa_config(UserPoolId=pool_id)
        providers = _all(idp.list_identity_providers, "Providers", UserPoolId=pool_id)
        groups = _all(idp.list_groups, "Groups", UserPoolId=pool_id)
        client = _found(
            lambda: idp.describe_user_pool_client(
                UserPoolId=pool_id, ClientId=reference.user_pool_client_id
            )["UserPoolClient"]
        )
        if client is None:
            missing.append("userPoolClientId")
    identity = clients.cognito_identity
    identity_pool = _found(
        lambda: identity.describe_identity_pool(IdentityPoolId=reference.identity_pool_id)
    )
    roles: Any = {}
    if identity_pool is None:
        missing.append("identityPoolId")
    else:
        answer = identity.get_identity_pool_roles(IdentityPoolId=reference.identity_pool_id)
        roles = answer.get("Roles", {})
    for key, arn in (
        ("authRoleArn", reference.auth_role_arn),
        ("unauthRoleArn", reference.unauth_role_arn),
    ):
        if not _role_exists(clients, arn):
            missing.append(key)
    return DescribedAuth(
        user_pool=dict(user_pool or {}),
        mfa=dict(mfa),
        providers=tuple(providers),
        groups=tuple(groups),
        client=dict(client or {}),
        identity_pool=dict(identity_pool or {}),
        roles=dict(roles),
        missing=tuple(missing),
    )


def _role_exists(clients: Clients, arn: str) -> bool:
    name = arn.rsplit("/", 1)[-1]
    return _found(lambda: clients.iam.get_role(RoleName=name)) is not None


def _found(call: Any) -> Any:
    """The call's answer, or None when what it reads does not exist."""
    try:
        return call()
    except ClientError as error:
        if is_not_found(error):
            return None
        raise


def _all(operation: Any, key: str, **kwargs: Any) -> list[Any]:
    items: list[Any] = []
    token: str | None = None
    while True:
        page = operation(**kwargs, **({"NextToken": token} if token else {}))
        items += page.get(key, [])
        token = page.get("NextToken")
        if not token:
            return items
