"""`amplify/backend.ts` overrides applied to the desired props.

The overrides are in CloudFormation names; for every property applied (definition/backend_ts.py
APPLIED_PROPERTIES) the Cognito API request uses the same names and shapes, so an override is
set into the props as written. Assignments replace the value at their path (JavaScript
`cfnUserPool.policies = {...}` replaces the whole object, as on the L1 resource);
`addPropertyOverride` merges into what is there, after every assignment, as CDK's raw
overrides are merged into the rendered template.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from amplify_sandbox.definition.model import AuthDefinition, BackendOverrides, PropertyOverride
from amplify_sandbox.desired.defaults import (
    ALLOW_UNAUTHENTICATED_IDENTITIES,
    PASSWORD_POLICY,
    PasswordPolicy,
)
from amplify_sandbox.desired.pool_props import password_policy as policy_of
from amplify_sandbox.desired.resources import DesiredResource

# The desired resource each overridable L1 resource is (desired/build.py's logical ids).
LOGICAL_IDS = {
    "userPool": "userPool",
    "userPoolClient": "userPoolWebClient",
    "identityPool": "identityPool",
}


def apply_overrides(
    resources: Iterable[DesiredResource], overrides: BackendOverrides
) -> list[DesiredResource]:
    """The resources with backend.ts's property overrides applied (a separate pass at the end
    of build_desired, so other builders stay unaware of it)."""
    by_id = {LOGICAL_IDS[o.resource] for o in overrides.properties}
    result: list[DesiredResource] = []
    for resource in resources:
        if resource.logical_id not in by_id:
            result.append(resource)
            continue
        props = dict(resource.props)
        for override in overrides.properties:
            if LOGICAL_IDS[override.resource] == resource.logical_id:
                set_override(props, override)
        result.append(DesiredResource(resource.logical_id, resource.kind, props))
    return result


def set_override(props: dict[str, Any], override: PropertyOverride) -> None:
    *parents, last = override.path
    node = props
    for key in parents:
        child = node.get(key)
        child = copy.deepcopy(child) if isinstance(child, dict) else {}
        node[key] = child
        node = child
    value = copy.deepcopy(override.value)
    if value is None:
        node.pop(last, None)
    elif override.merge and isinstance(value, dict) and isinstance(node.get(last), dict):
        node[last] = _deep_merge(copy.deepcopy(node[last]), value)
    else:
        node[last] = value


def _deep_merge(target: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    for key, value in incoming.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            _deep_merge(target[key], value)
        else:
            target[key] = value
    return target


def overridden(definition: AuthDefinition, resource: str, base: dict[str, Any]) -> dict[str, Any]:
    """`base` (props of one overridable resource) with backend.ts's overrides of it applied."""
    props = copy.deepcopy(base)
    for override in definition.overrides.properties:
        if override.resource == resource:
            set_override(props, override)
    return props


def password_policy(definition: AuthDefinition) -> PasswordPolicy:
    """The pool's password policy as deployed: Amplify's, or what backend.ts made it (the
    outputs file follows the L1 pool, construct.ts's Lazy outputs)."""
    base = {
        "Policies": {
            "PasswordPolicy": {
                "MinimumLength": PASSWORD_POLICY.min_length,
                "RequireLowercase": PASSWORD_POLICY.require_lowercase,
                "RequireNumbers": PASSWORD_POLICY.require_numbers,
                "RequireSymbols": PASSWORD_POLICY.require_symbols,
                "RequireUppercase": PASSWORD_POLICY.require_uppercase,
            }
        }
    }
    return policy_of(overridden(definition, "userPool", base))


def unauthenticated_identities(definition: AuthDefinition) -> bool:
    base = {"AllowUnauthenticatedIdentities": ALLOW_UNAUTHENTICATED_IDENTITIES}
    props = overridden(definition, "identityPool", base)
    return bool(props.get("AllowUnauthenticatedIdentities", False))
