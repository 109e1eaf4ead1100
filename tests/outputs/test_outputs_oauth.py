"""OAuth / identity providers in every version and format, as Amplify writes them.

The values follow auth-construct's `storeOutput` (socialProviders, oauthCognitoDomain,
oauthScope, oauthRedirectSignIn/Out joined with ",", oauthResponseType) and CDK's
UserPoolClient scope rules; the shapes follow client-config's `AuthClientConfigContributor*`
(`auth.oauth`), `ClientConfigLegacyConverter` (`oauth`, `aws_cognito_social_providers`) and
`ClientConfigMobileConverter` (`Auth.Default.OAuth`).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

import pytest
from outputs_cases import (
    CALLBACK_URLS,
    CLIENT_ID,
    LOGOUT_URLS,
    OAUTH_DOMAIN,
    email_only,
    every_provider,
    external_outputs,
    urls_only,
)

from amplify_sandbox.definition.model import ExternalProviders, OidcProvider, SocialProvider
from amplify_sandbox.outputs import render_outputs
from amplify_sandbox.outputs.model import AuthOutputs

V1_VERSIONS = ("1", "1.1", "1.2", "1.3", "1.4", "1.5")
DEFAULT_SCOPES = ["phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"]

EVERY_PROVIDER_V1_5_OAUTH = """    "oauth": {
      "identity_providers": [
        "GOOGLE",
        "FACEBOOK",
        "LOGIN_WITH_AMAZON",
        "SIGN_IN_WITH_APPLE"
      ],
      "redirect_sign_in_uri": [
        "http://localhost:3000/",
        "https://app.example.com/"
      ],
      "redirect_sign_out_uri": [
        "http://localhost:3000/signed-out",
        "https://app.example.com/signed-out"
      ],
      "response_type": "code",
      "scopes": [
        "phone",
        "email",
        "openid",
        "profile",
        "aws.cognito.signin.user.admin"
      ],
      "domain": "3f04a409f992df35e605.auth.eu-west-1.amazoncognito.com"
    },
    "unauthenticated_identities_enabled": true
  },
  "version": "1.5"
}"""

EVERY_PROVIDER_V0_OAUTH = """  "oauth": {
    "domain": "3f04a409f992df35e605.auth.eu-west-1.amazoncognito.com",
    "scope": [
      "phone",
      "email",
      "openid",
      "profile",
      "aws.cognito.signin.user.admin"
    ],
    "redirectSignIn": "http://localhost:3000/,https://app.example.com/",
    "redirectSignOut": "http://localhost:3000/signed-out,https://app.example.com/signed-out",
    "responseType": "code"
  },
  "aws_cognito_social_providers": [
    "GOOGLE",
    "FACEBOOK",
    "AMAZON",
    "APPLE"
  ]
}"""


def _document(outputs: AuthOutputs, version: str, fmt: str = "json") -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_outputs(outputs, version, fmt))
    return document


def _v1_oauth(outputs: AuthOutputs, version: str = "1.5") -> dict[str, Any] | None:
    oauth: dict[str, Any] | None = _document(outputs, version)["auth"].get("oauth")
    return oauth


def _mobile_auth(outputs: AuthOutputs) -> dict[str, Any]:
    plugin = _document(outputs, "0", "json-mobile")["auth"]["plugins"]["awsCognitoAuthPlugin"]
    auth: dict[str, Any] = plugin["Auth"]["Default"]
    return auth


def _with_external(**changes: Any) -> AuthOutputs:
    base = ExternalProviders(callback_urls=CALLBACK_URLS, logout_urls=LOGOUT_URLS)
    return external_outputs(replace(base, **changes))


def test_v1_5_oauth_block_is_written_exactly() -> None:
    # The block sits between password_policy and unauthenticated_identities_enabled, keys in
    # the contributor's order (not the schema's), domain last.
    text = render_outputs(every_provider(), "1.5", "json")
    before, marker, _ = text.partition('    "oauth": {')
    assert marker
    assert before.endswith('      "require_uppercase": true\n    },\n')
    assert marker + text.split(marker, 1)[1] == EVERY_PROVIDER_V1_5_OAUTH


def test_v0_oauth_and_social_providers_are_written_exactly() -> None:
    text = render_outputs(every_provider(), "0", "json")
    before, marker, after = text.partition('  "oauth": {')
    assert marker
    assert before.endswith('      "REQUIRES_SYMBOLS"\n    ]\n  },\n')
    assert marker + after == EVERY_PROVIDER_V0_OAUTH


@pytest.mark.parametrize("version", V1_VERSIONS)
def test_every_v1_version_writes_the_same_block(version: str) -> None:
    assert _v1_oauth(every_provider(), version) == _v1_oauth(every_provider(), "1.5")
    assert list(_document(every_provider(), version)["auth"])[-2:] == [
        "oauth",
        "unauthenticated_identities_enabled",
    ]


def test_oidc_and_saml_are_never_listed() -> None:
    # The construct records them under their own names; client-config keeps only the four.
    only_oidc = _with_external(
        oidc=(OidcProvider(client_id="c", client_secret="s", issuer_url="https://i", name="Corp"),)
    )
    oauth = _v1_oauth(only_oidc)
    assert oauth is not None
    assert oauth["identity_providers"] == []
    assert "Corp" not in render_outputs(only_oidc, "0", "json")
    assert "Corp" not in render_outputs(only_oidc, "0", "json-mobile")


def test_urls_without_providers_still_write_oauth() -> None:
    oauth = _v1_oauth(urls_only())
    assert oauth == {
        "identity_providers": [],
        "redirect_sign_in_uri": list(CALLBACK_URLS),
        "redirect_sign_out_uri": list(LOGOUT_URLS),
        "response_type": "code",
        "scopes": DEFAULT_SCOPES,
        "domain": OAUTH_DOMAIN,
    }
    legacy = _document(urls_only(), "0")
    assert legacy["aws_cognito_social_providers"] == []
    assert list(legacy)[-2:] == ["oauth", "aws_cognito_social_providers"]
    assert _mobile_auth(urls_only())["socialProviders"] == []


@pytest.mark.parametrize(
    "outputs",
    [
        email_only(),
        _with_external(logout_urls=()),
        _with_external(callback_urls=()),
        _with_external(google=SocialProvider("g", "s"), callback_urls=(), logout_urls=()),
    ],
    ids=["no-external-providers", "no-logout-urls", "no-callback-urls", "no-urls"],
)
def test_no_oauth_without_both_redirects(outputs: AuthOutputs) -> None:
    for version in V1_VERSIONS:
        assert _v1_oauth(outputs, version) is None
    legacy = _document(outputs, "0")
    assert "oauth" not in legacy
    assert "aws_cognito_social_providers" not in legacy
    mobile = _mobile_auth(outputs)
    assert "OAuth" not in mobile
    assert mobile["socialProviders"] == []


@pytest.mark.parametrize(
    ("scopes", "written"),
    [
        ((), DEFAULT_SCOPES),
        (("EMAIL",), ["email", "openid"]),
        (("PROFILE", "PHONE"), ["profile", "phone", "openid"]),
        (("COGNITO_ADMIN",), ["aws.cognito.signin.user.admin"]),
        (("OPENID", "EMAIL", "EMAIL"), ["openid", "email"]),
        (("email", "myapi/read"), ["email", "myapi/read", "openid"]),
    ],
)
def test_scopes_are_the_app_clients(scopes: tuple[str, ...], written: list[str]) -> None:
    # Amplify names become Cognito's; CDK drops repeats and adds openid when implied.
    outputs = _with_external(scopes=scopes)
    oauth = _v1_oauth(outputs)
    assert oauth is not None
    assert oauth["scopes"] == written
    assert _document(outputs, "0")["oauth"]["scope"] == written
    assert _mobile_auth(outputs)["OAuth"]["Scopes"] == written


def test_missing_domain_is_an_empty_string() -> None:
    outputs = replace(urls_only(), oauth_domain=None)
    oauth = _v1_oauth(outputs)
    assert oauth is not None
    assert oauth["domain"] == ""
    assert _document(outputs, "0")["oauth"]["domain"] == ""


def test_redirects_round_trip_through_the_joined_output() -> None:
    # The construct stores "a,b"; client-config splits on "," again, so a comma inside a URL
    # comes out as two entries, exactly as Amplify writes it.
    outputs = _with_external(callback_urls=("https://a.example.com/?x=1,2",))
    oauth = _v1_oauth(outputs)
    assert oauth is not None
    assert oauth["redirect_sign_in_uri"] == ["https://a.example.com/?x=1", "2"]
    assert _document(outputs, "0")["oauth"]["redirectSignIn"] == "https://a.example.com/?x=1,2"


def test_mobile_oauth_block() -> None:
    auth = _mobile_auth(every_provider())
    assert list(auth)[-2:] == ["socialProviders", "OAuth"]
    assert auth["socialProviders"] == ["GOOGLE", "FACEBOOK", "AMAZON", "APPLE"]
    assert auth["OAuth"] == {
        "WebDomain": OAUTH_DOMAIN,
        "Scopes": DEFAULT_SCOPES,
        "SignInRedirectURI": ",".join(CALLBACK_URLS),
        "SignOutRedirectURI": ",".join(LOGOUT_URLS),
        "AppClientId": CLIENT_ID,
    }
    assert list(auth["OAuth"]) == [
        "WebDomain",
        "Scopes",
        "SignInRedirectURI",
        "SignOutRedirectURI",
        "AppClientId",
    ]


def test_dart_and_modules_carry_the_oauth_block() -> None:
    dart = render_outputs(every_provider(), "0", "dart")
    match = re.fullmatch(r"const amplifyConfig = r'''(\{.*\})''';\n\n.*", dart, re.S)
    assert match
    assert match.group(1) == render_outputs(every_provider(), "0", "json-mobile")
    for version in ("0", "1.5"):
        for fmt in ("mjs", "ts"):
            text = render_outputs(every_provider(), version, fmt)
            assert '"oauth": {' in text
    v1_dart = render_outputs(every_provider(), "1.5", "dart")
    assert render_outputs(every_provider(), "1.5", "json") in v1_dart
