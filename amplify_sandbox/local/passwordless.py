"""Passwordless sign-in in the emulator: the USER_AUTH flow and passkeys, which moto 5.2.5 lacks.

- InitiateAuth `AuthFlow=USER_AUTH`: the client must allow `ALLOW_USER_AUTH` and the pool must
  have a sign-in policy. With `PREFERRED_CHALLENGE` the challenge starts at once when the user
  can answer it; otherwise the answer is `SELECT_CHALLENGE` with `AvailableChallenges` (the
  pool's first factors the user has: a password → PASSWORD and PASSWORD_SRP, an email →
  EMAIL_OTP, a phone number → SMS_OTP, a passkey → WEB_AUTHN).
- RespondToAuthChallenge: `SELECT_CHALLENGE` (`ANSWER`, with `PASSWORD` / `SRP_A` to finish in
  one step), `EMAIL_OTP` (`EMAIL_OTP_CODE`), `SMS_OTP` (`SMS_OTP_CODE`) — the emulator's fixed
  code (see `codes`), a wrong one is a CodeMismatchException and the session stays open for
  another try — and `WEB_AUTHN` (`CREDENTIAL`, an AuthenticationResponseJSON, verified with the
  registered public key and its sign count; a bad one is a NotAuthorizedException).
  PASSWORD and PASSWORD_SRP run the emulator's USER_PASSWORD_AUTH / USER_SRP_AUTH paths.
- StartWebAuthnRegistration / CompleteWebAuthnRegistration (attestation verified for real),
  ListWebAuthnCredentials, DeleteWebAuthnCredential.
- SetUserPoolMfaConfig / GetUserPoolMfaConfig keep `WebAuthnConfiguration`.
- SignUp without a password in a pool with a passwordless first factor; ConfirmSignUp then
  returns a `Session`, and InitiateAuth USER_AUTH with that Session signs the user in at once
  (what Amplify JS's `autoSignIn` after a passwordless sign-up does).

Tokens are issued as the emulator issues them for any other sign-in. State lives on moto's
backend, pool and user objects, so `/moto-api/reset` clears it.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from moto.cognitoidp.exceptions import (
    CodeMismatchException,
    InvalidParameterException,
    NotAuthorizedError,
    ResourceNotFoundError,
    UserNotConfirmedException,
    UserNotFoundError,
)
from moto.cognitoidp.models import CognitoIdpBackend, UserStatus
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult, EmptyResult

from amplify_sandbox.local import patching, webauthn
from amplify_sandbox.local.codes import confirmation_code
from amplify_sandbox.local.patching import ChallengeCall, SignInCall

Model = Any  # moto's models are untyped

_SESSIONS = "_amplify_sandbox_user_auth_sessions"
_PASSKEYS = "_amplify_sandbox_passkeys"
_REGISTRATION = "_amplify_sandbox_passkey_registration"
_WEB_AUTHN = "_amplify_sandbox_web_authn"
_OTP_CHALLENGES = ("EMAIL_OTP", "SMS_OTP")
_HANDLED = ("SELECT_CHALLENGE", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN")
_CODE_MISMATCH = "Invalid code or auth state for the user."
# The state of a session ConfirmSignUp opened: only InitiateAuth may use it.
_CONFIRMED = "CONFIRMED_SIGN_UP"

_responses = patching.Patches(CognitoIdpResponse)
_backend = patching.Patches(CognitoIdpBackend)


def _error(kind: str, message: str) -> JsonRESTError:
    return JsonRESTError(kind, message)


@dataclass
class _Pending:
    """One USER_AUTH sign-in between InitiateAuth and its last RespondToAuthChallenge."""

    pool_id: str
    username: str
    client_id: str
    challenge: str = "SELECT_CHALLENGE"
    web_authn_challenge: bytes = b""


# --- state on moto's objects ---------------------------------------------------------------


def _sessions(backend: CognitoIdpBackend) -> dict[str, _Pending]:
    return patching.kept(backend, _SESSIONS, dict)


def passkeys(user: Model) -> list[webauthn.StoredCredential]:
    return patching.kept(user, _PASSKEYS, list)


def web_authn_config(pool: Model) -> dict[str, str] | None:
    config: dict[str, str] | None = getattr(pool, _WEB_AUTHN, None)
    return config


def first_factors(pool: Model) -> list[str]:
    policy = (pool.extended_config.get("Policies") or {}).get("SignInPolicy") or {}
    return list(policy.get("AllowedFirstAuthFactors") or [])


def _relying_party(pool: Model) -> tuple[str, str]:
    if "WEB_AUTHN" not in first_factors(pool):
        raise _error("WebAuthnNotEnabledException", "Passkeys are not enabled for this user pool.")
    config = web_authn_config(pool) or {}
    rp = config.get("RelyingPartyId")
    if not rp:
        raise _error(
            "WebAuthnConfigurationMissingException",
            "The user pool has no relying party id configured.",
        )
    return rp, config.get("UserVerification") or "preferred"


# --- USER_AUTH ----------------------------------------------------------------------------


def _mask(value: str) -> str:
    if "@" in value:
        local, domain = value.split("@", 1)
        return f"{local[:1]}***@{domain[:1]}***"
    return f"+*******{value[-4:]}"


def available_challenges(pool: Model, user: Model) -> list[str]:
    found: list[str] = []
    for factor in first_factors(pool):
        if factor == "PASSWORD" and user.password is not None:
            found += ["PASSWORD", "PASSWORD_SRP"]
        elif factor == "EMAIL_OTP" and user.attribute_lookup.get("email"):
            found.append("EMAIL_OTP")
        elif factor == "SMS_OTP" and user.attribute_lookup.get("phone_number"):
            found.append("SMS_OTP")
        elif factor == "WEB_AUTHN" and passkeys(user):
            found.append("WEB_AUTHN")
    return found


def _client_and_pool(backend: CognitoIdpBackend, client_id: str) -> tuple[Model, Model]:
    for pool in backend.user_pools.values():
        if client_id in pool.clients:
            return pool.clients[client_id], pool
    raise ResourceNotFoundError(client_id)


def _signable_user(pool: Model, username: str | None) -> Model:
    user = pool._get_user(username or "")
    if user is None:
        raise UserNotFoundError("User does not exist.")
    if not user.enabled:
        raise NotAuthorizedError("User is disabled.")
    if user.status == UserStatus.UNCONFIRMED:
        raise UserNotConfirmedException("User is not confirmed.")
    return user


def initiate_user_auth(
    backend: CognitoIdpBackend,
    client_id: str,
    params: dict[str, str],
    confirmed_session: str | None = None,
) -> dict[str, Any]:
    client, pool = _client_and_pool(backend, client_id)
    if "ALLOW_USER_AUTH" not in (client.extended_config.get("ExplicitAuthFlows") or []):
        raise InvalidParameterException("USER_AUTH flow not enabled for this client")
    if not first_factors(pool):
        raise InvalidParameterException("The user pool has no sign-in policy for USER_AUTH.")
    user = _signable_user(pool, params.get("USERNAME"))
    if confirmed_session:
        # The Session ConfirmSignUp returned signs the new user in at once (Cognito's
        # "sign in after sign-up"), once.
        pending = _sessions(backend).pop(confirmed_session, None)
        if (
            pending is None
            or pending.challenge != _CONFIRMED
            or pending.client_id != client_id
            or pending.username != user.username
        ):
            raise NotAuthorizedError("Invalid session for the user.")
        result: dict[str, Any] = backend._log_user_in(pool, client, user.username)
        return result
    pending = _Pending(pool.id, user.username, client_id)
    session = secrets.token_urlsafe(48)
    _sessions(backend)[session] = pending
    available = available_challenges(pool, user)
    preferred = params.get("PREFERRED_CHALLENGE")
    if preferred and preferred in available:
        return _start(backend, session, pending, preferred, params)
    return {
        "ChallengeName": "SELECT_CHALLENGE",
        "Session": session,
        "ChallengeParameters": {},
        "AvailableChallenges": available,
    }


def _start(
    backend: CognitoIdpBackend,
    session: str,
    pending: _Pending,
    challenge: str,
    params: dict[str, str],
) -> dict[str, Any]:
    """Begin (or, for the password factors, run) the chosen first factor."""
    pool = backend.user_pools[pending.pool_id]
    user = pool._get_user(pending.username)
    if challenge not in available_challenges(pool, user):
        raise InvalidParameterException(f"{challenge} is not an available challenge.")
    if challenge in ("PASSWORD", "PASSWORD_SRP"):
        _sessions(backend).pop(session, None)
        flow = "USER_PASSWORD_AUTH" if challenge == "PASSWORD" else "USER_SRP_AUTH"
        given = {k: v for k, v in params.items() if k in ("PASSWORD", "SRP_A", "SECRET_HASH")}
        needed = "PASSWORD" if challenge == "PASSWORD" else "SRP_A"
        if needed not in given:
            raise InvalidParameterException(f"{needed} is required for {challenge}.")
        result: dict[str, Any] = backend.initiate_auth(
            pending.client_id, flow, {"USERNAME": user.username, **given}
        )
        return result
    pending.challenge = challenge
    if challenge in _OTP_CHALLENGES:
        attribute = "email" if challenge == "EMAIL_OTP" else "phone_number"
        return {
            "ChallengeName": challenge,
            "Session": session,
            "ChallengeParameters": {
                "CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL" if challenge == "EMAIL_OTP" else "SMS",
                "CODE_DELIVERY_DESTINATION": _mask(user.attribute_lookup[attribute]),
            },
        }
    rp, verification = _relying_party(pool)
    pending.web_authn_challenge = webauthn.new_challenge()
    options = webauthn.request_options(
        rp_id=rp,
        challenge=pending.web_authn_challenge,
        user_verification=verification,
        allowed=passkeys(user),
    )
    return {
        "ChallengeName": "WEB_AUTHN",
        "Session": session,
        "ChallengeParameters": {"CREDENTIAL_REQUEST_OPTIONS": json.dumps(options)},
    }


def respond(call: ChallengeCall) -> dict[str, Any]:
    """A USER_AUTH challenge answered (SELECT_CHALLENGE, EMAIL_OTP, SMS_OTP, WEB_AUTHN)."""
    backend, session, client_id = call.backend, call.session, call.client_id
    challenge, responses = call.challenge_name, call.responses
    pending = _sessions(backend).get(session)
    if pending is None or pending.client_id != client_id:
        raise NotAuthorizedError("Invalid session for the user.")
    pool = backend.user_pools[pending.pool_id]
    user = pool._get_user(pending.username)
    named = pool._get_user(responses.get("USERNAME") or "")
    if user is None or named is not user:
        raise NotAuthorizedError("Invalid session for the user.")
    if challenge != pending.challenge:
        raise InvalidParameterException(
            f"The session expects {pending.challenge}, not {challenge}."
        )
    if challenge == "SELECT_CHALLENGE":
        return _start(backend, session, pending, responses.get("ANSWER") or "", responses)
    if challenge in _OTP_CHALLENGES:
        if responses.get(f"{challenge}_CODE") != confirmation_code():
            raise CodeMismatchException(_CODE_MISMATCH)
    else:
        rp, verification = _relying_party(pool)
        try:
            webauthn.verify_assertion(
                responses.get("CREDENTIAL"),
                rp_id=rp,
                challenge=pending.web_authn_challenge,
                require_uv=verification == "required",
                stored=passkeys(user),
            )
        except webauthn.CeremonyError as error:
            raise NotAuthorizedError(f"The passkey could not be verified: {error}") from None
    del _sessions(backend)[session]
    result: dict[str, Any] = backend._log_user_in(pool, pool.clients[client_id], user.username)
    return result


# --- passkey registration ------------------------------------------------------------------


def _signed_in(self: Any) -> tuple[Model, Model, str]:
    """The pool, the user and the client of the request's access token."""
    from amplify_sandbox.local.cognito_idp import _jwt_claims, _user_for_access_token

    token = self._get_param("AccessToken")
    pool, user = _user_for_access_token(token)
    return pool, user, str(_jwt_claims(token).get("client_id", ""))


