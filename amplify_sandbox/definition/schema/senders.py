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
            self.sms(found["sms"])
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

    def sms(self, val: Val) -> None:
        """Amplify's `senders.sms` is a custom sender only (`{ handler, kmsKeyArn? }`): SMS
        through SNS needs no entry (the sandbox creates the SMS role, as Amplify does)."""
        sms = self.k("senders.sms")
        for child in self.children(val):
            key = child.path.rsplit(".", 1)[-1]
            if key == self.k("handler"):
                raise self.fail(
                    f"a custom SMS sender function {_NEEDS_LAMBDA}",
                    val.key_loc,
                    val.path,
                    hint=f"remove {sms}; Cognito then sends SMS through SNS itself",
                )
            if key != self.k("kmsKeyArn"):
                self.unknown(
                    f"unknown option `{key}` of {sms}: Amplify's {sms} is a custom sender "
                    f"function `{{ {self.k('handler')} }}`, not SNS settings",
                    child.key_loc,
                    child.path,
                    hint=f"remove {sms}: Cognito sends SMS through SNS with the SMS role the "
                    "sandbox creates, no Lambda needed",
                )

    def email_address(self, val: Val) -> str:
        text = self.string(val)
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
            raise self.fail(f"not an email address: {text!r}", val.loc, val.path)
        return text
