"""One handler per resource kind; the registry maps kinds to them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from amplify_sandbox.aws.handlers.iam_role import IamRoleHandler
from amplify_sandbox.aws.handlers.identity_pool import IdentityPoolHandler
from amplify_sandbox.aws.handlers.identity_pool_roles import IdentityPoolRolesHandler
from amplify_sandbox.aws.handlers.identity_provider import IdentityProviderHandler
from amplify_sandbox.aws.handlers.lambda_function import LambdaFunctionHandler
from amplify_sandbox.aws.handlers.lambda_permission import LambdaPermissionHandler
from amplify_sandbox.aws.handlers.user_pool import UserPoolHandler
from amplify_sandbox.aws.handlers.user_pool_client import UserPoolClientHandler
from amplify_sandbox.aws.handlers.user_pool_domain import UserPoolDomainHandler
from amplify_sandbox.aws.handlers.user_pool_group import UserPoolGroupHandler
from amplify_sandbox.aws.handlers.user_pool_lambda_config import UserPoolLambdaConfigHandler
from amplify_sandbox.deploy.handler import Handler
from amplify_sandbox.desired.resources import ResourceKind

if TYPE_CHECKING:
    from amplify_sandbox.aws.clients import Clients


def build_handlers(clients: Clients, region: str) -> dict[ResourceKind, Handler]:
    user_pools = UserPoolHandler(clients.cognito_idp, region)
    identity_pools = IdentityPoolHandler(clients.cognito_identity)
    functions = LambdaFunctionHandler(clients.lambda_)
    return {
        ResourceKind.USER_POOL: user_pools,
        ResourceKind.USER_POOL_CLIENT: UserPoolClientHandler(clients.cognito_idp, user_pools),
        ResourceKind.USER_POOL_GROUP: UserPoolGroupHandler(clients.cognito_idp, user_pools),
        ResourceKind.USER_POOL_IDENTITY_PROVIDER: IdentityProviderHandler(
            clients.cognito_idp, user_pools
        ),
        ResourceKind.USER_POOL_DOMAIN: UserPoolDomainHandler(
            clients.cognito_idp, user_pools, region
        ),
        ResourceKind.IDENTITY_POOL: identity_pools,
        ResourceKind.IAM_ROLE: IamRoleHandler(clients.iam),
        ResourceKind.IDENTITY_POOL_ROLES: IdentityPoolRolesHandler(
            clients.cognito_identity, identity_pools
        ),
        ResourceKind.LAMBDA_FUNCTION: functions,
        ResourceKind.LAMBDA_PERMISSION: LambdaPermissionHandler(clients.lambda_, functions),
        ResourceKind.USER_POOL_LAMBDA_CONFIG: UserPoolLambdaConfigHandler(
            clients.cognito_idp, user_pools
        ),
    }
