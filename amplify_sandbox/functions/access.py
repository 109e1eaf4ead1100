"""`access` grants and `triggers`, as Amplify turns them into IAM and Cognito configuration.

- The action → IAM action map is Amplify's own (aws-amplify/amplify-backend
  packages/backend-auth/src/userpool_access_policy_factory.ts `iamActionMap`): one policy per
  grant, its actions de-duplicated in first-seen order, on the pool's ARN only.
- A grant also gives the function `<authName>_USERPOOL_ID` (backend-auth factory.ts; Amplify
  resolves it from SSM at run time, the value is the pool id), so it appears in `$amplify/env`.
- Trigger events → Cognito `LambdaConfig` keys: CDK `UserPool.addTrigger` writes the lower-camel
  operation name (`preSignUp` → CloudFormation `PreSignUp`); `preTokenGeneration` is the legacy
  key, and Cognito's `PreTokenGenerationConfig {LambdaArn, LambdaVersion}` selects the event
  version (V1_0 when only the legacy key is set). Each trigger's function gets a resource-based
  permission for `cognito-idp.amazonaws.com` with the pool's ARN as source (`addLambdaPermission`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

IAM_ACTIONS: Mapping[str, tuple[str, ...]] = {
    "manageUsers": (
        "cognito-idp:AdminConfirmSignUp",
        "cognito-idp:AdminCreateUser",
        "cognito-idp:AdminDeleteUser",
        "cognito-idp:AdminDeleteUserAttributes",
        "cognito-idp:AdminDisableUser",
        "cognito-idp:AdminEnableUser",
        "cognito-idp:AdminGetUser",
        "cognito-idp:AdminListGroupsForUser",
        "cognito-idp:AdminRespondToAuthChallenge",
        "cognito-idp:AdminSetUserMFAPreference",
        "cognito-idp:AdminSetUserSettings",
        "cognito-idp:AdminUpdateUserAttributes",
        "cognito-idp:AdminUserGlobalSignOut",
    ),
    "manageGroupMembership": (
        "cognito-idp:AdminAddUserToGroup",
        "cognito-idp:AdminRemoveUserFromGroup",
    ),
    "manageGroups": (
        "cognito-idp:GetGroup",
        "cognito-idp:ListGroups",
        "cognito-idp:CreateGroup",
        "cognito-idp:DeleteGroup",
        "cognito-idp:UpdateGroup",
    ),
    "manageUserDevices": (
        "cognito-idp:AdminForgetDevice",
        "cognito-idp:AdminGetDevice",
        "cognito-idp:AdminListDevices",
        "cognito-idp:AdminUpdateDeviceStatus",
    ),
    "managePasswordRecovery": (
        "cognito-idp:AdminResetUserPassword",
        "cognito-idp:AdminSetUserPassword",
    ),
    "addUserToGroup": ("cognito-idp:AdminAddUserToGroup",),
    "createGroup": ("cognito-idp:CreateGroup",),
    "createUser": ("cognito-idp:AdminCreateUser",),
    "deleteGroup": ("cognito-idp:DeleteGroup",),
    "deleteUser": ("cognito-idp:AdminDeleteUser",),
    "deleteUserAttributes": ("cognito-idp:AdminDeleteUserAttributes",),
    "disableUser": ("cognito-idp:AdminDisableUser",),
    "enableUser": ("cognito-idp:AdminEnableUser",),
    "forgetDevice": ("cognito-idp:AdminForgetDevice",),
    "getDevice": ("cognito-idp:AdminGetDevice",),
    "getGroup": ("cognito-idp:GetGroup",),
    "getUser": ("cognito-idp:AdminGetUser",),
    "listUsers": ("cognito-idp:ListUsers",),
    "listUsersInGroup": ("cognito-idp:ListUsersInGroup",),
    "listDevices": ("cognito-idp:AdminListDevices",),
    "listGroups": ("cognito-idp:ListGroups",),
    "listGroupsForUser": ("cognito-idp:AdminListGroupsForUser",),
    "removeUserFromGroup": ("cognito-idp:AdminRemoveUserFromGroup",),
    "resetUserPassword": ("cognito-idp:AdminResetUserPassword",),
    "setUserMfaPreference": ("cognito-idp:AdminSetUserMFAPreference",),
    "setUserPassword": ("cognito-idp:AdminSetUserPassword",),
    "setUserSettings": ("cognito-idp:AdminSetUserSettings",),
    "updateDeviceStatus": ("cognito-idp:AdminUpdateDeviceStatus",),
    "updateGroup": ("cognito-idp:UpdateGroup",),
    "updateUserAttributes": ("cognito-idp:AdminUpdateUserAttributes",),
}

# backend-auth factory.ts: `props.name ?? 'amplifyAuth'`, and the variable a grant adds.
DEFAULT_AUTH_NAME = "amplifyAuth"

# packages/backend-auth/src/trigger_events.ts: the trigger events (Amplify / CDK operation names).
TRIGGER_EVENTS = (
    "createAuthChallenge",
    "customMessage",
    "defineAuthChallenge",
    "postAuthentication",
    "postConfirmation",
    "preAuthentication",
    "preSignUp",
    "preTokenGeneration",
    "userMigration",
    "verifyAuthChallengeResponse",
)
# Trigger event → Cognito API `LambdaConfig` key: the event's name with a capital first letter.
LAMBDA_CONFIG_KEYS: Mapping[str, str] = {
    event: event[0].upper() + event[1:] for event in TRIGGER_EVENTS
}
# Cognito's PreTokenGenerationConfig.LambdaVersion values (V3_0 adds M2M access tokens).
PRE_TOKEN_VERSIONS: tuple[str, ...] = ("V1_0", "V2_0", "V3_0")
LambdaVersion = Literal["V1_0", "V2_0", "V3_0"]

COGNITO_PRINCIPAL = "cognito-idp.amazonaws.com"


def userpool_id_env_key(auth_name: str = DEFAULT_AUTH_NAME) -> str:
    return f"{auth_name}_USERPOOL_ID"


def iam_actions(actions: Iterable[str]) -> list[str]:
    """Amplify's `new Set(actions.flatMap(a => iamActionMap[a]))`: de-duplicated, in order."""
    result: list[str] = []
    for action in actions:
        for iam in IAM_ACTIONS[action]:
            if iam not in result:
                result.append(iam)
    return result


