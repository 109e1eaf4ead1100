"""Applying a trigger's response as Cognito does, and Cognito's errors when it fails. Pure
functions: the emulator's hooks call them with the function's returned event."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from amplify_sandbox.functions.access import LAMBDA_CONFIG_KEYS
from amplify_sandbox.local.triggers.runner import InvocationError

# "Amazon Cognito invokes Lambda functions synchronously. When called, your Lambda function must
# respond within 5 seconds. If it does not, Amazon Cognito retries the call. After 3 unsuccessful
# attempts, the function times out." (Cognito developer guide, Lambda triggers.)
COGNITO_WAIT_SECONDS = 5.0
COGNITO_ATTEMPTS = 3

# Claims a pre-token function cannot add, override or suppress (Cognito ignores them).
RESERVED_CLAIMS = frozenset(
    {
        "acr",
        "amr",
        "aud",
        "at_hash",
        "auth_time",
        "azp",
        "client_id",
        "cognito:username",
        "cognito:groups",
        "cognito:preferred_role",
        "cognito:roles",
        "event_id",
        "exp",
        "iat",
        "identities",
        "iss",
        "jti",
        "nbf",
        "nonce",
        "origin_jti",
        "scope",
        "sub",
        "token_use",
        "username",
        "version",
    }
)


class TriggerFailure(Exception):
    """A Cognito error caused by a trigger: `error_type` is the Cognito error code."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(f"{error_type}: {message}")
        self.error_type = error_type
        self.message = message


def trigger_label(event: str) -> str:
    """The trigger's name in Cognito's messages (`PreSignUp`, `PostConfirmation`, …)."""
    return LAMBDA_CONFIG_KEYS[event]


def failure_from(event: str, error: InvocationError) -> TriggerFailure:
    """A thrown error or a timeout → `UserLambdaValidationException: PreSignUp failed with
    error <message>.` (Cognito's wording, the trigger's LambdaConfig name in front)."""
    return TriggerFailure(
        "UserLambdaValidationException",
        f"{trigger_label(event)} failed with error {error.error_message}.",
    )


def unrecognizable(event: str) -> TriggerFailure:
    return TriggerFailure(
        "InvalidLambdaResponseException", f"Unrecognizable lambda output for {trigger_label(event)}"
    )


def _response(event: str, result: Any) -> Mapping[str, Any]:
    if not isinstance(result, Mapping):
        raise unrecognizable(event)
    response = result.get("response")
    if response is None:
        return {}
    if not isinstance(response, Mapping):
        raise unrecognizable(event)
    return response


def _bool(event: str, value: Any) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise unrecognizable(event)
    return value


@dataclass(frozen=True)
class PreSignUpOutcome:
    auto_confirm_user: bool = False
    auto_verify_email: bool = False
    auto_verify_phone: bool = False


def pre_sign_up_outcome(result: Any) -> PreSignUpOutcome:
    response = _response("preSignUp", result)
    outcome = PreSignUpOutcome(
        auto_confirm_user=_bool("preSignUp", response.get("autoConfirmUser")),
        auto_verify_email=_bool("preSignUp", response.get("autoVerifyEmail")),
        auto_verify_phone=_bool("preSignUp", response.get("autoVerifyPhone")),
    )
    return outcome


def apply_pre_sign_up(
    outcome: PreSignUpOutcome, attributes: Mapping[str, str]
) -> tuple[bool, dict[str, str]]:
    """(confirmed?, attributes) after the response: auto-verify marks `email_verified` /
    `phone_number_verified` when the attribute is present."""
    updated = dict(attributes)
    if outcome.auto_verify_email and "email" in updated:
        updated["email_verified"] = "true"
    if outcome.auto_verify_phone and "phone_number" in updated:
        updated["phone_number_verified"] = "true"
    return outcome.auto_confirm_user, updated


@dataclass(frozen=True)
class GroupOverride:
    groups: tuple[str, ...] | None = None
    iam_roles: tuple[str, ...] | None = None
    preferred_role: str | None = None


def _group_override(details: Mapping[str, Any]) -> GroupOverride | None:
    group = details.get("groupOverrideDetails")
    if not isinstance(group, Mapping):
        return None
    groups = group.get("groupsToOverride")
    roles = group.get("iamRolesToOverride")
    preferred = group.get("preferredRole")
    return GroupOverride(
        groups=tuple(str(g) for g in groups) if isinstance(groups, list) else None,
        iam_roles=tuple(str(r) for r in roles) if isinstance(roles, list) else None,
        preferred_role=str(preferred) if isinstance(preferred, str) else None,
    )


def _apply_claims(claims: dict[str, Any], generation: Mapping[str, Any] | None) -> None:
    if not isinstance(generation, Mapping):
        return
    add = generation.get("claimsToAddOrOverride")
    if isinstance(add, Mapping):
        for key, value in add.items():
            if key not in RESERVED_CLAIMS:
                claims[str(key)] = value
    suppress = generation.get("claimsToSuppress")
    if isinstance(suppress, list):
        for key in suppress:
            if key not in RESERVED_CLAIMS:
                claims.pop(str(key), None)


def _apply_groups(id_claims: dict[str, Any], access: dict[str, Any], group: GroupOverride) -> None:
    if group.groups is not None:
        for claims in (id_claims, access):
            if group.groups:
                claims["cognito:groups"] = list(group.groups)
            else:
                claims.pop("cognito:groups", None)
    if group.iam_roles is not None:
        if group.iam_roles:
            id_claims["cognito:roles"] = list(group.iam_roles)
        else:
            id_claims.pop("cognito:roles", None)
    if group.preferred_role is not None:
        id_claims["cognito:preferred_role"] = group.preferred_role


