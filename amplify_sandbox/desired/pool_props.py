"""Facts read back from a user pool's Cognito-shaped props: the desired props (after
backend.ts's overrides) for a defined pool, or DescribeUserPool's answer for a referenced
one. Amplify derives its outputs the same way from both (auth-construct construct.ts
storeOutput reads the L1 pool; backend-auth reference_auth_initializer.ts getUserPoolOutputs
reads the described pool), so one reader serves both."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from amplify_sandbox.desired.defaults import PasswordPolicy
from amplify_sandbox.desired.pool_facts import CognitoMfaConfiguration

# Cognito's minimum when a policy leaves MinimumLength out (client-config's default too).
DEFAULT_MIN_LENGTH = 8


def username_attributes(pool: Mapping[str, Any]) -> tuple[str, ...]:
    """UsernameAttributes, lower-cased (an alias-attribute pool has none)."""
    return tuple(str(name).lower() for name in pool.get("UsernameAttributes") or ())


def required_attributes(schema: Any) -> tuple[str, ...]:
    """The required attributes of a schema (`Schema` or `SchemaAttributes`), lower-cased."""
    return tuple(
        str(entry["Name"]).lower()
        for entry in schema or ()
        if isinstance(entry, Mapping) and entry.get("Required") and entry.get("Name")
    )


def mfa_configuration(pool: Mapping[str, Any]) -> CognitoMfaConfiguration:
    value = pool.get("MfaConfiguration") or "OFF"
    return cast(CognitoMfaConfiguration, value if value in ("OFF", "OPTIONAL", "ON") else "OFF")


def password_policy(pool: Mapping[str, Any]) -> PasswordPolicy:
    policies = pool.get("Policies")
    policy = policies.get("PasswordPolicy") if isinstance(policies, Mapping) else None
    policy = policy if isinstance(policy, Mapping) else {}
    return PasswordPolicy(
        min_length=int(policy.get("MinimumLength") or DEFAULT_MIN_LENGTH),
        require_lowercase=bool(policy.get("RequireLowercase", False)),
        require_uppercase=bool(policy.get("RequireUppercase", False)),
        require_numbers=bool(policy.get("RequireNumbers", False)),
        require_symbols=bool(policy.get("RequireSymbols", False)),
    )
