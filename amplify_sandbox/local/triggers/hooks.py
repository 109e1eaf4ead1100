"""Where Cognito invokes its triggers, patched onto moto's Cognito backend: pre sign-up (SignUp,
AdminCreateUser), post confirmation (ConfirmSignUp, AdminConfirmSignUp, ConfirmForgotPassword;
also after an auto-confirmed sign-up), pre/post authentication, pre token generation (at the one
place tokens are built, the claims hook of `local/tokens.py`), user migration (unknown user at a
password sign-in or ForgotPassword) and the CUSTOM_AUTH define/create/verify loop.

Every function runs through `invoke.current()`; a failure is raised as Cognito's error. A pool
without a trigger behaves exactly as before."""

from __future__ import annotations

import base64
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from moto.cognitoidp.exceptions import NotAuthorizedError, UserNotFoundError
from moto.cognitoidp.models import (
    CognitoIdpBackend,
    CognitoIdpUser,
    UserStatus,
)
from moto.core.exceptions import JsonRESTError

from amplify_sandbox.local import patching
from amplify_sandbox.local.patching import ChallengeCall, SignInCall
from amplify_sandbox.local.tokens import TokenRequest, set_claims_hook
from amplify_sandbox.local.triggers import events, responses
from amplify_sandbox.local.triggers.invoke import current
from amplify_sandbox.local.triggers.responses import TriggerFailure

Model = Any  # moto's models are untyped
_CUSTOM_SESSIONS = "_amplify_sandbox_custom_auth"
_PASSWORD_FLOWS = ("USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH")
_SIGN_IN_FLOWS = (*_PASSWORD_FLOWS, "USER_SRP_AUTH")
_REFRESH_FLOWS = ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN")

CONFIRMED_SIGN_UP = "PostConfirmation_ConfirmSignUp"
CONFIRMED_PASSWORD = "PostConfirmation_ConfirmForgotPassword"

_context = threading.local()
_backend = patching.Patches(CognitoIdpBackend)


# --- running a trigger --------------------------------------------------------------------------


def run(pool: Model, event: str, payload: Mapping[str, Any]) -> Any | None:
    """The function's returned event (None without the trigger); failures as Cognito's error."""
    try:
        return current().invoke(pool, event, payload)
    except TriggerFailure as failure:
        raise JsonRESTError(failure.error_type, failure.message) from None


def _outcome(parse: Callable[[Any], Any], result: Any) -> Any:
    try:
        return parse(result)
    except TriggerFailure as failure:
        raise JsonRESTError(failure.error_type, failure.message) from None


def has(pool: Model, event: str) -> bool:
    return current().has(pool, event)


def _attributes(user: Model, *, with_sub: bool = True) -> dict[str, str]:
    attrs = {str(k): str(v) for k, v in user.attribute_lookup.items() if k != "sub"}
    return events.user_attributes(
        attrs, sub=user.id if with_sub else None, status=user.status.value if with_sub else None
    )


def _common(pool: Model, user: Model, client_id: str | None) -> dict[str, Any]:
    return {
        "region": pool.region,
        "user_pool_id": pool.id,
        "user_name": user.username,
        "client_id": client_id,
    }


# --- sign-up and confirmation -------------------------------------------------------------------


def after_confirmation(pool: Model, user: Model, client_id: str | None, source: str) -> None:
    """PostConfirmation_ConfirmSignUp / _ConfirmForgotPassword, once the user is confirmed."""
    if not has(pool, "postConfirmation"):
        return
    payload = events.post_confirmation(
        source, **_common(pool, user, client_id), attributes=_attributes(user)
    )
    run(pool, "postConfirmation", payload)


def _pre_sign_up(pool: Model, user: Model, client_id: str | None, source: str) -> bool:
    """Runs PreSignUp for a just-created user; removes the user again when it fails. True when
    the function auto-confirmed the user."""
    if not has(pool, "preSignUp"):
        return False
    attrs = {str(k): str(v) for k, v in user.attribute_lookup.items() if k != "sub"}
    payload = events.pre_sign_up(source, **_common(pool, user, client_id), attributes=attrs)
    try:
        result = run(pool, "preSignUp", payload)
        outcome = _outcome(responses.pre_sign_up_outcome, result)
    except JsonRESTError:
        pool.users.pop(user.username, None)
        raise
    confirmed, updated = responses.apply_pre_sign_up(outcome, attrs)
    changed = [{"Name": k, "Value": v} for k, v in updated.items() if attrs.get(k) != v]
    if changed:
        user.update_attributes(changed)
    if confirmed and source == "PreSignUp_SignUp":
        user.status = UserStatus.CONFIRMED
        return True
    return False