@_responses.method
def start_web_authn_registration(self: Any) -> ActionResult:
    pool, user, client_id = _signed_in(self)
    rp, verification = _relying_party(pool)
    challenge = webauthn.new_challenge()
    setattr(user, _REGISTRATION, (challenge, client_id))
    options = webauthn.creation_options(
        rp_id=rp,
        user_id=user.id,
        user_name=user.username,
        challenge=challenge,
        user_verification=verification,
        existing=passkeys(user),
    )
    return ActionResult({"CredentialCreationOptions": options})


@_responses.method
def complete_web_authn_registration(self: Any) -> ActionResult:
    pool, user, client_id = _signed_in(self)
    rp, verification = _relying_party(pool)
    started: tuple[bytes, str] | None = getattr(user, _REGISTRATION, None)
    if started is None:
        raise _error("WebAuthnChallengeNotFoundException", "No passkey registration was started.")
    if started[1] != client_id:
        raise _error(
            "WebAuthnClientMismatchException",
            "The access token is for another client than the registration's.",
        )
    try:
        credential = webauthn.verify_registration(
            self._get_param("Credential"),
            rp_id=rp,
            challenge=started[0],
            require_uv=verification == "required",
            now=time.time(),
        )
    except webauthn.CeremonyError as error:
        raise _error(
            "WebAuthnCredentialNotSupportedException",
            f"The passkey could not be verified: {error}",
        ) from None
    setattr(user, _REGISTRATION, None)
    stored = passkeys(user)
    if any(c.credential_id == credential.credential_id for c in stored):
        raise InvalidParameterException("This passkey is already registered.")
    stored.append(credential)
    return EmptyResult()


