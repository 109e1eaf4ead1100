"""Validation and mapping of evaluated `defineAuth` props onto the typed `AuthDefinition`.

Shared by both loaders. Keys are spelled camelCase for `resource.ts` and snake_case for
`resource.py`; errors name the field path in the user's spelling and the source location of
the offending key or value (best-effort for Python: the `define_auth` call).

Modules: `context` (what a loader passes in), `validator` (the shared helpers), one module
per section (`login`, `providers`, `attributes`, `multifactor`, `groups`, `senders`,
`functions`), and `definition` (the top level, `build_definition`).
"""

from __future__ import annotations

from amplify_sandbox.definition.schema.attributes import CUSTOM_TYPES, STANDARD_ATTRIBUTES
from amplify_sandbox.definition.schema.context import (
    AccessHook,
    Invoke,
    MapContext,
    RawGrant,
    Val,
    snake,
)
from amplify_sandbox.definition.schema.definition import ACCOUNT_RECOVERY, build_definition
from amplify_sandbox.definition.schema.functions import AUTH_ACTIONS
from amplify_sandbox.definition.schema.multifactor import MFA_MODES
from amplify_sandbox.definition.schema.providers import OAUTH_SCOPES, OIDC_ENDPOINTS
from amplify_sandbox.definition.schema.validator import CODE, LINK, USERNAME, check_secret_name
from amplify_sandbox.functions.access import TRIGGER_EVENTS

__all__ = [
    "ACCOUNT_RECOVERY",
    "AUTH_ACTIONS",
    "CODE",
    "CUSTOM_TYPES",
    "LINK",
    "MFA_MODES",
    "OAUTH_SCOPES",
    "OIDC_ENDPOINTS",
    "STANDARD_ATTRIBUTES",
    "TRIGGER_EVENTS",
    "USERNAME",
    "AccessHook",
    "Invoke",
    "MapContext",
    "RawGrant",
    "Val",
    "build_definition",
    "check_secret_name",
    "snake",
]
