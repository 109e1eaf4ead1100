"""OAuth scopes of the web client, as CDK's UserPoolClient computes them; one place, so the
deployed client and the outputs file always agree."""

from __future__ import annotations

from amplify_sandbox.desired.defaults import DEFAULT_OAUTH_SCOPES

# `externalProviders.scopes` names → Cognito scope names (CDK's `OAuthScope[name]`).
OAUTH_SCOPE_NAMES = {
    "PHONE": "phone",
    "EMAIL": "email",
    "OPENID": "openid",
    "PROFILE": "profile",
    "COGNITO_ADMIN": "aws.cognito.signin.user.admin",
}
# CDK's UserPoolClient adds `openid` whenever one of these is allowed.
_SCOPES_IMPLYING_OPENID = ("phone", "email", "profile")


def oauth_scopes(names: tuple[str, ...]) -> tuple[str, ...]:
    """The app client's allowed OAuth scopes, as CDK's UserPoolClient computes them.

    Amplify names (`EMAIL`, `COGNITO_ADMIN`) become Cognito's; any other name (already a Cognito
    scope, or a resource server's `server/scope`) is kept as is. Repeats are dropped, first
    place kept, and `openid` is appended when implied but missing.
    """
    scopes = dict.fromkeys(
        OAUTH_SCOPE_NAMES.get(name, name) for name in names or DEFAULT_OAUTH_SCOPES
    )
    if any(scope in scopes for scope in _SCOPES_IMPLYING_OPENID):
        scopes.setdefault("openid")
    return tuple(scopes)
