"""The `loginWith` section: email and phone login, verification and invitation messages
(message callbacks rendered with placeholders), and the external providers under it."""

from __future__ import annotations

import re
from typing import cast

from amplify_sandbox.definition.model import (
    EmailLogin,
    ExternalProviders,
    LoginWith,
    PhoneLogin,
    VerificationStyle,
)
from amplify_sandbox.definition.schema.context import Val
from amplify_sandbox.definition.schema.passwordless import PasswordlessSection
from amplify_sandbox.definition.schema.providers import ProvidersSection
from amplify_sandbox.definition.schema.validator import CODE, LINK, USERNAME
from amplify_sandbox.definition.values import LinkPlaceholder, Placeholder


class LoginSection(ProvidersSection, PasswordlessSection):
    """Maps `loginWith`."""

    def login_with(self, val: Val) -> tuple[LoginWith, ExternalProviders | None]:
        found = self.fields(
            val,
            ["email", "phone", "externalProviders", "webAuthn"],
            hints={
                "username": "login with a username is not supported by defineAuth; use email or "
                "phone (add `preferredUsername` to userAttributes to keep a username)",
            },
        )
        email = self.email(found["email"]) if "email" in found else None
        phone = self.phone(found["phone"]) if "phone" in found else None
        web_authn = self.web_authn(found["webAuthn"]) if "webAuthn" in found else None
        external = None
        if "externalProviders" in found:
            external = self.external_providers(found["externalProviders"])
        if email is None and phone is None:
            raise self.fail(
                "At least one of email or phone must be enabled",
                val.loc,
                val.path,
                hint="add `email: true` to loginWith"
                if not self.ctx.python
                else 'add "email": True to login_with',
            )
        if web_authn is not None and email is None and phone is None:
            raise self.fail(
                "Passkeys (WebAuthn) require at least one sign-up method (email or phone)",
                found["webAuthn"].key_loc,
                found["webAuthn"].path,
            )
        return LoginWith(email=email, phone=phone, web_authn=web_authn), external

    def email(self, val: Val) -> EmailLogin | None:
        if isinstance(val.value, bool):
            return EmailLogin() if val.value else None
        found = self.fields(
            val,
            [
                "verificationEmailStyle",
                "verificationEmailSubject",
                "verificationEmailBody",
                "userInvitation",
                "otpLogin",
            ],
        )
        otp = self.otp_login(found["otpLogin"]) if "otpLogin" in found else False
        style: VerificationStyle = "CODE"
        if "verificationEmailStyle" in found:
            style = cast(
                VerificationStyle, self.enum(found["verificationEmailStyle"], ("CODE", "LINK"))
            )
        subject = None
        if "verificationEmailSubject" in found:
            sub = found["verificationEmailSubject"]
            if callable(sub.value) and not isinstance(sub.value, str):
                subject = self.message(sub, (Placeholder(CODE),), (), "code")
            else:
                subject = self.string(sub)
        body = None
        if "verificationEmailBody" in found:
            body_val = found["verificationEmailBody"]
            if style == "LINK":
                link = LinkPlaceholder(LINK)
                body = self.message(body_val, (link,), (), "link")
                if isinstance(body_val.value, str):
                    ok = re.search(r"\{##.+?##\}", body) is not None
                else:
                    ok = bool(getattr(link, "produced", "")) and link.produced in body
                if not ok:
                    raise self.fail(
                        "must use the 'link' parameter at least once as a placeholder for the "
                        "verification link",
                        body_val.loc,
                        body_val.path,
                    )
            else:
                body = self.message(body_val, (Placeholder(CODE),), (CODE,), "'code' parameter")
        inv_subject = inv_body = inv_sms = None
        if "userInvitation" in found:
            inv = self.fields(found["userInvitation"], ["emailSubject", "emailBody", "smsMessage"])
            args = (Placeholder(USERNAME), Placeholder(CODE))
            if "emailSubject" in inv:
                inv_subject = self.string(inv["emailSubject"])
            if "emailBody" in inv:
                inv_body = self.message(
                    inv["emailBody"], args, (USERNAME, CODE), "username and code parameters"
                )
            if "smsMessage" in inv:
                inv_sms = self.message(
                    inv["smsMessage"], args, (USERNAME, CODE), "username and code parameters"
                )
        return EmailLogin(
            verification_email_style=style,
            verification_email_subject=subject,
            verification_email_body=body,
            invitation_email_subject=inv_subject,
            invitation_email_body=inv_body,
            invitation_sms_message=inv_sms,
            otp_login=otp,
        )

    def phone(self, val: Val) -> PhoneLogin | None:
        if isinstance(val.value, bool):
            return PhoneLogin() if val.value else None
        found = self.fields(val, ["verificationMessage", "otpLogin"])
        otp = self.otp_login(found["otpLogin"]) if "otpLogin" in found else False
        message = None
        if "verificationMessage" in found:
            message = self.message(
                found["verificationMessage"], (Placeholder(CODE),), (CODE,), "'code' parameter"
            )
        return PhoneLogin(verification_message=message, otp_login=otp)
