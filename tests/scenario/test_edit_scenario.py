"""One sandbox walked through many successive edits of a real `amplify/auth/resource.ts`,
through the `sandbox` CLI against the emulator (issue 5's "Must show").

For every edit: `sandbox plan --json` lists exactly the expected resources, actions, changed
fields and (for replaces) the fields that force them; the deploy succeeds with exactly that plan;
a second plan shows no changes; the emulator holds the new setting; and a user created at the
start is still in the same pool after every edit that does not replace it. Each replace of the
user pool is first refused without `--allow-replace` (exit 3, nothing written), then applied.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app
from amplify_sandbox.deploy.rules import schema_forces_replacement

runner = CliRunner()

IDENTIFIER = "walk"
USER = "walker@example.com"
GOOGLE_ID = "walk-google-id.apps.googleusercontent.com"
GOOGLE_SECRET = "walk-google-secret-v1"
OIDC_SECRET = "walk-oidc-secret"
CALLBACKS = ["http://localhost:3000/"]
LOGOUTS = ["http://localhost:3000/signed-out"]

# Resources every definition has.
USER_POOL = "userPool"
CLIENT = "userPoolWebClient"
IDENTITY_POOL = "identityPool"
ROLE_ATTACHMENT = "identityPoolRoles"
BASE = {USER_POOL, CLIENT, IDENTITY_POOL, "authenticatedRole", "unauthenticatedRole"}


@dataclass
class Definition:
    """The parts of `defineAuth({...})` the walk edits, rendered to a resource.ts."""

    email: str = "true"
    phone: bool = False
    external: str | None = None
    user_attributes: dict[str, str] = field(default_factory=dict)
    multifactor: str | None = None
    account_recovery: str | None = None
    groups: list[str] = field(default_factory=list)

    def render(self) -> str:
        login = [f"    email: {self.email},"]
        if self.phone:
            login.append("    phone: true,")
        if self.external:
            login.append(f"    externalProviders: {self.external},")
        body = ["  loginWith: {", *login, "  },"]
        if self.user_attributes:
            body.append("  userAttributes: {")
            body += [f"    {key}: {value}," for key, value in self.user_attributes.items()]
            body.append("  },")
        if self.multifactor:
            body.append(f"  multifactor: {self.multifactor},")
        if self.account_recovery:
            body.append(f"  accountRecovery: '{self.account_recovery}',")
        if self.groups:
            body.append(f"  groups: [{', '.join(repr(g) for g in self.groups)}],")
        return "\n".join(
            [
                "import { defineAuth, secret } from '@aws-amplify/backend';",
                "",
                "export const auth = defineAuth({",
                *body,
                "});",
                "",
            ]
        )


@dataclass(frozen=True)
class Expect:
    """One planned change: its action, the fields it changes (for updates, exactly) and the
    fields that force it (for replaces, exactly; for updates, none)."""

    action: str
    fields: frozenset[str] = frozenset()
    forcing: frozenset[str] = frozenset()


def update(*fields: str) -> Expect:
    return Expect("update", frozenset(fields))


def replace(*forcing: str) -> Expect:
    return Expect("replace", forcing=frozenset(forcing))


CREATE = Expect("create")
DELETE = Expect("delete")


def google(callbacks: list[str], mapping: str | None = None, oidc: bool = False) -> str:
    lines = [
        "{",
        "      google: {",
        "        clientId: secret('GOOGLE_CLIENT_ID'),",
        "        clientSecret: secret('GOOGLE_CLIENT_SECRET'),",
    ]
    if mapping:
        lines.append(f"        attributeMapping: {mapping},")
    lines.append("      },")
    if oidc:
        lines += [
            "      oidc: [",
            "        {",
            "          name: 'Corp',",
            "          clientId: 'corp-client',",
            "          clientSecret: secret('CORP_OIDC_SECRET'),",
            "          issuerUrl: 'https://login.corp.example.com',",
            "        },",
            "      ],",
        ]
    lines += [
        f"      callbackUrls: {json.dumps(callbacks)},",
        f"      logoutUrls: {json.dumps(LOGOUTS)},",
        "    }",
    ]
    return "\n".join(lines)


class Walk:
    """The sandbox being walked: the project on disk, the CLI, and what the emulator holds."""

    def __init__(self, project: Path, port: int, url: str) -> None:
        self.project = project
        self.resource = project / "amplify" / "auth" / "resource.ts"
        self.where = [
            "--local",
            "--port",
            str(port),
            "--project-dir",
            str(project),
            "--identifier",
            IDENTIFIER,
            "--json",
        ]
        self.definition = Definition()
        self.step = "seed"
        clients = {
            name: boto3.client(
                name,
                endpoint_url=url,
                region_name="us-east-1",
                aws_access_key_id="x",
                aws_secret_access_key="x",
            )
            for name in ("cognito-idp", "cognito-identity", "iam")
        }
        self.idp = clients["cognito-idp"]
        self.identity = clients["cognito-identity"]
        self.iam = clients["iam"]
        self.pool_id = ""

    # The CLI.

    def invoke(self, *args: str) -> tuple[int, dict[str, Any]]:
        result = runner.invoke(app, [*args, *self.where])
        try:
            document = json.loads(result.stdout)
        except json.JSONDecodeError:
            pytest.fail(f"[{self.step}] sandbox {args[0]} printed no JSON:\n{result.output}")
        assert isinstance(document, dict)
        return result.exit_code, document

    def plan(self, detailed: bool = False) -> tuple[int, dict[str, Any]]:
        code, document = self.invoke("plan", *(["--detailed-exitcode"] if detailed else []))
        assert "data" in document, f"[{self.step}] plan failed: {document}"
        return code, document["data"]

    def deploy(self, *extra: str) -> tuple[int, dict[str, Any]]:
        return self.invoke("deploy", *extra)

    # What the emulator holds.

    def pool(self) -> dict[str, Any]:
        pool: dict[str, Any] = self.idp.describe_user_pool(UserPoolId=self.pool_id)["UserPool"]
        return pool

    def pool_ids(self) -> list[str]:
        return [p["Id"] for p in self.idp.list_user_pools(MaxResults=60)["UserPools"]]

    def outputs(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads((self.project / "amplify_outputs.json").read_text())
        return document

    def users(self) -> list[str]:
        listed = self.idp.list_users(UserPoolId=self.pool_id)["Users"]
        return [
            next(a["Value"] for a in user["Attributes"] if a["Name"] == "email") for user in listed
        ]

    def client(self) -> dict[str, Any]:
        client_id = self.outputs()["auth"]["user_pool_client_id"]
        described: dict[str, Any] = self.idp.describe_user_pool_client(
            UserPoolId=self.pool_id, ClientId=client_id
        )["UserPoolClient"]
        return described

    def schema(self) -> dict[str, dict[str, Any]]:
        return {entry["Name"]: entry for entry in self.pool()["SchemaAttributes"]}

    def snapshot(self) -> dict[str, Any]:
        """Every physical thing a deploy could have written, to show a refused one wrote none."""
        pools = {}
        for pool_id in self.pool_ids():
            described = self.idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
            described.pop("LastModifiedDate", None)
            described.pop("CreationDate", None)
            pools[pool_id] = {
                "pool": json.dumps(described, sort_keys=True, default=str),
                "clients": sorted(
                    c["ClientId"]
                    for c in self.idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)[
                        "UserPoolClients"
                    ]
                ),
                "groups": sorted(
                    (g["GroupName"], g.get("Precedence"), g.get("RoleArn"))
                    for g in self.idp.list_groups(UserPoolId=pool_id)["Groups"]
                ),
                "providers": sorted(
                    p["ProviderName"]
                    for p in self.idp.list_identity_providers(UserPoolId=pool_id)["Providers"]
                ),
                "users": sorted(
                    u["Username"] for u in self.idp.list_users(UserPoolId=pool_id)["Users"]
                ),
            }
        identity_pools = sorted(
            p["IdentityPoolId"]
            for p in self.identity.list_identity_pools(MaxResults=60)["IdentityPools"]
        )
        roles = sorted(r["RoleName"] for r in self.iam.list_roles()["Roles"])
        return {
            "pools": pools,
            "identity_pools": identity_pools,
            "roles": roles,
            "outputs": (self.project / "amplify_outputs.json").read_text(),
        }

    def create_user(self) -> None:
        self.idp.admin_create_user(
            UserPoolId=self.pool_id,
            Username=USER,
            UserAttributes=[{"Name": "email", "Value": USER}],
            MessageAction="SUPPRESS",
        )
        assert self.users() == [USER]

    # One edit.

    def check_plan(self, document: dict[str, Any], expected: dict[str, Expect]) -> None:
        planned = {change["resource"]: change for change in document["changes"]}
        actions = {name: change["action"] for name, change in planned.items()}
        assert actions == {name: e.action for name, e in expected.items()}, (
            f"[{self.step}] planned actions\n{json.dumps(document['changes'], indent=1)}"
        )
        for name, wanted in expected.items():
            fields = planned[name]["fields"]
            forcing = {f["name"] for f in fields if f["forces_replacement"]}
            if wanted.action == "update":
                assert {f["name"] for f in fields} == wanted.fields, (
                    f"[{self.step}] fields of {name}: {fields}"
                )
                assert forcing == set(), f"[{self.step}] an update forced by {forcing}"
            if wanted.action == "replace":
                assert forcing == wanted.forcing, f"[{self.step}] {name} forced by {fields}"
        assert document["has_changes"] is True
        assert all(not f["drift"] for c in document["changes"] for f in c["fields"]), (
            f"[{self.step}] drift reported right after a deploy: {document['changes']}"
        )

    def edit(
        self,
        step: str,
        expected: dict[str, Expect],
        *,
        replaces_pool: bool = False,
        detailed: bool = False,
    ) -> None:
        """Write the definition, plan, deploy (refused first when it replaces the pool), plan
        again."""
        self.step = step
        self.resource.write_text(self.definition.render())
        code, document = self.plan(detailed=detailed)
        assert code == (2 if detailed else 0), f"[{step}] plan exit {code}"
        self.check_plan(document, expected)
        assert (document["users_affected"] is not None) == replaces_pool, document
        before_pool = self.pool_id
        if replaces_pool:
            assert document["users_affected"] == len(self.users())
            before = self.snapshot()
            code, refused = self.deploy()
            assert code == 3, f"[{step}] a pool replace was not refused: {refused}"
            assert refused["error"]["code"] == "refused"
            assert "--allow-replace" in refused["error"]["hint"]
            assert self.snapshot() == before, f"[{step}] a refused deploy wrote something"
            assert self.users() == [USER]
        code, deployed = self.deploy(*(["--allow-replace"] if replaces_pool else []))
        assert code == 0, f"[{step}] deploy failed: {deployed}"
        applied = {
            c["resource"]: c["action"]
            for c in deployed["data"]["changes"]
            if c["action"] != "no-op"
        }
        assert applied == {name: e.action for name, e in expected.items()}, f"[{step}] applied"
        code, after = self.plan(detailed=detailed)
        assert code == 0, f"[{step}] plan after the deploy exited {code}"
        assert after["has_changes"] is False, (
            f"[{step}] not converged after the deploy:\n{json.dumps(after['changes'], indent=1)}"
        )
        assert after["changes"] == []
        self.pool_id = self.outputs()["auth"]["user_pool_id"]
        assert self.pool_ids() == [self.pool_id], f"[{step}] pools left: {self.pool_ids()}"
        if replaces_pool:
            assert self.pool_id != before_pool, f"[{step}] the pool was not replaced"
            assert self.users() == [], "a new pool starts empty"
            self.create_user()
        else:
            assert self.pool_id == before_pool, f"[{step}] the pool changed"
            assert self.users() == [USER], f"[{step}] the user is gone"


@pytest.fixture
def walk(
    seed_project: Path, emulator_port: int, emulator_url: str, monkeypatch: pytest.MonkeyPatch
) -> Walk:
    for name, value in (
        ("GOOGLE_CLIENT_ID", GOOGLE_ID),
        ("GOOGLE_CLIENT_SECRET", GOOGLE_SECRET),
        ("CORP_OIDC_SECRET", OIDC_SECRET),
    ):
        monkeypatch.setenv(f"SANDBOX_SECRET_{name}", value)
    return Walk(seed_project, emulator_port, emulator_url)


def test_a_sandbox_follows_successive_edits_of_resource_ts(walk: Walk) -> None:
    d = walk.definition
    seed = walk.resource.read_text()
    assert "email: true" in seed

    # 0. The seed (`loginWith: { email: true }`), as written by the example.
    code, first = walk.plan(detailed=True)
    assert code == 2
    assert {c["resource"]: c["action"] for c in first["changes"]} == {
        name: "create" for name in BASE | {ROLE_ATTACHMENT}
    }
    code, deployed = walk.deploy()
    assert code == 0, deployed
    code, after = walk.plan(detailed=True)
    assert (code, after["has_changes"]) == (0, False), after
    walk.pool_id = walk.outputs()["auth"]["user_pool_id"]
    walk.create_user()
    # The same definition, rendered by the walk: no changes.
    walk.resource.write_text(d.render())
    assert walk.plan()[1]["has_changes"] is False

    # 1. A group: a role and the group.
    d.groups = ["ADMINS"]
    walk.edit("add a group", {"groupADMINSRole": CREATE, "groupADMINS": CREATE}, detailed=True)
    assert walk.outputs()["auth"]["groups"] == [{"ADMINS": {"precedence": 0}}]

    # 2. A second group.
    d.groups = ["ADMINS", "EDITORS"]
    walk.edit("add a second group", {"groupEDITORSRole": CREATE, "groupEDITORS": CREATE})
    groups = walk.idp.list_groups(UserPoolId=walk.pool_id)["Groups"]
    assert {g["GroupName"]: g["Precedence"] for g in groups} == {"ADMINS": 0, "EDITORS": 1}
    assert all(g["RoleArn"] for g in groups)

    # 3. The verification email's subject and body (a message callback).
    d.email = (
        "{ verificationEmailSubject: 'Welcome to Walk', "
        "verificationEmailBody: (createCode) => `Your Walk code: ${createCode()}` }"
    )
    walk.edit("verification email", {USER_POOL: update("VerificationMessageTemplate")})
    template = walk.pool()["VerificationMessageTemplate"]
    assert template["EmailSubject"] == "Welcome to Walk"
    assert template["EmailMessage"] == "Your Walk code: {####}"
    assert template["DefaultEmailOption"] == "CONFIRM_WITH_CODE"

    # 4. A custom attribute: added in place (AddCustomAttributes).
    d.user_attributes["'custom:tier'"] = "{ dataType: 'String', mutable: true, maxLen: 20 }"
    walk.edit("add a custom attribute", {USER_POOL: update("Schema")})
    tier = walk.schema()["custom:tier"]
    assert tier["AttributeDataType"] == "String"
    assert tier["StringAttributeConstraints"]["MaxLength"] == "20"

    # 5. MFA optional with TOTP.
    d.multifactor = "{ mode: 'OPTIONAL', totp: true }"
    walk.edit("MFA optional + TOTP", {USER_POOL: update("MfaConfiguration", "EnabledMfas")})
    assert walk.pool()["MfaConfiguration"] == "OPTIONAL"
    mfa = walk.idp.get_user_pool_mfa_config(UserPoolId=walk.pool_id)
    assert mfa["SoftwareTokenMfaConfiguration"]["Enabled"] is True
    assert walk.outputs()["auth"]["mfa_configuration"] == "OPTIONAL"
    assert walk.outputs()["auth"]["mfa_methods"] == ["TOTP"]

    # 6. Google with secret() client id and secret, and the redirect URLs.
    d.external = google(CALLBACKS)
    # The OAuth flows are CDK's defaults before Google is added too (desired/federation.py
    # NO_PROVIDER_OAUTH); the scopes change order (Amplify's default list, not CDK's).
    oauth_fields = (
        "SupportedIdentityProviders",
        "AllowedOAuthScopes",
        "CallbackURLs",
        "LogoutURLs",
    )
    walk.edit(
        "add Google",
        {
            "identityProviderGoogle": CREATE,
            "userPoolDomain": CREATE,
            CLIENT: update(*oauth_fields),
            IDENTITY_POOL: update("SupportedLoginProviders"),
        },
    )
    provider = walk.idp.describe_identity_provider(UserPoolId=walk.pool_id, ProviderName="Google")
    details = provider["IdentityProvider"]["ProviderDetails"]
    assert (details["client_id"], details["client_secret"]) == (GOOGLE_ID, GOOGLE_SECRET)
    assert provider["IdentityProvider"]["AttributeMapping"] == {"email": "email"}
    assert walk.client()["CallbackURLs"] == CALLBACKS
    assert walk.client()["SupportedIdentityProviders"] == ["Google", "COGNITO"]
    identity_pool = walk.identity.describe_identity_pool(
        IdentityPoolId=walk.outputs()["auth"]["identity_pool_id"]
    )
    assert identity_pool["SupportedLoginProviders"] == {"accounts.google.com": GOOGLE_ID}
    oauth = walk.outputs()["auth"]["oauth"]
    assert oauth["identity_providers"] == ["GOOGLE"]
    assert oauth["redirect_sign_in_uri"] == CALLBACKS
    assert GOOGLE_SECRET not in json.dumps(walk.outputs())

    # 7. Another callback URL.
    callbacks = [*CALLBACKS, "walk://callback/"]
    d.external = google(callbacks)
    walk.edit("change callback URLs", {CLIENT: update("CallbackURLs")})
    assert walk.client()["CallbackURLs"] == callbacks
    assert walk.outputs()["auth"]["oauth"]["redirect_sign_in_uri"] == callbacks

    # 8. Google's attribute mapping.
    d.external = google(callbacks, mapping="{ givenName: 'given_name' }")
    walk.edit("Google attribute mapping", {"identityProviderGoogle": update("AttributeMapping")})
    provider = walk.idp.describe_identity_provider(UserPoolId=walk.pool_id, ProviderName="Google")
    assert provider["IdentityProvider"]["AttributeMapping"] == {
        "email": "email",
        "given_name": "given_name",
    }

    # 9. An OIDC provider.
    d.external = google(callbacks, mapping="{ givenName: 'given_name' }", oidc=True)
    walk.edit(
        "add an OIDC provider",
        {"identityProviderCorp": CREATE, CLIENT: update("SupportedIdentityProviders")},
    )
    corp = walk.idp.describe_identity_provider(UserPoolId=walk.pool_id, ProviderName="Corp")
    assert corp["IdentityProvider"]["ProviderType"] == "OIDC"
    assert corp["IdentityProvider"]["ProviderDetails"]["client_secret"] == OIDC_SECRET
    assert corp["IdentityProvider"]["ProviderDetails"]["oidc_issuer"] == (
        "https://login.corp.example.com"
    )
    assert walk.client()["SupportedIdentityProviders"] == ["Google", "Corp", "COGNITO"]
    # Only the social providers are in the outputs' oauth providers.
    assert walk.outputs()["auth"]["oauth"]["identity_providers"] == ["GOOGLE"]

    # 10. The OIDC provider removed again.
    d.external = google(callbacks, mapping="{ givenName: 'given_name' }")
    walk.edit(
        "remove the OIDC provider",
        {"identityProviderCorp": DELETE, CLIENT: update("SupportedIdentityProviders")},
    )
    providers = walk.idp.list_identity_providers(UserPoolId=walk.pool_id)["Providers"]
    assert [p["ProviderName"] for p in providers] == ["Google"]
    assert walk.client()["SupportedIdentityProviders"] == ["Google", "COGNITO"]

    # 11. Account recovery.
    d.account_recovery = "NONE"
    walk.edit("account recovery", {USER_POOL: update("AccountRecoverySetting")})
    assert walk.pool()["AccountRecoverySetting"]["RecoveryMechanisms"] == [
        {"Name": "admin_only", "Priority": 1}
    ]

    # 12. A group renamed: the old one and its role go, the new one and its role come.
    d.groups = ["ADMINS", "WRITERS"]
    walk.edit(
        "rename a group",
        {
            "groupEDITORS": DELETE,
            "groupEDITORSRole": DELETE,
            "groupWRITERSRole": CREATE,
            "groupWRITERS": CREATE,
        },
    )
    groups = walk.idp.list_groups(UserPoolId=walk.pool_id)["Groups"]
    assert {g["GroupName"]: g["Precedence"] for g in groups} == {"ADMINS": 0, "WRITERS": 1}
    roles = {r["RoleName"] for r in walk.iam.list_roles()["Roles"]}
    assert not any("EDITOR" in name for name in roles), roles

    # 13. The first group removed: the other one moves up to precedence 0, and its role is named
    # after its position, so the role is replaced (not the pool: applied without
    # --allow-replace) and the group updated to point at it.
    d.groups = ["WRITERS"]
    walk.edit(
        "remove a group",
        {
            "groupADMINS": DELETE,
            "groupADMINSRole": DELETE,
            "groupWRITERSRole": replace("RoleName"),
            "groupWRITERS": update("Precedence", "RoleArn"),
        },
    )
    (group,) = walk.idp.list_groups(UserPoolId=walk.pool_id)["Groups"]
    assert (group["GroupName"], group["Precedence"]) == ("WRITERS", 0)
    role_name = group["RoleArn"].rsplit("/", 1)[1]
    assert walk.iam.get_role(RoleName=role_name)["Role"]["Arn"] == group["RoleArn"]
    assert walk.outputs()["auth"]["groups"] == [{"WRITERS": {"precedence": 0}}]

    # 14. SMS as a second MFA method: an SMS role, and the pool updated in place.
    d.multifactor = "{ mode: 'OPTIONAL', totp: true, sms: true }"
    walk.edit(
        "add SMS MFA",
        {"smsRole": CREATE, USER_POOL: update("EnabledMfas", "SmsConfiguration")},
    )
    mfa = walk.idp.get_user_pool_mfa_config(UserPoolId=walk.pool_id)
    assert mfa["SmsMfaConfiguration"]["SmsConfiguration"]["SnsCallerArn"].endswith("smsRole")
    assert walk.outputs()["auth"]["mfa_methods"] == ["SMS", "TOTP"]

    # 15. A standard attribute, not required and mutable. That is how Cognito already has every
    # standard attribute (DescribeUserPool lists them all, with these flags), so the planner
    # judges it no replacement: an in-place update that changes nothing in the pool, after which
    # the plan must be clean (no drift, and certainly no replace of a pool that has a custom
    # attribute).
    optional_given_name = {
        "Name": "given_name",
        "AttributeDataType": "String",
        "Mutable": True,
        "Required": False,
    }
    assert schema_forces_replacement([], [optional_given_name]) is False
    d.user_attributes["givenName"] = "{ required: false, mutable: true }"
    walk.edit("optional standard attribute", {USER_POOL: update("Schema")})
    assert walk.schema()["given_name"]["Required"] is False

    # Everything that lives in the user pool is replaced with it; what refers to it is updated.
    in_pool = {
        "identityProviderGoogle": replace("UserPoolId"),
        "userPoolDomain": replace("UserPoolId"),
        CLIENT: replace("UserPoolId"),
        "groupWRITERS": replace("UserPoolId"),
        IDENTITY_POOL: update("CognitoIdentityProviders"),
        ROLE_ATTACHMENT: update("RoleMappings"),
    }

    # 16. Phone login: a new sign-in attribute, fixed at creation: the pool is replaced.
    d.phone = True
    walk.edit(
        "add phone login",
        {USER_POOL: replace("UsernameAttributes", "Schema"), **in_pool},
        replaces_pool=True,
        detailed=True,
    )
    assert walk.pool()["UsernameAttributes"] == ["email", "phone_number"]
    assert walk.schema()["phone_number"]["Required"] is True
    assert walk.outputs()["auth"]["username_attributes"] == ["email", "phone_number"]

    # 17. A custom attribute removed: Cognito cannot delete one, so the pool is replaced.
    del d.user_attributes["'custom:tier'"]
    walk.edit(
        "remove a custom attribute", {USER_POOL: replace("Schema"), **in_pool}, replaces_pool=True
    )
    assert "custom:tier" not in walk.schema()

    # 18. A standard attribute made required: fixed at creation, so the pool is replaced.
    d.user_attributes["givenName"] = "{ required: true, mutable: true }"
    walk.edit(
        "make given_name required", {USER_POOL: replace("Schema"), **in_pool}, replaces_pool=True
    )
    assert walk.schema()["given_name"]["Required"] is True
    assert "given_name" in walk.outputs()["auth"]["standard_required_attributes"]

    # 19. Back to the seed: everything the walk added goes, the pool is replaced once more
    # (phone login and the required attribute go away).
    walk.resource.write_text(seed)
    walk.step = "back to the seed"
    code, back = walk.plan()
    actions = {c["resource"]: c["action"] for c in back["changes"]}
    assert actions[USER_POOL] == "replace"
    for name in ("smsRole", "groupWRITERS", "groupWRITERSRole", "identityProviderGoogle"):
        assert actions[name] == "delete", actions
    assert walk.deploy()[0] == 3
    code, done = walk.deploy("--allow-replace")
    assert code == 0, done
    assert walk.plan(detailed=True)[0] == 0
    assert walk.pool_ids() == [walk.outputs()["auth"]["user_pool_id"]]
    assert "oauth" not in walk.outputs()["auth"]
