"""Passkey ceremonies for the emulator, verified for real with py_webauthn (duo-labs `webauthn`).

`creation_options` / `verify_registration` back StartWebAuthnRegistration and
CompleteWebAuthnRegistration; `request_options` / `verify_assertion` back the WEB_AUTHN
challenge of USER_AUTH. The origin in the client data must be one the relying party may be used
from: its own host or a subdomain, over https, or `http://localhost[:port]` for `localhost`
(what browsers allow as a secure context). Every failure is a `CeremonyError` with a reason.
"""

from __future__ import annotations

import json
import secrets
import urllib.parse
from dataclasses import dataclass
from typing import Any

from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

# Cognito's registration and authentication timeouts (ms).
TIMEOUT_MS = 180_000


class CeremonyError(Exception):
    """A registration or assertion that does not verify."""


@dataclass
class StoredCredential:
    """One registered passkey (what Cognito keeps; the private key never leaves the device)."""

    credential_id: bytes
    public_key: bytes
    sign_count: int
    relying_party_id: str
    created_at: float
    transports: tuple[str, ...] = ()
    attachment: str | None = None
    friendly_name: str | None = None

    @property
    def id_b64(self) -> str:
        return bytes_to_base64url(self.credential_id)


def new_challenge() -> bytes:
    return secrets.token_bytes(32)


def _verification(value: str) -> UserVerificationRequirement:
    return UserVerificationRequirement(value)


def creation_options(
    *,
    rp_id: str,
    user_id: str,
    user_name: str,
    challenge: bytes,
    user_verification: str,
    existing: list[StoredCredential],
) -> dict[str, Any]:
    """PublicKeyCredentialCreationOptionsJSON, as Cognito's StartWebAuthnRegistration returns."""
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=rp_id,
        user_id=user_id.encode(),
        user_name=user_name,
        user_display_name=user_name,
        challenge=challenge,
        timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            require_resident_key=True,
            user_verification=_verification(user_verification),
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=c.credential_id) for c in existing],
    )
    parsed: dict[str, Any] = json.loads(options_to_json(options))
    return parsed


def request_options(
    *, rp_id: str, challenge: bytes, user_verification: str, allowed: list[StoredCredential]
) -> dict[str, Any]:
    """PublicKeyCredentialRequestOptionsJSON for the WEB_AUTHN challenge."""
    options = generate_authentication_options(
        rp_id=rp_id,
        challenge=challenge,
        timeout=TIMEOUT_MS,
        allow_credentials=[PublicKeyCredentialDescriptor(id=c.credential_id) for c in allowed],
        user_verification=_verification(user_verification),
    )
    parsed: dict[str, Any] = json.loads(options_to_json(options))
    return parsed


def _credential_dict(credential: Any) -> dict[str, Any]:
    if isinstance(credential, str):
        try:
            credential = json.loads(credential)
        except ValueError as error:
            raise CeremonyError("the credential is not JSON") from error
    if not isinstance(credential, dict):
        raise CeremonyError("the credential is not an object")
    return credential


def _client_origin(credential: dict[str, Any]) -> str:
    try:
        data = base64url_to_bytes(str(credential["response"]["clientDataJSON"]))
        origin = json.loads(data)["origin"]
    except (KeyError, TypeError, ValueError) as error:
        raise CeremonyError("the credential has no readable clientDataJSON") from error
    return str(origin)


def allowed_origin(origin: str, rp_id: str) -> bool:
    parts = urllib.parse.urlsplit(origin)
    host = parts.hostname or ""
    if host != rp_id and not host.endswith("." + rp_id):
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and host == "localhost")


def _origin_for(credential: dict[str, Any], rp_id: str) -> str:
    origin = _client_origin(credential)
    if not allowed_origin(origin, rp_id):
        raise CeremonyError(f"the origin {origin} is not allowed for relying party {rp_id}")
    return origin


def verify_registration(
    credential: Any, *, rp_id: str, challenge: bytes, require_uv: bool, now: float
) -> StoredCredential:
    body = _credential_dict(credential)
    origin = _origin_for(body, rp_id)
    try:
        verified = verify_registration_response(
            credential=body,
            expected_challenge=challenge,
            expected_origin=origin,
            expected_rp_id=rp_id,
            require_user_verification=require_uv,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise CeremonyError(str(error)) from error
    transports = body.get("response", {}).get("transports") or []
    attachment = body.get("authenticatorAttachment")
    return StoredCredential(
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        relying_party_id=rp_id,
        created_at=now,
        transports=tuple(str(t) for t in transports),
        attachment=str(attachment) if attachment else None,
    )


def verify_assertion(
    credential: Any,
    *,
    rp_id: str,
    challenge: bytes,
    require_uv: bool,
    stored: list[StoredCredential],
) -> StoredCredential:
    """The stored credential the assertion proves possession of, its sign count advanced."""
    body = _credential_dict(credential)
    origin = _origin_for(body, rp_id)
    raw_id = str(body.get("rawId") or body.get("id") or "")
    match = next((c for c in stored if c.id_b64 == raw_id.rstrip("=")), None)
    if match is None:
        raise CeremonyError("the credential is not registered for this user")
    try:
        verified = verify_authentication_response(
            credential=body,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=match.public_key,
            credential_current_sign_count=match.sign_count,
            require_user_verification=require_uv,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise CeremonyError(str(error)) from error
    match.sign_count = verified.new_sign_count
    return match
