"""`externalProviders.domainPrefix` (docs/decisions.md): Amplify's defineAuth does not take it
(backend-auth src/types.ts ExternalProviderGeneralFactoryProps omits 'domainPrefix') and its
factory overwrites any value with the stable backend hash (backend-auth src/factory.ts
188-190). amplify-sandbox keeps it as a documented extension: written, it is the Cognito
domain; left out, the domain is Amplify's stable backend hash, as `ampx sandbox` deploys it."""

from __future__ import annotations

from pathlib import Path

import pytest

from amplify_sandbox.definition import load_definition
from amplify_sandbox.desired.build import build_desired
from amplify_sandbox.desired.federation import DOMAIN
from amplify_sandbox.identity import SandboxIdentity

IDENTITY = SandboxIdentity("shop", "me")

RESOURCE = """import {{ defineAuth, secret }} from '@aws-amplify/backend';

export const auth = defineAuth({{
  loginWith: {{
    email: true,
    externalProviders: {{
      google: {{
        clientId: secret('GOOGLE_CLIENT_ID'),
        clientSecret: secret('GOOGLE_CLIENT_SECRET'),
      }},{prefix}
      callbackUrls: ['http://localhost:3000/'],
      logoutUrls: ['http://localhost:3000/'],
    }},
  }},
}});
"""


def _domain(tmp_path: Path, prefix: str) -> tuple[str, tuple[str, ...]]:
    folder = tmp_path / "amplify" / "auth"
    folder.mkdir(parents=True)
    (folder / "resource.ts").write_text(RESOURCE.format(prefix=prefix))
    definition = load_definition(tmp_path, env={})
    domain = build_desired(definition, IDENTITY).by_id()[DOMAIN].props["Domain"]
    return str(domain), definition.warnings


def test_without_a_prefix_the_domain_is_amplifys_stable_backend_hash(tmp_path: Path) -> None:
    domain, _ = _domain(tmp_path, "")
    assert domain == IDENTITY.stable_hash20
    assert len(domain) == 20


@pytest.mark.parametrize("prefix", ["team-login", "a1"])
def test_a_written_prefix_is_the_domain_and_loads_silently(tmp_path: Path, prefix: str) -> None:
    domain, warnings = _domain(tmp_path, f"\n      domainPrefix: '{prefix}',")
    assert domain == prefix
    assert warnings == ()
