"""An app client as the hosted UI sees it: its user pool and its OAuth settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from amplify_sandbox.keyed import Keyed

Model = Any  # moto's models are untyped

COGNITO = "COGNITO"


class UnknownClient(LookupError):
    """No app client with that id in any user pool of the emulator."""


@dataclass(frozen=True)
class OAuthClient:
    pool: Model
    client: Model

    @property
    def id(self) -> str:
        return str(self.client.id)

    def _config(self, key: str) -> list[str]:
        value = self.client.extended_config.get(key) or []
        return [str(item) for item in value]

    callback_urls = Keyed(_config, "CallbackURLs")
    logout_urls = Keyed(_config, "LogoutURLs")
    scopes = Keyed(_config, "AllowedOAuthScopes")
    # `COGNITO` and the names of the pool's providers.
    providers = Keyed(_config, "SupportedIdentityProviders")

    @property
    def flows(self) -> list[str]:
        """AllowedOAuthFlows, only when the client may use them at all."""
        if not self.client.extended_config.get("AllowedOAuthFlowsUserPoolClient"):
            return []
        return self._config("AllowedOAuthFlows")

    @property
    def secret(self) -> str | None:
        return str(self.client.secret) if self.client.generate_secret else None

    def identity_provider(self, name: str) -> Model | None:
        """The pool's identity provider `name` when this client may use it."""
        if name not in self.providers:
            return None
        return self.pool.identity_providers.get(name)

    def provider_for_identifier(self, identifier: str) -> str | None:
        """The provider whose IdpIdentifiers has `identifier` (Cognito's `idp_identifier`)."""
        for name, provider in self.pool.identity_providers.items():
            if identifier in (provider.extended_config.get("IdpIdentifiers") or []):
                return str(name)
        return None


def find(client_id: str) -> OAuthClient:
    from moto.cognitoidp.exceptions import ResourceNotFoundError

    from amplify_sandbox.local.cognito_idp import _pool_for_client

    if not client_id:
        raise UnknownClient(client_id)
    try:
        _, pool = _pool_for_client(client_id)
    except ResourceNotFoundError as error:
        raise UnknownClient(client_id) from error
    return OAuthClient(pool, pool.clients[client_id])
