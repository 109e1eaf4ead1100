"""The confirmation code the local emulator accepts, since it sends no email or SMS.

`AMPLIFY_SANDBOX_LOCAL_CODE` (default `123456`) is the one code accepted by ConfirmSignUp,
ConfirmForgotPassword and VerifyUserAttribute; any other code is a CodeMismatchException.
It is read on every call, so changing it needs no restart of an in-process emulator.
"""

from __future__ import annotations

import os

CODE_ENV_VAR = "AMPLIFY_SANDBOX_LOCAL_CODE"
DEFAULT_CODE = "123456"


def confirmation_code() -> str:
    return os.environ.get(CODE_ENV_VAR) or DEFAULT_CODE
