"""Invalid definitions fail with one clear DefinitionError naming file:line:col."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from amplify_sandbox.definition import load_definition
from amplify_sandbox.errors import DefinitionError, ExitCode
from tests.definition.conftest import fixture_names, resource_suffix

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = FIXTURES / "invalid"
ProjectFactory = Callable[[Path], Path]


@dataclass(frozen=True)
class Expected:
    message: str  # a substring of the error's detail
    line: int
    column: int
    field: str | None = None
    hint: str | None = None  # a substring of the hint
    file: str | None = None  # relative to the project, when not the resource file


NEEDS_LAMBDA = "needs Lambda functions, not supported yet"
NOT_A_RESOURCE = "expected a function resource (`defineFunction(...)`)"


CASES: dict[str, Expected] = {
    "syntax_error.ts": Expected("syntax error", 6, 5),
    "merge_conflict.ts": Expected("git merge-conflict marker (`<<<<<<<`)", 4, 1),
    "wrong_import.ts": Expected(
        "`defineAuth` is imported from 'some-other-auth-lib', not from '@aws-amplify/backend'",
        1,
        10,
    ),
    "no_call.ts": Expected("no defineAuth(...) call found", 1, 1, hint="export const auth"),
    "reference_auth.ts": Expected(
        "'arn:aws:iam::1:role/a' is not an IAM role ARN", 6, 16, field="authRoleArn"
    ),
    "two_calls.ts": Expected("found 2 defineAuth(...) calls (lines 3, 4)", 4, 22),
    "unimported_define_auth.ts": Expected("`defineAuth` is called but not imported", 1, 21),
    "unknown_key.ts": Expected(
        "unknown option `emial`", 5, 5, field="loginWith.emial", hint="did you mean `email`?"
    ),
    "user_attribute_name.ts": Expected(
        "unknown user attribute `name`", 6, 5, field="userAttributes.name", hint="`fullname`"
    ),
    "login_username.ts": Expected(
        "unknown option `username`", 4, 29, field="loginWith.username", hint="not supported"
    ),
    "password_policy.ts": Expected(
        "unknown option `passwordPolicy`",
        5,
        3,
        field="passwordPolicy",
        hint="not a defineAuth option",
    ),
    "bad_enum.ts": Expected(
        'must be one of "OFF", "OPTIONAL", "REQUIRED", got "optional"',
        6,
        11,
        field="multifactor.mode",
        hint='did you mean "OPTIONAL"?',
    ),
    "bad_style.ts": Expected(
        'got "LNK"',
        5,
        38,
        field="loginWith.email.verificationEmailStyle",
        hint='did you mean "LINK"?',
    ),
    "call_not_evaluable.ts": Expected(
        "`buildUrls()` is a call the loader cannot evaluate statically", 6, 9
    ),
    "string_method.ts": Expected("is a call the loader cannot evaluate statically", 5, 11),
    "unimported_secret.ts": Expected(
        "`secret` is not declared or imported", 5, 9, hint="import { secret }"
    ),
    "no_login_method.ts": Expected(
        "At least one of email or phone must be enabled", 4, 14, field="loginWith"
    ),
    "missing_placeholder.ts": Expected(
        "must use the 'code' parameter", 6, 30, field="loginWith.email.verificationEmailBody"
    ),
    # -- externalProviders --------------------------------------------------------------------
    "ext_missing_logout.ts": Expected(
        "`logoutUrls` is required with external providers",
        6,
        24,
        field="loginWith.externalProviders",
        hint="localhost",
    ),
    "ext_empty_callback.ts": Expected(
        "You must define callbackUrls when configuring external login providers",
        8,
        21,
        field="loginWith.externalProviders.callbackUrls",
    ),
    "ext_unknown_provider.ts": Expected(
        "unknown option `googel`",
        7,
        7,
        field="loginWith.externalProviders.googel",
        hint="did you mean `google`?",
    ),
    "ext_bad_scope.ts": Expected(
        'got "openid"',
        8,
        25,
        field="loginWith.externalProviders.scopes[1]",
        hint='did you mean "OPENID"?',
    ),
    "ext_client_id_number.ts": Expected(
        "expected secret('NAME'), got 1234567890",
        7,
        29,
        field="loginWith.externalProviders.facebook.clientId",
    ),
    "ext_saml_bad_type.ts": Expected(
        'must be one of "URL", "FILE", got "XML"',
        7,
        82,
        field="loginWith.externalProviders.saml.metadata.metadataType",
    ),
    "ext_oidc_missing_issuer.ts": Expected(
        "`issuerUrl` is required", 8, 9, field="loginWith.externalProviders.oidc[0]"
    ),
    "ext_oidc_endpoints_partial.ts": Expected(
        "missing userInfo, jwksUri", 12, 22, field="loginWith.externalProviders.oidc[0].endpoints"
    ),
    "ext_attribute_mapping_name.ts": Expected(
        "unknown attribute `name`",
        10,
        45,
        field="loginWith.externalProviders.google.attributeMapping.name",
        hint="did you mean `fullname`?",
    ),
    "ext_domain_prefix.ts": Expected(
        "a domain prefix uses lowercase letters",
        7,
        21,
        field="loginWith.externalProviders.domainPrefix",
    ),
    "ext_top_level.ts": Expected(
        "unknown option `externalProviders`",
        5,
        3,
        field="externalProviders",
        hint="externalProviders goes inside loginWith",
    ),
    # -- module-level checks and the environment ------------------------------------------------
    "module_throw.ts": Expected(
        "the definition throws: STAGE must be set (dev or prod)", 6, 3, hint="set the variable"
    ),
    "env_unset_empty.ts": Expected(
        "must not be empty",
        4,
        9,
        field="name",
        hint="not set in this environment: `process.env.AUTH_NAME` (amplify/auth/resource.ts:4:9)",
    ),
    "py_module_raise.py": Expected(
        "running the file raised RuntimeError: STAGE must be set (dev or prod)", 7, 1
    ),
    "py_env_unset_empty.py": Expected(
        "must not be empty",
        5,
        1,
        field="name",
        hint="not set in this environment: `os.environ['AUTH_NAME']`",
    ),
    # -- what TypeScript or Cognito would refuse ----------------------------------------------
    "duplicate_key.ts": Expected(
        "An object literal cannot have multiple properties with the same name: `groups`",
        7,
        3,
        hint="keep one `groups`",
    ),
    "custom_attr_space.ts": Expected(
        "`custom:contact channel`: Cognito refuses a custom attribute name with spaces",
        6,
        5,
        field="userAttributes.custom:contact channel",
        hint="custom:contact_channel",
    ),
    "custom_attr_long.ts": Expected(
        "`custom:preferredContactChannel`: a custom attribute name must have 1 to 20 characters",
        6,
        5,
        field="userAttributes.custom:preferredContactChannel",
    ),
    "secret_bad_name.ts": Expected("invalid secret name", 7, 27, hint="letters, digits"),
    # -- triggers, access, senders, passwordless ----------------------------------------------
    "trigger_unknown.ts": Expected(
        "unknown trigger `postConfirm`",
        7,
        15,
        field="triggers.postConfirm",
        hint="did you mean `postConfirmation`?",
    ),
    "trigger_not_function.ts": Expected(
        f'{NOT_A_RESOURCE}, got "arn:aws:lambda', 5, 26, field="triggers.preSignUp"
    ),
    "trigger_undeclared.ts": Expected("`userMigration` is not declared or imported", 5, 15),
    "trigger_npm_import.ts": Expected(
        f"{NOT_A_RESOURCE}, got `postConfirmation` (imported from 'my-shared-functions')",
        6,
        15,
        field="triggers.postConfirmation",
    ),
    "access_guest.ts": Expected(
        "`allow.guest.to(['read'])` is not supported in access; each element must be "
        "allow.resource(fn).to([...actions])",
        9,
        5,
        field="access[1]",
    ),
    "access_manage_user.ts": Expected(
        'unknown action "manageUser"',
        7,
        49,
        field="access[0].actions[0]",
        hint='spelled "manageUsers"',
    ),
    # Two defineFunction with one name: one would silently stand in for the other.
    "function_same_name.ts": Expected(
        "two functions are named 'hook' (also at amplify/functions/a/resource.ts:3:26)",
        7,
        26,
        field="triggers.postConfirmation",
        hint="its own `name`",
    ),
    "access_unknown_action.ts": Expected(
        'got "listUser"', 7, 60, field="access[0].actions[1]", hint='did you mean "listUsers"?'
    ),
    "access_not_function.ts": Expected(
        "expected a function `(allow) => [...]`, got an array",
        5,
        11,
        field="access",
        hint="allow.resource(myFunction)",
    ),
    "access_not_a_resource.ts": Expected(f"{NOT_A_RESOURCE}, got an object", 7, 38, "access[0]"),
    # Amplify's senders.sms is a custom sender `{ handler }` only; SNS settings are no option.
    "senders_sms.ts": Expected(
        "unknown option `externalId` of senders.sms: Amplify's senders.sms is a custom sender "
        "function `{ handler }`, not SNS settings",
        6,
        12,
        field="senders.sms.externalId",
        hint="no Lambda needed",
    ),
    "senders_sms_handler.ts": Expected(
        f"a custom SMS sender function {NEEDS_LAMBDA}", 8, 5, field="senders.sms"
    ),
    "senders_custom_email.ts": Expected(
        f"a custom email sender function {NEEDS_LAMBDA}",
        7,
        14,
        field="senders.email",
        hint="fromEmail",
    ),
    "senders_bad_email.ts": Expected(
        "not an email address: 'no-reply at example.com'", 5, 34, field="senders.email.fromEmail"
    ),
    "webauthn.ts": Expected(
        'Invalid relying party ID "https://app.example.com"',
        4,
        57,
        field="loginWith.webAuthn.relyingPartyId",
        hint="'example.com'",
    ),
    "passwordless.ts": Expected(
        "unknown option `passwordlessAuth`",
        5,
        3,
        field="passwordlessAuth",
        hint="`loginWith.webAuthn` and `passwordlessOptions`",
    ),
    "passwordless_mfa_required.ts": Expected(
        "Passwordless authentication (Email OTP, SMS OTP, WebAuthn) cannot be used when MFA is "
        "set to REQUIRED",
        5,
        16,
        field="multifactor",
        hint="'OPTIONAL'",
    ),
    "preferred_challenge.ts": Expected(
        'Preferred challenge "SMS_OTP" is not enabled in your authentication configuration. '
        "Enabled challenges: PASSWORD, EMAIL_OTP.",
        5,
        46,
        field="passwordlessOptions.preferredChallenge",
    ),
    # -- imports and evaluation ---------------------------------------------------------------
    "import_missing.ts": Expected(
        "cannot find the module './post-confirmation/resource' imported here",
        2,
        10,
        hint="index.ts",
    ),
    "import_no_export.ts": Expected(
        "'../functions/post-confirmation/resource' has no export named `postConfirmaton`", 6, 33
    ),
    "import_error_in_module.ts": Expected(
        "`JSON.parse()` is a call the loader cannot evaluate statically",
        3,
        23,
        file="amplify/auth/groups.ts",
    ),
    "import_too_deep.ts": Expected(
        "imports nest more than 5 modules deep", 1, 10, file="amplify/auth/e.ts"
    ),
    "statement_loop.ts": Expected(
        "is a statement the loader cannot evaluate; function bodies may hold only const "
        "declarations, if/else and return",
        5,
        3,
    ),
    "recursion.ts": Expected("calls of `pad` nest more than 100 deep", 3, 13),
    "function_as_value.ts": Expected("expected a string, got a function", 5, 9, field="name"),
    "reassigned_let.ts": Expected("the value of `groups` is reassigned (line 5)", 10, 3),
    "py_syntax.py.txt": Expected("syntax error", 3, 45),
    "py_exception.py": Expected("running the file raised KeyError: 'editors'", 5, 1),
    "py_callback_raises.py": Expected(
        "raised RuntimeError: template service is down",
        5,
        1,
        field="login_with.email.verification_email_body",
    ),
    "py_unknown_key.py": Expected(
        "unknown option `emial`", 3, 1, field="login_with.emial", hint="did you mean `email`?"
    ),
    "py_bad_enum.py": Expected(
        'got "optional"', 3, 1, field="multifactor.mode", hint='did you mean "OPTIONAL"?'
    ),
    "py_no_call.py": Expected("no define_auth(...) call found", 1, 1),
    "py_external_missing_urls.py": Expected(
        "`logout_urls` is required with external providers",
        3,
        1,
        field="login_with.external_providers",
    ),
    "py_external_top_level.py": Expected(
        "unknown option `external_providers`",
        3,
        1,
        field="external_providers",
        hint="goes inside login_with",
    ),
    "py_trigger_unknown.py": Expected(
        "unknown trigger `post_confirm`",
        6,
        1,
        field="triggers.post_confirm",
        hint="did you mean `post_confirmation`?",
    ),
    "py_trigger_not_function.py": Expected(
        'expected a function resource (`define_function(...)`), got "my-function"',
        3,
        1,
        field="triggers.pre_sign_up",
    ),
    "py_access_bad_action.py": Expected(
        'got "manage_users"', 9, 1, field="access[0].actions[0]", hint='did you mean "manageUsers"?'
    ),
    "py_access_not_grant.py": Expected(
        "element 0 is str; each element must be allow.resource(fn).to([...actions])",
        3,
        1,
        field="access[0]",
    ),
    "py_senders_sms.py": Expected(
        "unknown option `external_id` of senders.sms", 3, 1, field="senders.sms.external_id"
    ),
    # -- resource.py: the file does not run ---------------------------------------------------
    # Python's own messages and columns (CPython 3.11+); values are checked at the define_auth
    # line, exceptions at the innermost line of resource.py.
    "py_syntax_indent.py.txt": Expected("syntax error: unexpected indent", 4, 4),
    "py_syntax_string.py.txt": Expected("syntax error: unterminated string literal", 5, 10),
    "py_name_error.py": Expected(
        "running the file raised NameError: name 'GRUOPS' is not defined", 5, 1
    ),
    "py_import_error.py": Expected(
        "running the file raised ImportError: cannot import name 'defne_function' from "
        "'amplify_sandbox'",
        1,
        1,
    ),
    "py_missing_sibling_module.py": Expected(
        "running the file raised ModuleNotFoundError: No module named 'py_missing_settings'", 1, 1
    ),
    # BUG (fails today): an exception in the user's own imported module is reported at the
    # import in resource.py (3:1), not where it happened; resource.ts errors in imported
    # modules point into the module (import_error_in_module.ts).
    "py_sibling_raises.py": Expected(
        "running the file raised JSONDecodeError: Expecting value",
        3,
        1,
        file="amplify/auth/py_raising_settings.py",
    ),
    "py_helper_raises.py": Expected(
        "running the file raised ValueError: callback base must use https, got "
        "'http://example.com'",
        8,
        1,
    ),
    "py_env_missing.py": Expected("running the file raised KeyError: 'AUTH_NAME'", 5, 1),
    "py_sys_exit.py": Expected(
        "running the file raised SystemExit: configure the stage first", 6, 1
    ),
    "py_missing_login_with.py": Expected(
        "running the file raised TypeError: define_auth() missing 1 required keyword-only "
        "argument: 'login_with'",
        3,
        1,
    ),
    "py_secret_bad_name.py": Expected(
        "running the file raised ValueError: invalid secret name 'google client id': use "
        "letters, digits and _.-",
        8,
        1,
    ),
    "py_define_function_empty.py": Expected(
        "raised ValueError: define_function(name=...) must be a non-empty string", 3, 1
    ),
    "py_two_calls.py": Expected(
        "found 2 define_auth(...) calls (lines 3, 4) and no module-level `auth` among them",
        4,
        1,
        hint="assign the one to deploy to `auth`",
    ),
    # -- resource.py: wrong types and values ----------------------------------------------------
    "py_login_with_not_dict.py": Expected(
        'expected an object, got "email"', 3, 1, field="login_with"
    ),
    "py_groups_string.py": Expected(
        'expected an array of group names, got "ADMINS"', 3, 1, field="groups"
    ),
    "py_required_not_bool.py": Expected(
        'expected true or false, got "yes"', 3, 1, field="user_attributes.given_name.required"
    ),
    "py_name_not_string.py": Expected("expected a string, got 42", 3, 1, field="name"),
    "py_none_value.py": Expected(
        "expected a string, got null", 5, 1, field="login_with.external_providers.domain_prefix"
    ),
    "py_account_recovery.py": Expected(
        'got "EMAIL"', 3, 1, field="account_recovery", hint='did you mean "EMAIL_ONLY"?'
    ),
    "py_bad_style.py": Expected(
        'must be one of "CODE", "LINK", got "link"',
        3,
        1,
        field="login_with.email.verification_email_style",
        hint='did you mean "LINK"?',
    ),
    "py_camel_case_key.py": Expected(
        "unknown option `externalProviders` (expected one of: email, phone, external_providers, "
        "web_authn)",
        5,
        1,
        field="login_with.externalProviders",
        hint="did you mean `external_providers`?",
    ),
    "py_no_login_method.py": Expected(
        "At least one of email or phone must be enabled",
        3,
        1,
        field="login_with",
        hint='add "email": True to login_with',
    ),
    "py_group_duplicate.py": Expected("group 'ADMINS' is listed twice", 5, 1, field="groups[2]"),
    "py_group_bad_name.py": Expected(
        "invalid group name 'Admin Team': use letters, digits and _-+=,.@", 3, 1, field="groups[0]"
    ),
    # -- resource.py: messages ----------------------------------------------------------------
    "py_missing_placeholder.py": Expected(
        "must use the 'code' parameter at least once (the rendered message has no `{####}`): "
        "'Your code is ready'",
        5,
        1,
        field="login_with.phone.verification_message",
    ),
    "py_callback_returns_none.py": Expected(
        "the function must return a string, it returned null",
        8,
        1,
        field="login_with.email.verification_email_body",
    ),
    "py_callback_wrong_arity.py": Expected(
        "calling the function raised TypeError: <lambda>() takes 0 positional arguments but 1 "
        "was given",
        3,
        1,
        field="multifactor.sms.sms_message",
    ),
    "py_callback_not_callable.py": Expected(
        "expected a function or a string, got an array",
        3,
        1,
        field="login_with.email.user_invitation.email_body",
    ),
    "py_link_without_link.py": Expected(
        "must use the 'link' parameter at least once",
        3,
        1,
        field="login_with.email.verification_email_body",
    ),
    "py_invitation_missing_username.py": Expected(
        "must use the username and code parameters at least once (the rendered message has no "
        "`{username}`)",
        8,
        1,
        field="login_with.email.user_invitation.sms_message",
    ),
    # -- resource.py: attributes and MFA ------------------------------------------------------
    "py_user_attribute_name.py": Expected(
        "unknown user attribute `name`", 3, 1, field="user_attributes.name", hint="`fullname`"
    ),
    "py_user_attribute_camel.py": Expected(
        "unknown user attribute `givenName`",
        3,
        1,
        field="user_attributes.givenName",
        hint="did you mean `given_name`?",
    ),
    "py_custom_attr_no_type.py": Expected(
        "`data_type` is required for a custom attribute",
        3,
        1,
        field="user_attributes.custom:tier",
        hint="String, Number, Boolean, DateTime",
    ),
    "py_custom_attr_bad_type.py": Expected(
        'must be one of "String", "Number", "Boolean", "DateTime", got "Integer"',
        3,
        1,
        field="user_attributes.custom:age.data_type",
    ),
    "py_custom_attr_min_on_string.py": Expected(
        "`min` applies only to dataType 'Number'", 3, 1, field="user_attributes.custom:plan.min"
    ),
    "py_custom_attr_range.py": Expected(
        "`min_len` (10) is greater than `max_len` (5)",
        3,
        1,
        field="user_attributes.custom:code.min_len",
    ),
    "py_custom_attr_long_name.py": Expected(
        "`custom:preferredContactChannel`: a custom attribute name must have 1 to 20 characters "
        "after `custom:` (23 given)",
        3,
        1,
        field="user_attributes.custom:preferredContactChannel",
    ),
    "py_custom_attr_space.py": Expected(
        "`custom:contact channel`: Cognito refuses a custom attribute name with spaces",
        3,
        1,
        field="user_attributes.custom:contact channel",
        hint="custom:contact_channel",
    ),
    "py_duplicate_key.py.txt": Expected(
        "a dict literal cannot have the same key twice: 'given_name'", 8, 9, hint="keep one"
    ),
    "py_mfa_no_mode.py": Expected("`mode` is required", 3, 1, field="multifactor"),
    "py_mfa_off_with_methods.py": Expected(
        "MFA methods have no effect when mode is 'OFF'", 3, 1, field="multifactor.totp"
    ),
    "py_mfa_no_method.py": Expected(
        "mode 'OPTIONAL' needs at least one MFA method enabled", 3, 1, field="multifactor"
    ),
    "py_phone_mfa_without_sms.py": Expected(
        "phone login with MFA on requires `sms` to be enabled", 3, 1, field="multifactor"
    ),
    # -- resource.py: external providers ------------------------------------------------------
    "py_external_empty_callback.py": Expected(
        "You must define callback_urls when configuring external login providers",
        3,
        1,
        field="login_with.external_providers.callback_urls",
    ),
    "py_ext_unknown_provider.py": Expected(
        "unknown option `googel`",
        3,
        1,
        field="login_with.external_providers.googel",
        hint="did you mean `google`?",
    ),
    "py_ext_bad_scope.py": Expected(
        'got "openid"',
        3,
        1,
        field="login_with.external_providers.scopes[1]",
        hint='did you mean "OPENID"?',
    ),
    "py_ext_client_id_number.py": Expected(
        'expected secret("NAME"), got 1234567890',
        3,
        1,
        field="login_with.external_providers.facebook.client_id",
    ),
    "py_ext_apple_missing_key.py": Expected(
        "`key_id` is required", 3, 1, field="login_with.external_providers.sign_in_with_apple"
    ),
    "py_ext_attribute_mapping_name.py": Expected(
        "unknown attribute `name`",
        3,
        1,
        field="login_with.external_providers.google.attribute_mapping.name",
        hint="did you mean `fullname`?",
    ),
    "py_ext_domain_prefix.py": Expected(
        "a domain prefix uses lowercase letters",
        3,
        1,
        field="login_with.external_providers.domain_prefix",
    ),
    "py_oidc_missing_issuer.py": Expected(
        "`issuer_url` is required", 3, 1, field="login_with.external_providers.oidc[0]"
    ),
    "py_oidc_endpoints_partial.py": Expected(
        "endpoints needs all of authorization, token, user_info, jwks_uri; missing user_info, "
        "jwks_uri",
        3,
        1,
        field="login_with.external_providers.oidc[0].endpoints",
    ),
    "py_oidc_short_name.py": Expected(
        "an OIDC provider name has 3 to 32 characters",
        3,
        1,
        field="login_with.external_providers.oidc[0].name",
    ),
    "py_oidc_bad_method.py": Expected(
        'must be one of "GET", "POST", got "get"',
        3,
        1,
        field="login_with.external_providers.oidc[0].attribute_request_method",
        hint='did you mean "GET"?',
    ),
    "py_saml_bad_type.py": Expected(
        'must be one of "URL", "FILE", got "XML"',
        3,
        1,
        field="login_with.external_providers.saml.metadata.metadata_type",
    ),
    "py_saml_missing_metadata.py": Expected(
        "`metadata` is required", 3, 1, field="login_with.external_providers.saml"
    ),
    # -- resource.py: unsupported options -----------------------------------------------------
    "py_webauthn.py": Expected(
        "`relying_party_id` is required", 3, 1, field="login_with.web_authn", hint="'AUTO'"
    ),
    "py_email_otp_login.py": Expected(
        'Preferred challenge "WEB_AUTHN" is not enabled in your authentication configuration. '
        "Enabled challenges: PASSWORD, EMAIL_OTP.",
        3,
        1,
        field="passwordless_options.preferred_challenge",
    ),
    "py_password_policy.py": Expected(
        "unknown option `password_policy`",
        3,
        1,
        field="password_policy",
        hint="password_policy is not a define_auth option",
    ),
    "py_passwordless.py": Expected(
        "unknown option `passwordless_auth`",
        3,
        1,
        field="passwordless_auth",
        hint="`login_with.web_authn` and `passwordless_options`",
    ),
    "py_senders_custom_email.py": Expected(
        f"a custom email sender function {NEEDS_LAMBDA}", 5, 1, field="senders.email"
    ),
    "py_senders_bad_email.py": Expected(
        "not an email address: 'no-reply at example.com'", 3, 1, field="senders.email.from_email"
    ),
    # -- resource.py: access --------------------------------------------------------------------
    "py_access_not_callable.py": Expected(
        "expected a function `lambda allow: [...]`, got list",
        5,
        1,
        field="access",
        hint="access=lambda allow: [allow.resource(fn).to",
    ),
    "py_access_returns_dict.py": Expected(
        "the access function must return a list, it returned dict", 5, 1, field="access"
    ),
    "py_access_no_actions.py": Expected("lists no actions", 5, 1, field="access[0].actions"),
    "py_access_not_a_resource.py": Expected(
        'expected a function resource (`define_function(...)`), got "admin-api"',
        5,
        1,
        field="access[0]",
    ),
    "py_access_guest.py": Expected(
        "calling the function raised AttributeError: '_Allow' object has no attribute 'guest'",
        11,
        1,
        field="access",
    ),
    "py_access_manage_user.py": Expected(
        'unknown action "manageUser"',
        7,
        1,
        field="access[0].actions[0]",
        hint='spelled "manageUsers"',
    ),
}


def test_every_invalid_fixture_has_a_case() -> None:
    assert fixture_names(INVALID) == sorted(CASES)
    assert len(CASES) >= 40


def test_the_python_corpus_is_large_enough() -> None:
    python = [name for name in fixture_names(INVALID) if resource_suffix(name) == ".py"]
    assert len(python) >= 40


@pytest.mark.parametrize("name", sorted(CASES))
def test_reports_error_with_location(name: str, make_project: ProjectFactory) -> None:
    expected = CASES[name]
    project = make_project(INVALID / name)
    with pytest.raises(DefinitionError) as info:
        load_definition(project, env={})
    error = info.value
    resource = project / "amplify" / "auth" / f"resource{Path(name.removesuffix('.txt')).suffix}"
    if expected.file is not None:
        resource = project / expected.file
    assert expected.message in error.detail
    assert error.location is not None
    assert (error.location.file, error.location.line, error.location.column) == (
        resource,
        expected.line,
        expected.column,
    )
    assert error.field == expected.field
    if expected.hint is None:
        assert error.hint is None or "did you mean" not in error.hint
    else:
        assert error.hint is not None and expected.hint in error.hint
    assert str(error).startswith(f"{resource}:{expected.line}:{expected.column}: ")
    assert error.exit_code == ExitCode.USAGE


def test_python_error_shows_no_loader_traceback(make_project: ProjectFactory) -> None:
    project = make_project(INVALID / "py_exception.py")
    with pytest.raises(DefinitionError) as info:
        load_definition(project, env={})
    # `from None`: the user's exception is not chained into our error.
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


def test_both_files_present(tmp_path: Path) -> None:
    auth_dir = tmp_path / "amplify" / "auth"
    auth_dir.mkdir(parents=True)
    (auth_dir / "resource.ts").write_text((FIXTURES / "valid" / "seed.ts").read_text())
    (auth_dir / "resource.py").write_text((FIXTURES / "valid" / "seed.py").read_text())
    with pytest.raises(DefinitionError) as info:
        load_definition(tmp_path, env={})
    assert "resource.ts" in info.value.detail
    assert "resource.py" in info.value.detail
    assert "both" in info.value.detail


def test_neither_file_present(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError) as info:
        load_definition(tmp_path, env={})
    assert "no auth definition found" in info.value.detail
    assert info.value.hint is not None
    assert "defineAuth({ loginWith: { email: true } })" in info.value.hint


def test_lenient_turns_unknown_keys_into_warnings(make_project: ProjectFactory) -> None:
    project = make_project(INVALID / "password_policy.ts")
    loaded = load_definition(project, env={}, lenient=True)
    assert loaded.login_with.email is not None
    assert len(loaded.warnings) == 1
    assert "passwordPolicy: unknown option `passwordPolicy`" in loaded.warnings[0]
    assert "not a defineAuth option" in loaded.warnings[0]
    assert loaded.warnings[0].startswith("amplify/auth/resource.ts:5:3: ")


def test_lenient_still_rejects_invalid_values(make_project: ProjectFactory) -> None:
    with pytest.raises(DefinitionError, match='got "optional"'):
        load_definition(make_project(INVALID / "bad_enum.ts"), env={}, lenient=True)


def test_warnings_never_show_secret_names(make_project: ProjectFactory) -> None:
    project = make_project(Path(__file__).parent / "fixtures" / "valid" / "warnings.ts")
    loaded = load_definition(project, env={})
    assert loaded.warnings
    assert not any("googleusercontent" in w or "GOCSPX" in w for w in loaded.warnings)
