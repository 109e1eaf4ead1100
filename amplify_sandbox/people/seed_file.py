"""`amplify/seed.json`: test users declared as data, for projects without Node.

```json
{"users": [{"username": "ada@example.com",
            "password": {"secret": "ADA_PASSWORD"},
            "attributes": {"given_name": "Ada"},
            "groups": ["admin"]}]}
```
`password` is `{"secret": NAME}` (a `sandbox secret` of the sandbox, or its shared one, or
`SANDBOX_SECRET_<NAME>`): never the text itself. Applying it is idempotent: a user that exists
gets its attributes, password and groups set again. Everything is checked (shape, secrets,
groups) before the first user is touched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amplify_sandbox.errors import UsageError
from amplify_sandbox.user_files import parsed

if TYPE_CHECKING:
    from amplify_sandbox.aws.users import PoolPeople

SEED_JSON = Path("amplify") / "seed.json"


@dataclass(frozen=True)
class SeedUser:
    username: str
    password_secret: str
    attributes: dict[str, str] = field(default_factory=dict)
    groups: list[str] = field(default_factory=list)
    temporary: bool = False


def _bad(path: Path, where: str, message: str) -> UsageError:
    return UsageError(
        f"{path}: {where}: {message}",
        hint='Each user: {"username": "...", "password": {"secret": "NAME"}, '
        '"attributes": {...}, "groups": [...]}; see `sandbox seed --help`.',
    )


def _user(path: Path, index: int, raw: Any) -> SeedUser:
    where = f"users[{index}]"
    if not isinstance(raw, dict):
        raise _bad(path, where, "expected an object")
    unknown = set(raw) - {"username", "password", "attributes", "groups", "temporary"}
    if unknown:
        raise _bad(path, f"{where}.{sorted(unknown)[0]}", "unknown field")
    username = raw.get("username")
    if not isinstance(username, str) or not username:
        raise _bad(path, f"{where}.username", "expected a non-empty string")
    password = raw.get("password")
    if isinstance(password, str):
        raise _bad(
            path,
            f"{where}.password",
            'a password is never written in the file: use {"secret": NAME}',
        )
    if not isinstance(password, dict) or not isinstance(password.get("secret"), str):
        raise _bad(path, f"{where}.password", 'expected {"secret": "NAME"}')
    attributes = raw.get("attributes", {})
    if not isinstance(attributes, dict) or not all(isinstance(v, str) for v in attributes.values()):
        raise _bad(path, f"{where}.attributes", "expected an object of strings")
    groups = raw.get("groups", [])
    if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
        raise _bad(path, f"{where}.groups", "expected a list of group names")
    temporary = raw.get("temporary", False)
    if not isinstance(temporary, bool):
        raise _bad(path, f"{where}.temporary", "expected true or false")
    return SeedUser(username, password["secret"], dict(attributes), list(groups), temporary)


def load_seed_file(path: Path) -> list[SeedUser]:
    document = parsed(path, hint="Fix the JSON syntax.")
    if not isinstance(document, dict) or not isinstance(document.get("users"), list):
        raise _bad(path, "users", 'expected {"users": [...]}')
    if set(document) - {"users", "$schema"}:
        raise _bad(path, sorted(set(document) - {"users", "$schema"})[0], "unknown field")
    return [_user(path, i, raw) for i, raw in enumerate(document["users"])]


@dataclass(frozen=True)
class SeededUser:
    username: str
    created: bool
    groups: list[str]


def apply_seed(
    users: Sequence[SeedUser],
    people: PoolPeople,
    secrets: Callable[[Sequence[str]], Mapping[str, str]],
) -> list[SeededUser]:
    """Create (or bring up to date) every user; checks secrets and groups before any change."""
    names = sorted({user.password_secret for user in users})
    values = secrets(names) if names else {}
    missing = [name for name in names if name not in values]
    if missing:
        raise UsageError(
            f"Secret {', '.join(missing)} (a seed user's password) is not set for this sandbox; "
            "nothing was seeded.",
            hint=f"Set it with `sandbox secret set {missing[0]}` (same --local / --identifier).",
        )
    people.check_groups(sorted({group for user in users for group in user.groups}))
    done = []
    for user in users:
        password = values[user.password_secret]
        created = not people.exists(user.username)
        if created:
            people.add(
                user.username,
                password,
                temporary=user.temporary,
                groups=user.groups,
                attributes=user.attributes,
            )
        else:
            found = people.get(user.username)
            people.update_attributes(found.username, user.attributes)
            people.set_password(found.username, password, temporary=user.temporary)
            for group in user.groups:
                if group not in found.groups:
                    people.add_to_group(found.username, group)
        done.append(SeededUser(user.username, created, sorted(user.groups)))
    return done
