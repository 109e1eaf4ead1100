"""Who a sandbox is: app namespace + identifier, and every name derived from them.

Names follow Amplify Gen 2 (platform-core backend_identifier_conversions.ts) so secrets and
outputs line up with `npx ampx sandbox` for the same project and identifier.
"""

from __future__ import annotations

import getpass
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from amplify_sandbox.errors import UsageError
from amplify_sandbox.user_files import parsed

IDENTIFIER_PATTERN = re.compile(r"^[a-zA-Z0-9-]{1,15}$")
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]")
_MAX_STACK_NAME = 128
_TYPE = "sandbox"


def sanitize(value: str) -> str:
    """Drop every character outside [A-Za-z0-9], as Amplify does for resource names."""
    return _NON_ALNUM.sub("", value)


def _sha512_hex(value: str) -> str:
    return hashlib.sha512(value.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SandboxIdentity:
    """One sandbox: the app's namespace (package name) and the developer's identifier."""

    namespace: str
    identifier: str

    @property
    def hash10(self) -> str:
        return _sha512_hex(self.namespace + self.identifier)[:10]

    @property
    def name_s(self) -> str:
        return sanitize(self.identifier)[:50]

    @property
    def namespace_s(self) -> str:
        ns_max = _MAX_STACK_NAME - len("amplify") - len(_TYPE) - len(self.name_s) - 4 - 10
        return sanitize(self.namespace)[: ns_max - 1]

    @property
    def stack_name(self) -> str:
        """Amplify's stack name; also this tool's sandbox id (tags, state path)."""
        return f"amplify-{self.namespace_s}-{self.name_s}-{_TYPE}-{self.hash10}"

    @property
    def stable_hash20(self) -> str:
        """Amplify's stable backend hash: the Cognito domain prefix."""
        return _sha512_hex(_TYPE + self.namespace + self.identifier)[:20]

    @property
    def secret_path(self) -> str:
        """SSM path prefix of this sandbox's secrets (no trailing slash)."""
        return f"/amplify/{self.namespace_s}/{self.name_s}-{_TYPE}-{self.hash10}"

    @property
    def shared_secret_path(self) -> str:
        return f"/amplify/shared/{self.namespace}"

    @property
    def state_path(self) -> str:
        """SSM path under which this tool records the deployed state."""
        return f"/amplify-sandbox/{self.stack_name}/state"


def validate_identifier(identifier: str) -> str:
    """Amplify's identifier rule, plus no `-` at either end.

    The sandbox hash is taken over `namespace + identifier` and the names drop the hyphens, so
    app `shop-` with identifier `x` and app `shop` with identifier `-x` would be one sandbox.
    Two (namespace, identifier) pairs can only collide that way when one identifier starts
    with the hyphens the other namespace ends with, so refusing an edge hyphen on the
    identifier keeps every sandbox id distinct without changing Amplify's names."""
    if not IDENTIFIER_PATTERN.match(identifier):
        raise UsageError(
            f"Invalid identifier {identifier!r}: use 1-15 letters, digits or hyphens.",
            hint="Pass --identifier with a value such as 'alice' or 'ci-1234'.",
        )
    if identifier.startswith("-") or identifier.endswith("-"):
        raise UsageError(
            f"Invalid identifier {identifier!r}: it must not start or end with a hyphen "
            "(it would name the same sandbox as another app's).",
            hint=f"Pass --identifier {identifier.strip('-') or 'sandbox'!r} instead.",
        )
    return identifier


def default_identifier() -> str:
    """The OS user name, cut to what Amplify accepts (Amplify uses the user name too)."""
    user = getpass.getuser()
    cleaned = re.sub(r"[^a-zA-Z0-9-]", "", user)[:15].strip("-")
    return cleaned or "sandbox"


def find_namespace(project_dir: Path) -> str:
    """package.json `name`, else pyproject.toml `[project].name`, else the directory name."""
    package_json = project_dir / "package.json"
    if package_json.is_file():
        document = parsed(package_json, hint="Fix package.json; its `name` is the app's namespace.")
        name = document.get("name") if isinstance(document, dict) else None
        if isinstance(name, str) and name:
            return name
    pyproject = project_dir / "pyproject.toml"
    if pyproject.is_file():
        data = parsed(
            pyproject, hint="Fix pyproject.toml; its [project].name is the app's namespace."
        )
        name = data.get("project", {}).get("name")
        if isinstance(name, str) and name:
            return name
    return project_dir.resolve().name


def resolve_identity(project_dir: Path, identifier: str | None) -> SandboxIdentity:
    ident = validate_identifier(identifier) if identifier is not None else default_identifier()
    return SandboxIdentity(namespace=find_namespace(project_dir), identifier=ident)
