"""Expressions: literals (strings, templates, numbers, objects, arrays), operators, member
access (including `process.env`), with JavaScript's semantics for the supported subset. Names
and calls are evaluated by the layers above (`names`, `functions`)."""

from __future__ import annotations

import math
from abc import abstractmethod
from collections.abc import Callable
from typing import Any

import tree_sitter

from amplify_sandbox.definition.model import FunctionRef, SecretRef
from amplify_sandbox.definition.ts.parse import (
    TS_WRAPPERS,
    first_named,
    named,
    string_literal,
    unescape,
)
from amplify_sandbox.definition.ts.runtime import (
    _ENV,
    _PROCESS,
    HostObject,
    JsFunction,
    ModuleEvaluator,
    Scope,
    _Env,
    _Namespace,
    _Process,
)
from amplify_sandbox.definition.values import (
    UNDEFINED,
    JsArray,
    JsObject,
    Opaque,
    describe,
    js_to_string,
    js_typeof,
    truthy,
)

# Bounds on what a definition may build: far above any real auth definition, far below what
# exhausts the machine (string doubling, deep nesting).
MAX_STRING = 1_000_000
MAX_ITEMS = 100_000
MAX_NESTING = 400
TOO_BIG = "an auth definition needs no value this large; check for a value that doubles"


