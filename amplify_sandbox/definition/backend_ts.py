"""Reading `amplify/backend.ts` statically: the L1 overrides Amplify's docs show and real
projects write after `defineBackend({ auth, ... })`, and `backend.addOutput({...})`.

Nothing is run. Each top-level statement is recognised or, when it touches `backend.auth`,
reported as not applied with its file:line; statements that do not touch auth (data, storage,
functions) are none of this tool's business. Names bound to parts of the backend
(`const { cfnUserPool } = backend.auth.resources.cfnResources`, `const pool =
backend.auth.resources.userPool.node.defaultChild as CfnUserPool`) are followed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import tree_sitter

from amplify_sandbox.definition.model import BackendOverrides, PropertyOverride
from amplify_sandbox.definition.project import project_root
from amplify_sandbox.definition.ts.functions import Evaluator
from amplify_sandbox.definition.ts.parse import (
    check_syntax,
    field_children,
    named,
    read_source,
    unwrap,
    with_fields,
)
from amplify_sandbox.definition.ts.runtime import Program
from amplify_sandbox.definition.values import UNDEFINED, JsArray, JsObject
from amplify_sandbox.errors import DefinitionError

BACKEND_TS = Path("amplify/backend.ts")

Resource = Literal["userPool", "userPoolClient", "identityPool"]
Path_ = tuple[str, ...]

# The L1 resource each `cfnResources` name (or `<L2>.node.defaultChild`) is.
_CFN_NAMES: dict[str, Resource] = {
    "cfnUserPool": "userPool",
    "cfnUserPoolClient": "userPoolClient",
    "cfnIdentityPool": "identityPool",
}
_DEFAULT_CHILDREN: dict[str, str] = {
    "userPool": "cfnUserPool",
    "userPoolClient": "cfnUserPoolClient",
}
# The top-level L1 properties applied, per resource (CloudFormation names).
APPLIED_PROPERTIES: dict[Resource, frozenset[str]] = {
    "userPool": frozenset(
        {
            "Policies",
            "UsernameAttributes",
            "AliasAttributes",
            "UserPoolTier",
            "UserPoolAddOns",
            "DeletionProtection",
            "MfaConfiguration",
        }
    ),
    "userPoolClient": frozenset(
        {
            "ExplicitAuthFlows",
            "AccessTokenValidity",
            "IdTokenValidity",
            "RefreshTokenValidity",
            "TokenValidityUnits",
            "PreventUserExistenceErrors",
        }
    ),
    "identityPool": frozenset({"AllowUnauthenticatedIdentities"}),
}
_CFN_PREFIX: Path_ = ("auth", "resources", "cfnResources")


def find_backend_file(definition_file: Path) -> Path | None:
    """`amplify/backend.ts` next to `amplify/auth/`, if there is one."""
    candidate = definition_file.parent.parent / "backend.ts"
    return candidate if candidate.is_file() else None


def load_backend(path: Path, env: Mapping[str, str] | None = None) -> BackendOverrides:
    """The overrides `backend.ts` makes; a syntax error is a located DefinitionError."""
    src = read_source(path)
    check_syntax(src)
    environment = os.environ if env is None else env
    program = Program(project_root(path), environment)
    evaluator = Evaluator(src, environment, program)
    return _Reader(evaluator, path).read()


def _pascal(key: str) -> str:
    return key[:1].upper() + key[1:]


def _plain(value: Any, pascal: bool) -> Any:
    """An evaluated value as plain JSON, object keys in CloudFormation names when `pascal`."""
    if value is UNDEFINED:
        return None
    if isinstance(value, JsObject | dict):
        return {
            (_pascal(k) if pascal else k): _plain(v, pascal)
            for k, v in value.items()
            if v is not UNDEFINED
        }
    if isinstance(value, JsArray | list | tuple):
        return [_plain(item, pascal) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(type(value).__name__)


# The two parts read of each expression followed: a path and its key (`a.b`, `a['b']`), and
# the subject and the rest of what a backend.ts may apply (an assignment, a call).
_PARTS = {
    "member_expression": ("object", "property"),
    "subscript_expression": ("object", "index"),
    "assignment_expression": ("left", "right"),
    "call_expression": ("function", "arguments"),
}
_PATHS = ("member_expression", "subscript_expression")
_APPLIED = ("assignment_expression", "call_expression")


class _Reader:
    def __init__(self, evaluator: Evaluator, path: Path) -> None:
        self.ev = evaluator
        self.src = evaluator.src
        self.path = path
        self.aliases: dict[str, Path_] = {}
        self.backend: str | None = None
        self.properties: list[PropertyOverride] = []
        self.merges: list[PropertyOverride] = []
        self.outputs: dict[str, Any] | None = None
        self.unapplied: list[str] = []

    # --- names -------------------------------------------------------------------------
    def path_of(self, node: tree_sitter.Node) -> Path_ | None:
        """The backend path an expression denotes (`("auth", "resources", ...)`), or None."""
        node = unwrap(node)
        if node.type == "identifier":
            name = self.src.text(node)
            if name == self.backend:
                return ()
            return self.aliases.get(name)
        # `a.b`, and `a['b']` with a string literal: the key's text (quotes dropped).
        parts = field_children(node, *_PARTS[node.type]) if node.type in _PATHS else None
        if parts is None:
            return None
        obj, key_node = parts
        subscript = node.type == "subscript_expression"
        if subscript and key_node.type != "string":
            return None
        base = self.path_of(obj)
        key = self.src.text(key_node)[1:-1] if subscript else self.src.text(key_node)
        return None if base is None else _canonical((*base, key))

    def touches_auth(self, node: tree_sitter.Node) -> bool:
        stack = [node]
        while stack:
            current = stack.pop()
            if current.type in ("identifier", "member_expression", "subscript_expression"):
                found = self.path_of(current)
                if found is not None and (
                    (found and found[0] == "auth")
                    or (not found and self._backend_used_for_auth(current))
                ):
                    return True
            stack.extend(current.named_children)
        return False

    def _backend_used_for_auth(self, node: tree_sitter.Node) -> bool:
        # A bare `backend` passed somewhere (`someHelper(backend)`) may do anything to auth.
        parent = node.parent
        return parent is not None and parent.type == "arguments"

    # --- statements --------------------------------------------------------------------
    def read(self) -> BackendOverrides:
        for stmt in named(self.src.tree.root_node):
            self.statement(stmt)
        return BackendOverrides(
            properties=(*self.properties, *self.merges),
            outputs_json=None if self.outputs is None else json.dumps(self.outputs),
            unapplied=tuple(self.unapplied),
            source=str(self.path),
        )

    def report(self, node: tree_sitter.Node, why: str = "") -> None:
        loc = self.src.location(node)
        text = self.src.snippet(node, 60)
        reason = f" ({why})" if why else ""
        self.unapplied.append(
            f"{loc.file}:{loc.line}: `{text}` is not applied by amplify-sandbox{reason}"
        )

    def statement(self, stmt: tree_sitter.Node) -> None:
        if stmt.type in ("import_statement", "comment", "empty_statement"):
            return
        if stmt.type in ("lexical_declaration", "variable_declaration"):
            self.declaration(stmt)
            return
        if stmt.type == "expression_statement":
            expr = first_expr(stmt)
            if expr is not None and self.expression(expr):
                return
        if stmt.type == "export_statement":
            declaration = stmt.child_by_field_name("declaration")
            if declaration is not None and declaration.type in (
                "lexical_declaration",
                "variable_declaration",
            ):
                self.declaration(declaration)
                return
        if self.touches_auth(stmt):
            self.report(stmt)

    def declaration(self, decl: tree_sitter.Node) -> None:
        for declarator, name, value in with_fields(
            named(decl), "variable_declarator", "name", "value"
        ):
            inner = unwrap(value)
            if inner.type == "call_expression" and self._is_define_backend(inner):
                if name.type == "identifier":
                    self.backend = self.src.text(name)
                continue
            base = self.path_of(value)
            if base is not None and name.type == "identifier":
                self.aliases[self.src.text(name)] = base
            elif base is not None and name.type == "object_pattern":
                for part in named(name):
                    if part.type == "shorthand_property_identifier_pattern":
                        key = self.src.text(part)
                        self.aliases[key] = _canonical((*base, key))
                    elif part.type == "pair_pattern":
                        key_node = part.child_by_field_name("key")
                        target = part.child_by_field_name("value")
                        if key_node is not None and target is not None:
                            key = self.src.text(key_node).strip("'\"")
                            self.aliases[self.src.text(target)] = _canonical((*base, key))
                    else:
                        self.report(part, "this destructuring form is not followed")
            elif self.touches_auth(declarator):
                self.report(declarator)

    def _is_define_backend(self, call: tree_sitter.Node) -> bool:
        callee = call.child_by_field_name("function")
        if callee is None:
            return False
        amplify = self.ev.table.amplify_export(callee)
        return amplify is not None and amplify[0] == "defineBackend"

    def expression(self, expr: tree_sitter.Node) -> bool:
        """Apply a recognised expression; False when it is not one."""
        expr = unwrap(expr)
        parts = field_children(expr, *_PARTS[expr.type]) if expr.type in _APPLIED else None
        if parts is None:
            return False
        subject, rest = parts
        target = self.path_of(subject)
        if expr.type == "assignment_expression":
            return self._assignment(expr, target, rest)
        return self._call(expr, target, named(rest))

    def _assignment(
        self, expr: tree_sitter.Node, target: Path_ | None, right: tree_sitter.Node
    ) -> bool:
        """`backend.auth.resources.cfnResources.cfnUserPool.<property> = value`."""
        if target is None or target[:3] != _CFN_PREFIX or len(target) < 5:
            return False
        resource = _CFN_NAMES.get(target[3])
        if resource is None:
            return False
        path = tuple(_pascal(part) for part in target[4:])
        if path[0] not in APPLIED_PROPERTIES[resource]:
            return False
        value = self.value(right)
        self.properties.append(
            PropertyOverride(resource, path, _plain(value, True), where=self._where(expr))
        )
        return True

    def _call(
        self, expr: tree_sitter.Node, target: Path_ | None, args: list[tree_sitter.Node]
    ) -> bool:
        """`backend.addOutput({...})` and `<cfn resource>.addPropertyOverride('a.b', value)`."""
        if target == ("addOutput",) and len(args) == 1:
            self.add_output(args[0])
            return True
        if (
            target is not None
            and target[:3] == _CFN_PREFIX
            and len(target) == 5
            and target[4] == "addPropertyOverride"
            and target[3] in _CFN_NAMES
            and len(args) == 2
        ):
            resource = _CFN_NAMES[target[3]]
            raw = self.value(args[0])
            if not isinstance(raw, str) or not raw:
                return False
            path = tuple(raw.split("."))
            if path[0] not in APPLIED_PROPERTIES[resource]:
                return False
            value = _plain(self.value(args[1]), False)
            self.merges.append(
                PropertyOverride(resource, path, value, merge=True, where=self._where(expr))
            )
            return True
        return False

    def value(self, node: tree_sitter.Node) -> Any:
        value = self.ev.eval(node, None)
        try:
            _plain(value, False)
        except TypeError:
            raise self.ev.error(
                f"`{self.src.snippet(node)}` is not a plain value (string, number, boolean, "
                "array or object of these)",
                node,
                hint="write the override value as a literal",
            ) from None
        return value

    def add_output(self, arg: tree_sitter.Node) -> None:
        part = _plain(self.value(arg), False)
        if not isinstance(part, dict):
            raise self.ev.error("backend.addOutput(...) takes an object", arg)
        merged = {} if self.outputs is None else self.outputs
        try:
            accumulate(merged, part)
        except OutputConflict as conflict:
            raise self.ev.error(
                f"Output entry with key {conflict.key} already exists",
                arg,
                hint="check if 'backend.addOutput' is called multiple times with "
                "overlapping inputs",
            ) from None
        self.outputs = merged

    def _where(self, node: tree_sitter.Node) -> str:
        loc = self.src.location(node)
        return f"{loc.file}:{loc.line}"


class OutputConflict(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def accumulate(target: dict[str, Any], part: Mapping[str, Any]) -> None:
    """Amplify's ObjectAccumulator merge (platform-core object_accumulator.ts): objects merge
    key by key, arrays concatenate, and a key already holding a truthy non-object value is a
    conflict."""
    for key, incoming in part.items():
        existing = target.get(key)
        if isinstance(existing, list):
            target[key] = existing + (incoming if isinstance(incoming, list) else [incoming])
        elif existing and not isinstance(existing, dict):
            raise OutputConflict(key)
        elif isinstance(existing, dict) and isinstance(incoming, dict):
            accumulate(existing, incoming)
        else:
            target[key] = json.loads(json.dumps(incoming))


def _canonical(path: Path_) -> Path_:
    """`auth.resources.userPool.node.defaultChild` is `auth.resources.cfnResources.cfnUserPool`."""
    if (
        len(path) >= 5
        and path[:2] == ("auth", "resources")
        and path[3:5]
        == (
            "node",
            "defaultChild",
        )
    ):
        child = _DEFAULT_CHILDREN.get(path[2])
        if child is not None:
            return (*_CFN_PREFIX, child, *path[5:])
    return path


def first_expr(stmt: tree_sitter.Node) -> tree_sitter.Node | None:
    parts = named(stmt)
    return parts[0] if parts else None


__all__ = ["BACKEND_TS", "DefinitionError", "accumulate", "find_backend_file", "load_backend"]
