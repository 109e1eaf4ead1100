"""Static loader for `amplify/auth/resource.ts`: parse with tree-sitter, find the one
`defineAuth({...})` call, evaluate its argument with a small JavaScript-subset evaluator.

No Node: the file is never executed. Evaluation is lazy (module-level bindings are evaluated
only when referenced), so unrelated statements in the file are ignored. Anything the evaluator
cannot compute statically is an error that names the construct and its file:line:col.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import tree_sitter
import tree_sitter_typescript

from amplify_sandbox.definition.model import AuthDefinition, SecretRef
from amplify_sandbox.definition.schema import MapContext, build_definition
from amplify_sandbox.definition.values import (
    UNDEFINED,
    JsArray,
    JsObject,
    Opaque,
    Placeholder,
    describe,
    js_to_string,
    js_typeof,
    truthy,
)
from amplify_sandbox.errors import DefinitionError, Location

AMPLIFY_SOURCES = frozenset({"@aws-amplify/backend", "@aws-amplify/backend-auth"})
_MAX_DEPTH = 100
_CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_TS_WRAPPERS = {"as_expression", "satisfies_expression", "non_null_expression", "type_assertion"}

_parser: tree_sitter.Parser | None = None


def _get_parser() -> tree_sitter.Parser:
    global _parser
    if _parser is None:
        language = tree_sitter.Language(tree_sitter_typescript.language_typescript())
        _parser = tree_sitter.Parser(language)
    return _parser


@dataclass(frozen=True)
class Import:
    local: str
    source: str
    imported: str  # the exported name, "default", or "*" for a namespace import
    node: tree_sitter.Node


class _Process:
    """The `process` global; only `process.env.X` is meaningful."""


class _Env:
    """`process.env`."""


_PROCESS = _Process()
_ENV = _Env()


class Scope:
    def __init__(self, values: dict[str, Any], parent: Scope | None = None) -> None:
        self.values = values
        self.parent = parent

    def lookup(self, name: str) -> tuple[bool, Any]:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.values:
                return True, scope.values[name]
            scope = scope.parent
        return False, None


class JsFunction:
    """An arrow function, function expression or method, closed over its scope."""

    def __init__(
        self, evaluator: Evaluator, node: tree_sitter.Node, scope: Scope | None, name: str
    ) -> None:
        self.evaluator = evaluator
        self.node = node
        self.scope = scope
        self.name = name

    def __call__(self, *args: Any) -> Any:
        return self.evaluator.apply(self, list(args), self.node)

    def __repr__(self) -> str:
        return f"JsFunction({self.name})"


def _first_named(node: tree_sitter.Node) -> tree_sitter.Node | None:
    for child in node.named_children:
        if child.type != "comment":
            return child
    return None


def _named(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    return [child for child in node.named_children if child.type != "comment"]


class SourceFile:
    """A parsed file: bytes, tree and byte-offset → line:column conversion."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.data = data
        self.lines = data.split(b"\n")
        self.tree = _get_parser().parse(data)

    def text(self, node: tree_sitter.Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def location(self, node: tree_sitter.Node) -> Location:
        row, col = node.start_point
        line = self.lines[row] if row < len(self.lines) else b""
        column = len(line[:col].decode("utf-8", errors="replace")) + 1
        return Location(self.path, row + 1, column)

    def snippet(self, node: tree_sitter.Node, limit: int = 40) -> str:
        text = " ".join(self.text(node).split())
        return text if len(text) <= limit else text[: limit - 3] + "..."


def _check_syntax(src: SourceFile) -> None:
    root = src.tree.root_node
    if not root.has_error:
        return
    for index, line in enumerate(src.lines):
        for marker in _CONFLICT_MARKERS:
            if line.startswith(marker.encode()) and (
                marker != "=======" or line.rstrip() == b"======="
            ):
                raise DefinitionError(
                    f"syntax error: this looks like a git merge-conflict marker (`{marker}`)",
                    location=Location(src.path, index + 1, 1),
                    hint="resolve the merge conflict in this file",
                )
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_missing:
            raise DefinitionError(
                f"syntax error: missing `{node.type}`", location=src.location(node)
            )
        if node.type == "ERROR":
            raise DefinitionError(
                f"syntax error near `{src.snippet(node, 30)}`", location=src.location(node)
            )
        if node.has_error:
            stack.extend(reversed(node.children))
    raise DefinitionError("syntax error", location=src.location(root))


class Evaluator:
    """Evaluates the JavaScript subset an auth definition is written in."""

    def __init__(self, src: SourceFile, env: Mapping[str, str]) -> None:
        self.src = src
        self.env = env
        self.env_vars_read: list[str] = []
        self.imports: dict[str, Import] = {}
        self.bindings: dict[str, tuple[str, tree_sitter.Node]] = {}
        self.reassigned: dict[str, int] = {}
        self.cache: dict[str, Any] = {}
        self.evaluating: set[str] = set()
        self.depth = 0
        self._collect()

    # -- module table ---------------------------------------------------------------------------

    def _collect(self) -> None:
        root = self.src.tree.root_node
        for stmt in _named(root):
            node = stmt
            if stmt.type == "export_statement":
                declaration = stmt.child_by_field_name("declaration")
                if declaration is None:
                    continue
                node = declaration
            if node.type == "import_statement":
                self._collect_import(node)
            elif node.type in ("lexical_declaration", "variable_declaration"):
                kind = node.children[0].type if node.children else "const"
                for declarator in _named(node):
                    if declarator.type == "variable_declarator":
                        self._collect_declarator(kind, declarator)
            elif node.type in ("function_declaration", "class_declaration"):
                name = node.child_by_field_name("name")
                if name is not None:
                    self.bindings[self.src.text(name)] = (node.type, node)
        stack = [root]
        while stack:
            node = stack.pop()
            if node.type in (
                "assignment_expression",
                "augmented_assignment_expression",
                "update_expression",
            ):
                target = node.child_by_field_name("left") or node.child_by_field_name("argument")
                if target is not None and target.type == "identifier":
                    self.reassigned.setdefault(self.src.text(target), node.start_point[0] + 1)
            stack.extend(node.named_children)

    def _collect_import(self, node: tree_sitter.Node) -> None:
        if any(child.type == "type" for child in node.children):
            return  # `import type {...}`: types only
        source_node = node.child_by_field_name("source")
        if source_node is None:
            return
        source = self._string(source_node)
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        if clause is None:
            return  # side-effect import
        for part in clause.named_children:
            if part.type == "identifier":
                self.imports[self.src.text(part)] = Import(
                    self.src.text(part), source, "default", part
                )
            elif part.type == "namespace_import":
                ident = _first_named(part)
                if ident is not None:
                    self.imports[self.src.text(ident)] = Import(
                        self.src.text(ident), source, "*", ident
                    )
            elif part.type == "named_imports":
                for spec in part.named_children:
                    if spec.type != "import_specifier" or any(
                        c.type == "type" for c in spec.children
                    ):
                        continue
                    name_node = spec.child_by_field_name("name")
                    alias_node = spec.child_by_field_name("alias") or name_node
                    if name_node is None or alias_node is None:
                        continue
                    local = self.src.text(alias_node)
                    self.imports[local] = Import(local, source, self.src.text(name_node), spec)

    def _collect_declarator(self, kind: str, declarator: tree_sitter.Node) -> None:
        name_node = declarator.child_by_field_name("name")
        value = declarator.child_by_field_name("value")
        if name_node is None:
            return
        if name_node.type == "identifier":
            if value is not None:
                self.bindings[self.src.text(name_node)] = (kind, declarator)
            return
        if name_node.type == "object_pattern" and value is not None:
            # `const { a, b: c } = obj`: each name reads one property of the initializer.
            for part in _named(name_node):
                if part.type == "shorthand_property_identifier_pattern":
                    self.bindings[self.src.text(part)] = (kind, part)
                elif part.type == "pair_pattern":
                    target = part.child_by_field_name("value")
                    if target is not None and target.type == "identifier":
                        self.bindings[self.src.text(target)] = (kind, part)

    def amplify_export(self, callee: tree_sitter.Node) -> tuple[str, Import] | None:
        """The Amplify export a callee refers to (`defineAuth`, `ns.secret`), if any."""
        if callee.type == "identifier":
            imp = self.imports.get(self.src.text(callee))
            if imp is not None and imp.source in AMPLIFY_SOURCES and imp.imported != "*":
                return imp.imported, imp
        elif callee.type == "member_expression":
            obj = callee.child_by_field_name("object")
            prop = callee.child_by_field_name("property")
            if obj is not None and prop is not None and obj.type == "identifier":
                imp = self.imports.get(self.src.text(obj))
                if imp is not None and imp.source in AMPLIFY_SOURCES and imp.imported == "*":
                    return self.src.text(prop), imp
        return None

    # -- errors ---------------------------------------------------------------------------------

    def error(
        self, message: str, node: tree_sitter.Node, hint: str | None = None
    ) -> DefinitionError:
        return DefinitionError(message, location=self.src.location(node), hint=hint)

    def unsupported(self, node: tree_sitter.Node, what: str | None = None) -> DefinitionError:
        construct = what or node.type.replace("_", " ")
        return self.error(
            f"`{self.src.snippet(node)}` ({construct}) cannot be evaluated statically",
            node,
            hint="write the value as a literal, or as a const of literals",
        )

    # -- evaluation -----------------------------------------------------------------------------

    def resolve(self, name: str, node: tree_sitter.Node, scope: Scope | None) -> Any:
        if scope is not None:
            found, value = scope.lookup(name)
            if found:
                return value
        if name in self.bindings:
            return self._binding(name, node)
        if name in self.imports:
            imp = self.imports[name]
            return Opaque(f"`{name}` (imported from '{imp.source}')")
        if name == "undefined":
            return UNDEFINED
        if name == "NaN":
            return math.nan
        if name == "Infinity":
            return math.inf
        if name == "process":
            return _PROCESS
        hint = None
        if name in ("secret", "defineAuth"):
            hint = f"add `import {{ {name} }} from '@aws-amplify/backend';`"
        raise self.error(f"`{name}` is not declared or imported in this file", node, hint)

    def value_of(self, name: str) -> Any:
        """The value of a module-level binding (evaluated on first use)."""
        return self.resolve(name, self.src.tree.root_node, None)

    def _binding(self, name: str, use: tree_sitter.Node) -> Any:
        if name in self.cache:
            return self.cache[name]
        kind, node = self.bindings[name]
        if kind in ("let", "var") and name in self.reassigned:
            raise self.error(
                f"the value of `{name}` is reassigned (line {self.reassigned[name]}); "
                "express it as a const expression",
                use,
            )
        if kind == "class_declaration":
            raise self.unsupported(use, "a class")
        if name in self.evaluating:
            raise self.error(f"`{name}` refers to itself", use)
        self.evaluating.add(name)
        try:
            if kind == "function_declaration":
                value: Any = JsFunction(self, node, None, name)
            elif node.type == "variable_declarator":
                init = node.child_by_field_name("value")
                assert init is not None
                value = self.eval(init, None)
            else:
                value = self._destructured(name, node)
        finally:
            self.evaluating.discard(name)
        self.cache[name] = value
        return value

    def _destructured(self, name: str, part: tree_sitter.Node) -> Any:
        declarator = part.parent
        while declarator is not None and declarator.type != "variable_declarator":
            declarator = declarator.parent
        assert declarator is not None
        init = declarator.child_by_field_name("value")
        assert init is not None
        source = self.eval(init, None)
        key = name
        if part.type == "pair_pattern":
            key_node = part.child_by_field_name("key")
            assert key_node is not None
            key = self._key(key_node, None)
        return self._member(source, key, part, optional=False)

    def eval(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        kind = node.type
        if kind == "string":
            return self._string(node)
        if kind == "template_string":
            return self._template(node, scope)
        if kind == "number":
            return self._number(node)
        if kind == "true":
            return True
        if kind == "false":
            return False
        if kind == "null":
            return None
        if kind == "undefined":
            return UNDEFINED
        if kind == "identifier":
            return self.resolve(self.src.text(node), node, scope)
        if kind == "object":
            return self._object(node, scope)
        if kind == "array":
            return self._array(node, scope)
        if kind == "parenthesized_expression" or kind in _TS_WRAPPERS:
            inner = _named(node)
            if not inner:
                raise self.unsupported(node)
            # `<T>x` puts the type first; the other wrappers put the expression first.
            return self.eval(inner[-1] if kind == "type_assertion" else inner[0], scope)
        if kind == "unary_expression":
            return self._unary(node, scope)
        if kind == "binary_expression":
            return self._binary(node, scope)
        if kind == "ternary_expression":
            condition = node.child_by_field_name("condition")
            then = node.child_by_field_name("consequence")
            other = node.child_by_field_name("alternative")
            assert condition is not None and then is not None and other is not None
            return self.eval(then if truthy(self.eval(condition, scope)) else other, scope)
        if kind == "member_expression":
            obj_node = node.child_by_field_name("object")
            prop = node.child_by_field_name("property")
            assert obj_node is not None and prop is not None
            optional = node.child_by_field_name("optional_chain") is not None
            return self._member(self.eval(obj_node, scope), self.src.text(prop), node, optional)
        if kind == "subscript_expression":
            obj_node = node.child_by_field_name("object")
            index = node.child_by_field_name("index")
            assert obj_node is not None and index is not None
            optional = node.child_by_field_name("optional_chain") is not None
            key = self.eval(index, scope)
            if isinstance(key, float) and key.is_integer():
                key = int(key)
            if not isinstance(key, str | int) or isinstance(key, bool):
                raise self.unsupported(node, "a computed member access")
            return self._member(self.eval(obj_node, scope), key, node, optional)
        if kind == "call_expression":
            return self._call(node, scope)
        if kind in ("arrow_function", "function_expression", "function"):
            self._check_plain_function(node)
            return JsFunction(self, node, scope, "<anonymous>")
        if kind == "new_expression":
            raise self.unsupported(node, "`new`")
        if kind == "regex":
            raise self.unsupported(node, "a regular expression")
        if kind == "await_expression":
            raise self.unsupported(node, "`await`")
        if kind in ("class", "class_declaration"):
            raise self.unsupported(node, "a class")
        raise self.unsupported(node)

    def _string(self, node: tree_sitter.Node) -> str:
        parts: list[str] = []
        for child in node.named_children:
            if child.type == "escape_sequence":
                parts.append(_unescape(self.src.text(child)))
            else:
                parts.append(self.src.text(child))
        return "".join(parts)

    def _template(self, node: tree_sitter.Node, scope: Scope | None) -> str:
        parts: list[str] = []
        for child in node.named_children:
            if child.type == "template_substitution":
                expr = _first_named(child)
                if expr is None:
                    raise self.unsupported(child)
                parts.append(self.to_string(self.eval(expr, scope), expr))
            elif child.type == "escape_sequence":
                parts.append(_unescape(self.src.text(child)))
            elif child.type == "string_fragment":
                parts.append(self.src.text(child))
        return "".join(parts)

    def _number(self, node: tree_sitter.Node) -> int | float:
        text = self.src.text(node).replace("_", "")
        lowered = text.lower()
        try:
            if lowered.endswith("n"):
                raise ValueError
            for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
                if lowered.startswith(prefix):
                    return int(lowered[2:], base)
            if any(c in lowered for c in ".e"):
                return float(lowered)
            return int(lowered)
        except ValueError:
            raise self.unsupported(node, "a number literal") from None

    def to_string(self, value: Any, node: tree_sitter.Node) -> str:
        if isinstance(value, Opaque | JsFunction | SecretRef | _Process | _Env):
            raise self.error(f"{describe(value)} cannot be used as text here", node)
        return js_to_string(value)

    def _key(self, key: tree_sitter.Node, scope: Scope | None) -> str:
        if key.type in ("property_identifier", "identifier"):
            return self.src.text(key)
        if key.type == "string":
            return self._string(key)
        if key.type == "number":
            return js_to_string(self._number(key))
        raise self.unsupported(key, "a computed key")

    def _object(self, node: tree_sitter.Node, scope: Scope | None) -> JsObject:
        result = JsObject(self.src.location(node))
        for child in _named(node):
            if child.type == "pair":
                key_node = child.child_by_field_name("key")
                value_node = child.child_by_field_name("value")
                assert key_node is not None and value_node is not None
                key = self._key(key_node, scope)
                value = self.eval(value_node, scope)
                result.set(key, value, self.src.location(key_node), self.src.location(value_node))
            elif child.type == "shorthand_property_identifier":
                name = self.src.text(child)
                loc = self.src.location(child)
                result.set(name, self.resolve(name, child, scope), loc, loc)
            elif child.type == "method_definition":
                name_node = child.child_by_field_name("name")
                assert name_node is not None
                self._check_plain_function(child)
                key = self._key(name_node, scope)
                loc = self.src.location(name_node)
                result.set(key, JsFunction(self, child, scope, key), loc, loc)
            elif child.type == "spread_element":
                inner = _first_named(child)
                assert inner is not None
                spread = self.eval(inner, scope)
                if spread is None or spread is UNDEFINED:
                    continue
                if not isinstance(spread, dict):
                    raise self.error(f"cannot spread {describe(spread)} into an object", child)
                for key, value in spread.items():
                    if isinstance(spread, JsObject):
                        key_loc = spread.key_locations.get(key, self.src.location(child))
                        value_loc = spread.value_locations.get(key, key_loc)
                    else:
                        key_loc = value_loc = self.src.location(child)
                    result.set(key, value, key_loc, value_loc)
            else:
                raise self.unsupported(child)
        return result

    def _array(self, node: tree_sitter.Node, scope: Scope | None) -> JsArray:
        result = JsArray(self.src.location(node))
        for child in _named(node):
            if child.type == "spread_element":
                inner = _first_named(child)
                assert inner is not None
                spread = self.eval(inner, scope)
                if not isinstance(spread, list):
                    raise self.error(f"cannot spread {describe(spread)} into an array", child)
                for index, item in enumerate(spread):
                    loc = self.src.location(child)
                    if isinstance(spread, JsArray) and index < len(spread.item_locations):
                        loc = spread.item_locations[index]
                    result.push(item, loc)
            else:
                result.push(self.eval(child, scope), self.src.location(child))
        return result

    def _unary(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        operator_node = node.child_by_field_name("operator")
        argument = node.child_by_field_name("argument")
        assert operator_node is not None and argument is not None
        operator = self.src.text(operator_node)
        value = self.eval(argument, scope)
        if operator == "!":
            return not truthy(value)
        if operator == "typeof":
            return js_typeof(value)
        if operator == "void":
            return UNDEFINED
        if (
            operator in ("-", "+")
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        ):
            return -value if operator == "-" else value
        raise self.unsupported(node, f"unary `{operator}` on {describe(value)}")

    def _binary(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        operator_node = node.child_by_field_name("operator")
        left_node = node.child_by_field_name("left")
        right_node = node.child_by_field_name("right")
        assert operator_node is not None and left_node is not None and right_node is not None
        operator = self.src.text(operator_node)
        left = self.eval(left_node, scope)
        if operator == "&&":
            return self.eval(right_node, scope) if truthy(left) else left
        if operator == "||":
            return left if truthy(left) else self.eval(right_node, scope)
        if operator == "??":
            return self.eval(right_node, scope) if left is None or left is UNDEFINED else left
        right = self.eval(right_node, scope)
        if operator in ("===", "!=="):
            return _strict_equals(left, right) == (operator == "===")
        if operator in ("==", "!="):
            nullish = (left is None or left is UNDEFINED) and (right is None or right is UNDEFINED)
            return (nullish or _strict_equals(left, right)) == (operator == "==")
        texty = (str, list, dict)
        if operator == "+" and (isinstance(left, texty) or isinstance(right, texty)):
            return self.to_string(left, left_node) + self.to_string(right, right_node)
        if _is_number(left) and _is_number(right):
            a, b = float(left), float(right)
            both_int = isinstance(left, int) and isinstance(right, int)
            if operator == "+":
                return left + right
            if operator == "-":
                return left - right
            if operator == "*":
                return left * right
            if operator == "/":
                if b == 0:
                    return math.nan if a == 0 else math.copysign(math.inf, a)
                return a / b if not (both_int and a % b == 0) else int(a // b)
            if operator in ("<", ">", "<=", ">="):
                return _compare(operator, a, b)
        if isinstance(left, str) and isinstance(right, str) and operator in ("<", ">", "<=", ">="):
            return _compare(operator, left, right)
        raise self.unsupported(node, f"`{operator}` on {describe(left)} and {describe(right)}")

    def _member(self, obj: Any, key: str | int, node: tree_sitter.Node, optional: bool) -> Any:
        if obj is _PROCESS and key == "env":
            return _ENV
        if obj is _ENV:
            name = str(key)
            if name not in self.env_vars_read:
                self.env_vars_read.append(name)
            return self.env.get(name, UNDEFINED)
        if obj is None or obj is UNDEFINED:
            if optional:
                return UNDEFINED
            raise self.error(
                f"cannot read `{key}` of {describe(obj)}",
                node,
                hint="use `?.` if the value may be missing",
            )
        if isinstance(obj, dict) and not isinstance(obj, _Env):
            return obj.get(str(key), UNDEFINED)
        if isinstance(obj, list | str):
            if key == "length":
                return len(obj)
            if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
                index = int(key)
                return obj[index] if 0 <= index < len(obj) else UNDEFINED
            return UNDEFINED
        if isinstance(obj, int | float):
            return UNDEFINED
        if isinstance(obj, Opaque):
            raise self.error(
                f"{obj.description} is not evaluated by this version of amplify-sandbox",
                node,
                hint="define the value in resource.ts itself",
            )
        raise self.unsupported(node, f"a property of {describe(obj)}")

    def _call(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        callee = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        assert callee is not None and arguments is not None
        if arguments.type == "template_string":
            raise self.unsupported(node, "a tagged template")
        arg_nodes = _named(arguments)
        if any(arg.type == "spread_element" for arg in arg_nodes):
            raise self.unsupported(node, "a spread argument")
        shadowed = (
            callee.type == "identifier"
            and scope is not None
            and scope.lookup(self.src.text(callee))[0]
        )
        amplify = None if shadowed else self.amplify_export(callee)
        if amplify is not None:
            if amplify[0] == "secret":
                return self._secret(node, [self.eval(arg, scope) for arg in arg_nodes])
            raise self.error(
                f"`{amplify[0]}()` is not supported here by this version of amplify-sandbox", node
            )
        if callee.type == "member_expression":
            obj_node = callee.child_by_field_name("object")
            prop = callee.child_by_field_name("property")
            assert obj_node is not None and prop is not None
            obj = self.eval(obj_node, scope)
            if not isinstance(obj, dict):
                raise self._cannot_call(node, callee)  # string/array methods are not evaluated
            function = obj.get(self.src.text(prop), UNDEFINED)
        else:
            function = self.eval(callee, scope)
        args = [self.eval(arg, scope) for arg in arg_nodes]
        if isinstance(function, JsFunction):
            return self.apply(function, args, node)
        if isinstance(function, Placeholder):
            return function(*args)
        raise self._cannot_call(node, callee)

    def _cannot_call(self, node: tree_sitter.Node, callee: tree_sitter.Node) -> DefinitionError:
        return self.error(
            f"`{self.src.snippet(callee)}()` is a call the loader cannot evaluate statically",
            node,
            hint="use a literal value, or a const of literals, or an expression-bodied "
            "helper function defined in this file",
        )

    def _secret(self, node: tree_sitter.Node, args: list[Any]) -> SecretRef:
        if len(args) != 1 or not isinstance(args[0], str) or isinstance(args[0], Placeholder):
            raise self.error("secret() takes one string: the secret's name", node)
        return SecretRef(str(args[0]))

    def _check_plain_function(self, node: tree_sitter.Node) -> None:
        for child in node.children:
            if child.type in ("get", "set", "async", "*"):
                raise self.unsupported(node, f"a {child.type} function")

    def apply(self, function: JsFunction, args: list[Any], call_node: tree_sitter.Node) -> Any:
        node = function.node
        if self.depth >= _MAX_DEPTH:
            raise self.error("function calls nest too deeply", call_node)
        values: dict[str, Any] = {}
        single = node.child_by_field_name("parameter")
        params = node.child_by_field_name("parameters")
        scope = Scope(values, function.scope)
        if single is not None:
            values[self.src.text(single)] = args[0] if args else UNDEFINED
        elif params is not None:
            for index, param in enumerate(_named(params)):
                pattern = param.child_by_field_name("pattern")
                if param.type not in ("required_parameter", "optional_parameter") or (
                    pattern is None or pattern.type != "identifier"
                ):
                    raise self.unsupported(param, "a destructuring or rest parameter")
                value = args[index] if index < len(args) else UNDEFINED
                default = param.child_by_field_name("value")
                if value is UNDEFINED and default is not None:
                    value = self.eval(default, scope)
                values[self.src.text(pattern)] = value
        body = node.child_by_field_name("body")
        assert body is not None
        self.depth += 1
        try:
            if body.type != "statement_block":
                return self.eval(body, scope)
            return self._block(body, scope)
        finally:
            self.depth -= 1

    def _block(self, body: tree_sitter.Node, scope: Scope) -> Any:
        for stmt in _named(body):
            if stmt.type == "return_statement":
                expr = _first_named(stmt)
                return UNDEFINED if expr is None else self.eval(expr, scope)
            if stmt.type == "lexical_declaration" and stmt.children[0].type == "const":
                for declarator in _named(stmt):
                    name = declarator.child_by_field_name("name")
                    value = declarator.child_by_field_name("value")
                    if name is None or value is None or name.type != "identifier":
                        raise self.unsupported(declarator, "a destructuring declaration")
                    scope.values[self.src.text(name)] = self.eval(value, scope)
                continue
            raise self.error(
                f"`{self.src.snippet(stmt)}` is a statement the loader cannot evaluate; "
                "function bodies may hold only const declarations and one return",
                stmt,
            )
        return UNDEFINED


def _unescape(text: str) -> str:
    body = text[1:]
    if not body:
        return ""
    if body[0] in _ESCAPES and not (body[0] == "0" and len(body) > 1):
        return _ESCAPES[body[0]]
    if body[0] == "u":
        digits = body[2:-1] if body.startswith("u{") else body[1:5]
        return chr(int(digits, 16))
    if body[0] == "x":
        return chr(int(body[1:3], 16))
    if body[0] in "\r\n\u2028\u2029":
        return ""  # line continuation
    return body


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _compare(operator: str, a: Any, b: Any) -> bool:
    if operator == "<":
        return bool(a < b)
    if operator == ">":
        return bool(a > b)
    if operator == "<=":
        return bool(a <= b)
    return bool(a >= b)


def _strict_equals(left: Any, right: Any) -> bool:
    if _is_number(left) and _is_number(right):
        return bool(left == right)
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, str) and isinstance(right, str):
        return str(left) == str(right)
    if left is None or left is UNDEFINED or right is None or right is UNDEFINED:
        return left is right
    return left is right


def load_ts(path: Path, env: Mapping[str, str] | None = None) -> AuthDefinition:
    """Load and validate `resource.ts` without running it."""
    data = path.read_bytes()
    src = SourceFile(path, data.removeprefix(b"\xef\xbb\xbf"))
    _check_syntax(src)
    evaluator = Evaluator(src, os.environ if env is None else env)
    call = _find_define_auth(src, evaluator)
    arguments = call.child_by_field_name("arguments")
    assert arguments is not None
    args = _named(arguments)
    if len(args) != 1:
        raise evaluator.error(
            "defineAuth(...) takes one argument: an object literal",
            call,
            hint="defineAuth({ loginWith: { email: true } })",
        )
    props = evaluator.eval(args[0], None)
    if not isinstance(props, JsObject):
        raise evaluator.error(
            f"the argument of defineAuth(...) must be an object literal, got {describe(props)}",
            args[0],
        )
    ctx = MapContext(source=path, default_location=src.location(args[0]))
    definition = build_definition(props, ctx)
    return _with_env(definition, sorted(evaluator.env_vars_read))


def _with_env(definition: AuthDefinition, names: list[str]) -> AuthDefinition:
    return replace(definition, env_vars_read=tuple(names))


def _find_define_auth(src: SourceFile, evaluator: Evaluator) -> tree_sitter.Node:
    auth_calls: list[tree_sitter.Node] = []
    reference_calls: list[tree_sitter.Node] = []
    foreign: list[tuple[tree_sitter.Node, Import]] = []
    unimported: list[tree_sitter.Node] = []
    stack = [src.tree.root_node]
    while stack:
        node = stack.pop()
        stack.extend(reversed(node.named_children))
        if node.type != "call_expression":
            continue
        callee = node.child_by_field_name("function")
        if callee is None:
            continue
        amplify = evaluator.amplify_export(callee)
        if amplify is not None:
            if amplify[0] == "defineAuth":
                auth_calls.append(node)
            elif amplify[0] == "referenceAuth":
                reference_calls.append(node)
            continue
        if callee.type == "identifier" and src.text(callee) in ("defineAuth", "referenceAuth"):
            imp = evaluator.imports.get(src.text(callee))
            if imp is not None:
                foreign.append((node, imp))
            elif src.text(callee) not in evaluator.bindings:
                unimported.append(node)
    if len(auth_calls) == 1:
        return auth_calls[0]
    if len(auth_calls) > 1:
        lines = ", ".join(str(src.location(call).line) for call in auth_calls)
        raise DefinitionError(
            f"found {len(auth_calls)} defineAuth(...) calls (lines {lines}); "
            "an auth resource file defines exactly one",
            location=src.location(auth_calls[1]),
            hint="keep one `export const auth = defineAuth({...})`",
        )
    if reference_calls:
        raise DefinitionError(
            "referenceAuth(...) refers to an existing user pool; amplify-sandbox provisions "
            "auth only from defineAuth(...)",
            location=src.location(reference_calls[0]),
            hint="use defineAuth({ loginWith: { email: true } }) for a sandbox",
        )
    if foreign:
        node, imp = foreign[0]
        raise DefinitionError(
            f"`{imp.local}` is imported from '{imp.source}', not from '@aws-amplify/backend'",
            location=src.location(imp.node),
            hint=f"import {{ {imp.imported} }} from '@aws-amplify/backend';",
        )
    if unimported:
        raise DefinitionError(
            "`defineAuth` is called but not imported",
            location=src.location(unimported[0]),
            hint="add `import { defineAuth } from '@aws-amplify/backend';`",
        )
    raise DefinitionError(
        "no defineAuth(...) call found",
        location=Location(src.path, 1, 1),
        hint="export the auth resource: "
        "`export const auth = defineAuth({ loginWith: { email: true } });`",
    )


__all__ = ["Evaluator", "JsFunction", "SourceFile", "load_ts"]
