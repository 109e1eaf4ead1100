"""`examples/everything` (every defineAuth prop) deployed through the `sandbox` CLI to the
emulator (issue 3's "Must show"): every prop lands as Amplify Gen 2 would create it (see
amplify-facts.md), the outputs file says the same and validates against schema v1.5, `--strict`
refuses the triggers, and `sandbox delete` leaves nothing of the sandbox behind.

Expected values are written out here from Amplify's behaviour, not computed with the product's
own code: names and hashes follow Amplify's identifier conversions.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import boto3
import jsonschema
import pytest
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app
from tests.outputs.schemas import load_schema

runner = CliRunner()

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "everything"
NAMESPACE = "everything-app"  # package.json's name
IDENTIFIER = "everything"
REGION = "us-east-1"

# Amplify's identifier conversions (backend_identifier_conversions.ts).
HASH10 = hashlib.sha512((NAMESPACE + IDENTIFIER).encode()).hexdigest()[:10]
STACK = f"amplify-everythingapp-{IDENTIFIER}-sandbox-{HASH10}"
DOMAIN_PREFIX = hashlib.sha512(("sandbox" + NAMESPACE + IDENTIFIER).encode()).hexdigest()[:20]

# A value for every secret() of the example; each one distinct, so a mix-up shows.
SECRETS = {
    "GOOGLE_CLIENT_ID": "everything-google.apps.googleusercontent.com",
    "GOOGLE_CLIENT_SECRET": "google-secret-7d1c",
    "FACEBOOK_CLIENT_ID": "facebook-app-5512",
    "FACEBOOK_CLIENT_SECRET": "facebook-secret-90ab",
    "LOGINWITHAMAZON_CLIENT_ID": "amzn1.application-oa2-client.everything",
    "LOGINWITHAMAZON_CLIENT_SECRET": "amazon-secret-3e4f",
    "SIWA_CLIENT_ID": "com.example.everything.web",
    "SIWA_TEAM_ID": "TEAM123456",
    "SIWA_KEY_ID": "KEY7890AB",
    "SIWA_PRIVATE_KEY": "-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMG-everything\n-----END PRIVATE KEY-----\n",
    "MICROSOFT_ENTRA_ID_CLIENT_ID": "entra-client-0c2d",
    "MICROSOFT_ENTRA_ID_CLIENT_SECRET": "entra-secret-61f0",
    "AUTH0_CLIENT_ID": "auth0-client-aa17",
    "AUTH0_CLIENT_SECRET": "auth0-secret-b2c9",
}

CALLBACKS = ["http://localhost:3000/", "everything://callback/"]
LOGOUTS = ["http://localhost:3000/signed-out", "everything://signout/"]
OAUTH_SCOPES = ["phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"]
GROUPS = ["ADMINS", "EDITORS", "READERS"]
SANDBOX_TAG = "amplify-sandbox:id"
AMPLIFY_TAGS = {
    "created-by": "amplify",
    "amplify:deployment-type": "sandbox",
    "amplify:friendly-name": "everythingAuth",
}


def _client(name: str, url: str) -> Any:
    return boto3.client(
        name,
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "everything"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("node_modules", ".amplify"))
    for name, value in SECRETS.items():
        monkeypatch.setenv(f"SANDBOX_SECRET_{name}", value)
    return copy


def _cli(port: int, project: Path, *args: str) -> Any:
    where = ["--local", "--port", str(port), "--project-dir", str(project)]
    return runner.invoke(app, [*args, *where, "--identifier", IDENTIFIER])


def _trust(principal: dict[str, str], action: str, condition: dict[str, Any]) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": principal, "Action": action, "Condition": condition}
        ],
    }


def _identity_trust(identity_pool_id: str, amr: str) -> dict[str, Any]:
    return _trust(
        {"Federated": "cognito-identity.amazonaws.com"},
        "sts:AssumeRoleWithWebIdentity",
        {
            "StringEquals": {"cognito-identity.amazonaws.com:aud": identity_pool_id},
            "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": amr},
        },
    )


def _role(iam: Any, arn: str) -> dict[str, Any]:
    """A role by ARN, with its trust policy as a document; it carries no policies."""
    name = arn.rsplit("/", 1)[1]
    role: dict[str, Any] = iam.get_role(RoleName=name)["Role"]
    assert role["Arn"] == arn
    document = role["AssumeRolePolicyDocument"]
    role["AssumeRolePolicyDocument"] = (
        json.loads(document) if isinstance(document, str) else document
    )
    tags = {t["Key"]: t["Value"] for t in iam.list_role_tags(RoleName=name)["Tags"]}
    assert tags == {**AMPLIFY_TAGS, SANDBOX_TAG: STACK}, (name, tags)
    assert iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"] == []
    return role


def test_secrets_are_every_secret_of_the_example() -> None:
    used = set(
        re.findall(r"secret\('([^']+)'\)", (EXAMPLE / "amplify/auth/resource.ts").read_text())
    )
    assert used == set(SECRETS)


def test_everything_deploys_as_amplify_would_then_strict_refuses_and_delete_cleans_up(
    project: Path, emulator_port: int, emulator_url: str
) -> None:
    deployed = _cli(emulator_port, project, "deploy", "--json")
    assert deployed.exit_code == 0, deployed.output
    data = json.loads(deployed.stdout)["data"]
    assert data["sandbox_id"] == STACK
    assert {c["action"] for c in data["changes"]} == {"create"}

    # Triggers and access grants are deployed: nothing is skipped with a warning.
    warnings = [line for line in deployed.stderr.splitlines() if line.startswith("warning:")]
    assert not [w for w in warnings if "by this version" in w], deployed.stderr
    created = {c["resource"]: c["kind"] for c in data["changes"]}
    for base in ("postConfirmation", "preSignUp", "userAdmin"):
        assert created[f"{base}Lambda"] == "lambda_function"
        assert created[f"{base}LambdaRole"] == "iam_role"
    assert created["postConfirmationPostConfirmationCognitoPermission"] == "lambda_permission"
    assert created["preSignUpPreSignUpCognitoPermission"] == "lambda_permission"
    # user-admin is granted access only: no trigger, so no permission for Cognito.
    assert not [r for r in created if r.startswith("userAdmin") and r.endswith("Permission")]
    for value in SECRETS.values():
        assert value.strip() not in deployed.output

    outputs = json.loads((project / "amplify_outputs.json").read_text())
    auth = outputs["auth"]
    idp = _client("cognito-idp", emulator_url)
    identity = _client("cognito-identity", emulator_url)
    iam = _client("iam", emulator_url)
    account = _client("sts", emulator_url).get_caller_identity()["Account"]
    pool_id = auth["user_pool_id"]

    _check_user_pool(idp, iam, pool_id, account)
    _check_identity_providers(idp, pool_id)
    _check_domain_and_client(idp, pool_id, auth["user_pool_client_id"])
    _check_identity_pool(idp, identity, iam, auth)
    _check_groups(idp, iam, pool_id, auth["identity_pool_id"])
    _check_outputs(outputs, emulator_port)

    # A second plan after the deploy: nothing to do, nothing drifted.
    plan = _cli(emulator_port, project, "plan", "--json", "--detailed-exitcode")
    assert plan.exit_code == 0, plan.stdout
    assert json.loads(plan.stdout)["data"]["has_changes"] is False

    # The pool runs the two triggers; user-admin's role holds its three grants.
    config = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["LambdaConfig"]
    assert set(config) == {"PostConfirmation", "PreSignUp"}
    lambda_ = _client("lambda", emulator_url)
    admin = lambda_.get_function(
        FunctionName=config["PostConfirmation"].replace("post-confirmation", "user-admin")
    )["Configuration"]
    admin_role = admin["Role"].rsplit("/", 1)[1]
    assert sorted(iam.list_role_policies(RoleName=admin_role)["PolicyNames"]) == [
        "lambdaBasicExecution",
        "userpoolAccess0",
    ]

    # --strict no longer refuses triggers: the sandbox is up to date, nothing changes.
    pools = idp.list_user_pools(MaxResults=60)["UserPools"]
    strict = _cli(emulator_port, project, "deploy", "--strict", "--json")
    assert strict.exit_code == 0, strict.output
    assert idp.list_user_pools(MaxResults=60)["UserPools"] == pools

    # delete: nothing tagged with the sandbox id is left, nor its record or outputs file.
    state = f"/amplify-sandbox/{STACK}/state"
    ssm = _client("ssm", emulator_url)
    assert ssm.get_parameters_by_path(Path=state)["Parameters"], "the record (in parts) exists"
    deleted = _cli(emulator_port, project, "delete", "--yes", "--json")
    assert deleted.exit_code == 0, deleted.output
    assert not (project / "amplify_outputs.json").exists()
    assert _tagged(idp, identity, iam, ssm) == [], "left behind after delete"
    # The emulator was fresh: nothing at all is left, tagged or not.
    assert idp.list_user_pools(MaxResults=60)["UserPools"] == []
    assert identity.list_identity_pools(MaxResults=60)["IdentityPools"] == []
    assert iam.list_roles()["Roles"] == []
    assert lambda_.list_functions()["Functions"] == []
    assert ssm.describe_parameters()["Parameters"] == []


def _check_user_pool(idp: Any, iam: Any, pool_id: str, account: str) -> None:
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    # `name` is the pool's name; tags are Amplify's plus the sandbox's own.
    assert pool["Name"] == "everythingAuth"
    assert pool["UserPoolTags"] == {**AMPLIFY_TAGS, SANDBOX_TAG: STACK}
    assert pool["UsernameAttributes"] == ["email", "phone_number"]
    assert pool["AutoVerifiedAttributes"] == ["email", "phone_number"]
    assert pool["UsernameConfiguration"] == {"CaseSensitive": False}
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is False
    assert pool["AdminCreateUserConfig"]["InviteMessageTemplate"] == {
        "EmailSubject": "You are invited to Everything",
        "EmailMessage": "Hello {username}, your temporary password is {####}",
        "SMSMessage": "Hello {username}, your temporary password is {####}",
    }
    assert pool["Policies"]["PasswordPolicy"] == {
        "MinimumLength": 8,
        "RequireUppercase": True,
        "RequireLowercase": True,
        "RequireNumbers": True,
        "RequireSymbols": True,
        "TemporaryPasswordValidityDays": 7,
    }
    assert pool["AccountRecoverySetting"] == {
        "RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]
    }
    assert pool["EmailConfiguration"] == {
        "EmailSendingAccount": "DEVELOPER",
        "SourceArn": f"arn:aws:ses:{REGION}:{account}:identity/no-reply@everything.example.com",
        "From": "Everything <no-reply@everything.example.com>",
        "ReplyToEmailAddress": "support@everything.example.com",
    }
    template = pool["VerificationMessageTemplate"]
    assert template["DefaultEmailOption"] == "CONFIRM_WITH_CODE"
    assert template["EmailSubject"] == "Welcome to Everything"
    assert template["EmailMessage"] == "Your verification code is {####}"
    assert template["SmsMessage"] == "Your Everything code is {####}"

    schema = {entry["Name"]: entry for entry in pool["SchemaAttributes"]}
    flags = {
        "email": (True, True),  # login and userAttributes
        "phone_number": (True, True),  # phone login
        "given_name": (False, True),
        "family_name": (False, True),
        "birthdate": (False, True),
        "picture": (False, True),  # profilePicture
    }
    for name, (required, mutable) in flags.items():
        assert name in schema, f"standard attribute {name} missing: {sorted(schema)}"
        assert (schema[name]["Required"], schema[name]["Mutable"]) == (required, mutable), name
    custom = {
        "custom:displayName": ("String", True, {"MinLength": "1", "MaxLength": "64"}),
        "custom:loyaltyPoints": ("Number", True, {"MinValue": "0", "MaxValue": "100000"}),
        "custom:newsletter": ("Boolean", True, None),
        "custom:memberSince": ("DateTime", False, None),
    }
    for name, (data_type, mutable, constraints) in custom.items():
        entry = schema[name]
        assert (entry["AttributeDataType"], entry["Mutable"]) == (data_type, mutable), entry
        assert entry.get("Required", False) is False, entry
        key = {"String": "StringAttributeConstraints", "Number": "NumberAttributeConstraints"}
        if constraints is not None:
            assert entry[key[data_type]] == constraints, entry
    assert {name for name in schema if name.startswith("custom:")} == set(custom)

    # MFA: optional, with SMS (its message and the SMS role), TOTP and email.
    assert pool["MfaConfiguration"] == "OPTIONAL"
    mfa = idp.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert mfa["MfaConfiguration"] == "OPTIONAL"
    assert mfa["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    assert "EmailMfaConfiguration" in mfa
    sms = mfa["SmsMfaConfiguration"]
    assert sms["SmsAuthenticationMessage"] == "Your Everything sign-in code is {####}"
    assert sms["SmsConfiguration"] == pool["SmsConfiguration"]
    sms_role = _role(iam, pool["SmsConfiguration"]["SnsCallerArn"])
    external_id = pool["SmsConfiguration"]["ExternalId"]
    assert sms_role["AssumeRolePolicyDocument"] == _trust(
        {"Service": "cognito-idp.amazonaws.com"},
        "sts:AssumeRole",
        {"StringEquals": {"sts:ExternalId": external_id}},
    )


def _check_identity_providers(idp: Any, pool_id: str) -> None:
    found = {
        p["ProviderName"]: p["ProviderType"]
        for p in idp.list_identity_providers(UserPoolId=pool_id)["Providers"]
    }
    assert found == {
        "Google": "Google",
        "Facebook": "Facebook",
        "LoginWithAmazon": "LoginWithAmazon",
        "SignInWithApple": "SignInWithApple",
        "MicrosoftEntraID": "OIDC",
        "Auth0": "OIDC",
        "OktaSAML": "SAML",
    }
    # Email login is on, but so is phone login: Amplify adds no `email` mapping of its own, so
    # each mapping is exactly the definition's (Amplify's names turned into Cognito's).
    expected: dict[str, tuple[dict[str, str], dict[str, str]]] = {
        "Google": (
            {
                "client_id": SECRETS["GOOGLE_CLIENT_ID"],
                "client_secret": SECRETS["GOOGLE_CLIENT_SECRET"],
                "authorize_scopes": "email profile openid",
            },
            {"email": "email", "given_name": "given_name", "family_name": "family_name"},
        ),
        "Facebook": (
            {
                "client_id": SECRETS["FACEBOOK_CLIENT_ID"],
                "client_secret": SECRETS["FACEBOOK_CLIENT_SECRET"],
                "authorize_scopes": "public_profile,email",
            },
            {"email": "email", "name": "name"},
        ),
        "LoginWithAmazon": (
            {
                "client_id": SECRETS["LOGINWITHAMAZON_CLIENT_ID"],
                "client_secret": SECRETS["LOGINWITHAMAZON_CLIENT_SECRET"],
                "authorize_scopes": "profile",
            },
            {"email": "email"},
        ),
        "SignInWithApple": (
            {
                "client_id": SECRETS["SIWA_CLIENT_ID"],
                "team_id": SECRETS["SIWA_TEAM_ID"],
                "key_id": SECRETS["SIWA_KEY_ID"],
                "private_key": SECRETS["SIWA_PRIVATE_KEY"],
                "authorize_scopes": "email name",
            },
            {"email": "email"},
        ),
        "MicrosoftEntraID": (
            {
                "client_id": SECRETS["MICROSOFT_ENTRA_ID_CLIENT_ID"],
                "client_secret": SECRETS["MICROSOFT_ENTRA_ID_CLIENT_SECRET"],
                "oidc_issuer": "https://login.microsoftonline.com/common/v2.0",
                "authorize_scopes": "openid email profile",
                "attributes_request_method": "GET",
            },
            {"email": "email"},
        ),
        "Auth0": (
            {
                "client_id": SECRETS["AUTH0_CLIENT_ID"],
                "client_secret": SECRETS["AUTH0_CLIENT_SECRET"],
                "oidc_issuer": "https://everything.us.auth0.com",
                "authorize_scopes": "openid",
                "attributes_request_method": "POST",
                "authorize_url": "https://everything.us.auth0.com/authorize",
                "token_url": "https://everything.us.auth0.com/oauth/token",
                "attributes_url": "https://everything.us.auth0.com/userinfo",
                "jwks_uri": "https://everything.us.auth0.com/.well-known/jwks.json",
            },
            {},
        ),
        "OktaSAML": (
            {"MetadataURL": "https://everything.okta.com/app/exk1/sso/saml/metadata"},
            {"email": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"},
        ),
    }
    for name, (details, mapping) in expected.items():
        provider = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName=name)[
            "IdentityProvider"
        ]
        assert provider["ProviderDetails"] == details, name
        assert provider.get("AttributeMapping", {}) == mapping, name


def _check_domain_and_client(idp: Any, pool_id: str, client_id: str) -> None:
    # No domainPrefix: the domain is Amplify's stable hash of the sandbox.
    domain = idp.describe_user_pool_domain(Domain=DOMAIN_PREFIX)["DomainDescription"]
    assert domain["UserPoolId"] == pool_id
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Domain"] == DOMAIN_PREFIX

    client = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
    assert "ClientSecret" not in client
    assert set(client["ExplicitAuthFlows"]) == {
        "ALLOW_CUSTOM_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
    }
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert client["SupportedIdentityProviders"] == [
        "Google",
        "Facebook",
        "LoginWithAmazon",
        "SignInWithApple",
        "MicrosoftEntraID",
        "Auth0",
        "OktaSAML",
        "COGNITO",
    ]
    assert client["AllowedOAuthFlows"] == ["code"]
    assert client["AllowedOAuthFlowsUserPoolClient"] is True
    assert sorted(client["AllowedOAuthScopes"]) == sorted(OAUTH_SCOPES)
    assert client["CallbackURLs"] == CALLBACKS
    assert client["LogoutURLs"] == LOGOUTS


def _check_identity_pool(idp: Any, identity: Any, iam: Any, auth: dict[str, Any]) -> None:
    identity_pool_id = auth["identity_pool_id"]
    described = identity.describe_identity_pool(IdentityPoolId=identity_pool_id)
    assert described["AllowUnauthenticatedIdentities"] is True
    provider_name = f"cognito-idp.{REGION}.amazonaws.com/{auth['user_pool_id']}"
    assert described["CognitoIdentityProviders"] == [
        {
            "ProviderName": provider_name,
            "ClientId": auth["user_pool_client_id"],
            "ServerSideTokenCheck": False,
        }
    ]
    assert described["SupportedLoginProviders"] == {
        "accounts.google.com": SECRETS["GOOGLE_CLIENT_ID"],
        "graph.facebook.com": SECRETS["FACEBOOK_CLIENT_ID"],
        "www.amazon.com": SECRETS["LOGINWITHAMAZON_CLIENT_ID"],
        "appleid.apple.com": SECRETS["SIWA_CLIENT_ID"],
    }
    assert described.get("IdentityPoolTags") == {**AMPLIFY_TAGS, SANDBOX_TAG: STACK}

    roles = identity.get_identity_pool_roles(IdentityPoolId=identity_pool_id)
    assert set(roles["Roles"]) == {"authenticated", "unauthenticated"}
    for kind in ("authenticated", "unauthenticated"):
        role = _role(iam, roles["Roles"][kind])
        assert role["AssumeRolePolicyDocument"] == _identity_trust(identity_pool_id, kind), kind
        assert iam.list_role_policies(RoleName=role["RoleName"])["PolicyNames"] == []
    assert roles["RoleMappings"] == {
        f"{provider_name}:{auth['user_pool_client_id']}": {
            "Type": "Token",
            "AmbiguousRoleResolution": "AuthenticatedRole",
        }
    }


def _check_groups(idp: Any, iam: Any, pool_id: str, identity_pool_id: str) -> None:
    groups = idp.list_groups(UserPoolId=pool_id)["Groups"]
    assert {g["GroupName"]: g["Precedence"] for g in groups} == {
        name: index for index, name in enumerate(GROUPS)
    }
    arns = {g["RoleArn"] for g in groups}
    assert len(arns) == len(GROUPS), "a role of its own for each group"
    for group in groups:
        role = _role(iam, group["RoleArn"])
        # Trusted like the authenticated role.
        assert role["AssumeRolePolicyDocument"] == _identity_trust(
            identity_pool_id, "authenticated"
        ), group["GroupName"]


def _check_outputs(outputs: dict[str, Any], port: int) -> None:
    jsonschema.validate(outputs, load_schema("1.5"))
    assert outputs["version"] == "1.5"
    auth = outputs["auth"]
    assert auth["aws_region"] == REGION
    assert auth["user_pool_id"].startswith(f"{REGION}_")
    oauth = auth["oauth"]
    # Only the social providers are named here (the schema's enum); OIDC and SAML are not.
    assert sorted(oauth["identity_providers"]) == sorted(
        ["GOOGLE", "FACEBOOK", "LOGIN_WITH_AMAZON", "SIGN_IN_WITH_APPLE"]
    )
    # The pool's domain has the prefix (checked with DescribeUserPoolDomain); the outputs of a
    # local sandbox point at the emulator's hosted UI.
    assert oauth["domain"] == f"localhost:{port}"
    assert sorted(oauth["scopes"]) == sorted(OAUTH_SCOPES)
    assert oauth["redirect_sign_in_uri"] == CALLBACKS
    assert oauth["redirect_sign_out_uri"] == LOGOUTS
    assert oauth["response_type"] == "code"
    assert auth["groups"] == [{name: {"precedence": index}} for index, name in enumerate(GROUPS)]
    assert auth["mfa_configuration"] == "OPTIONAL"
    assert sorted(auth["mfa_methods"]) == ["EMAIL", "SMS", "TOTP"]
    assert auth["username_attributes"] == ["email", "phone_number"]
    assert auth["user_verification_types"] == ["email", "phone_number"]
    assert sorted(auth["standard_required_attributes"]) == ["email", "phone_number"]
    assert auth["password_policy"] == {
        "min_length": 8,
        "require_lowercase": True,
        "require_uppercase": True,
        "require_numbers": True,
        "require_symbols": True,
    }
    assert auth["unauthenticated_identities_enabled"] is True
    text = json.dumps(outputs)
    for value in SECRETS.values():
        assert value.strip() not in text


def _tagged(idp: Any, identity: Any, iam: Any, ssm: Any) -> list[str]:
    """Everything in the emulator that carries this sandbox's tag, or its record."""
    found = []
    for pool in idp.list_user_pools(MaxResults=60)["UserPools"]:
        tags = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"].get("UserPoolTags", {})
        if tags.get(SANDBOX_TAG) == STACK:
            found.append(f"user pool {pool['Id']}")
    for pool in identity.list_identity_pools(MaxResults=60)["IdentityPools"]:
        described = identity.describe_identity_pool(IdentityPoolId=pool["IdentityPoolId"])
        if described.get("IdentityPoolTags", {}).get(SANDBOX_TAG) == STACK:
            found.append(f"identity pool {pool['IdentityPoolId']}")
    for role in iam.list_roles()["Roles"]:
        tags = iam.list_role_tags(RoleName=role["RoleName"])["Tags"]
        if {"Key": SANDBOX_TAG, "Value": STACK} in tags:
            found.append(f"role {role['RoleName']}")
    for parameter in ssm.describe_parameters()["Parameters"]:
        if STACK in parameter["Name"]:
            found.append(f"parameter {parameter['Name']}")
    return found