def apply_pre_token_generation(
    result: Any,
    id_claims: Mapping[str, Any],
    access_claims: Mapping[str, Any],
    *,
    lambda_version: str = "V1_0",
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ID and access token claims after the response.

    V1_0 `claimsOverrideDetails`: claims change in the ID token only; `groupOverrideDetails`
    sets `cognito:groups` in both. V2_0 / V3_0 `claimsAndScopeOverrideDetails`:
    `idTokenGeneration` and `accessTokenGeneration` (claims, and `scopesToAdd` /
    `scopesToSuppress` on the access token's `scope`), plus `groupOverrideDetails`."""
    event = "preTokenGeneration"
    response = _response(event, result)
    id_out = dict(id_claims)
    access_out = dict(access_claims)
    if lambda_version == "V1_0":
        details = response.get("claimsOverrideDetails")
        if details is None:
            return id_out, access_out
        if not isinstance(details, Mapping):
            raise unrecognizable(event)
        _apply_claims(id_out, details)
    else:
        details = response.get("claimsAndScopeOverrideDetails")
        if details is None:
            return id_out, access_out
        if not isinstance(details, Mapping):
            raise unrecognizable(event)
        _apply_claims(id_out, details.get("idTokenGeneration"))
        access_gen = details.get("accessTokenGeneration")
        _apply_claims(access_out, access_gen)
        if isinstance(access_gen, Mapping):
            scopes = [s for s in str(access_out.get("scope", "")).split() if s]
            for scope in access_gen.get("scopesToAdd") or []:
                if scope not in scopes:
                    scopes.append(str(scope))
            suppressed = set(access_gen.get("scopesToSuppress") or [])
            scopes = [s for s in scopes if s not in suppressed]
            if scopes:
                access_out["scope"] = " ".join(scopes)
            else:
                access_out.pop("scope", None)
    group = _group_override(details)
    if group is not None:
        _apply_groups(id_out, access_out, group)
    return id_out, access_out


@dataclass(frozen=True)
class CustomMessage:
    sms_message: str | None = None
    email_message: str | None = None
    email_subject: str | None = None


def custom_message_outcome(result: Any) -> CustomMessage:
    """The function's texts; None where it left Cognito's default in place."""
    response = _response("customMessage", result)

    def text(key: str) -> str | None:
        value = response.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise unrecognizable("customMessage")
        return value

    return CustomMessage(
        sms_message=text("smsMessage"),
        email_message=text("emailMessage"),
        email_subject=text("emailSubject"),
    )


def render_message(template: str, code: str, username: str | None = None) -> str:
    """Cognito replaces `{####}` with the code and `{username}` with the user name."""
    text = template.replace("{####}", code)
    if username is not None:
        text = text.replace("{username}", username)
    return text


@dataclass(frozen=True)
class DefineChallengeOutcome:
    challenge_name: str | None
    issue_tokens: bool
    fail_authentication: bool


def define_auth_challenge_outcome(result: Any) -> DefineChallengeOutcome:
    event = "defineAuthChallenge"
    response = _response(event, result)
    name = response.get("challengeName")
    if name is not None and not isinstance(name, str):
        raise unrecognizable(event)
    return DefineChallengeOutcome(
        challenge_name=name,
        issue_tokens=_bool(event, response.get("issueTokens")),
        fail_authentication=_bool(event, response.get("failAuthentication")),
    )


@dataclass(frozen=True)
class CreateChallengeOutcome:
    public_parameters: dict[str, str]
    private_parameters: dict[str, str]
    metadata: str | None


def create_auth_challenge_outcome(result: Any) -> CreateChallengeOutcome:
    event = "createAuthChallenge"
    response = _response(event, result)
    public = response.get("publicChallengeParameters") or {}
    private = response.get("privateChallengeParameters") or {}
    metadata = response.get("challengeMetadata")
    if not isinstance(public, Mapping) or not isinstance(private, Mapping):
        raise unrecognizable(event)
    return CreateChallengeOutcome(
        public_parameters={str(k): str(v) for k, v in public.items()},
        private_parameters={str(k): str(v) for k, v in private.items()},
        metadata=str(metadata) if metadata is not None else None,
    )


def verify_auth_challenge_outcome(result: Any) -> bool:
    event = "verifyAuthChallengeResponse"
    return _bool(event, _response(event, result).get("answerCorrect"))


@dataclass(frozen=True)
class MigrationOutcome:
    attributes: dict[str, str]
    final_user_status: str | None
    message_action: str | None
    desired_delivery_mediums: tuple[str, ...]
    force_alias_creation: bool


def user_migration_outcome(result: Any) -> MigrationOutcome:
    """A migration function that returns no `userAttributes` did not find the user."""
    event = "userMigration"
    response = _response(event, result)
    attributes = response.get("userAttributes")
    if not isinstance(attributes, Mapping):
        raise TriggerFailure("UserNotFoundException", "User does not exist.")
    status = response.get("finalUserStatus")
    if status not in (None, "CONFIRMED", "RESET_REQUIRED"):
        raise unrecognizable(event)
    action = response.get("messageAction")
    if action not in (None, "SUPPRESS", "RESEND"):
        raise unrecognizable(event)
    mediums = response.get("desiredDeliveryMediums") or []
    return MigrationOutcome(
        attributes={str(k): str(v) for k, v in attributes.items()},
        final_user_status=status,
        message_action=action,
        desired_delivery_mediums=tuple(str(m) for m in mediums),
        force_alias_creation=_bool(event, response.get("forceAliasCreation")),
    )
