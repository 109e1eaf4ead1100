"""Amplify Gen 2's fixed auth defaults (auth-construct), in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 8
    require_lowercase: bool = True
    require_uppercase: bool = True
    require_numbers: bool = True
    require_symbols: bool = True


PASSWORD_POLICY = PasswordPolicy()

WEB_CLIENT_AUTH_FLOWS = ("ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")

DEFAULT_OAUTH_SCOPES = ("phone", "email", "openid", "profile", "aws.cognito.signin.user.admin")

DEFAULT_FRIENDLY_NAME = "amplifyAuth"

# The identity pool lets guests in (auth-construct DEFAULTS.ALLOW_UNAUTHENTICATED_IDENTITIES).
ALLOW_UNAUTHENTICATED_IDENTITIES = True
