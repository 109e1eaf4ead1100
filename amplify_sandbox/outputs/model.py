"""What the outputs renderers need to know about a deployed auth backend."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.desired.defaults import PASSWORD_POLICY, PasswordPolicy

if TYPE_CHECKING:
    from amplify_sandbox.outputs.facts import AuthFacts


@dataclass(frozen=True)
class AuthOutputs:
    region: str
    user_pool_id: str
    user_pool_client_id: str
    identity_pool_id: str
    definition: AuthDefinition
    password_policy: PasswordPolicy = field(default=PASSWORD_POLICY)
    # Set for the local emulator: written as `custom.local_endpoint` (v1) so the app can point
    # Amplify JS's userPoolEndpoint / identityPoolEndpoint at it.
    local_endpoint: str | None = None
    # The Cognito domain's host name (`<prefix>.auth.<region>.amazoncognito.com`), present when
    # the definition has external providers or callback URLs.
    oauth_domain: str | None = None
    # Set for referenceAuth: the facts the described resources state (desired/reference.py),
    # used instead of deriving them from the definition.
    facts: AuthFacts | None = None
