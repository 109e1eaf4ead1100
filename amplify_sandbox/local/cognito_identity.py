"""Cognito identity pool behaviour moto 5.2.5 lacks or gets wrong, patched onto its classes.

- SetIdentityPoolRoles / GetIdentityPoolRoles: Roles and RoleMappings, kept on the pool object
  (so they go with DeleteIdentityPool and with `/moto-api/reset`).
- TagResource / UntagResource / ListTagsForResource on an identity pool ARN.
- UpdateIdentityPool: a full replace as in Cognito (moto never renames and keeps omitted fields);
  IdentityPoolTags are replaced when given and kept when omitted.
- GetId: unknown pools are ResourceNotFoundException, not a crash; unauthenticated access is
  refused unless the pool allows it; a user pool id token in Logins is checked (provider
  configured on the pool, issuer, audience, signature, expiry) and the same user always gets the
  same identity id.
- GetCredentialsForIdentity: unknown identities are ResourceNotFoundException; an identity made
  for a login needs a valid token of that login (as Cognito: "Logins don't match"); a guest
  identity needs a pool that allows guests; every call issues fresh, random credentials valid for
  an hour (moto returns fixed ones for 90 seconds without any check).
"""

from __future__ import annotations

import json
import re
import secrets
import string
import time
from typing import Any

from joserfc import jwk, jwt
from joserfc.errors import JoseError
from moto.cognitoidentity.exceptions import ResourceNotFoundError
from moto.cognitoidentity.models import cognitoidentity_backends
from moto.cognitoidentity.responses import CognitoIdentityResponse
from moto.cognitoidentity.utils import get_random_identity_id
from moto.core.exceptions import JsonRESTError
from moto.utilities.utils import load_resource

from amplify_sandbox.local import patching

Model = Any  # moto's models are untyped
_responses = patching.Patches(CognitoIdentityResponse)

_ARN = re.compile(
    r"^arn:[^:]+:cognito-identity:(?P<region>[^:]+):(?P<account>\d+):identitypool/(?P<id>.+)$"
)
_USER_POOL_PROVIDER = re.compile(r"^cognito-idp\.[^.]+\.amazonaws\.com/[^/]+$")
_ROLE_KEYS = ("authenticated", "unauthenticated")
_ROLES = "_amplify_sandbox_roles"
_ROLE_MAPPINGS = "_amplify_sandbox_role_mappings"
_LOGINS = "_amplify_sandbox_logins"
_ALLOW_CLASSIC = "_amplify_sandbox_allow_classic_flow"
CREDENTIALS_SECONDS = 3600


def _error(error_type: str, message: str) -> JsonRESTError:
    return JsonRESTError(error_type, message)


def _not_authorized(message: str) -> JsonRESTError:
    return _error("NotAuthorizedException", message)


def _invalid(message: str) -> JsonRESTError:
    return _error("InvalidParameterException", message)


def _pool(account_id: str, identity_pool_id: str | None) -> Model:
    """The pool in the region its id names (unsigned calls arrive without a region)."""
    pool_id = identity_pool_id or ""
    region = pool_id.split(":", 1)[0]
    backends = cognitoidentity_backends[account_id]
    pool = backends[region].identity_pools.get(pool_id) if region in backends else None
    if pool is None:
        raise ResourceNotFoundError(pool_id)
    return pool


def _pool_by_arn(account_id: str, arn: str | None) -> Model:
    match = _ARN.match(arn or "")
    if match is None:
        raise _invalid(f"Invalid identity pool ARN: {arn}")
    return _pool(match["account"] or account_id, match["id"])


# --- roles ------------------------------------------------------------------------------------


@_responses.method
def set_identity_pool_roles(self: Any) -> str:
    pool = _pool(self.current_account, self._get_param("IdentityPoolId"))
    roles: dict[str, str] = self._get_param("Roles") or {}
    unknown = sorted(set(roles) - set(_ROLE_KEYS))
    if unknown:
        raise _invalid(f"Roles keys must be authenticated or unauthenticated, not {unknown}")
    mappings: dict[str, Any] = self._get_param("RoleMappings") or {}
    for provider, mapping in mappings.items():
        kind = mapping.get("Type")
        if kind not in ("Token", "Rules"):
            raise _invalid(f"RoleMappings[{provider}].Type must be Token or Rules.")
        if kind == "Rules" and not (mapping.get("RulesConfiguration") or {}).get("Rules"):
            raise _invalid(f"RoleMappings[{provider}] of type Rules needs RulesConfiguration.")
    setattr(pool, _ROLES, dict(roles))
    setattr(pool, _ROLE_MAPPINGS, dict(mappings))
    return ""


