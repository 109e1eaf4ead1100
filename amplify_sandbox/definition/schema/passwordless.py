"""Passwordless sign-in: `loginWith.webAuthn` and `passwordlessOptions`, and the rules Amplify
checks across sections (backend-auth `factory.ts` `validatePasswordlessConfig`, auth-construct
`construct.ts` preferred-challenge check; /work/shared/reference/amplify-passwordless.md §1)."""

from __future__ import annotations

import re
from typing import cast

from amplify_sandbox.definition.model import (
    LoginWith,
    Multifactor,
    PreferredChallenge,
    WebAuthn,
    WebAuthnUserVerification,
)
from amplify_sandbox.definition.schema.context import Val
from amplify_sandbox.definition.schema.validator import Validator

PREFERRED_CHALLENGES = ("EMAIL_OTP", "SMS_OTP", "PASSWORD", "WEB_AUTHN")
_DOMAIN = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)


def enabled_challenges(login: LoginWith) -> tuple[PreferredChallenge, ...]:
    """The first factors a definition enables, in the construct's order; PASSWORD always."""
    found: list[PreferredChallenge] = ["PASSWORD"]
    if login.email is not None and login.email.otp_login:
        found.append("EMAIL_OTP")
    if login.phone is not None and login.phone.otp_login:
        found.append("SMS_OTP")
    if login.web_authn is not None:
        found.append("WEB_AUTHN")
    return tuple(found)


class PasswordlessSection(Validator):
    """Maps `loginWith.webAuthn` and `passwordlessOptions`."""

    def otp_login(self, val: Val) -> bool:
        return self.boolean(val)

    def web_authn(self, val: Val) -> WebAuthn | None:
        if isinstance(val.value, bool):
            if not val.value:
                raise self.fail(
                    "expected true or an object with relyingPartyId",
                    val.loc,
                    val.path,
                    hint="leave webAuthn out to turn passkeys off",
                )
            return WebAuthn()
        found = self.fields(val, ["relyingPartyId", "userVerification"])
        rp_val = self.required(
            found,
            "relyingPartyId",
            val,
            hint="use 'AUTO' (localhost in a sandbox), 'localhost' or your domain",
        )
        rp = self.string(rp_val)
        if rp not in ("AUTO", "localhost") and ("://" in rp or not _DOMAIN.match(rp)):
            raise self.fail(
                f'Invalid relying party ID "{rp}": it must be a domain without a scheme, '
                "port or path",
                rp_val.loc,
                rp_val.path,
                hint="e.g. 'example.com', 'AUTO' or 'localhost'",
            )
        if rp not in ("AUTO", "localhost"):
            self.warn(
                f"{rp_val.path}: the relying party ID is a custom domain; changing it later "
                "invalidates every passkey registered with it",
                rp_val.loc,
            )
        verification: WebAuthnUserVerification = "preferred"
        if "userVerification" in found:
            verification = cast(
                WebAuthnUserVerification,
                self.enum(found["userVerification"], ("required", "preferred")),
            )
        return WebAuthn(relying_party_id=rp, user_verification=verification)

    def passwordless_options(self, val: Val, login: LoginWith) -> PreferredChallenge | None:
        found = self.fields(val, ["preferredChallenge"])
        if "preferredChallenge" not in found:
            return None
        chosen_val = found["preferredChallenge"]
        chosen = cast(PreferredChallenge, self.enum(chosen_val, PREFERRED_CHALLENGES))
        enabled = enabled_challenges(login)
        if chosen not in enabled:
            raise self.fail(
                f'Preferred challenge "{chosen}" is not enabled in your authentication '
                f"configuration. Enabled challenges: {', '.join(enabled)}. This will result in "
                "a broken authentication flow in the frontend.",
                chosen_val.loc,
                chosen_val.path,
            )
        return chosen

    def check_passwordless(self, login: LoginWith, multifactor: Multifactor, val: Val) -> None:
        if len(enabled_challenges(login)) > 1 and multifactor.mode == "REQUIRED":
            raise self.fail(
                "Passwordless authentication (Email OTP, SMS OTP, WebAuthn) cannot be used when "
                "MFA is set to REQUIRED",
                val.loc,
                val.path,
                hint="set multifactor mode to 'OPTIONAL' or 'OFF'",
            )
