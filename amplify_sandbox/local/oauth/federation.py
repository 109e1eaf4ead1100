"""The stand-in page of an external provider, and the federated user it signs in.

Nothing leaves the machine: the page asks who to "sign in as" (the provider's attributes: its
user id, email, name and every provider attribute the pool's AttributeMapping names, pre-filled),
and then does what Cognito does when the real provider answers:

- the user is `<ProviderName>_<provider user id>` (Google's `sub`, Facebook's `id`, Login with
  Amazon's `user_id`, Apple's and OIDC's `sub`, SAML's `NameID`), status `EXTERNAL_PROVIDER`;
- its attributes are the provider's, mapped by the identity provider's AttributeMapping (pool
  attribute <- provider attribute), set again at every sign-in;
- `identities` holds the link as Cognito writes it (`userId`, `providerName`, `providerType`,
  `issuer`, `primary`, `dateCreated`);
- it is in the pool's group `<pool id>_<ProviderName>`, created on first use, as Cognito's are.
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

from amplify_sandbox.local.oauth import pages
from amplify_sandbox.local.oauth.errors import Refused

Model = Any

# The provider attribute that identifies the user, per provider type.
ID_ATTRIBUTE = {
    "Google": "sub",
    "Facebook": "id",
    "LoginWithAmazon": "user_id",
    "SignInWithApple": "sub",
    "OIDC": "sub",
    "SAML": "NameID",
}
_EMAIL_VERIFIED = ("Google", "SignInWithApple", "OIDC")


class _Status(str):
    """A user status outside moto's `UserStatus` enum, usable where moto's code (and the
    emulator's triggers) read `.value`."""

    __slots__ = ()

    @property
    def value(self) -> str:
        return str(self)


EXTERNAL_PROVIDER = _Status("EXTERNAL_PROVIDER")


class FederationRefused(Refused):
    """A provider's stand-in page refused the sign-in."""


def provider_type(provider: Model) -> str:
    return str(provider.extended_config.get("ProviderType") or "OIDC")


def mapping(provider: Model) -> dict[str, str]:
    """Pool attribute -> provider attribute (without `username`, which names the id)."""
    found = provider.extended_config.get("AttributeMapping") or {}
    return {str(k): str(v) for k, v in found.items() if k != "username"}


def _id_attribute(provider: Model) -> str:
    explicit = (provider.extended_config.get("AttributeMapping") or {}).get("username")
    return str(explicit or ID_ATTRIBUTE.get(provider_type(provider), "sub"))


def form_fields(provider: Model) -> list[tuple[str, str]]:
    """(provider attribute, suggested value) for the stand-in's form."""
    kind = provider_type(provider)
    slug = str(provider.name).lower()
    suggested = {
        _id_attribute(provider): str(secrets.randbelow(10**20)).rjust(21, "1"),
        "email": f"test.user@{slug}.example",
        "name": "Test User",
    }
    if kind in _EMAIL_VERIFIED:
        suggested["email_verified"] = "true"
    for provider_attribute in mapping(provider).values():
        suggested.setdefault(provider_attribute, "")
    return list(suggested.items())


def page(request_id: str, provider: Model, *, error: str | None = None) -> str:
    return pages.stand_in(
        request_id, str(provider.name), provider_type(provider), form_fields(provider), error=error
    )


def _required(pool: Model) -> list[str]:
    return [
        str(name)
        for name, attribute in pool.schema_attributes.items()
        if attribute.required and name != "sub"
    ]


def sign_in_as(pool: Model, provider: Model, identity: dict[str, str]) -> Model:
    """The federated user for `identity` (provider attribute -> value), created or updated."""
    user_id = identity.get(_id_attribute(provider), "").strip()
    if not user_id:
        raise FederationRefused(f"{_id_attribute(provider)} (the provider's user id) is required.")
    attributes = {
        pool_attribute: identity[provider_attribute]
        for pool_attribute, provider_attribute in mapping(provider).items()
        if identity.get(provider_attribute)
    }
    missing = [name for name in _required(pool) if name not in attributes]
    if missing:
        raise FederationRefused(
            f"The user pool requires {', '.join(missing)}, which the provider's attribute "
            "mapping does not give (fill in the mapped provider attribute)."
        )
    username = f"{provider.name}_{user_id}"
    user = pool.users.get(username)
    if user is None:
        user = _create(pool, provider, username, user_id)
    user.update_attributes([{"Name": k, "Value": v} for k, v in attributes.items()])
    return user


def _create(pool: Model, provider: Model, username: str, user_id: str) -> Model:
    from moto.cognitoidp.models import CognitoIdpUser

    identities = [
        {
            "userId": user_id,
            "providerName": str(provider.name),
            "providerType": provider_type(provider),
            "issuer": None,
            "primary": "true",
            "dateCreated": str(int(time.time() * 1000)),
        }
    ]
    user = CognitoIdpUser(
        pool.id,
        username,
        None,
        EXTERNAL_PROVIDER,
        [{"Name": "identities", "Value": json.dumps(identities, separators=(",", ":"))}],
    )
    pool.users[username] = user
    _add_to_provider_group(pool, provider, user)
    return user


def _add_to_provider_group(pool: Model, provider: Model, user: Model) -> None:
    from moto.cognitoidp.models import CognitoIdpGroup

    name = f"{pool.id}_{provider.name}"
    group = pool.groups.get(name)
    if group is None:
        description = f"Autogenerated group for users who sign in using {provider.name}"
        group = pool.groups[name] = CognitoIdpGroup(pool.id, name, description, None, None)  # type: ignore[arg-type]
    group.users.add(user)
    user.groups.add(group)


def skip_federated_aliases(get_user: Any) -> Any:
    """moto's `_get_user` finds a user by email/phone alias too; a federated user is never
    found that way (Cognito signs them in only through their provider)."""

    def _get_user(self: Model, username: str) -> Model:
        user = get_user(self, username)
        if user is not None and user.status == "EXTERNAL_PROVIDER" and user.username != username:
            aliases = self.extended_config.get("UsernameAttributes") or []
            native = [
                candidate
                for candidate in self.users.values()
                if candidate.status != "EXTERNAL_PROVIDER"
                and username in [candidate.attribute_lookup.get(name) for name in aliases]
            ]
            return native[0] if native else self.users.get(username)
        return user

    return _get_user


def federated_users_have_sessions(get_user: Any) -> Any:
    """moto's GetUser answers only CONFIRMED users; a federated user (EXTERNAL_PROVIDER) signed
    in through the hosted UI is answered too, as Cognito does."""

    def backend_get_user(self: Model, access_token: str) -> Model:
        for pool in self.user_pools.values():
            entry = pool.access_tokens.get(access_token)
            user = pool.users.get(entry[1]) if entry else None
            if user is not None and user.status == "EXTERNAL_PROVIDER" and user.enabled:
                return user
        return get_user(self, access_token)

    return backend_get_user


def apply() -> None:
    from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUserPool

    CognitoIdpUserPool._get_user = skip_federated_aliases(CognitoIdpUserPool._get_user)  # type: ignore[method-assign]
    CognitoIdpBackend.get_user = federated_users_have_sessions(CognitoIdpBackend.get_user)  # type: ignore[method-assign]