class ExpressionEvaluator(ModuleEvaluator):
    """Evaluates expressions; names, namespace members and calls are left to subclasses."""

    @abstractmethod
    def resolve(self, name: str, node: tree_sitter.Node, scope: Scope | None) -> Any: ...

    @abstractmethod
    def from_module(
        self, module: ModuleEvaluator, name: str, specifier: str, use: tree_sitter.Node
    ) -> Any: ...

    @abstractmethod
    def call(self, node: tree_sitter.Node, scope: Scope | None) -> Any: ...

    def eval(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        handler = _HANDLERS.get(node.type)
        if handler is None:
            raise self.unsupported(node, _REFUSED.get(node.type))
        program = self.program
        if program.nesting >= MAX_NESTING:
            raise self.error(
                f"expressions nest more than {MAX_NESTING} deep",
                node,
                hint="flatten the value into consts",
            )
        program.nesting += 1
        try:
            value = handler(self, node, scope)
        finally:
            program.nesting -= 1
        return self.bounded(value, node)

    def bounded(self, value: Any, node: tree_sitter.Node) -> Any:
        """`value`, unless it is a string or collection larger than a definition needs."""
        if isinstance(value, str):
            if len(value) > MAX_STRING:
                raise self.error(
                    f"this string has more than {MAX_STRING:,} characters", node, hint=TOO_BIG
                )
        elif isinstance(value, list | dict | range) and len(value) > MAX_ITEMS:
            raise self.error(
                f"this {'object' if isinstance(value, dict) else 'array'} has more than "
                f"{MAX_ITEMS:,} items",
                node,
                hint=TOO_BIG,
            )
        return value

    # -- node kinds (see `_HANDLERS`) -----------------------------------------------------------

    def _string(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        return string_literal(self.src, node)

    def _number(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        return self.number(node)

    def _true(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        return True

    def _false(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        return False

    def _null(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        return None

    def _undefined(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        return UNDEFINED

    def _identifier(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        return self.located(self.resolve(self.src.text(node), node, scope), node)

    def _wrapped(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        """`( x )` and TypeScript's `x as T`, `x satisfies T`, `x!`, `<T>x`."""
        inner = named(node)
        if not inner:
            raise self.unsupported(node)
        # `<T>x` puts the type first; the other wrappers put the expression first.
        return self.eval(inner[-1] if node.type == "type_assertion" else inner[0], scope)

    def _ternary(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        condition = node.child_by_field_name("condition")
        then = node.child_by_field_name("consequence")
        other = node.child_by_field_name("alternative")
        assert condition is not None and then is not None and other is not None
        return self.eval(then if truthy(self.eval(condition, scope)) else other, scope)

    def _member_expression(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        obj_node = node.child_by_field_name("object")
        prop = node.child_by_field_name("property")
        assert obj_node is not None and prop is not None
        optional = node.child_by_field_name("optional_chain") is not None
        value = self.member(self.eval(obj_node, scope), self.src.text(prop), node, optional)
        return self.located(value, node)

    def _subscript(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        obj_node = node.child_by_field_name("object")
        index = node.child_by_field_name("index")
        assert obj_node is not None and index is not None
        optional = node.child_by_field_name("optional_chain") is not None
        key = self.eval(index, scope)
        if isinstance(key, float) and key.is_integer():
            key = int(key)
        if not isinstance(key, str | int) or isinstance(key, bool):
            raise self.unsupported(node, "a computed member access")
        value = self.member(self.eval(obj_node, scope), key, node, optional)
        return self.located(value, node)

    def _call(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        return self.call(node, scope)

    def _function(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        self.check_plain_function(node)
        return JsFunction(self, node, scope, "<anonymous>")

    def check_plain_function(self, node: tree_sitter.Node) -> None:
        for child in node.children:
            if child.type in ("get", "set", "async", "*"):
                raise self.unsupported(node, f"a {child.type} function")

    # -- literals -------------------------------------------------------------------------------

    def _template(self, node: tree_sitter.Node, scope: Scope | None) -> str:
        parts: list[str] = []
        size = 0
        for child in node.named_children:
            if child.type == "template_substitution":
                expr = first_named(child)
                if expr is None:
                    raise self.unsupported(child)
                value = self.eval(expr, scope)
                if value is UNDEFINED:
                    self.program.warn(
                        f"`${{{self.src.snippet(expr)}}}` is undefined; the text says "
                        '"undefined" there',
                        self.src.location(expr),
                    )
                text = self.to_string(value, expr)
                size += len(text)
                if size > MAX_STRING:
                    raise self.error(
                        f"this text has more than {MAX_STRING:,} characters", node, hint=TOO_BIG
                    )
                parts.append(text)
            elif child.type == "escape_sequence":
                parts.append(unescape(self.src.text(child)))
            elif child.type == "string_fragment":
                parts.append(self.src.text(child))
        return "".join(parts)

    def number(self, node: tree_sitter.Node) -> int | float:
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
        if isinstance(
            value, Opaque | JsFunction | SecretRef | FunctionRef | _Process | _Env | HostObject
        ):
            raise self.error(f"{describe(value)} cannot be used as text here", node)
        return js_to_string(value)

    def key(self, key: tree_sitter.Node, scope: Scope | None) -> str:
        """A property name as written: identifier, string or number; computed keys fail."""
        if key.type in ("property_identifier", "identifier"):
            return self.src.text(key)
        if key.type == "string":
            return string_literal(self.src, key)
        if key.type == "number":
            return js_to_string(self.number(key))
        raise self.unsupported(key, "a computed key")

    def _object(self, node: tree_sitter.Node, scope: Scope | None) -> JsObject:
        result = JsObject(self.src.location(node))
        written: set[str] = set()

        def literal_key(key: str, key_node: tree_sitter.Node) -> None:
            if key in written:
                # TypeScript refuses it (TS1117), so `ampx` would not deploy the file.
                raise self.error(
                    f"An object literal cannot have multiple properties with the same name: "
                    f"`{key}`",
                    key_node,
                    hint=f"keep one `{key}`",
                )
            written.add(key)

        for child in named(node):
            if child.type == "pair":
                key_node = child.child_by_field_name("key")
                value_node = child.child_by_field_name("value")
                assert key_node is not None and value_node is not None
                key = self.key(key_node, scope)
                literal_key(key, key_node)
                value = self.eval(value_node, scope)
                result.set(key, value, self.src.location(key_node), self.src.location(value_node))
            elif child.type == "shorthand_property_identifier":
                name = self.src.text(child)
                loc = self.src.location(child)
                literal_key(name, child)
                value = self.located(self.resolve(name, child, scope), child)
                result.set(name, value, loc, loc)
            elif child.type == "method_definition":
                name_node = child.child_by_field_name("name")
                assert name_node is not None
                self.check_plain_function(child)
                key = self.key(name_node, scope)
                literal_key(key, name_node)
                loc = self.src.location(name_node)
                result.set(key, JsFunction(self, child, scope, key), loc, loc)
            elif child.type == "spread_element":
                inner = first_named(child)
                assert inner is not None
                spread = self.eval(inner, scope)
                # `...(cond && {...})`: spreading a boolean or number adds nothing, as in JS.
                if spread is None or spread is UNDEFINED or isinstance(spread, bool | int | float):
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
        for child in named(node):
            if child.type == "spread_element":
                inner = first_named(child)
                assert inner is not None
                spread = self.eval(inner, scope)
                if not isinstance(spread, list):
                    raise self.error(f"cannot spread {describe(spread)} into an array", child)
                self.bounded(range(len(result) + len(spread)), child)
                for index, item in enumerate(spread):
                    loc = self.src.location(child)
                    if isinstance(spread, JsArray) and index < len(spread.item_locations):
                        loc = spread.item_locations[index]
                    result.push(item, loc)
            else:
                result.push(self.eval(child, scope), self.src.location(child))
        return result

    # -- operators ------------------------------------------------------------------------------

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
            return strict_equals(left, right) == (operator == "===")
        if operator in ("==", "!="):
            nullish = (left is None or left is UNDEFINED) and (right is None or right is UNDEFINED)
            return (nullish or strict_equals(left, right)) == (operator == "==")
        texty = (str, list, dict)
        if operator == "+" and (isinstance(left, texty) or isinstance(right, texty)):
            left_text = self.to_string(left, left_node)
            right_text = self.to_string(right, right_node)
            if len(left_text) + len(right_text) > MAX_STRING:
                raise self.error(
                    f"this string has more than {MAX_STRING:,} characters", node, hint=TOO_BIG
                )
            return left_text + right_text
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

    # -- members --------------------------------------------------------------------------------

    def member(self, obj: Any, key: str | int, node: tree_sitter.Node, optional: bool) -> Any:
        if obj is _PROCESS and key == "env":
            return _ENV
        if obj is _ENV:
            name = str(key)
            if name not in self.env_vars_read:
                self.env_vars_read.append(name)
            if name not in self.env:
                self.program.env_unset.setdefault(f"process.env.{name}", self.where(node))
            return self.env.get(name, UNDEFINED)
        if isinstance(obj, _Namespace):
            return self.from_module(obj.module, str(key), obj.specifier, node)
        if isinstance(obj, HostObject):
            return obj.member(self, str(key), node)
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


_Handler = Callable[[ExpressionEvaluator, tree_sitter.Node, Scope | None], Any]

# Node type → how it is evaluated. A type not listed is refused as "cannot be evaluated
# statically", naming the construct (`_REFUSED` words it for the common ones).
_HANDLERS: dict[str, _Handler] = {
    "string": ExpressionEvaluator._string,
    "template_string": ExpressionEvaluator._template,
    "number": ExpressionEvaluator._number,
    "true": ExpressionEvaluator._true,
    "false": ExpressionEvaluator._false,
    "null": ExpressionEvaluator._null,
    "undefined": ExpressionEvaluator._undefined,
    "identifier": ExpressionEvaluator._identifier,
    "object": ExpressionEvaluator._object,
    "array": ExpressionEvaluator._array,
    "parenthesized_expression": ExpressionEvaluator._wrapped,
    **dict.fromkeys(TS_WRAPPERS, ExpressionEvaluator._wrapped),
    "unary_expression": ExpressionEvaluator._unary,
    "binary_expression": ExpressionEvaluator._binary,
    "ternary_expression": ExpressionEvaluator._ternary,
    "member_expression": ExpressionEvaluator._member_expression,
    "subscript_expression": ExpressionEvaluator._subscript,
    "call_expression": ExpressionEvaluator._call,
    "arrow_function": ExpressionEvaluator._function,
    "function_expression": ExpressionEvaluator._function,
    "function": ExpressionEvaluator._function,
}
_REFUSED = {
    "new_expression": "`new`",
    "regex": "a regular expression",
    "await_expression": "`await`",
    "class": "a class",
    "class_declaration": "a class",
}


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


def strict_equals(left: Any, right: Any) -> bool:
    """JavaScript `===`."""
    if _is_number(left) and _is_number(right):
        return bool(left == right)
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, str) and isinstance(right, str):
        return str(left) == str(right)
    if left is None or left is UNDEFINED or right is None or right is UNDEFINED:
        return left is right
    return left is right
