"""Passwordless sign-in as Amplify's auth construct deploys it, derived once for the pool, the
app client and the outputs file.

Source: aws-amplify/amplify-backend `packages/auth-construct/src/construct.ts` 1158-1278 (at
014303a5bf82) and an offline synth of auth-construct 1.12.0; see
/work/shared/reference/amplify-passwordless.md §2:
- `Policies.SignInPolicy.AllowedFirstAuthFactors`: PASSWORD, then EMAIL_OTP, SMS_OTP, WEB_AUTHN
  for the enabled ones; no sign-in policy when none is enabled.
- WebAuthn relying party: `webAuthn: true` / 'AUTO' → `localhost` for a sandbox; user
  verification `preferred` unless 'required'. (Cognito API: SetUserPoolMfaConfig
  `WebAuthnConfiguration`.)
- The app client gets `ALLOW_USER_AUTH` on top of its flows when any factor is on.
- The construct sets no UserPoolTier: Cognito's default for a new pool, ESSENTIALS, which
  USER_AUTH, the sign-in policy and WebAuthn need. It is stated here so a pool this tool made
  on another tier before is moved to the one passwordless needs.
"""

from __future__ import annotations

from typing import Any

from amplify_sandbox.definition.model import AuthDefinition, WebAuthnUserVerification
from amplify_sandbox.definition.schema.passwordless import enabled_challenges

# The relying party `AUTO` resolves to for a sandbox (construct.ts "resolves AUTO to localhost
# in sandbox mode").
SANDBOX_RELYING_PARTY = "localhost"
USER_AUTH_FLOW = "ALLOW_USER_AUTH"
PASSWORDLESS_TIER = "ESSENTIALS"


def first_factors(definition: AuthDefinition) -> tuple[str, ...]:
    """AllowedFirstAuthFactors, or () when no passwordless factor is on (no sign-in policy)."""
    factors = enabled_challenges(definition.login_with)
    return factors if len(factors) > 1 else ()


def relying_party(definition: AuthDefinition) -> tuple[str, WebAuthnUserVerification] | None:
    web_authn = definition.login_with.web_authn
    if web_authn is None:
        return None
    rp = web_authn.relying_party_id
    return (SANDBOX_RELYING_PARTY if rp == "AUTO" else rp), web_authn.user_verification


def pool_props(definition: AuthDefinition) -> dict[str, Any]:
    """What the user pool's props gain (merged into `Policies` by the caller)."""
    factors = first_factors(definition)
    if not factors:
        return {}
    props: dict[str, Any] = {
        "SignInPolicy": {"AllowedFirstAuthFactors": list(factors)},
        "UserPoolTier": PASSWORDLESS_TIER,
    }
    rp = relying_party(definition)
    if rp is not None:
        props["WebAuthnConfiguration"] = {"RelyingPartyId": rp[0], "UserVerification": rp[1]}
    return props


def client_auth_flows(definition: AuthDefinition, flows: tuple[str, ...]) -> list[str]:
    return [*flows, USER_AUTH_FLOW] if first_factors(definition) else list(flows)
