"""The localhost bridge a seed script's `@aws-amplify/seed` calls reach (shim/seed.mjs).

The real package finds the pool through a CloudFormation stack and signs users in with
Amplify JS against the Cognito endpoint of AWS; this tool creates no stack, and the emulator is
not at that endpoint. So the shim sends each call here, and this process does it on the pool
of the state record with the tool's own clients and secret store, on AWS or the emulator alike.
It listens on 127.0.0.1 only and answers only the token it gave the script.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from amplify_sandbox.errors import SandboxError

if TYPE_CHECKING:
    from amplify_sandbox.aws.users import PoolPeople

TOKEN_HEADER = "x-amplify-sandbox-seed"


class SeedCallError(Exception):
    """An error the script sees, named as `@aws-amplify/seed` names it."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def cognito_name(name: str) -> str:
    """`userAttributes` keys as the seed package maps them: camelCase → Cognito's snake_case
    (`givenName` → `given_name`); `custom:x` kept."""
    if ":" in name:
        return name
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


@dataclass
class SeedBridge:
    people: PoolPeople
    get_secrets: Callable[[Sequence[str]], Mapping[str, str]]
    set_secret: Callable[[str, str], None]
    # What the script did, for the report.
    created: list[str]
    grouped: list[tuple[str, str]]

    def handle(self, operation: str, body: dict[str, Any]) -> Any:
        method = getattr(self, f"op_{operation}", None)
        if method is None:
            raise SeedCallError("UnsupportedOperationError", f"{operation} is not supported")
        return method(body)

    def op_createAndSignUpUser(self, body: dict[str, Any]) -> dict[str, Any]:
        username, password = str(body.get("username", "")), body.get("password")
        flow = body.get("signInFlow", "Password")
        if flow != "Password":
            raise SeedCallError(
                "UnsupportedSignInFlowError",
                f"signInFlow {flow!r} is not supported by `sandbox seed` (only 'Password')",
            )
        if not isinstance(password, str) or not password:
            raise SeedCallError("InvalidParameterError", "createAndSignUpUser needs a password")
        if self.people.exists(username):
            raise SeedCallError("UsernameExistsError", f"A user called {username} already exists.")
        raw = body.get("userAttributes") or {}
        attributes = {cognito_name(str(k)): str(v) for k, v in dict(raw).items()}
        user = self._do(lambda: self.people.add(username, password, attributes=attributes))
        self.created.append(user.login)
        return {"username": username, "signInFlow": flow}

    def op_signInUser(self, body: dict[str, Any]) -> dict[str, Any]:
        username = str(body.get("username", ""))
        self._do(lambda: self.people.get(username))
        return {"username": username, "signInFlow": body.get("signInFlow", "Password")}

    def _group(self, body: dict[str, Any], add: bool) -> dict[str, Any]:
        username, group = str(body.get("username", "")), str(body.get("group", ""))
        if group not in self.people.group_names():
            raise SeedCallError(
                "AmplifyUserError", f"There is no group called {group} in this userpool"
            )
        if add:
            self._do(lambda: self.people.add_to_group(username, group))
            self.grouped.append((username, group))
        else:
            self._do(lambda: self.people.remove_from_group(username, group))
        return {"username": username, "signInFlow": "Password"}

    def op_addToUserGroup(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._group(body, add=True)

    def op_removeFromUserGroup(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._group(body, add=False)

    def op_getSecret(self, body: dict[str, Any]) -> str:
        name = str(body.get("name", ""))
        value: str | None = self._do(lambda: self.get_secrets([name])).get(name)
        if value is None:
            raise SeedCallError(
                "SecretNotFoundError",
                f"Secret {name} is not set for this sandbox (`sandbox secret set {name}`)",
            )
        return value

    def op_setSecret(self, body: dict[str, Any]) -> str:
        name, value = str(body.get("name", "")), body.get("value")
        if not isinstance(value, str):
            raise SeedCallError("InvalidParameterError", "setSecret needs a string value")
        self._do(lambda: self.set_secret(name, value))
        return name

    @staticmethod
    def _do(action: Callable[[], Any]) -> Any:
        from amplify_sandbox.aws.errors import aws_errors

        try:
            with aws_errors():
                return action()
        except SandboxError as exc:
            raise SeedCallError(type(exc).__name__, exc.message) from None


@contextmanager
def serving(bridge: SeedBridge) -> Iterator[tuple[str, str]]:
    """Serve the bridge on 127.0.0.1 (a free port) while the script runs: (url, token)."""
    token = secrets.token_urlsafe(24)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: nothing of a call (a password, a secret) is logged."""

        def _answer(self, status: int, document: dict[str, Any]) -> None:
            payload = json.dumps(document).encode("utf-8")
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_POST(self) -> None:
            if not secrets.compare_digest(self.headers.get(TOKEN_HEADER, ""), token):
                self._answer(403, {"error": {"name": "Forbidden", "message": "bad token"}})
                return
            length = int(self.headers.get("content-length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
                result = bridge.handle(self.path.strip("/"), body if isinstance(body, dict) else {})
            except SeedCallError as exc:
                self._answer(200, {"error": {"name": exc.name, "message": exc.message}})
                return
            except Exception as exc:  # the script gets a message, never a traceback
                self._answer(200, {"error": {"name": "Error", "message": type(exc).__name__}})
                return
            self._answer(200, {"result": result})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", token
    finally:
        server.shutdown()
        server.server_close()