@_responses.method
def list_web_authn_credentials(self: Any) -> ActionResult:
    _, user, _ = _signed_in(self)
    credentials = []
    for c in passkeys(user):
        entry: dict[str, Any] = {
            "CredentialId": c.id_b64,
            "RelyingPartyId": c.relying_party_id,
            "AuthenticatorTransports": list(c.transports),
            "CreatedAt": c.created_at,
        }
        if c.friendly_name:
            entry["FriendlyCredentialName"] = c.friendly_name
        if c.attachment:
            entry["AuthenticatorAttachment"] = c.attachment
        credentials.append(entry)
    return ActionResult({"Credentials": credentials})


@_responses.method
def delete_web_authn_credential(self: Any) -> ActionResult:
    _, user, _ = _signed_in(self)
    wanted = self._get_param("CredentialId")
    stored = passkeys(user)
    kept = [c for c in stored if c.id_b64 != wanted]
    if len(kept) == len(stored):
        raise ResourceNotFoundError("The credential does not exist.")
    stored[:] = kept
    return EmptyResult()


# --- WebAuthnConfiguration in the MFA config -----------------------------------------------


@_responses.wraps("set_user_pool_mfa_config")
def _wrap_set_mfa(original: Callable[[Any], ActionResult]) -> Callable[[Any], ActionResult]:
    def set_user_pool_mfa_config(self: Any) -> ActionResult:
        result = original(self)
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        given = self._get_param("WebAuthnConfiguration", None)
        if given is not None:
            config = {"UserVerification": "preferred", **given}
            setattr(pool, _WEB_AUTHN, config)
        return _with_web_authn(result, pool)

    return set_user_pool_mfa_config


