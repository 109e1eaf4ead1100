"""Cognito user pool behaviour moto 5.2.5 lacks or gets wrong, patched onto its classes.

- Tags: TagResource / UntagResource / ListTagsForResource on a user pool ARN, kept in the pool's
  `UserPoolTags`.
- CreateUserPool lists every standard attribute, as Cognito does, not only the named ones.
- CreateUserPool / UpdateUserPool / DeleteUserPool: UpdateUserPool replaces every updatable field
  and resets the omitted ones, keeps what cannot change (username attributes, aliases, username
  configuration, schema), owns MfaConfiguration in one place; DeletionProtection is honoured.
- USER_SRP_AUTH: a real SRP-6a challenge and a verified PASSWORD_VERIFIER answer (see `srp`).
- Confirmation codes: ConfirmSignUp, ConfirmForgotPassword and VerifyUserAttribute accept only
  the local code (see `codes`); ResendConfirmationCode and GetUserAttributeVerificationCode exist.
- Tokens: RevokeToken and GetTokensFromRefreshToken.

All added state lives on moto's own backend and model objects, so `/moto-api/reset` clears it.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

from moto.cognitoidp.exceptions import (
    CodeMismatchException,
    InvalidParameterException,
    NotAuthorizedError,
    ResourceNotFoundError,
    UserNotFoundError,
)
from moto.cognitoidp.models import (
    CognitoIdpBackend,
    CognitoIdpUserPoolAttribute,
    UserStatus,
    cognitoidp_backends,
)
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow

from amplify_sandbox.local import patching, srp
from amplify_sandbox.local.codes import confirmation_code
from amplify_sandbox.local.passwords import StoredPassword
from amplify_sandbox.local.patching import ChallengeCall, SignInCall
from amplify_sandbox.local.triggers import hooks

# Cognito rejects these in UpdateUserPool; they are fixed when the pool is created.
IMMUTABLE_POOL_FIELDS = ("UsernameAttributes", "AliasAttributes", "UsernameConfiguration")
# Request members that are not part of the pool's configuration.
_NOT_CONFIG = ("UserPoolId", "PoolName", "Schema", "MfaConfiguration")
_CODE_MISMATCH = "Invalid verification code provided, please try again."
_SRP_CHALLENGES = "_amplify_sandbox_srp_challenges"

Model = Any  # moto's models are untyped

_responses = patching.Patches(CognitoIdpResponse)
_backend = patching.Patches(CognitoIdpBackend)


def _error(error_type: str, message: str) -> JsonRESTError:
    return JsonRESTError(error_type, message)


# --- lookups across every account and region (unsigned calls carry no region) -------------------


def _backends() -> Iterator[CognitoIdpBackend]:
    for account_backends in cognitoidp_backends.values():
        for region, backend in account_backends.items():
            if region != "global":
                yield backend


def _pools() -> Iterator[tuple[CognitoIdpBackend, Model]]:
    for backend in _backends():
        for pool in list(backend.user_pools.values()):
            yield backend, pool


def _pool_for_client(client_id: str) -> tuple[CognitoIdpBackend, Model]:
    for backend, pool in _pools():
        if client_id in pool.clients:
            return backend, pool
    raise ResourceNotFoundError(client_id)


def _pool_by_arn(arn: str) -> Model:
    for _, pool in _pools():
        if pool.arn == arn:
            return pool
    raise ResourceNotFoundError(f"User pool {arn} does not exist.")


def _user_for_access_token(access_token: str) -> tuple[Model, Model]:
    for _, pool in _pools():
        entry = pool.access_tokens.get(access_token)
        if entry is not None:
            user = pool._get_user(entry[1])
            if user is not None:
                return pool, user
    raise NotAuthorizedError("Invalid Access Token")


def _user_in_pool(pool: Model, username: str) -> Model:
    user = pool._get_user(username)
    if user is None:
        raise UserNotFoundError("Username/client id combination not found.")
    return user


def _check_code(code: str | None) -> None:
    if code != confirmation_code():
        raise CodeMismatchException(_CODE_MISMATCH)


def _mask(value: str) -> str:
    if "@" in value:
        local, domain = value.split("@", 1)
        return f"{local[:1]}***@{domain[:1]}***"
    return f"+*******{value[-4:]}"


def _delivery(user: Model, attribute: str | None = None) -> dict[str, str] | None:
    """Where Cognito would have sent a code: the given attribute, else email, else phone."""
    names = [attribute] if attribute else ["email", "phone_number"]
    for name in names:
        value = user.attribute_lookup.get(name)
        if value:
            medium = "EMAIL" if name == "email" else "SMS"
            return {"Destination": _mask(value), "DeliveryMedium": medium, "AttributeName": name}
    return None


def _jwt_claims(token: str) -> dict[str, Any]:
    parts = token.split(".")
    if len(parts) != 3:
        return {}
    try:
        payload = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        claims = json.loads(payload)
    except (binascii.Error, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}


# --- tags -------------------------------------------------------------------------------------


def _pool_tags(pool: Model) -> dict[str, str]:
    tags: dict[str, str] = pool.extended_config.setdefault("UserPoolTags", {})
    return tags


@_responses.method
def tag_resource(self: Any) -> ActionResult:
    pool = _pool_by_arn(self._get_param("ResourceArn"))
    _pool_tags(pool).update(self._get_param("Tags") or {})
    return EmptyResult()


@_responses.method
def untag_resource(self: Any) -> ActionResult:
    pool = _pool_by_arn(self._get_param("ResourceArn"))
    tags = _pool_tags(pool)
    for key in self._get_param("TagKeys") or []:
        tags.pop(key, None)
    return EmptyResult()


@_responses.method
def list_tags_for_resource(self: Any) -> ActionResult:
    pool = _pool_by_arn(self._get_param("ResourceArn"))
    return ActionResult({"Tags": dict(_pool_tags(pool))})


# --- user pool create / update / delete -------------------------------------------------------


@_backend.wraps("create_user_pool")
def _wrap_create_user_pool(original: Callable[..., Model]) -> Callable[..., Model]:
    def create_user_pool(self: CognitoIdpBackend, name: str, config: dict[str, Any]) -> Model:
        pool = original(self, name, config)
        # Cognito lists every standard attribute (optional, mutable unless configured); moto
        # only does when the request names none.
        for standard, schema in CognitoIdpUserPoolAttribute.STANDARD_SCHEMA.items():
            if standard not in pool.schema_attributes:
                pool.schema_attributes[standard] = CognitoIdpUserPoolAttribute(
                    standard, False, schema
                )
        for key in _NOT_CONFIG:
            pool.extended_config.pop(key, None)
        pool.extended_config.setdefault("DeletionProtection", "INACTIVE")
        return pool

    return create_user_pool


@_backend.method
def update_user_pool(self: CognitoIdpBackend, user_pool_id: str, config: dict[str, Any]) -> None:
    pool = self.describe_user_pool(user_pool_id)
    kept = {k: pool.extended_config[k] for k in IMMUTABLE_POOL_FIELDS if k in pool.extended_config}
    given = {k: copy.deepcopy(v) for k, v in config.items() if k not in _NOT_CONFIG}
    # Moto's defaults are shared dicts; each pool gets its own copy.
    pool.update_extended_config({**given, **kept})
    pool.extended_config = copy.deepcopy(pool.extended_config)
    pool.extended_config.setdefault("DeletionProtection", "INACTIVE")
    pool.mfa_config = config.get("MfaConfiguration") or "OFF"
    pool.last_modified_date = utcnow()


@_backend.wraps("delete_user_pool")
def _wrap_delete_user_pool(original: Callable[..., None]) -> Callable[..., None]:
    def delete_user_pool(self: CognitoIdpBackend, user_pool_id: str) -> None:
        pool = self.describe_user_pool(user_pool_id)
        if pool.extended_config.get("DeletionProtection") == "ACTIVE":
            raise InvalidParameterException(
                "The user pool cannot be deleted because deletion protection is activated. "
                "Deletion protection must be inactivated first."
            )
        original(self, user_pool_id)

    return delete_user_pool


# --- SRP --------------------------------------------------------------------------------------


def _srp_challenges(backend: CognitoIdpBackend) -> dict[str, srp.ServerChallenge]:
    return patching.kept(backend, _SRP_CHALLENGES, dict)


@_backend.handles("initiate_auth")
def _initiate_auth(call: SignInCall) -> dict[str, Any]:
    # Moto runs the user, status and secret-hash checks and opens a session; its challenge
    # values are random placeholders, replaced here by a real one.
    result = call.proceed()
    if call.auth_flow != "USER_SRP_AUTH" or result.get("ChallengeName") != "PASSWORD_VERIFIER":
        return result
    backend = call.backend
    username, pool = backend.sessions.pop(result["Session"])
    user = pool._get_user(username)
    stored: StoredPassword | None = getattr(user, "password", None)
    if stored is None:
        raise NotAuthorizedError("Incorrect username or password.")
    challenge = srp.new_challenge(
        user_pool_id=pool.id,
        username=user.username,
        user_id_for_srp=user.username,
        salt_hex=stored.salt_hex,
        verifier=stored.verifier,
        srp_a_hex=call.parameters["SRP_A"],
    )
    if challenge is None:
        raise InvalidParameterException("SRP_A is not a valid value.")
    backend.sessions[challenge.secret_block] = (user.username, pool)
    _srp_challenges(backend)[challenge.secret_block] = challenge
    return {
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeParameters": {
            "SALT": challenge.salt_hex,
            "SRP_B": format(challenge.large_b, "x"),
            "SECRET_BLOCK": challenge.secret_block,
            "USERNAME": user.username,
            "USER_ID_FOR_SRP": challenge.user_id_for_srp,
        },
    }


@_backend.handles("respond_to_auth_challenge")
def _respond_to_auth_challenge(call: ChallengeCall) -> dict[str, Any]:
    if call.challenge_name == "PASSWORD_VERIFIER":
        _verify_password_claim(call.backend, call.responses)
    return call.proceed()


def _verify_password_claim(backend: CognitoIdpBackend, responses: dict[str, str]) -> None:
    block = responses.get("PASSWORD_CLAIM_SECRET_BLOCK") or ""
    challenge = _srp_challenges(backend).pop(block, None)
    if challenge is None:
        raise NotAuthorizedError("Invalid session for the user.")
    pool = backend.user_pools.get(challenge.user_pool_id)
    user = pool._get_user(challenge.username) if pool else None
    claimed = pool._get_user(responses.get("USERNAME") or "") if pool else None
    if (
        user is None
        or claimed is not user
        or not srp.verify_claim(
            challenge,
            responses.get("TIMESTAMP") or "",
            responses.get("PASSWORD_CLAIM_SIGNATURE") or "",
        )
    ):
        backend.sessions.pop(block, None)
        raise NotAuthorizedError("Incorrect username or password.")


# --- confirmation codes -------------------------------------------------------------------------


@_responses.method
def confirm_sign_up(self: Any) -> ActionResult:
    _, pool = _pool_for_client(self._get_param("ClientId"))
    user = _user_in_pool(pool, self._get_param("Username"))
    _check_code(self._get_param("ConfirmationCode"))
    if user.status == UserStatus.CONFIRMED:
        raise NotAuthorizedError("User cannot be confirmed. Current status is CONFIRMED")
    user.status = UserStatus.CONFIRMED
    delivery = _delivery(user)
    if delivery is not None:
        user.update_attributes([{"Name": f"{delivery['AttributeName']}_verified", "Value": "true"}])
    hooks.after_confirmation(pool, user, self._get_param("ClientId"), hooks.CONFIRMED_SIGN_UP)
    return EmptyResult()


@_responses.method
def resend_confirmation_code(self: Any) -> ActionResult:
    _, pool = _pool_for_client(self._get_param("ClientId"))
    user = _user_in_pool(pool, self._get_param("Username"))
    delivery = _delivery(user)
    if delivery is None:
        raise InvalidParameterException("No email or phone_number to send a code to.")
    hooks.custom_message(pool, user, self._get_param("ClientId"), "CustomMessage_ResendCode")
    return ActionResult({"CodeDeliveryDetails": delivery})


@_responses.method
def confirm_forgot_password(self: Any) -> ActionResult:
    backend, pool = _pool_for_client(self._get_param("ClientId"))
    user = _user_in_pool(pool, self._get_param("Username"))
    _check_code(self._get_param("ConfirmationCode"))
    password = self._get_param("Password")
    backend._validate_password(pool.id, password)
    user.password = password
    user.confirmation_code = None
    if user.status in (UserStatus.RESET_REQUIRED, UserStatus.FORCE_CHANGE_PASSWORD):
        user.status = UserStatus.CONFIRMED
    hooks.after_confirmation(pool, user, self._get_param("ClientId"), hooks.CONFIRMED_PASSWORD)
    return EmptyResult()


def _verifiable(attribute: str | None) -> str:
    if attribute not in ("email", "phone_number"):
        raise InvalidParameterException(f"Attribute {attribute} cannot be verified.")
    return attribute


@_responses.method
def get_user_attribute_verification_code(self: Any) -> ActionResult:
    _, user = _user_for_access_token(self._get_param("AccessToken"))
    delivery = _delivery(user, _verifiable(self._get_param("AttributeName")))
    if delivery is None:
        raise InvalidParameterException("The user has no value for this attribute.")
    return ActionResult({"CodeDeliveryDetails": delivery})


@_responses.method
def verify_user_attribute(self: Any) -> ActionResult:
    _, user = _user_for_access_token(self._get_param("AccessToken"))
    attribute = _verifiable(self._get_param("AttributeName"))
    _check_code(self._get_param("Code"))
    user.update_attributes([{"Name": f"{attribute}_verified", "Value": "true"}])
    return EmptyResult()


# --- tokens -----------------------------------------------------------------------------------


def _check_client_secret(client: Model, secret: str | None) -> None:
    if client.generate_secret and secret != client.secret:
        raise NotAuthorizedError(f"Client {client.id} is configured with secret but none matched.")


@_responses.method
def revoke_token(self: Any) -> ActionResult:
    token: str = self._get_param("Token")
    client_id: str = self._get_param("ClientId")
    for _, pool in _pools():
        if token not in pool.refresh_tokens:
            continue
        entry = pool.refresh_tokens[token]
        client = pool.clients.get(client_id)
        if client is None or (entry is not None and entry[0] != client_id):
            raise NotAuthorizedError("Invalid client id for this token.")
        _check_client_secret(client, self._get_param("ClientSecret"))
        if client.extended_config.get("EnableTokenRevocation") is False:
            raise _error(
                "UnsupportedOperationException",
                "Token revocation is not enabled for this app client.",
            )
        if entry is not None:
            pool.refresh_tokens[token] = None
            _forget_tokens_of_session(pool, origin_jti=entry[2])
        return EmptyResult()
    if _jwt_claims(token):
        raise _error("UnsupportedTokenTypeException", "Only refresh tokens can be revoked.")
    # RFC 7009: an unknown token is not an error.
    return EmptyResult()


def _forget_tokens_of_session(pool: Model, origin_jti: str) -> None:
    """Access and id tokens issued from a revoked refresh token stop working with it."""
    for store in (pool.access_tokens, pool.id_tokens):
        for issued in list(store):
            if _jwt_claims(issued).get("origin_jti") == origin_jti:
                del store[issued]


@_responses.method
def get_tokens_from_refresh_token(self: Any) -> ActionResult:
    client_id: str = self._get_param("ClientId")
    token: str = self._get_param("RefreshToken")
    _, pool = _pool_for_client(client_id)
    client = pool.clients[client_id]
    _check_client_secret(client, self._get_param("ClientSecret"))
    if token not in pool.refresh_tokens:
        raise NotAuthorizedError("Invalid Refresh Token")
    entry = pool.refresh_tokens[token]
    if entry is None:
        raise NotAuthorizedError("Refresh Token has been revoked")
    if entry[0] != client_id:
        raise NotAuthorizedError("Invalid Refresh Token")
    access_token, id_token, expires_in = pool.create_tokens_from_refresh_token(token)
    return ActionResult(
        {
            "AuthenticationResult": {
                "AccessToken": access_token,
                "IdToken": id_token,
                "ExpiresIn": expires_in,
                "TokenType": "Bearer",
            }
        }
    )


# --- installation -------------------------------------------------------------------------------


def apply() -> None:
    """Install the patches on moto's classes. Not idempotent by itself: `server` calls it once."""
    _responses.apply()
    _backend.apply()
