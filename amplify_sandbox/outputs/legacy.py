"""The legacy (version "0") `amplifyconfiguration` documents: the web shape and the mobile one.

Amplify derives these from its unified config (`client_config_to_legacy_converter`,
`client_config_to_mobile_legacy_converter`); this module renders the same keys, in the same
order, from the same facts.

For the local target the web shape carries `"custom": {"local_endpoint": …}` at the end, as
Amplify itself copies `custom` into legacy configs: Amplify JS's `parseAWSExports` reads only
the keys it knows, so the extra key is ignored, never rejected. The mobile shape has no place
for custom values (Amplify drops them too), so it gets nothing extra.
"""

from __future__ import annotations

from typing import Any

from amplify_sandbox.outputs.facts import AuthFacts, IdentityProvider, OAuthFacts, auth_facts
from amplify_sandbox.outputs.ids import id_keys
from amplify_sandbox.outputs.model import AuthOutputs

Json = dict[str, Any]

MOBILE_CONFIG_VERSION = "1.0"
# The mobile libraries pick the first flow from here; Amplify always writes SRP.
MOBILE_AUTHENTICATION_FLOW = "USER_SRP_AUTH"
# The Gen 1 names of the providers whose unified names differ.
_LEGACY_PROVIDER_NAMES: dict[IdentityProvider, str] = {
    "GOOGLE": "GOOGLE",
    "FACEBOOK": "FACEBOOK",
    "LOGIN_WITH_AMAZON": "AMAZON",
    "SIGN_IN_WITH_APPLE": "APPLE",
}

# The id keys (user pool, region, client, identity pool), as this format names them.
_ID_KEYS = (
    "aws_user_pools_id",
    "aws_cognito_region",
    "aws_user_pools_web_client_id",
    "aws_cognito_identity_pool_id",
)


def build_legacy(outputs: AuthOutputs) -> Json:
    facts = auth_facts(outputs)
    config: Json = {"aws_project_region": outputs.region}
    config.update(auth_keys(outputs, facts))
    if outputs.local_endpoint is not None:
        config["custom"] = {"local_endpoint": outputs.local_endpoint}
    return config


def auth_keys(outputs: AuthOutputs, facts: AuthFacts) -> Json:
    auth: Json = id_keys(outputs, *_ID_KEYS)
    # Amplify writes the flag only when guests are allowed, and then as a string.
    if facts.unauthenticated_identities_enabled:
        auth["allowUnauthenticatedIdentities"] = "true"
    auth["aws_cognito_mfa_types"] = list(facts.mfa_methods)
    auth["aws_cognito_mfa_configuration"] = facts.mfa_configuration
    auth["aws_cognito_signup_attributes"] = _upper(facts.standard_required_attributes)
    auth["aws_cognito_username_attributes"] = _upper(facts.username_attributes)
    auth["aws_cognito_verification_mechanisms"] = _upper(facts.user_verification_types)
    auth["aws_cognito_password_protection_settings"] = password_protection(outputs)
    if facts.oauth is not None:
        auth["oauth"] = oauth(facts.oauth)
        auth["aws_cognito_social_providers"] = [
            _LEGACY_PROVIDER_NAMES[name] for name in facts.oauth.identity_providers
        ]
    return auth


def oauth(facts: OAuthFacts) -> Json:
    return {
        "domain": facts.domain,
        "scope": list(facts.scopes),
        # Amplify JS splits these on "," again.
        "redirectSignIn": ",".join(facts.redirect_sign_in),
        "redirectSignOut": ",".join(facts.redirect_sign_out),
        "responseType": facts.response_type,
    }


def password_protection(outputs: AuthOutputs) -> Json:
    policy = outputs.password_policy
    characters = [
        name
        for name, required in (
            ("REQUIRES_NUMBERS", policy.require_numbers),
            ("REQUIRES_LOWERCASE", policy.require_lowercase),
            ("REQUIRES_UPPERCASE", policy.require_uppercase),
            ("REQUIRES_SYMBOLS", policy.require_symbols),
        )
        if required
    ]
    return {"passwordPolicyMinLength": policy.min_length, "passwordPolicyCharacters": characters}


def build_mobile(legacy: Json, user_agent: str) -> Json:
    """The Gen 1 mobile shape (`awsconfiguration`-like) of a legacy web config."""
    region = legacy["aws_cognito_region"]
    protection = legacy["aws_cognito_password_protection_settings"]
    identity_pool: Json = {"Region": region}
    if "aws_cognito_identity_pool_id" in legacy:
        identity_pool = {"PoolId": legacy["aws_cognito_identity_pool_id"], "Region": region}
    auth_default: Json = {
        "authenticationFlowType": MOBILE_AUTHENTICATION_FLOW,
        "mfaConfiguration": legacy["aws_cognito_mfa_configuration"],
        "mfaTypes": legacy["aws_cognito_mfa_types"],
        "passwordProtectionSettings": {
            "passwordPolicyMinLength": protection["passwordPolicyMinLength"],
            "passwordPolicyCharacters": protection["passwordPolicyCharacters"],
        },
        "signupAttributes": legacy["aws_cognito_signup_attributes"],
        "usernameAttributes": legacy["aws_cognito_username_attributes"],
        "verificationMechanisms": legacy["aws_cognito_verification_mechanisms"],
        "socialProviders": legacy.get("aws_cognito_social_providers", []),
    }
    if "oauth" in legacy:
        web_oauth = legacy["oauth"]
        auth_default["OAuth"] = {
            "WebDomain": web_oauth["domain"],
            "Scopes": web_oauth["scope"],
            "SignInRedirectURI": web_oauth["redirectSignIn"],
            "SignOutRedirectURI": web_oauth["redirectSignOut"],
            # The legacy config never names an OAuth client of its own: the web client it is.
            "AppClientId": legacy["aws_user_pools_web_client_id"],
        }
    auth_plugin: Json = {
        "UserAgent": user_agent,
        "Version": MOBILE_CONFIG_VERSION,
        "CognitoUserPool": {
            "Default": {
                "PoolId": legacy["aws_user_pools_id"],
                "AppClientId": legacy["aws_user_pools_web_client_id"],
                "Region": region,
            }
        },
        "CredentialsProvider": {"CognitoIdentity": {"Default": identity_pool}},
        "Auth": {"Default": auth_default},
    }
    return {
        "UserAgent": user_agent,
        "Version": MOBILE_CONFIG_VERSION,
        "auth": {"plugins": {"awsCognitoAuthPlugin": auth_plugin}},
    }


def _upper(values: tuple[str, ...]) -> list[str]:
    return [value.upper() for value in values]