@_backend.wraps("sign_up")
def _wrap_sign_up(original: Callable[..., Any]) -> Callable[..., Any]:
    def sign_up(
        self: CognitoIdpBackend,
        client_id: str,
        username: str,
        password: str,
        attributes: list[dict[str, str]],
    ) -> tuple[Model, Any]:
        user, details = original(self, client_id, username, password, attributes)
        pool = self.user_pools[user.user_pool_id]
        if _pre_sign_up(pool, user, client_id, "PreSignUp_SignUp"):
            after_confirmation(pool, user, client_id, "PostConfirmation_ConfirmSignUp")
            return user, None
        if details is not None:
            custom_message(pool, user, client_id, "CustomMessage_SignUp")
        return user, details

    return sign_up


@_backend.wraps("admin_create_user")
def _wrap_admin_create_user(original: Callable[..., Any]) -> Callable[..., Any]:
    def admin_create_user(
        self: CognitoIdpBackend,
        user_pool_id: str,
        username: str,
        message_action: str,
        temporary_password: str,
        attributes: list[dict[str, str]],
    ) -> Model:
        user = original(
            self, user_pool_id, username, message_action, temporary_password, attributes
        )
        pool = self.user_pools[user_pool_id]
        _pre_sign_up(pool, user, None, "PreSignUp_AdminCreateUser")
        if message_action != "SUPPRESS":
            source = "CustomMessage_AdminCreateUser"
            custom_message(pool, user, None, source, temporary_password or "")
        return user

    return admin_create_user


@_backend.wraps("admin_confirm_sign_up")
def _wrap_admin_confirm_sign_up(original: Callable[..., str]) -> Callable[..., str]:
    def admin_confirm_sign_up(self: CognitoIdpBackend, user_pool_id: str, username: str) -> str:
        result = original(self, user_pool_id, username)
        pool = self.describe_user_pool(user_pool_id)
        user = self.admin_get_user(user_pool_id, username)
        after_confirmation(pool, user, None, "PostConfirmation_ConfirmSignUp")
        return result

    return admin_confirm_sign_up


# --- custom message -------------------------------------------------------------------------------


def custom_message(
    pool: Model, user: Model, client_id: str | None, source: str, code: str | None = None
) -> None:
    """CustomMessage_* where Cognito sends a code. The emulator sends nothing, so the text the
    function made (code and user name filled in) goes to the function's log."""
    if not has(pool, "customMessage"):
        return
    from amplify_sandbox.local.codes import confirmation_code

    payload = events.custom_message(
        source, **_common(pool, user, client_id), attributes=_attributes(user)
    )
    message = _outcome(responses.custom_message_outcome, run(pool, "customMessage", payload))
    arn = current().arn_for(pool, "customMessage") or ""
    name = arn.split(":")[6] if arn.count(":") >= 6 else "customMessage"
    value = code or confirmation_code()
    for kind, text in (
        ("email subject", message.email_subject),
        ("email", message.email_message),
        ("sms", message.sms_message),
    ):
        if text is not None:
            rendered = responses.render_message(text, value, user.username)
            current().logs.add(name, f"[{source} {kind}] {rendered}")


# --- user migration -----------------------------------------------------------------------------


def _migrate(
    pool: Model, username: str, password: str | None, client_id: str | None, source: str
) -> Model | None:
    """UserMigration for a user the pool does not know; the new user, or None without trigger."""
    if not username or pool._get_user(username) is not None or not has(pool, "userMigration"):
        return None
    payload = events.user_migration(
        source,
        region=pool.region,
        user_pool_id=pool.id,
        user_name=username,
        client_id=client_id,
        password=password,
    )
    outcome = _outcome(responses.user_migration_outcome, run(pool, "userMigration", payload))
    attrs = dict(outcome.attributes)
    username_attrs = pool.extended_config.get("UsernameAttributes") or []
    for name in username_attrs:
        if name in ("email", "phone_number") and ("@" in username) == (name == "email"):
            attrs.setdefault(name, username)
    status = outcome.final_user_status or (
        "CONFIRMED" if source == "UserMigration_Authentication" else "RESET_REQUIRED"
    )
    user = CognitoIdpUser(
        pool.id,
        None if username_attrs else username,
        password if source == "UserMigration_Authentication" else None,
        UserStatus[status],
        [{"Name": k, "Value": v} for k, v in attrs.items() if k not in ("sub", "username")],
    )
    pool.users[user.username] = user
    return user


