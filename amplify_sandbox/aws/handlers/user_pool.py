"""Cognito user pools: create, read-modify-write update, delete, tags."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from amplify_sandbox.aws.handlers.base import OwnedHandler, tagged_as, tags_and_name, unless_gone
from amplify_sandbox.aws.propagation import until_role_ready
from amplify_sandbox.aws.shapes import request_fields
from amplify_sandbox.deploy.handler import Applied, run_memory
from amplify_sandbox.deploy.rules import added_custom_attributes
from amplify_sandbox.deploy.state import DeployedResource
from amplify_sandbox.desired.build import SANDBOX_TAG
from amplify_sandbox.desired.resources import ResourceKind

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

# The run's memory of the pools it created (deploy.handler.run_memory).
_MADE = "user pools made"
# Set through SetUserPoolMfaConfig, not Create/UpdateUserPool.
_MFA_ONLY = ("EnabledMfas", "WebAuthnConfiguration")
# Superseded by VerificationMessageTemplate; sending both with different values is rejected.
_LEGACY_MESSAGES = (
    "SmsVerificationMessage",
    "EmailVerificationMessage",
    "EmailVerificationSubject",
)


class UserPoolHandler(OwnedHandler):
    name_field = "PoolName"
    _client: CognitoIdentityProviderClient

    def __init__(self, client: CognitoIdentityProviderClient, region: str) -> None:
        super().__init__(client)
        self._region = region

    def made_here(self, pool_id: str) -> bool:
        """Whether this run created the pool (not adopted it): then nothing is in it that the
        run did not put there, and its children need no look-up for something to adopt."""
        return pool_id in run_memory(_MADE)

    def _applied(self, pool_id: str, arn: str) -> Applied:
        return Applied(
            pool_id,
            {
                "id": pool_id,
                "arn": arn,
                "provider_name": f"cognito-idp.{self._region}.amazonaws.com/{pool_id}",
            },
        )

    def create(
        self, props: Mapping[str, Any], tags: Mapping[str, str], exclude: AbstractSet[str]
    ) -> Applied:
        found = self._find(str(props["PoolName"]), tags, exclude)
        if found is not None:
            # Created by a run that stopped before recording it: adopt it, do not duplicate.
            current = DeployedResource("", ResourceKind.USER_POOL, found, {}, {})
            return self.update(replace(current, props=self.read(current) or {}), props, tags)
        request = {k: v for k, v in props.items() if k not in _MFA_ONLY}
        # MFA is switched on after the pool exists: CreateUserPool cannot enable TOTP.
        request["MfaConfiguration"] = "OFF"
        pool = until_role_ready(
            lambda: self._client.create_user_pool(**request, UserPoolTags=dict(tags))
        )["UserPool"]
        pool_id = pool["Id"]
        run_memory(_MADE).add(pool_id)
        self._set_mfa(pool_id, props)
        return self._applied(pool_id, pool["Arn"])

    def update(
        self, current: DeployedResource, props: Mapping[str, Any], tags: Mapping[str, str]
    ) -> Applied:
        pool_id = current.physical_id
        described = self._client.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        allowed = request_fields(self._client, "UpdateUserPool")
        # UpdateUserPool resets every field it is not given: start from what the pool has.
        request: dict[str, Any] = {
            k: v for k, v in described.items() if k in allowed and k not in _LEGACY_MESSAGES
        }
        request.update({k: v for k, v in props.items() if k in allowed})
        request["UserPoolId"] = pool_id
        request["UserPoolTags"] = {**described.get("UserPoolTags", {}), **tags}
        # MFA is never lowered on the way: the pool keeps the mode it has (UpdateUserPool resets
        # an omitted one to OFF) until SetUserPoolMfaConfig sets the wanted one, last.
        was = str(described.get("MfaConfiguration", "OFF"))
        request["MfaConfiguration"] = was
        until_role_ready(lambda: self._client.update_user_pool(**request))
        # From what the pool has, not the record: a run killed after AddCustomAttributes
        # recorded nothing, and adding an attribute twice fails.
        added = added_custom_attributes(described.get("SchemaAttributes"), props.get("Schema"))
        if added:
            self._client.add_custom_attributes(
                UserPoolId=pool_id, CustomAttributes=cast(Any, added)
            )
        if props.get("MfaConfiguration", "OFF") == "OFF" and was != "OFF":
            self._client.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="OFF")
        self._set_mfa(pool_id, props)
        return self._applied(pool_id, described["Arn"])

    def _set_mfa(self, pool_id: str, props: Mapping[str, Any]) -> None:
        mode = props.get("MfaConfiguration", "OFF")
        web_authn = props.get("WebAuthnConfiguration")
        if mode == "OFF":
            if web_authn is not None:
                # Passkeys' relying party lives in the MFA configuration (Cognito API).
                until_role_ready(
                    lambda: self._client.set_user_pool_mfa_config(
                        UserPoolId=pool_id, MfaConfiguration="OFF", WebAuthnConfiguration=web_authn
                    )
                )
            return
        enabled = set(props.get("EnabledMfas", ()))
        request: dict[str, Any] = {
            "UserPoolId": pool_id,
            "MfaConfiguration": mode,
            "SoftwareTokenMfaConfiguration": {"Enabled": "SOFTWARE_TOKEN_MFA" in enabled},
        }
        if web_authn is not None:
            request["WebAuthnConfiguration"] = web_authn
        if "SMS_MFA" in enabled:
            sms: dict[str, Any] = {"SmsConfiguration": props["SmsConfiguration"]}
            if "SmsAuthenticationMessage" in props:
                sms["SmsAuthenticationMessage"] = props["SmsAuthenticationMessage"]
            request["SmsMfaConfiguration"] = sms
        if "EMAIL_OTP" in enabled:
            request["EmailMfaConfiguration"] = {}
        until_role_ready(lambda: self._client.set_user_pool_mfa_config(**request))

    def _find(self, name: str, tags: Mapping[str, str], exclude: AbstractSet[str]) -> str | None:
        paginator = self._client.get_paginator("list_user_pools")
        for page in paginator.paginate(PaginationConfig={"PageSize": 60}):
            for pool in page["UserPools"]:
                if pool.get("Name") == name and pool["Id"] not in exclude:
                    owner = (self.pool_tags(pool["Id"]) or {}).get(SANDBOX_TAG)
                    if owner is not None and owner == tags.get(SANDBOX_TAG):
                        return pool["Id"]
        return None

    def tagged(self, sandbox_id: str) -> list[str]:
        """Ids of the user pools tagged as this sandbox's."""
        pages = self._client.get_paginator("list_user_pools").paginate(
            PaginationConfig={"PageSize": 60}
        )
        ids = (pool["Id"] for page in pages for pool in page["UserPools"])
        return tagged_as(ids, self.pool_tags, sandbox_id)

    def _described(self, pool_id: str) -> dict[str, Any] | None:
        found = unless_gone(lambda: self._client.describe_user_pool(UserPoolId=pool_id))
        return dict(found["UserPool"]) if found is not None else None

    def read(self, current: DeployedResource) -> dict[str, Any] | None:
        pool = self._described(current.physical_id)
        if pool is None:
            return None
        pool["Schema"] = [
            {**entry, "Name": entry["Name"].removeprefix("custom:")}
            for entry in pool.pop("SchemaAttributes", [])
        ]
        pool["PoolName"] = pool.pop("Name", None)
        factors = pool.get("Policies", {}).get("SignInPolicy", {}).get("AllowedFirstAuthFactors")
        passkeys = "WEB_AUTHN" in (factors or ())
        if pool.get("MfaConfiguration", "OFF") != "OFF" or passkeys:
            mfa = self._client.get_user_pool_mfa_config(UserPoolId=current.physical_id)
            config: dict[str, Any] = dict(mfa)
            # Cognito keeps a relying party once set; it matters only while passkeys are on.
            if passkeys and "WebAuthnConfiguration" in config:
                pool["WebAuthnConfiguration"] = dict(config["WebAuthnConfiguration"])
        if pool.get("MfaConfiguration", "OFF") != "OFF":
            pool["EnabledMfas"] = [
                name
                for name, key in (
                    ("SMS_MFA", "SmsMfaConfiguration"),
                    ("SOFTWARE_TOKEN_MFA", "SoftwareTokenMfaConfiguration"),
                    ("EMAIL_OTP", "EmailMfaConfiguration"),
                )
                if key in config and config[key].get("Enabled", True)
            ]
        return pool

    def delete(self, current: DeployedResource) -> None:
        pool_id = current.physical_id
        pool = self._described(pool_id)
        if pool is None:
            return
        # Cognito refuses to delete a pool that still has a domain (found by tag, say).
        for domain in {pool.get("Domain"), pool.get("CustomDomain")} - {None, ""}:
            self._delete_domain(str(domain), pool_id)
        unless_gone(lambda: self._client.delete_user_pool(UserPoolId=pool_id))

    def _delete_domain(self, domain: str, pool_id: str) -> None:
        unless_gone(lambda: self._client.delete_user_pool_domain(Domain=domain, UserPoolId=pool_id))

    def owned(self, current: DeployedResource) -> tuple[dict[str, str], str] | None:
        return tags_and_name(self._described(current.physical_id), "UserPoolTags", "Name")

    def pool_tags(self, pool_id: str) -> dict[str, str] | None:
        found = tags_and_name(self._described(pool_id), "UserPoolTags", "Name")
        return found[0] if found is not None else None
