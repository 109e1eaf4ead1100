"""The `loginWith.externalProviders` section: Google, Facebook, Login with Amazon, Sign in with
Apple, OIDC and SAML providers, OAuth scopes, callback/logout URLs, the domain prefix and
attribute mappings."""

from __future__ import annotations

import re
from typing import Any, Literal, cast

from amplify_sandbox.definition.model import (
    AppleProvider,
    ExternalProviders,
    OidcProvider,
    SamlProvider,
    Secretish,
    SocialProvider,
)
from amplify_sandbox.definition.schema.attributes import STANDARD_ATTRIBUTES
from amplify_sandbox.definition.schema.context import Val
from amplify_sandbox.definition.schema.validator import Validator, did_you_mean

OAUTH_SCOPES = ("PHONE", "EMAIL", "OPENID", "PROFILE", "COGNITO_ADMIN")
OIDC_ENDPOINTS = ("authorization", "token", "userInfo", "jwksUri")
# CDK's AttributeMapping (aws-cognito user-pool-idps/base.ts): the standard attributes plus
# `emailVerified`, and `custom`.
MAPPING_ATTRIBUTES = {**STANDARD_ATTRIBUTES, "emailVerified": "email_verified"}


class ProvidersSection(Validator):
    """Maps `externalProviders`."""

    def external_providers(self, val: Val) -> ExternalProviders:
        found = self.fields(
            val,
            [
                "google",
                "facebook",
                "loginWithAmazon",
                "signInWithApple",
                "oidc",
                "saml",
                "scopes",
                "callbackUrls",
                "logoutUrls",
                "domainPrefix",
            ],
        )
        for key in ("callbackUrls", "logoutUrls"):
            if key not in found:
                raise self.fail(
                    f"`{self.k(key)}` is required with external providers",
                    val.loc,
                    val.path,
                    hint="e.g. ['http://localhost:3000/']",
                )
            if not self.items(found[key], "URLs"):
                raise self.fail(
                    f"You must define {self.k(key)} when configuring external login providers",
                    found[key].loc,
                    found[key].path,
                )
        callback_urls = self.strings(found["callbackUrls"], "URLs")
        logout_urls = self.strings(found["logoutUrls"], "URLs")
        scopes: tuple[str, ...] = ()
        if "scopes" in found:
            scopes = tuple(
                self.enum(item, OAUTH_SCOPES) for item in self.items(found["scopes"], "scopes")
            )
        domain_prefix = None
        if "domainPrefix" in found:
            domain_prefix = self.string(found["domainPrefix"])
            if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", domain_prefix):
                raise self.fail(
                    "a domain prefix uses lowercase letters, digits and hyphens (1-63, not "
                    "starting or ending with a hyphen)",
                    found["domainPrefix"].loc,
                    found["domainPrefix"].path,
                )
        oidc: tuple[OidcProvider, ...] = ()
        if "oidc" in found:
            oidc = tuple(
                self.oidc(item) for item in self.items(found["oidc"], "OIDC provider settings")
            )
        return ExternalProviders(
            google=self.social(found["google"]) if "google" in found else None,
            facebook=self.social(found["facebook"]) if "facebook" in found else None,
            login_with_amazon=self.social(found["loginWithAmazon"])
            if "loginWithAmazon" in found
            else None,
            sign_in_with_apple=self.apple(found["signInWithApple"])
            if "signInWithApple" in found
            else None,
            oidc=oidc,
            saml=self.saml(found["saml"]) if "saml" in found else None,
            scopes=scopes,
            callback_urls=callback_urls,
            logout_urls=logout_urls,
            domain_prefix=domain_prefix,
        )

    def social(self, val: Val) -> SocialProvider:
        known = ["clientId", "clientSecret", "scopes", "attributeMapping"]
        if val.path.endswith(self.k("facebook")):
            known.append("apiVersion")
        found = self.fields(val, known)
        return SocialProvider(
            api_version=self.string(found["apiVersion"]) if "apiVersion" in found else None,
            client_id=self._secret(found, "clientId", val),
            client_secret=self._secret(found, "clientSecret", val),
            **self._scopes_and_mapping(found),
        )

    def apple(self, val: Val) -> AppleProvider:
        found = self.fields(
            val, ["clientId", "teamId", "keyId", "privateKey", "scopes", "attributeMapping"]
        )
        return AppleProvider(
            client_id=self._secret(found, "clientId", val),
            team_id=self._secret(found, "teamId", val),
            key_id=self._secret(found, "keyId", val),
            private_key=self._secret(found, "privateKey", val),
            **self._scopes_and_mapping(found),
        )

    def oidc(self, val: Val) -> OidcProvider:
        found = self.fields(
            val,
            [
                "clientId",
                "clientSecret",
                "issuerUrl",
                "name",
                "scopes",
                "attributeRequestMethod",
                "attributeMapping",
                "endpoints",
                "identifiers",
            ],
        )
        method = None
        if "attributeRequestMethod" in found:
            method = cast(
                Literal["GET", "POST"], self.enum(found["attributeRequestMethod"], ("GET", "POST"))
            )
        endpoints: tuple[tuple[str, str], ...] = ()
        if "endpoints" in found:
            given = self.fields(found["endpoints"], OIDC_ENDPOINTS)
            missing = [self.k(key) for key in OIDC_ENDPOINTS if key not in given]
            if missing:
                raise self.fail(
                    f"endpoints needs all of {', '.join(self.k(k) for k in OIDC_ENDPOINTS)}; "
                    f"missing {', '.join(missing)}",
                    found["endpoints"].loc,
                    found["endpoints"].path,
                )
            endpoints = tuple((key, self.string(given[key])) for key in OIDC_ENDPOINTS)
        name = self.string(found["name"]) if "name" in found else None
        if name is not None and not 3 <= len(name) <= 32:
            raise self.fail(
                "an OIDC provider name has 3 to 32 characters",
                found["name"].loc,
                found["name"].path,
            )
        return OidcProvider(
            client_id=self._secret(found, "clientId", val),
            client_secret=self._secret(found, "clientSecret", val),
            issuer_url=self.string(self.required(found, "issuerUrl", val)),
            name=name,
            attribute_request_method=method,
            **self._scopes_and_mapping(found),
            endpoints=endpoints,
            identifiers=self.identifiers(found.get("identifiers")),
        )

    def saml(self, val: Val) -> SamlProvider:
        found = self.fields(
            val, ["name", "metadata", "attributeMapping", "identifiers", "idpSignout"]
        )
        metadata_val = self.required(found, "metadata", val)
        metadata = self.fields(metadata_val, ["metadataContent", "metadataType"])
        content = self.string(self.required(metadata, "metadataContent", metadata_val))
        kind = cast(
            Literal["URL", "FILE"],
            self.enum(self.required(metadata, "metadataType", metadata_val), ("URL", "FILE")),
        )
        return SamlProvider(
            name=self.string(found["name"]) if "name" in found else None,
            metadata_content=content,
            metadata_type=kind,
            attribute_mapping=self.attribute_mapping(found.get("attributeMapping")),
            identifiers=self.identifiers(found.get("identifiers")),
            idp_signout=self.boolean(found["idpSignout"]) if "idpSignout" in found else None,
        )

    def _secret(self, found: dict[str, Val], key: str, val: Val) -> Secretish:
        """A required field that may be a `secret('NAME')`."""
        return self.secretish(self.required(found, key, val))

    def _scopes_and_mapping(self, found: dict[str, Val]) -> dict[str, Any]:
        """What every OAuth provider takes besides its credentials."""
        return {
            "scopes": self.strings(found["scopes"], "scopes") if "scopes" in found else (),
            "attribute_mapping": self.attribute_mapping(found.get("attributeMapping")),
        }

    def identifiers(self, val: Val | None) -> tuple[str, ...]:
        """IdpIdentifiers: Cognito takes up to 50, each 1-40 characters of [\\w\\s+=.@-]."""
        if val is None:
            return ()
        names = self.strings(val, "identifiers")
        for item, name in zip(self.items(val, "identifiers"), names, strict=True):
            if not re.fullmatch(r"[\w\s+=.@-]{1,40}", name):
                raise self.fail(
                    f"invalid identifier {name!r}: use 1-40 letters, digits, spaces or +=.@_-",
                    item.loc,
                    item.path,
                )
        if len(names) > 50:
            raise self.fail("Cognito takes at most 50 identifiers", val.loc, val.path)
        return names

    def attribute_mapping(self, val: Val | None) -> tuple[tuple[str, str], ...]:
        """Amplify's attribute names (as in userAttributes) → (Cognito name, provider name);
        `custom: {...}` (and `custom:NAME` keys) name Cognito attributes as they are."""
        if val is None:
            return ()
        spelled = {self.k(name): cognito for name, cognito in MAPPING_ATTRIBUTES.items()}
        pairs: dict[str, str] = {}
        for child in self.children(val):
            key = child.path[len(val.path) + 1 :]
            if key == "custom":
                for custom in self.children(child):
                    pairs[custom.path[len(child.path) + 1 :]] = self.string(custom)
            elif key.startswith("custom:"):
                pairs[key] = self.string(child)
            elif key in spelled:
                pairs[spelled[key]] = self.string(child)
            else:
                guess = "fullname" if key == "name" else did_you_mean(key, list(spelled))
                hint = (
                    f"did you mean `{self.k(guess)}`?"
                    if guess
                    else "map other attributes under `custom: { ... }`"
                )
                self.unknown(f"unknown attribute `{key}`", child.key_loc, child.path, hint)
        return tuple(pairs.items())