@_backend.wraps("forgot_password")
def _wrap_forgot_password(original: Callable[..., Any]) -> Callable[..., Any]:
    def forgot_password(self: CognitoIdpBackend, client_id: str, username: str) -> Any:
        for pool in self.user_pools.values():
            if client_id in pool.clients:
                _migrate(pool, username, None, client_id, "UserMigration_ForgotPassword")
        result = original(self, client_id, username)
        for pool in self.user_pools.values():
            user = pool._get_user(username) if client_id in pool.clients else None
            if user is not None:
                custom_message(pool, user, client_id, "CustomMessage_ForgotPassword")
        return result

    return forgot_password


# --- authentication -------------------------------------------------------------------------------


def _pool_of_client(backend: CognitoIdpBackend, client_id: str) -> Model | None:
    for pool in backend.user_pools.values():
        if client_id in pool.clients:
            return pool
    return None


def _before_sign_in(pool: Model, client_id: str, flow: str, parameters: Mapping[str, str]) -> None:
    username = parameters.get("USERNAME") or ""
    if flow in _PASSWORD_FLOWS:
        _migrate(
            pool, username, parameters.get("PASSWORD"), client_id, "UserMigration_Authentication"
        )
    user = pool._get_user(username) if username else None
    if user is None or not has(pool, "preAuthentication"):
        return
    payload = events.pre_authentication(
        **_common(pool, user, client_id), attributes=_attributes(user)
    )
    run(pool, "preAuthentication", payload)


def _after_sign_in(pool: Model, client_id: str, username: str, result: Mapping[str, Any]) -> None:
    if "AuthenticationResult" not in result or not has(pool, "postAuthentication"):
        return
    user = pool._get_user(username)
    if user is None:
        return
    payload = events.post_authentication(
        **_common(pool, user, client_id), attributes=_attributes(user)
    )
    run(pool, "postAuthentication", payload)


@contextmanager
def _token_source(source: str) -> Iterator[None]:
    previous = getattr(_context, "source", None)
    _context.source = source
    try:
        yield
    finally:
        _context.source = previous


@_backend.handles("initiate_auth", "admin_initiate_auth")
def _initiate_auth(call: SignInCall) -> dict[str, Any]:
    """InitiateAuth (`call.user_pool_id` None: CUSTOM_AUTH runs here) and AdminInitiateAuth."""
    if call.user_pool_id is None:
        pool = _pool_of_client(call.backend, call.client_id)
        if pool is None:
            return call.proceed()
        if call.auth_flow == "CUSTOM_AUTH" and has(pool, "defineAuthChallenge"):
            return _start_custom_auth(call.backend, pool, call.client_id, call.parameters)
    else:
        pool = call.backend.describe_user_pool(call.user_pool_id)
    if call.auth_flow in _REFRESH_FLOWS:
        with _token_source("TokenGeneration_RefreshTokens"):
            return call.proceed()
    if call.auth_flow in _SIGN_IN_FLOWS:
        _before_sign_in(pool, call.client_id, call.auth_flow, call.parameters)
    result = call.proceed()
    _after_sign_in(pool, call.client_id, call.parameters.get("USERNAME") or "", result)
    return result


@_backend.handles("respond_to_auth_challenge")
def _respond_to_auth_challenge(call: ChallengeCall) -> dict[str, Any]:
    if call.challenge_name == "CUSTOM_CHALLENGE":
        return _answer_custom_challenge(call.backend, call.session, call.client_id, call.responses)
    pool = _pool_of_client(call.backend, call.client_id)
    source = (
        "TokenGeneration_NewPasswordChallenge"
        if call.challenge_name == "NEW_PASSWORD_REQUIRED"
        else "TokenGeneration_Authentication"
    )
    with _token_source(source):
        result = call.proceed()
    if pool is not None:
        _after_sign_in(pool, call.client_id, call.responses.get("USERNAME") or "", result)
    return result


# --- CUSTOM_AUTH --------------------------------------------------------------------------------


@dataclass
class _CustomAuth:
    username: str
    pool_id: str
    client_id: str
    challenge_name: str
    private: dict[str, str]
    metadata: str | None
    session: list[dict[str, Any]] = field(default_factory=list)


def _custom_sessions(backend: CognitoIdpBackend) -> dict[str, _CustomAuth]:
    return patching.kept(backend, _CUSTOM_SESSIONS, dict)