@_responses.wraps("get_user_pool_mfa_config")
def _wrap_get_mfa(original: Callable[[Any], ActionResult]) -> Callable[[Any], ActionResult]:
    def get_user_pool_mfa_config(self: Any) -> ActionResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        return _with_web_authn(original(self), pool)

    return get_user_pool_mfa_config


def _with_web_authn(result: ActionResult, pool: Model) -> ActionResult:
    config = web_authn_config(pool)
    body = result.result
    if config is None or not isinstance(body, dict):
        return result
    return ActionResult({**body, "WebAuthnConfiguration": dict(config)})


# --- sign-up without a password, and signing in right after confirming it ---------------------


def _passwordless_pool(pool: Model) -> bool:
    return any(factor != "PASSWORD" for factor in first_factors(pool))


@_backend.wraps("_validate_password")
def _wrap_validate_password(original: Callable[..., None]) -> Callable[..., None]:
    def validate_password(self: CognitoIdpBackend, user_pool_id: str, password: Any) -> None:
        if password is None:
            # SignUp may leave the password out when the pool signs in without one.
            if _passwordless_pool(self.describe_user_pool(user_pool_id)):
                return
            raise InvalidParameterException("A password is required to sign up in this pool.")
        original(self, user_pool_id, password)

    return validate_password


@_responses.wraps("confirm_sign_up")
def _wrap_confirm_sign_up(original: Callable[[Any], ActionResult]) -> Callable[[Any], ActionResult]:
    def confirm_sign_up(self: Any) -> ActionResult:
        result = original(self)
        client_id = self._get_param("ClientId")
        backend = self._get_region_agnostic_backend()._find_backend_for_clientid(client_id)
        _, pool = _client_and_pool(backend, client_id)
        if not first_factors(pool):
            return result
        user = pool._get_user(self._get_param("Username"))
        session = secrets.token_urlsafe(48)
        _sessions(backend)[session] = _Pending(pool.id, user.username, client_id, _CONFIRMED)
        return ActionResult({"Session": session})

    return confirm_sign_up


@_responses.wraps("initiate_auth")
def _wrap_initiate_auth_response(
    original: Callable[[Any], ActionResult],
) -> Callable[[Any], ActionResult]:
    def initiate_auth(self: Any) -> ActionResult:
        if self._get_param("AuthFlow") != "USER_AUTH":
            return original(self)
        client_id = self._get_param("ClientId")
        backend = self._get_region_agnostic_backend()._find_backend_for_clientid(client_id)
        return ActionResult(
            initiate_user_auth(
                backend,
                client_id,
                self._get_param("AuthParameters") or {},
                confirmed_session=self._get_param("Session"),
            )
        )

    return initiate_auth


# --- installation --------------------------------------------------------------------------


@_backend.handles("initiate_auth")
def _initiate_auth(call: SignInCall) -> dict[str, Any]:
    if call.auth_flow == "USER_AUTH":
        return initiate_user_auth(call.backend, call.client_id, call.parameters)
    return call.proceed()


@_backend.handles("respond_to_auth_challenge")
def _respond_to_auth_challenge(call: ChallengeCall) -> dict[str, Any]:
    # EMAIL_OTP is an MFA challenge too: a session moto opened is moto's to answer.
    if call.challenge_name in _HANDLED and call.session not in call.backend.sessions:
        return respond(call)
    return call.proceed()


def apply() -> None:
    """Install the patches (called once by `server`, after `cognito_idp` and its rules)."""
    _responses.apply()
    _backend.apply()
