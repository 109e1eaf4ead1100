"""The events Cognito sends to each trigger, in the shape its developer guide documents
(https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html):
common fields (version, region, userPoolId, userName, callerContext, triggerSource) plus the
trigger's `request` and a `response` whose fields are present and null (or false) until the
function sets them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NotRequired, TypedDict, Unpack

AWS_SDK_VERSION = "aws-sdk-unknown-unknown"

# Event (Amplify trigger name) → the trigger sources Cognito invokes it with.
TRIGGER_SOURCES: Mapping[str, tuple[str, ...]] = {
    "preSignUp": ("PreSignUp_SignUp", "PreSignUp_AdminCreateUser", "PreSignUp_ExternalProvider"),
    "postConfirmation": (
        "PostConfirmation_ConfirmSignUp",
        "PostConfirmation_ConfirmForgotPassword",
    ),
    "preAuthentication": ("PreAuthentication_Authentication",),
    "postAuthentication": ("PostAuthentication_Authentication",),
    "preTokenGeneration": (
        "TokenGeneration_HostedAuth",
        "TokenGeneration_Authentication",
        "TokenGeneration_NewPasswordChallenge",
        "TokenGeneration_AuthenticateDevice",
        "TokenGeneration_RefreshTokens",
    ),
    "customMessage": (
        "CustomMessage_SignUp",
        "CustomMessage_AdminCreateUser",
        "CustomMessage_ResendCode",
        "CustomMessage_ForgotPassword",
        "CustomMessage_UpdateUserAttribute",
        "CustomMessage_VerifyUserAttribute",
        "CustomMessage_Authentication",
    ),
    "userMigration": ("UserMigration_Authentication", "UserMigration_ForgotPassword"),
    "defineAuthChallenge": ("DefineAuthChallenge_Authentication",),
    "createAuthChallenge": ("CreateAuthChallenge_Authentication",),
    "verifyAuthChallengeResponse": ("VerifyAuthChallengeResponse_Authentication",),
}
_SOURCE_TO_EVENT = {
    source: event for event, sources in TRIGGER_SOURCES.items() for source in sources
}


# Event → its `response` as the function receives it: every field present, null (or false).
_EMPTY_RESPONSES: Mapping[str, Mapping[str, Any]] = {
    "preSignUp": {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False},
    "postConfirmation": {},
    "preAuthentication": {},
    "postAuthentication": {},
    "customMessage": {"smsMessage": None, "emailMessage": None, "emailSubject": None},
    "userMigration": {
        "userAttributes": None,
        "finalUserStatus": None,
        "messageAction": None,
        "desiredDeliveryMediums": None,
        "forceAliasCreation": None,
        "enableSMSMFA": None,
    },
    "defineAuthChallenge": {"challengeName": None, "issueTokens": None, "failAuthentication": None},
    "createAuthChallenge": {
        "publicChallengeParameters": None,
        "privateChallengeParameters": None,
        "challengeMetadata": None,
    },
    "verifyAuthChallengeResponse": {"answerCorrect": None},
}


def event_of_source(trigger_source: str) -> str:
    return _SOURCE_TO_EVENT[trigger_source]


class Where(TypedDict):
    """Who and where an event is about: the fields every trigger event carries."""

    region: str
    user_pool_id: str
    user_name: str
    client_id: str | None


class ChallengeWhere(Where):
    """What the three custom-challenge events carry besides `Where`: the user's attributes,
    whether the user is unknown (`userNotFound`) and the client metadata."""

    attributes: Mapping[str, str]
    user_not_found: NotRequired[bool]
    client_metadata: NotRequired[Mapping[str, str] | None]


def _event(
    trigger_source: str,
    where: Where,
    request: dict[str, Any],
    client_metadata: Mapping[str, str] | None = None,
    *,
    response: dict[str, Any] | None = None,
    version: str = "1",
) -> dict[str, Any]:
    """The common envelope around a trigger's `request` (plus its `clientMetadata`, when given)
    and `response` (by default the event's empty one)."""
    if client_metadata:
        request["clientMetadata"] = _strings(client_metadata)
    if trigger_source not in _SOURCE_TO_EVENT:
        raise ValueError(f"unknown trigger source {trigger_source!r}")
    if response is None:
        response = dict(_EMPTY_RESPONSES[_SOURCE_TO_EVENT[trigger_source]])
    return {
        "version": version,
        "region": where["region"],
        "userPoolId": where["user_pool_id"],
        "userName": where["user_name"],
        "callerContext": {
            "awsSdkVersion": AWS_SDK_VERSION,
            "clientId": where["client_id"] or "CLIENT_ID_NOT_APPLICABLE",
        },
        "triggerSource": trigger_source,
        "request": request,
        "response": response,
    }


def _strings(values: Mapping[str, Any] | None) -> dict[str, str]:
    """Cognito passes clientMetadata and validationData as string maps."""
    return {str(k): str(v) for k, v in (values or {}).items()}


def user_attributes(
    attributes: Mapping[str, str], *, sub: str | None = None, status: str | None = None
) -> dict[str, str]:
    """The `request.userAttributes` Cognito sends: `sub` and `cognito:user_status` (once the user
    exists) with the user's attributes as strings."""
    result: dict[str, str] = {}
    if sub is not None:
        result["sub"] = sub
    if status is not None:
        result["cognito:user_status"] = status
    result.update({k: str(v) for k, v in attributes.items()})
    return result


def pre_sign_up(
    trigger_source: str,
    *,
    attributes: Mapping[str, str],
    validation_data: Mapping[str, str] | None = None,
    client_metadata: Mapping[str, str] | None = None,
    **where: Unpack[Where],
) -> dict[str, Any]:
    request: dict[str, Any] = {"userAttributes": dict(attributes)}
    request["validationData"] = _strings(validation_data) if validation_data else None
    return _event(trigger_source, where, request, client_metadata)


def post_confirmation(
    trigger_source: str,
    *,
    attributes: Mapping[str, str],
    client_metadata: Mapping[str, str] | None = None,
    **where: Unpack[Where],
) -> dict[str, Any]:
    request: dict[str, Any] = {"userAttributes": dict(attributes)}
    return _event(trigger_source, where, request, client_metadata)


def pre_authentication(
    *,
    attributes: Mapping[str, str],
    validation_data: Mapping[str, str] | None = None,
    user_not_found: bool = False,
    **where: Unpack[Where],
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "userAttributes": dict(attributes),
        "validationData": _strings(validation_data) if validation_data else None,
        "userNotFound": user_not_found,
    }
    return _event("PreAuthentication_Authentication", where, request)


def post_authentication(
    *,
    attributes: Mapping[str, str],
    new_device_used: bool = False,
    client_metadata: Mapping[str, str] | None = None,
    **where: Unpack[Where],
) -> dict[str, Any]:
    request: dict[str, Any] = {"userAttributes": dict(attributes), "newDeviceUsed": new_device_used}
    return _event("PostAuthentication_Authentication", where, request, client_metadata)


def pre_token_generation(
    trigger_source: str,
    *,
    attributes: Mapping[str, str],
    groups: Sequence[str] = (),
    iam_roles: Sequence[str] = (),
    preferred_role: str | None = None,
    scopes: Sequence[str] = (),
    client_metadata: Mapping[str, str] | None = None,
    lambda_version: str = "V1_0",
    **where: Unpack[Where],
) -> dict[str, Any]:
    """V1_0: `claimsOverrideDetails`; V2_0 / V3_0: `scopes` in the request and
    `claimsAndScopeOverrideDetails` in the response (event `version` "2" / "3")."""
    request: dict[str, Any] = {
        "userAttributes": dict(attributes),
        "groupConfiguration": {
            "groupsToOverride": list(groups),
            "iamRolesToOverride": list(iam_roles),
            "preferredRole": preferred_role,
        },
    }
    if lambda_version == "V1_0":
        response: dict[str, Any] = {"claimsOverrideDetails": None}
        version = "1"
    elif lambda_version in ("V2_0", "V3_0"):
        request["scopes"] = list(scopes)
        response = {"claimsAndScopeOverrideDetails": None}
        version = lambda_version[1]
    else:
        raise ValueError(f"unknown LambdaVersion {lambda_version!r}")
    return _event(
        trigger_source, where, request, client_metadata, response=response, version=version
    )


CODE_PARAMETER = "{####}"
USERNAME_PARAMETER = "{username}"


def custom_message(
    trigger_source: str,
    *,
    attributes: Mapping[str, str],
    link_parameter: str | None = None,
    client_metadata: Mapping[str, str] | None = None,
    **where: Unpack[Where],
) -> dict[str, Any]:
    """`codeParameter` is the placeholder Cognito replaces with the code; `usernameParameter`
    is set for admin-created users (their invitation names them)."""
    request: dict[str, Any] = {
        "userAttributes": dict(attributes),
        "codeParameter": CODE_PARAMETER,
        "linkParameter": link_parameter if link_parameter is not None else "{##Click Here##}",
        "usernameParameter": USERNAME_PARAMETER
        if trigger_source == "CustomMessage_AdminCreateUser"
        else None,
    }
    return _event(trigger_source, where, request, client_metadata)


def user_migration(
    trigger_source: str,
    *,
    password: str | None,
    validation_data: Mapping[str, str] | None = None,
    client_metadata: Mapping[str, str] | None = None,
    **where: Unpack[Where],
) -> dict[str, Any]:
    """`password` only for UserMigration_Authentication (Cognito sends it to the function)."""
    request: dict[str, Any] = {
        "validationData": _strings(validation_data) if validation_data else None,
    }
    if trigger_source == "UserMigration_Authentication":
        request["password"] = password
    return _event(trigger_source, where, request, client_metadata)


def challenge_result(
    challenge_name: str, challenge_result: bool, challenge_metadata: str | None = None
) -> dict[str, Any]:
    """One entry of `request.session`."""
    return {
        "challengeName": challenge_name,
        "challengeResult": challenge_result,
        "challengeMetadata": challenge_metadata,
    }


def define_auth_challenge(
    *, session: Sequence[Mapping[str, Any]] = (), **given: Unpack[ChallengeWhere]
) -> dict[str, Any]:
    return _challenge_event(
        "DefineAuthChallenge_Authentication",
        given,
        {"session": [dict(entry) for entry in session]},
    )


def create_auth_challenge(
    *,
    challenge_name: str,
    session: Sequence[Mapping[str, Any]] = (),
    **given: Unpack[ChallengeWhere],
) -> dict[str, Any]:
    return _challenge_event(
        "CreateAuthChallenge_Authentication",
        given,
        {"challengeName": challenge_name, "session": [dict(entry) for entry in session]},
    )


def verify_auth_challenge_response(
    *,
    private_challenge_parameters: Mapping[str, str],
    challenge_answer: str,
    **given: Unpack[ChallengeWhere],
) -> dict[str, Any]:
    return _challenge_event(
        "VerifyAuthChallengeResponse_Authentication",
        given,
        {
            "privateChallengeParameters": dict(private_challenge_parameters),
            "challengeAnswer": challenge_answer,
        },
    )


def _challenge_event(
    trigger_source: str, given: ChallengeWhere, request: dict[str, Any]
) -> dict[str, Any]:
    """A custom-challenge event: `request` between the user's attributes and `userNotFound`."""
    full = {
        "userAttributes": dict(given["attributes"]),
        **request,
        "userNotFound": given.get("user_not_found", False),
    }
    return _event(trigger_source, given, full, given.get("client_metadata"))
