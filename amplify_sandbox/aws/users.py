"""The people of a deployed user pool: users, their passwords, groups and status (Cognito admin API).

Every writing operation checks what it depends on first (the user, the groups) so a bad input
changes nothing: a weak password is refused by Cognito before the user exists, an unknown group
before the user is created.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from amplify_sandbox.aws.errors import error_code
from amplify_sandbox.errors import UsageError

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

VERIFIED_ATTRIBUTES = {"email": "email_verified", "phone_number": "phone_number_verified"}
# What `User.describe` gives (fields and properties), in order.
DESCRIBED = (
    "username",
    "login",
    "status",
    "enabled",
    "verified",
    "groups",
    "created",
    "attributes",
)


@dataclass(frozen=True)
class User:
    username: str
    status: str
    enabled: bool
    created: datetime | None
    attributes: dict[str, str]
    groups: list[str] = field(default_factory=list)

    @property
    def verified(self) -> list[str]:
        """The contact attributes marked verified (email, phone_number)."""
        return [
            name
            for name, flag in VERIFIED_ATTRIBUTES.items()
            if self.attributes.get(flag, "").lower() == "true"
        ]

    @property
    def login(self) -> str:
        return self.attributes.get("email") or self.attributes.get("phone_number") or self.username

    def describe(self) -> dict[str, Any]:
        """The user as JSON: `DESCRIBED`, in that order, with `created` as ISO 8601."""
        document = {name: getattr(self, name) for name in DESCRIBED}
        document["created"] = self.created.isoformat() if self.created else None
        return document


def login_attributes(login: str) -> dict[str, str]:
    """The contact attribute a sign-in name stands for: an email, a phone number, or none."""
    if "@" in login:
        return {"email": login}
    if login.startswith("+"):
        return {"phone_number": login}
    return {}


_USER_ERRORS = {
    "UserNotFoundException": ("No user {user} in this sandbox's user pool.", "users list"),
    "UsernameExistsException": ("A user {user} already exists.", "users show {user}"),
}


class PoolPeople:
    """The users and groups of one user pool."""

    def __init__(self, client: CognitoIdentityProviderClient, pool_id: str) -> None:
        self._client = client
        self.pool_id = pool_id

    @contextmanager
    def _about(self, user: str) -> Iterator[None]:
        """Cognito's refusals of a bad input as usage errors (its own message kept)."""
        try:
            yield
        except ClientError as exc:
            code = error_code(exc)
            message = exc.response.get("Error", {}).get("Message", "")
            if code in _USER_ERRORS:
                text, hint = _USER_ERRORS[code]
                raise UsageError(
                    text.format(user=user), hint=f"`sandbox {hint.format(user=user)}`"
                ) from None
            if code == "InvalidPasswordException":
                raise UsageError(
                    f"Cognito refused the password: {message}",
                    hint="Choose one that meets the pool's password policy; nothing was changed.",
                ) from None
            if code == "InvalidParameterException":
                raise UsageError(f"Cognito refused it: {message}") from None
            raise

    # -- reading -----------------------------------------------------------------------------
    def group_names(self) -> list[str]:
        names: list[str] = []
        for page in self._client.get_paginator("list_groups").paginate(UserPoolId=self.pool_id):
            names += [group["GroupName"] for group in page["Groups"]]
        return names

    def check_groups(self, groups: Sequence[str]) -> None:
        known = set(self.group_names())
        missing = [group for group in groups if group not in known]
        if missing:
            raise UsageError(
                f"No group {', '.join(missing)} in this sandbox's user pool "
                f"(groups: {', '.join(sorted(known)) or 'none'}).",
                hint="Groups come from the definition's `groups: [...]`; deploy it first. "
                "Nothing was changed.",
            )

    def _groups_of(self, username: str) -> list[str]:
        found = self._client.admin_list_groups_for_user(Username=username, UserPoolId=self.pool_id)
        return sorted(group["GroupName"] for group in found["Groups"])

    def _user_of(self, found: Any, attributes: str) -> User:
        """A User from a Cognito user record (`attributes`: the key of its attribute list, which
        AdminGetUser and ListUsers name differently)."""
        username = found["Username"]
        return User(
            username=username,
            status=found.get("UserStatus", "UNKNOWN"),
            enabled=found.get("Enabled", True),
            created=found.get("UserCreateDate"),
            attributes={a["Name"]: a.get("Value", "") for a in found[attributes]},
            groups=self._groups_of(username),
        )

    def get(self, user: str) -> User:
        with self._about(user):
            found = self._client.admin_get_user(UserPoolId=self.pool_id, Username=user)
            return self._user_of(found, "UserAttributes")

    def exists(self, user: str) -> bool:
        try:
            self.get(user)
        except UsageError:
            return False
        return True

    def list(self, group: str | None = None) -> list[User]:
        if group is not None:
            self.check_groups([group])
            pages: Iterator[Any] = iter(
                self._client.get_paginator("list_users_in_group").paginate(
                    UserPoolId=self.pool_id, GroupName=group
                )
            )
        else:
            pages = iter(self._client.get_paginator("list_users").paginate(UserPoolId=self.pool_id))
        users = []
        for page in pages:
            for found in page["Users"]:
                users.append(self._user_of(found, "Attributes"))
        return sorted(users, key=lambda user: user.login)

    # -- writing -----------------------------------------------------------------------------
    def add(
        self,
        login: str,
        password: str,
        *,
        temporary: bool = False,
        confirmed: bool = False,
        groups: Sequence[str] = (),
        attributes: Mapping[str, str] | None = None,
    ) -> User:
        """Create a user with this password (permanent unless `temporary`), in these groups.

        The groups are checked first and the password is checked by Cognito as the user is
        created, so a refusal leaves no user behind."""
        self.check_groups(groups)
        values = {**login_attributes(login), **(attributes or {})}
        if confirmed:
            for name, flag in VERIFIED_ATTRIBUTES.items():
                if name in values:
                    values[flag] = "true"
        with self._about(login):
            created = self._client.admin_create_user(
                UserPoolId=self.pool_id,
                Username=login,
                TemporaryPassword=password,
                MessageAction="SUPPRESS",
                UserAttributes=[{"Name": k, "Value": v} for k, v in values.items()],
            )
        username = created["User"]["Username"]
        try:
            if not temporary:
                self.set_password(username, password, temporary=False)
            for group in groups:
                self.add_to_group(username, group)
        except Exception:
            self._client.admin_delete_user(UserPoolId=self.pool_id, Username=username)
            raise
        return self.get(username)

    def update_attributes(self, user: str, attributes: Mapping[str, str]) -> None:
        if attributes:
            with self._about(user):
                self._client.admin_update_user_attributes(
                    UserPoolId=self.pool_id,
                    Username=user,
                    UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()],
                )

    def remove(self, user: str) -> None:
        with self._about(user):
            self._client.admin_delete_user(UserPoolId=self.pool_id, Username=user)

    def confirm(self, user: str) -> User:
        """Confirm a signed-up user and mark its email / phone number verified."""
        current = self.get(user)
        with self._about(user):
            if current.status == "UNCONFIRMED":
                self._client.admin_confirm_sign_up(UserPoolId=self.pool_id, Username=user)
        flags = {
            flag: "true" for name, flag in VERIFIED_ATTRIBUTES.items() if name in current.attributes
        }
        self.update_attributes(current.username, flags)
        return self.get(current.username)

    def set_password(self, user: str, password: str, *, temporary: bool = False) -> None:
        with self._about(user):
            self._client.admin_set_user_password(
                UserPoolId=self.pool_id, Username=user, Password=password, Permanent=not temporary
            )

    def add_to_group(self, user: str, group: str) -> None:
        self.check_groups([group])
        with self._about(user):
            self._client.admin_add_user_to_group(
                UserPoolId=self.pool_id, Username=user, GroupName=group
            )

    def remove_from_group(self, user: str, group: str) -> None:
        self.check_groups([group])
        with self._about(user):
            self._client.admin_remove_user_from_group(
                UserPoolId=self.pool_id, Username=user, GroupName=group
            )

    def set_enabled(self, user: str, enabled: bool) -> None:
        with self._about(user):
            if enabled:
                self._client.admin_enable_user(UserPoolId=self.pool_id, Username=user)
            else:
                self._client.admin_disable_user(UserPoolId=self.pool_id, Username=user)
