"""The whole definition: the top-level keys of defineAuth / define_auth (with hints for keys
that belong elsewhere), `name` and `accountRecovery`, each section mapped by its own module,
put together into an `AuthDefinition`."""

from __future__ import annotations

from typing import Any, cast, get_args

from amplify_sandbox.definition.model import (
    AccountRecovery,
    AuthDefinition,
    CustomAttribute,
    Multifactor,
    StandardAttribute,
)
from amplify_sandbox.definition.schema.attributes import AttributesSection
from amplify_sandbox.definition.schema.context import MapContext, Val
from amplify_sandbox.definition.schema.functions import FunctionsSection
from amplify_sandbox.definition.schema.groups import GroupsSection
from amplify_sandbox.definition.schema.login import LoginSection
from amplify_sandbox.definition.schema.multifactor import MultifactorSection
from amplify_sandbox.definition.schema.senders import SendersSection
from amplify_sandbox.definition.values import JsObject

ACCOUNT_RECOVERY: tuple[str, ...] = get_args(AccountRecovery)


class _Mapper(
    LoginSection,
    AttributesSection,
    MultifactorSection,
    GroupsSection,
    FunctionsSection,
    SendersSection,
):
    """Maps the evaluated props, section by section."""

    def definition(self, props: Any) -> AuthDefinition:
        root = Val(props, "", self.ctx.default_location, self.ctx.default_location)
        if isinstance(props, JsObject) and props.location:
            root = Val(props, "", props.location, props.location)
        top = self.fields(
            root,
            [
                "name",
                "loginWith",
                "userAttributes",
                "multifactor",
                "accountRecovery",
                "groups",
                "triggers",
                "access",
                "senders",
                "passwordlessOptions",
                # Python only: Cognito's pre token generation event version (Amplify's TS API
                # has no such prop; its projects set it with a CDK override in backend.ts).
                *(["preTokenGenerationVersion"] if self.ctx.python else []),
            ],
            hints={
                "externalProviders": "externalProviders goes inside loginWith",
                "external_providers": "external_providers goes inside login_with",
                "passwordPolicy": "passwordPolicy is not a defineAuth option; Amplify applies "
                "a fixed policy (customise it with CDK overrides in backend.ts)",
                "password_policy": "password_policy is not a define_auth option; the password "
                "policy is fixed",
                "passwordlessAuth": "use `otpLogin` under loginWith.email / loginWith.phone, "
                "`loginWith.webAuthn` and `passwordlessOptions`",
                "passwordless_auth": "use `otp_login` under login_with email / phone, "
                "`login_with.web_authn` and `passwordless_options`",
            },
        )
        login_val = top.get("loginWith")
        if login_val is None:
            raise self.fail(
                f"`{self.k('loginWith')}` is required",
                root.loc,
                "",
                hint="e.g. loginWith: { email: true }"
                if not self.ctx.python
                else 'e.g. login_with={"email": True}',
            )
        login_with, external = self.login_with(login_val)
        user_attributes: tuple[StandardAttribute, ...] = ()
        custom_attributes: tuple[CustomAttribute, ...] = ()
        if "userAttributes" in top:
            user_attributes, custom_attributes = self.user_attributes(top["userAttributes"])
        multifactor = Multifactor()
        if "multifactor" in top:
            multifactor = self.multifactor(top["multifactor"], login_with)
            self.check_passwordless(login_with, multifactor, top["multifactor"])
        preferred = None
        if "passwordlessOptions" in top:
            preferred = self.passwordless_options(top["passwordlessOptions"], login_with)
        account_recovery = None
        if "accountRecovery" in top:
            account_recovery = cast(
                AccountRecovery, self.enum(top["accountRecovery"], ACCOUNT_RECOVERY)
            )
        groups: tuple[str, ...] = ()
        if "groups" in top:
            groups = self.groups(top["groups"])
        name = self.string(top["name"]) if "name" in top else None
        triggers = self.triggers(top["triggers"]) if "triggers" in top else ()
        access = self.access(top["access"]) if "access" in top else ()
        email_sender = self.senders(top["senders"]) if "senders" in top else None
        pre_token = "V1_0"
        if "preTokenGenerationVersion" in top:
            pre_token = self.enum(top["preTokenGenerationVersion"], ("V1_0", "V2_0", "V3_0"))
        return AuthDefinition(
            source=self.ctx.source,
            login_with=login_with,
            user_attributes=user_attributes,
            custom_attributes=custom_attributes,
            multifactor=multifactor,
            account_recovery=account_recovery,
            groups=groups,
            name=name,
            external_providers=external,
            triggers=triggers,
            access=access,
            email_sender=email_sender,
            preferred_challenge=preferred,
            pre_token_generation_version=pre_token,
        )


def build_definition(props: Any, ctx: MapContext) -> AuthDefinition:
    """Validate evaluated defineAuth/define_auth props and map them to an `AuthDefinition`."""
    return _Mapper(ctx).definition(props)
