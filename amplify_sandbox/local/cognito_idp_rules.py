"""More of Cognito's rules and settings that moto 5.2.5 does not keep, patched onto its classes.

- SetUserPoolMfaConfig / GetUserPoolMfaConfig keep `EmailMfaConfiguration` (email OTP MFA),
  which moto drops, so a pool's MFA methods read back as they were set.
- AddCustomAttributes refuses `Required: true` as Cognito does ("Required custom attributes are
  not supported currently."); an existing name is already refused by moto.
- DeleteUserPool refuses a pool that still has a domain, as Cognito does.
- CreateUserPoolDomain refuses a prefix another pool holds (moto handed it over to the new pool)
  and a second domain for one pool; DeleteUserPoolDomain refuses a UserPoolId that does not own
  the domain. DescribeUserPoolDomain names the owning pool (moto already does).

State lives on moto's pool objects, so `/moto-api/reset` clears it.
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException
from moto.cognitoidp.models import CognitoIdpBackend
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.responses import ActionResult

from amplify_sandbox.local import patching

_EMAIL_MFA = "_amplify_sandbox_email_mfa"
_responses = patching.Patches(CognitoIdpResponse)
_backend = patching.Patches(CognitoIdpBackend)


@_responses.wraps("set_user_pool_mfa_config")
def _wrap_set(original: Any) -> Any:
    def set_user_pool_mfa_config(self: Any) -> ActionResult:
        result = original(self)
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        email = self._get_param("EmailMfaConfiguration", None)
        setattr(pool, _EMAIL_MFA, email if self._get_param("MfaConfiguration") != "OFF" else None)
        return _with_email(result, pool)

    return set_user_pool_mfa_config


@_responses.wraps("get_user_pool_mfa_config")
def _wrap_get(original: Any) -> Any:
    def get_user_pool_mfa_config(self: Any) -> ActionResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        return _with_email(original(self), pool)

    return get_user_pool_mfa_config


def _with_email(_: ActionResult, pool: Any) -> ActionResult:
    email = getattr(pool, _EMAIL_MFA, None)
    response = {
        "SmsMfaConfiguration": pool.sms_mfa_config,
        "SoftwareTokenMfaConfiguration": pool.token_mfa_config,
        "MfaConfiguration": pool.mfa_config,
    }
    if email is not None:
        response["EmailMfaConfiguration"] = email
    return ActionResult({k: v for k, v in response.items() if v is not None})


@_responses.wraps("add_custom_attributes")
def _wrap_add_custom_attributes(original: Any) -> Any:
    def add_custom_attributes(self: Any) -> Any:
        for attribute in self._get_param("CustomAttributes") or []:
            if attribute.get("Required"):
                raise InvalidParameterException(
                    "Required custom attributes are not supported currently."
                )
        return original(self)

    return add_custom_attributes


@_backend.wraps("delete_user_pool")
def _wrap_delete_user_pool(original: Any) -> Any:
    def delete_user_pool(self: Any, user_pool_id: str) -> None:
        pool = self.describe_user_pool(user_pool_id)
        if getattr(pool, "domain", None) is not None:
            raise InvalidParameterException(
                "User pool cannot be deleted. It has a domain configured that should be deleted "
                "first."
            )
        original(self, user_pool_id)

    return delete_user_pool


@_backend.wraps("create_user_pool_domain")
def _wrap_create_user_pool_domain(original: Any) -> Any:
    def create_user_pool_domain(
        self: Any, user_pool_id: str, domain: str, custom_domain_config: Any = None
    ) -> Any:
        pool = self.describe_user_pool(user_pool_id)
        if domain in self.user_pool_domains:
            raise InvalidParameterException("Domain already associated with another user pool.")
        if pool.domain is not None:
            raise InvalidParameterException(
                f"User pool {user_pool_id} already has a domain configured."
            )
        return original(self, user_pool_id, domain, custom_domain_config)

    return create_user_pool_domain


@_responses.wraps("delete_user_pool_domain")
def _wrap_delete_user_pool_domain(original: Any) -> Any:
    def delete_user_pool_domain(self: Any) -> Any:
        domain = self.backend.user_pool_domains.get(self._get_param("Domain"))
        pool_id = self._get_param("UserPoolId")
        if domain is not None and pool_id and domain.user_pool_id != pool_id:
            raise InvalidParameterException("No such domain or user pool exists.")
        return original(self)

    return delete_user_pool_domain


def apply() -> None:
    """Install the patches on moto's classes (called once, by `server`)."""
    _responses.apply()
    _backend.apply()
