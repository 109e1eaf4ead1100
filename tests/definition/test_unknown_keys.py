"""Every object of a definition refuses a key it does not know, naming the key as written
and its field path (Amplify's types are exact: TypeScript refuses excess properties)."""

from __future__ import annotations

from pathlib import Path

import pytest

from amplify_sandbox.definition import load_definition
from amplify_sandbox.errors import DefinitionError

SECRETS = "clientId: secret('ID'), clientSecret: secret('SECRET')"
URLS = "callbackUrls: ['http://localhost:3000/'], logoutUrls: ['http://localhost:3000/']"
OIDC = f"{SECRETS}, issuerUrl: 'https://login.example.com'"
SAML_META = "metadataContent: 'https://idp.example.com/metadata', metadataType: 'URL'"
APPLE = "clientId: secret('A'), teamId: secret('T'), keyId: secret('K'), privateKey: secret('P')"

# (the field path of the object, the defineAuth props with `bogus: 1` in that object)
CASES = [
    ("", "loginWith: { email: true }, bogus: 1"),
    ("loginWith", "loginWith: { email: true, bogus: 1 }"),
    ("loginWith.email", "loginWith: { email: { bogus: 1 } }"),
    (
        "loginWith.email.userInvitation",
        "loginWith: { email: { userInvitation: { emailSubject: 'Hi', bogus: 1 } } }",
    ),
    ("loginWith.phone", "loginWith: { phone: { bogus: 1 } }"),
    (
        "loginWith.externalProviders",
        f"loginWith: {{ email: true, externalProviders: {{ {URLS}, bogus: 1 }} }}",
    ),
    *[
        (
            f"loginWith.externalProviders.{provider}",
            f"loginWith: {{ email: true, externalProviders: {{ {URLS}, "
            f"{provider}: {{ {body}, bogus: 1 }} }} }}",
        )
        for provider, body in (
            ("google", SECRETS),
            ("facebook", SECRETS),
            ("loginWithAmazon", SECRETS),
            ("signInWithApple", APPLE),
            ("saml", f"metadata: {{ {SAML_META} }}"),
        )
    ],
    (
        "loginWith.externalProviders.saml.metadata",
        f"loginWith: {{ email: true, externalProviders: {{ {URLS}, "
        f"saml: {{ metadata: {{ {SAML_META}, bogus: 1 }} }} }} }}",
    ),
    (
        "loginWith.externalProviders.oidc[0]",
        f"loginWith: {{ email: true, externalProviders: {{ {URLS}, oidc: [{{ {OIDC}, bogus: 1 }}] }} }}",
    ),
    (
        "loginWith.externalProviders.oidc[0].endpoints",
        f"loginWith: {{ email: true, externalProviders: {{ {URLS}, "
        f"oidc: [{{ {OIDC}, endpoints: {{ token: 'https://t', bogus: 1 }} }}] }} }}",
    ),
    (
        "userAttributes.givenName",
        "loginWith: { email: true }, userAttributes: { givenName: { required: true, bogus: 1 } }",
    ),
    (
        "userAttributes.custom:tier",
        "loginWith: { email: true }, "
        "userAttributes: { 'custom:tier': { dataType: 'String', bogus: 1 } }",
    ),
    ("multifactor", "loginWith: { email: true }, multifactor: { mode: 'OFF', bogus: 1 }"),
    (
        "multifactor.sms",
        "loginWith: { phone: true }, "
        "multifactor: { mode: 'OPTIONAL', sms: { smsMessage: (c: any) => `${c}`, bogus: 1 } }",
    ),
    ("senders", "loginWith: { email: true }, senders: { bogus: 1 }"),
    (
        "senders.email",
        "loginWith: { email: true }, senders: { email: { fromEmail: 'a@example.com', bogus: 1 } }",
    ),
    ("triggers", "loginWith: { email: true }, triggers: { bogus: 1 }"),
]


@pytest.mark.parametrize(("where", "props"), CASES, ids=[case[0] or "top" for case in CASES])
def test_unknown_key_is_refused_everywhere(tmp_path: Path, where: str, props: str) -> None:
    auth = tmp_path / "amplify" / "auth"
    auth.mkdir(parents=True)
    (auth / "resource.ts").write_text(
        "import { defineAuth, secret } from '@aws-amplify/backend';\n"
        f"export const auth = defineAuth({{ {props} }});\n"
    )
    with pytest.raises(DefinitionError) as info:
        load_definition(tmp_path, env={})
    error = info.value
    assert error.field == (f"{where}.bogus" if where else "bogus")
    assert "`bogus`" in error.detail
    assert error.location is not None and error.location.line == 2