@_responses.method
def get_identity_pool_roles(self: Any) -> str:
    pool = _pool(self.current_account, self._get_param("IdentityPoolId"))
    result: dict[str, Any] = {
        "IdentityPoolId": pool.identity_pool_id,
        "Roles": getattr(pool, _ROLES, {}),
    }
    mappings = getattr(pool, _ROLE_MAPPINGS, {})
    if mappings:
        result["RoleMappings"] = mappings
    return json.dumps(result)


# --- tags -------------------------------------------------------------------------------------


@_responses.method
def tag_resource(self: Any) -> str:
    pool = _pool_by_arn(self.current_account, self._get_param("ResourceArn"))
    pool.tags = {**(pool.tags or {}), **(self._get_param("Tags") or {})}
    return "{}"


@_responses.method
def untag_resource(self: Any) -> str:
    pool = _pool_by_arn(self.current_account, self._get_param("ResourceArn"))
    removed = set(self._get_param("TagKeys") or [])
    pool.tags = {k: v for k, v in (pool.tags or {}).items() if k not in removed}
    return "{}"


@_responses.method
def list_tags_for_resource(self: Any) -> str:
    pool = _pool_by_arn(self.current_account, self._get_param("ResourceArn"))
    return json.dumps({"Tags": pool.tags or {}})


# --- update -----------------------------------------------------------------------------------


@_responses.method
def update_identity_pool(self: Any) -> str:
    pool = _pool(self.current_account, self._get_param("IdentityPoolId"))
    pool.identity_pool_name = self._get_param("IdentityPoolName") or pool.identity_pool_name
    pool.allow_unauthenticated_identities = bool(self._get_param("AllowUnauthenticatedIdentities"))
    setattr(pool, _ALLOW_CLASSIC, bool(self._get_param("AllowClassicFlow")))
    pool.supported_login_providers = self._get_param("SupportedLoginProviders") or {}
    pool.developer_provider_name = self._get_param("DeveloperProviderName") or ""
    pool.open_id_connect_provider_arns = self._get_param("OpenIdConnectProviderARNs") or []
    pool.cognito_identity_providers = self._get_param("CognitoIdentityProviders") or []
    pool.saml_provider_arns = self._get_param("SamlProviderARNs") or []
    tags = self._get_param("IdentityPoolTags")
    if tags is not None:
        pool.tags = tags
    return _describe(pool)


def _describe(pool: Model) -> str:
    document: dict[str, Any] = json.loads(pool.to_json())
    document["AllowClassicFlow"] = getattr(pool, _ALLOW_CLASSIC, False)
    return json.dumps(document)


@_responses.method
def describe_identity_pool(self: Any) -> str:
    return _describe(_pool(self.current_account, self._get_param("IdentityPoolId")))


@_responses.method
def create_identity_pool(self: Any) -> str:
    created: dict[str, Any] = json.loads(_ORIGINAL_CREATE(self))
    pool = _pool(self.current_account, created["IdentityPoolId"])
    setattr(pool, _ALLOW_CLASSIC, bool(self._get_param("AllowClassicFlow")))
    return _describe(pool)


_ORIGINAL_CREATE = CognitoIdentityResponse.create_identity_pool


# --- GetId ------------------------------------------------------------------------------------


def _user_pool_key_set() -> jwk.KeySet:
    # Moto signs every user pool token with this one key.
    return jwk.KeySet.import_key_set(load_resource("cognitoidp/resources/jwks-public.json"))


def _check_user_pool_login(pool: Model, provider: str, token: str) -> str:
    """The `sub` of a valid id token from a user pool this identity pool trusts."""
    configured = {
        p.get("ProviderName"): p.get("ClientId") for p in pool.cognito_identity_providers or []
    }
    if provider not in configured:
        raise _not_authorized("Token is not from a supported provider of this identity pool.")
    try:
        claims = jwt.decode(token, _user_pool_key_set()).claims
    except (JoseError, ValueError) as error:
        raise _not_authorized(
            "Invalid login token. Not a valid OpenId Connect identity token."
        ) from error
    if claims.get("iss") != f"https://{provider}":
        raise _not_authorized("Invalid login token. Issuer doesn't match providerName")
    client_id = configured[provider]
    if client_id and claims.get("aud") != client_id:
        raise _not_authorized("Invalid login token. Incorrect token audience.")
    if float(claims.get("exp", 0)) < time.time():
        raise _not_authorized("Invalid login token. Token expired.")
    return str(claims.get("sub"))


