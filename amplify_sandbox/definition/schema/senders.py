"""The `senders` section: the SES email sender (from, name, reply-to); custom sender functions
and SMS senders are refused."""

from __future__ import annotations

import re
from collections.abc import Mapping

from amplify_sandbox.definition.model import EmailSender
from amplify_sandbox.definition.schema.context import Val
from amplify_sandbox.definition.schema.validator import Validator

_NEEDS_LAMBDA = "needs Lambda functions, not supported yet by this version of amplify-sandbox"


class SendersSection(Validator):
    """Maps `senders`."""

    def senders(self, val: Val) -> EmailSender | None:
        found = self.fields(val, ["email", "sms"])
        if "sms" in found:
            raise self.fail(
                f"an SMS sender {_NEEDS_LAMBDA}",
                found["sms"].key_loc,
                found["sms"].path,
                hint="remove senders.sms; Cognito sends SMS itself",
            )
        if "email" not in found:
            return None
        email = found["email"]
        handler = self.k("handler")
        if isinstance(email.value, Mapping) and handler in email.value:
            raise self.fail(
                f"a custom email sender function {_NEEDS_LAMBDA}",
                email.key_loc,
                email.path,
                hint="use { fromEmail, fromName, replyTo } to send through SES",
            )
        given = self.fields(email, ["fromEmail", "fromName", "replyTo"])
        from_email = self.email_address(self.required(given, "fromEmail", email))
        return EmailSender(
            from_email=from_email,
            from_name=self.string(given["fromName"]) if "fromName" in given else None,
            reply_to=self.email_address(given["replyTo"]) if "replyTo" in given else None,
        )

    def email_address(self, val: Val) -> str:
        text = self.string(val)
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
            raise self.fail(f"not an email address: {text!r}", val.loc, val.path)
        return text
