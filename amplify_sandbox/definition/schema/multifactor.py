"""The `multifactor` section: the MFA mode and its methods (SMS with its message, TOTP, email)."""

from __future__ import annotations

from typing import cast

from amplify_sandbox.definition.model import LoginWith, MfaMode, Multifactor
from amplify_sandbox.definition.schema.context import Val
from amplify_sandbox.definition.schema.validator import CODE, Validator
from amplify_sandbox.definition.values import Placeholder

MFA_MODES = ("OFF", "OPTIONAL", "REQUIRED")


class MultifactorSection(Validator):
    """Maps `multifactor`."""

    def multifactor(self, val: Val, login_with: LoginWith) -> Multifactor:
        found = self.fields(val, ["mode", "sms", "totp", "email"])
        given = self.required(found, "mode", val, hint="'OFF', 'OPTIONAL' or 'REQUIRED'")
        mode = cast(MfaMode, self.enum(given, MFA_MODES))
        if mode == "OFF":
            for key in ("sms", "totp", "email"):
                if key in found:
                    raise self.fail(
                        "MFA methods have no effect when mode is 'OFF'",
                        found[key].key_loc,
                        found[key].path,
                        hint="set mode to 'OPTIONAL' or 'REQUIRED', or remove this key",
                    )
            return Multifactor()
        sms = False
        sms_message = None
        if "sms" in found:
            sms_val = found["sms"]
            if isinstance(sms_val.value, bool):
                sms = sms_val.value
            else:
                sms = True
                sms_found = self.fields(sms_val, ["smsMessage"])
                if "smsMessage" in sms_found:
                    sms_message = self.message(
                        sms_found["smsMessage"], (Placeholder(CODE),), (CODE,), "'code' parameter"
                    )
        totp = self.boolean(found["totp"]) if "totp" in found else False
        email = self.boolean(found["email"]) if "email" in found else False
        if not (sms or totp or email):
            raise self.fail(
                f"mode {mode!r} needs at least one MFA method enabled",
                found["mode"].loc,
                val.path,
                hint="add `totp: true` (or sms / email)",
            )
        if login_with.phone is not None and login_with.email is None and not sms:
            raise self.fail(
                "phone login with MFA on requires `sms` to be enabled",
                val.loc,
                val.path,
            )
        return Multifactor(mode=mode, sms=sms, sms_message=sms_message, totp=totp, email=email)
