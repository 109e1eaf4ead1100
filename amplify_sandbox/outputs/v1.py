"""The unified `amplify_outputs` document (schema v1 … v1.5) for an auth backend.

One function per `auth` section, so a new section (oauth, passwordless) is one more function
and one more line in `auth_section`. Key order is the order Amplify's client-config writes.
"""

from __future__ import annotations

import json
from typing import Any

from amplify_sandbox.definition.backend_ts import OutputConflict, accumulate
from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.desired.passwordless import first_factors, relying_party
from amplify_sandbox.desired.pool_facts import CognitoMfaConfiguration
from amplify_sandbox.errors import DefinitionError, UsageError
from amplify_sandbox.outputs.facts import AuthFacts, OAuthFacts, auth_facts, mfa_methods_of
from amplify_sandbox.outputs.ids import id_keys
from amplify_sandbox.outputs.model import AuthOutputs
from amplify_sandbox.outputs.options import check_version, is_legacy, version_tuple

Json = dict[str, Any]

_MFA_CONFIGURATION: dict[CognitoMfaConfiguration, str] = {
    "OFF": "NONE",
    "OPTIONAL": "OPTIONAL",
    "ON": "REQUIRED",
}

GROUPS_SINCE = (1, 3)
EMAIL_MFA_SINCE = (1, 4)
# `auth.passwordless` is in client-config's schema v1.4 and v1.5, not v1.3.
PASSWORDLESS_SINCE = (1, 4)

# The id keys (user pool, region, client, identity pool), as this format names them.
_ID_KEYS = ("user_pool_id", "aws_region", "user_pool_client_id", "identity_pool_id")


def build_v1(outputs: AuthOutputs, version: str) -> Json:
    """The whole document: `auth`, `version`, then `custom` (only for the local target)."""
    config: Json = {"auth": auth_section(outputs, version), "version": version}
    custom = custom_section(outputs)
    if custom:
        config["custom"] = custom
    return with_added_outputs(config, outputs.definition)


def with_added_outputs(config: Json, definition: AuthDefinition) -> Json:
    """`backend.addOutput({...})` merged in as Amplify's client-config generator merges it
    (the same accumulator: objects merged, arrays concatenated, a set value is a conflict)."""
    added = definition.overrides.outputs_json
    if added is None:
        return config
    try:
        accumulate(config, json.loads(added))
    except OutputConflict as conflict:
        raise DefinitionError(
            f"Output entry with key {conflict.key} already exists",
            hint=f"backend.addOutput in {definition.overrides.source} sets a key the auth "
            "outputs already have",
        ) from None
    return config


def auth_section(outputs: AuthOutputs, version: str) -> Json:
    facts = auth_facts(outputs)
    since = version_tuple(version)
    auth: Json = id_keys(outputs, *_ID_KEYS)
    auth["mfa_methods"] = mfa_methods(facts, version)
    auth.update(attributes(facts))
    if since >= GROUPS_SINCE and facts.groups is not None:
        auth["groups"] = groups(facts)
    auth["mfa_configuration"] = _MFA_CONFIGURATION[facts.mfa_configuration]
    auth["password_policy"] = password_policy(outputs)
    if facts.oauth is not None:
        auth["oauth"] = oauth(facts.oauth)
    auth["unauthenticated_identities_enabled"] = facts.unauthenticated_identities_enabled
    block = passwordless(outputs.definition)
    if block is not None:
        _check_passwordless(version)
        auth["passwordless"] = block
    return auth


def passwordless(definition: AuthDefinition) -> Json | None:
    """`auth.passwordless` as client-config writes it from the construct's `passwordlessOptions`
    output (client_config_contributor_v1.ts 250-268, construct.ts 1436-1474): both OTP flags
    always, `web_authn` only with passkeys, `preferred_challenge` only when set; no block at all
    without a sign-in policy and a preferred challenge."""
    factors = first_factors(definition)
    if not factors and definition.preferred_challenge is None:
        return None
    block: Json = {
        "email_otp_enabled": "EMAIL_OTP" in factors,
        "sms_otp_enabled": "SMS_OTP" in factors,
    }
    rp = relying_party(definition)
    if rp is not None and "WEB_AUTHN" in factors:
        block["web_authn"] = {"relying_party_id": rp[0], "user_verification": rp[1]}
    if definition.preferred_challenge is not None:
        block["preferred_challenge"] = definition.preferred_challenge
    return block


def _check_passwordless(version: str) -> None:
    if version_tuple(version) < PASSWORDLESS_SINCE:
        raise UsageError(
            f"Passwordless sign-in cannot be written to outputs version {version}.",
            hint="Use --outputs-version 1.4 or later (the default is 1.5).",
        )


def mfa_methods(facts: AuthFacts, version: str) -> list[str]:
    _check_mfa_methods(facts.mfa_methods, version)
    return list(facts.mfa_methods)


def check_supported(definition: AuthDefinition, version: str) -> None:
    """Raise `UsageError` when `version` cannot describe `definition`; cheap, so callers can
    check before deploying rather than fail when the outputs file is written."""
    if not is_legacy(check_version(version)):
        _check_mfa_methods(mfa_methods_of(definition), version)
        if passwordless(definition) is not None:
            _check_passwordless(version)


def _check_mfa_methods(methods: tuple[str, ...], version: str) -> None:
    if "EMAIL" in methods and version_tuple(version) < EMAIL_MFA_SINCE:
        # Schemas before 1.4 only allow SMS and TOTP: a file claiming such a version with EMAIL
        # would be invalid, and older client libraries would not know the method.
        raise UsageError(
            f"Email MFA cannot be written to outputs version {version}.",
            hint="Use --outputs-version 1.4 or later (the default is 1.5).",
        )


def attributes(facts: AuthFacts) -> Json:
    return {
        "standard_required_attributes": list(facts.standard_required_attributes),
        "username_attributes": list(facts.username_attributes),
        "user_verification_types": list(facts.user_verification_types),
    }


def groups(facts: AuthFacts) -> list[Json]:
    return [{name: {"precedence": precedence}} for name, precedence in facts.groups or ()]


def password_policy(outputs: AuthOutputs) -> Json:
    policy = outputs.password_policy
    return {
        "min_length": policy.min_length,
        "require_lowercase": policy.require_lowercase,
        "require_numbers": policy.require_numbers,
        "require_symbols": policy.require_symbols,
        "require_uppercase": policy.require_uppercase,
    }


def oauth(facts: OAuthFacts) -> Json:
    return {
        "identity_providers": list(facts.identity_providers),
        "redirect_sign_in_uri": list(facts.redirect_sign_in),
        "redirect_sign_out_uri": list(facts.redirect_sign_out),
        "response_type": facts.response_type,
        "scopes": list(facts.scopes),
        "domain": facts.domain,
    }


def custom_section(outputs: AuthOutputs) -> Json:
    if outputs.local_endpoint is None:
        return {}
    return {"local_endpoint": outputs.local_endpoint}