def access_policy_document(actions: Iterable[str], user_pool_arn: str) -> dict[str, Any]:
    """The IAM policy one grant becomes (UserPoolAccessPolicyFactory.createPolicy)."""
    listed = list(actions)
    if not listed:
        raise ValueError("At least one action must be specified.")
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": iam_actions(listed), "Resource": user_pool_arn}
        ],
    }


def trust_policy(
    principal: Mapping[str, str], action: str, condition: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """An IAM role's trust policy: one statement letting `principal` take the role."""
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": dict(principal), "Action": action}
    if condition is not None:
        statement["Condition"] = dict(condition)
    return {"Version": "2012-10-17", "Statement": [statement]}


def lambda_trust_policy() -> dict[str, Any]:
    """The execution role's trust policy (CDK Function: assumed by lambda.amazonaws.com)."""
    return trust_policy({"Service": "lambda.amazonaws.com"}, "sts:AssumeRole")


def permission_statement_id(event: str) -> str:
    """CDK `addLambdaPermission`'s id: `${Capitalized operation}Cognito`."""
    return f"{event[:1].upper()}{event[1:]}Cognito"


def lambda_config(
    triggers: Mapping[str, str], *, pre_token_version: LambdaVersion = "V1_0"
) -> dict[str, Any]:
    """Event → function ARN, to Cognito's `LambdaConfig`. A pre-token trigger writes both the
    legacy key and `PreTokenGenerationConfig` (Cognito requires the two ARNs to match), so
    the version is explicit either way."""
    config: dict[str, Any] = {}
    for event, arn in triggers.items():
        if event not in LAMBDA_CONFIG_KEYS:
            raise KeyError(f"unknown trigger event {event!r}")
        config[LAMBDA_CONFIG_KEYS[event]] = arn
        if event == "preTokenGeneration":
            if pre_token_version not in PRE_TOKEN_VERSIONS:
                raise ValueError(f"unknown LambdaVersion {pre_token_version!r}")
            config["PreTokenGenerationConfig"] = {
                "LambdaArn": arn,
                "LambdaVersion": pre_token_version,
            }
    return config


def trigger_events_of(config: Mapping[str, Any]) -> dict[str, str]:
    """The inverse: a pool's `LambdaConfig` → event → ARN (for the emulator and drift)."""
    by_key = {key: event for event, key in LAMBDA_CONFIG_KEYS.items()}
    result: dict[str, str] = {}
    for key, value in config.items():
        if key in by_key and isinstance(value, str):
            result[by_key[key]] = value
    pre = config.get("PreTokenGenerationConfig")
    if isinstance(pre, Mapping) and isinstance(pre.get("LambdaArn"), str):
        result["preTokenGeneration"] = pre["LambdaArn"]
    return result


def pre_token_version_of(config: Mapping[str, Any]) -> str:
    pre = config.get("PreTokenGenerationConfig")
    if isinstance(pre, Mapping) and isinstance(pre.get("LambdaVersion"), str):
        return str(pre["LambdaVersion"])
    return "V1_0"