def _identity_for(pool: Model, login_key: str | None) -> str:
    logins: dict[str, str] = getattr(pool, _LOGINS, None) or {}
    setattr(pool, _LOGINS, logins)
    if login_key is not None and login_key in logins:
        return logins[login_key]
    region = pool.identity_pool_id.split(":", 1)[0]
    identity_id: str = get_random_identity_id(region)
    if login_key is not None:
        logins[login_key] = identity_id
    backend = cognitoidentity_backends[pool_account(pool)][region]
    backend.pools_identities.setdefault(
        pool.identity_pool_id, {"IdentityPoolId": pool.identity_pool_id, "Identities": []}
    )["Identities"].append({"IdentityId": identity_id})
    return identity_id


def pool_account(pool: Model) -> str:
    for account_id, backends in cognitoidentity_backends.items():
        for region, backend in backends.items():
            if region != "global" and backend.identity_pools.get(pool.identity_pool_id) is pool:
                return str(account_id)
    raise ResourceNotFoundError(pool.identity_pool_id)


def _login_keys(pool: Model, logins: dict[str, str]) -> list[str]:
    """One key per login ("provider:subject"), each user pool token checked on the way."""
    keys = []
    for provider, token in sorted(logins.items()):
        if _USER_POOL_PROVIDER.match(provider):
            keys.append(f"{provider}:{_check_user_pool_login(pool, provider, token)}")
        else:
            # Other providers (OIDC, SAML, social) are taken on trust locally.
            keys.append(f"{provider}:{token}")
    return keys


def _refuse_guests(pool: Model) -> None:
    if not pool.allow_unauthenticated_identities:
        raise _not_authorized("Unauthenticated access is not supported for this identity pool.")


@_responses.method
def get_id(self: Any) -> str:
    pool = _pool(self.current_account, self._get_param("IdentityPoolId"))
    logins: dict[str, str] = self._get_param("Logins") or {}
    if not logins:
        _refuse_guests(pool)
        return json.dumps({"IdentityId": _identity_for(pool, None)})
    return json.dumps({"IdentityId": _identity_for(pool, _login_keys(pool, logins)[0])})


def _find_identity(identity_id: str) -> tuple[Model, str | None]:
    """The identity pool that issued this identity, and the login it was issued for (None for a
    guest)."""
    region = identity_id.split(":", 1)[0]
    for backends in cognitoidentity_backends.values():
        if region not in backends:
            continue
        backend = backends[region]
        for pool_id, pool in backend.identity_pools.items():
            issued = backend.pools_identities.get(pool_id, {}).get("Identities", [])
            if {"IdentityId": identity_id} in issued or identity_id in issued:
                logins: dict[str, str] = getattr(pool, _LOGINS, None) or {}
                login = next((key for key, value in logins.items() if value == identity_id), None)
                return pool, login
    raise ResourceNotFoundError(f"Identity '{identity_id}' not found.")


def _random_credentials() -> dict[str, Any]:
    alphabet = string.ascii_uppercase + string.digits
    return {
        "AccessKeyId": "ASIA" + "".join(secrets.choice(alphabet) for _ in range(16)),
        "SecretKey": secrets.token_urlsafe(30),
        "SessionToken": secrets.token_urlsafe(120),
        "Expiration": time.time() + CREDENTIALS_SECONDS,
    }


@_responses.method
def get_credentials_for_identity(self: Any) -> str:
    identity_id: str = self._get_param("IdentityId") or ""
    pool, login = _find_identity(identity_id)
    logins: dict[str, str] = self._get_param("Logins") or {}
    keys = _login_keys(pool, logins)
    if login is None:
        _refuse_guests(pool)
    elif login not in keys:
        raise _not_authorized(
            "Logins don't match. Please include at least one valid login for this identity or "
            "identity pool."
        )
    return json.dumps({"IdentityId": identity_id, "Credentials": _random_credentials()})


def apply() -> None:
    """Install the patches on moto's classes. Not idempotent by itself: `server` calls it once."""
    _responses.apply()