def _start_custom_auth(
    backend: CognitoIdpBackend, pool: Model, client_id: str, parameters: Mapping[str, str]
) -> dict[str, Any]:
    user = pool._get_user(parameters.get("USERNAME") or "")
    if user is None:
        raise UserNotFoundError("User does not exist.")
    if not user.enabled:
        raise NotAuthorizedError("User is disabled.")
    _before_sign_in(pool, client_id, "CUSTOM_AUTH", {"USERNAME": user.username})
    return _next_challenge(backend, pool, user, client_id, [])


def _next_challenge(
    backend: CognitoIdpBackend,
    pool: Model,
    user: Model,
    client_id: str,
    session: list[dict[str, Any]],
) -> dict[str, Any]:
    common = _common(pool, user, client_id)
    attrs = _attributes(user)
    define = events.define_auth_challenge(**common, attributes=attrs, session=session)
    decision = _outcome(
        responses.define_auth_challenge_outcome, run(pool, "defineAuthChallenge", define)
    )
    if decision.fail_authentication:
        raise NotAuthorizedError("Incorrect username or password.")
    if decision.issue_tokens:
        result: dict[str, Any] = backend._log_user_in(pool, pool.clients[client_id], user.username)
        _after_sign_in(pool, client_id, user.username, result)
        return result
    name = decision.challenge_name or "CUSTOM_CHALLENGE"
    if name != "CUSTOM_CHALLENGE":
        raise JsonRESTError(
            "InvalidLambdaResponseException",
            f"The local emulator supports only CUSTOM_CHALLENGE in CUSTOM_AUTH, not {name}.",
        )
    create = events.create_auth_challenge(
        **common, attributes=attrs, challenge_name=name, session=session
    )
    made = _outcome(
        responses.create_auth_challenge_outcome, run(pool, "createAuthChallenge", create)
    )
    token = base64.urlsafe_b64encode(uuid.uuid4().bytes + uuid.uuid4().bytes).decode()
    _custom_sessions(backend)[token] = _CustomAuth(
        username=user.username,
        pool_id=pool.id,
        client_id=client_id,
        challenge_name=name,
        private=made.private_parameters,
        metadata=made.metadata,
        session=session,
    )
    return {
        "ChallengeName": name,
        "Session": token,
        "ChallengeParameters": {**made.public_parameters, "USERNAME": user.username},
    }


def _answer_custom_challenge(
    backend: CognitoIdpBackend, session: str, client_id: str, answers: Mapping[str, str]
) -> dict[str, Any]:
    state = _custom_sessions(backend).pop(session or "", None)
    if state is None or state.client_id != client_id:
        raise NotAuthorizedError("Invalid session for the user.")
    pool = backend.user_pools[state.pool_id]
    user = pool._get_user(state.username)
    if user is None:
        raise NotAuthorizedError("Invalid session for the user.")
    verify = events.verify_auth_challenge_response(
        **_common(pool, user, client_id),
        attributes=_attributes(user),
        private_challenge_parameters=state.private,
        challenge_answer=answers.get("ANSWER") or "",
    )
    correct = _outcome(
        responses.verify_auth_challenge_outcome,
        run(pool, "verifyAuthChallengeResponse", verify),
    )
    entry = events.challenge_result(state.challenge_name, correct, state.metadata)
    return _next_challenge(backend, pool, user, client_id, [*state.session, entry])


# --- pre token generation -------------------------------------------------------------------------


def _claims_hook(
    request: TokenRequest, id_claims: dict[str, Any], access_claims: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The pre-token-generation function's changes (added, overridden and suppressed claims;
    group overrides; V2 access-token claims and scopes), at the one place tokens are built."""
    pool, user = request.pool, request.user
    if not has(pool, "preTokenGeneration"):
        return id_claims, access_claims
    version = current().pre_token_version(pool)
    payload = events.pre_token_generation(
        getattr(_context, "source", None) or request.source,
        **_common(pool, user, request.client_id),
        attributes=_attributes(user),
        groups=[group.group_name for group in user.groups],
        scopes=list(request.scopes),
        lambda_version=version,
    )
    result = run(pool, "preTokenGeneration", payload)
    outcome: tuple[dict[str, Any], dict[str, Any]] = _outcome(
        lambda r: responses.apply_pre_token_generation(
            r, id_claims, access_claims, lambda_version=version
        ),
        result,
    )
    return outcome


# --- installation -------------------------------------------------------------------------------


def apply() -> None:
    """Install the trigger hooks; after `cognito_idp.apply()` (they wrap its patches)."""
    _backend.apply()
    set_claims_hook(_claims_hook)
