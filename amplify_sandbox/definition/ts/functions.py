"""Calls and function bodies: calling Amplify's `secret()` / `defineFunction()`, helper
functions defined in the project (arrow functions, function expressions, methods and
declarations), string/array methods, and the statement-bodied helpers (const, if/else,
return), within a step and nesting budget."""

from __future__ import annotations

from typing import Any

import tree_sitter

from amplify_sandbox.definition.function_props import PropsError, function_spec
from amplify_sandbox.definition.model import FunctionRef, SecretRef
from amplify_sandbox.definition.schema.validator import (
    SECRET_LOOKS_LIKE_CREDENTIAL,
    check_secret_name,
)
from amplify_sandbox.definition.ts.grants import function_name
from amplify_sandbox.definition.ts.methods import call_method, cannot_call
from amplify_sandbox.definition.ts.names import NameResolver
from amplify_sandbox.definition.ts.parse import field_children, first_named, named
from amplify_sandbox.definition.ts.runtime import HostObject, JsFunction, Scope, _Namespace
from amplify_sandbox.definition.values import UNDEFINED, Placeholder, truthy
from amplify_sandbox.errors import DefinitionError
from amplify_sandbox.functions.model import FunctionSpec

_MAX_DEPTH = 100
MAX_STEPS = 10_000


class Evaluator(NameResolver):
    """Evaluates the JavaScript subset an auth definition is written in: the layers put
    together (expressions in `evaluate`, names and imports in `names`), plus calls and
    function bodies."""

    def call(self, node: tree_sitter.Node, scope: Scope | None) -> Any:
        callee = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        assert callee is not None and arguments is not None
        if arguments.type == "template_string":
            raise self.unsupported(node, "a tagged template")
        arg_nodes = named(arguments)
        if any(arg.type == "spread_element" for arg in arg_nodes):
            raise self.unsupported(node, "a spread argument")
        shadowed = (
            callee.type == "identifier"
            and scope is not None
            and scope.lookup(self.src.text(callee))[0]
        )
        amplify = None if shadowed else self.table.amplify_export(callee)
        if amplify is not None:
            if amplify[0] == "secret":
                return self._secret(node, [self.eval(arg, scope) for arg in arg_nodes])
            if amplify[0] == "defineFunction":
                spec = self._function_spec(node, arg_nodes, scope)
                return FunctionRef(
                    kind="inline",
                    name=spec.name if spec is not None else function_name(self, node),
                    module=self.module_name(),
                    where=self.where(node),
                    spec=spec,
                )
            raise self.error(
                f"`{amplify[0]}()` is not supported here by this version of amplify-sandbox", node
            )
        self._step(node)
        if callee.type == "member_expression":
            obj_node = callee.child_by_field_name("object")
            prop = callee.child_by_field_name("property")
            assert obj_node is not None and prop is not None
            obj = self.eval(obj_node, scope)
            method = self.src.text(prop)
            if isinstance(obj, _Namespace):
                function = self.from_module(obj.module, method, obj.specifier, prop)
            elif isinstance(obj, HostObject):
                args = [self.eval(arg, scope) for arg in arg_nodes]
                return obj.call_method(self, method, args, node)
            elif isinstance(obj, dict):
                function = obj.get(method, UNDEFINED)
            elif isinstance(obj, str | list) and not isinstance(obj, Placeholder):
                args = [self.eval(arg, scope) for arg in arg_nodes]
                return call_method(self, obj, method, args, node, callee)
            else:
                raise cannot_call(self, node, callee)
        else:
            function = self.eval(callee, scope)
        args = [self.eval(arg, scope) for arg in arg_nodes]
        if isinstance(function, JsFunction):
            return function.evaluator.apply(function, args, node)
        if isinstance(function, Placeholder):
            return function(*args)
        raise cannot_call(self, node, callee)

    def _step(self, node: tree_sitter.Node) -> None:
        self.program.steps += 1
        if self.program.steps > MAX_STEPS:
            raise self.error(
                f"evaluation took more than {MAX_STEPS} steps; simplify the helper functions",
                node,
            )

    def _function_spec(
        self, node: tree_sitter.Node, arg_nodes: list[tree_sitter.Node], scope: Scope | None
    ) -> FunctionSpec:
        """`defineFunction(props)` read as Amplify's factory reads it."""
        if len(arg_nodes) > 1:
            raise self.error(
                "defineFunction(props, provider) is not supported by this version of "
                "amplify-sandbox",
                arg_nodes[1],
                hint="pass only the props object",
            )
        props = self.eval(arg_nodes[0], scope) if arg_nodes else {}
        if props is UNDEFINED:
            props = {}
        if not isinstance(props, dict):
            raise self.error("defineFunction() takes an object of props", node)
        try:
            return function_spec(
                props,
                defining_file=self.src.path,
                root=self.program.root,
                python=False,
                where=self.where(node),
            )
        except PropsError as exc:
            raise self.error(
                exc.message, _prop_node(arg_nodes, exc) or node, hint=exc.hint
            ) from None

    def _secret(self, node: tree_sitter.Node, args: list[Any]) -> SecretRef:
        if len(args) != 1 or not isinstance(args[0], str) or isinstance(args[0], Placeholder):
            raise self.error("secret() takes one string: the secret's name", node)
        name = str(args[0])
        problem, looks_like_credential = check_secret_name(name)
        if problem:
            raise self.error(problem, node, hint="secret names use letters, digits and _.-")
        if looks_like_credential:
            self.program.warn(SECRET_LOOKS_LIKE_CREDENTIAL, self.src.location(node))
        return SecretRef(name)

    def apply(self, function: JsFunction, args: list[Any], call_node: tree_sitter.Node) -> Any:
        node = function.node
        self._step(node)
        if self.program.depth >= _MAX_DEPTH:
            raise self.error(
                f"calls of `{function.name}` nest more than {_MAX_DEPTH} deep", function.node
            )
        values: dict[str, Any] = {}
        single = node.child_by_field_name("parameter")
        params = node.child_by_field_name("parameters")
        scope = Scope(values, function.scope)
        if single is not None:
            values[self.src.text(single)] = args[0] if args else UNDEFINED
        elif params is not None:
            for index, param in enumerate(named(params)):
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
        self.program.depth += 1
        try:
            if body.type != "statement_block":
                return self.eval(body, scope)
            return self._block(body, scope)
        finally:
            self.program.depth -= 1

    def _block(self, body: tree_sitter.Node, scope: Scope) -> Any:
        done, value = self._statements(named(body), scope)
        return value if done else UNDEFINED

    def _statements(self, statements: list[tree_sitter.Node], scope: Scope) -> tuple[bool, Any]:
        """Run statements; (True, value) once a `return` is reached."""
        for stmt in statements:
            self._step(stmt)
            if stmt.type == "return_statement":
                expr = first_named(stmt)
                return True, UNDEFINED if expr is None else self.eval(expr, scope)
            if stmt.type == "lexical_declaration" and stmt.children[0].type == "const":
                for declarator in named(stmt):
                    parts = field_children(declarator, "name", "value")
                    if parts is None or parts[0].type != "identifier":
                        raise self.unsupported(declarator, "a destructuring declaration")
                    name, value = parts
                    scope.values[self.src.text(name)] = self.eval(value, scope)
                continue
            if stmt.type == "if_statement":
                condition = stmt.child_by_field_name("condition")
                then = stmt.child_by_field_name("consequence")
                other = stmt.child_by_field_name("alternative")
                assert condition is not None and then is not None
                branch: tree_sitter.Node | None = then
                if not truthy(self.eval(condition, scope)):
                    branch = first_named(other) if other is not None else None
                if branch is not None:
                    done, value = self._statements([branch], Scope({}, scope))
                    if done:
                        return True, value
                continue
            if stmt.type == "statement_block":
                done, value = self._statements(named(stmt), Scope({}, scope))
                if done:
                    return True, value
                continue
            if stmt.type == "empty_statement":
                continue
            if stmt.type == "throw_statement":
                raise self._thrown(stmt, scope)
            if stmt.type == "expression_statement" and self._is_console_call(stmt):
                continue  # `console.warn(...)` before a throw: output only
            raise self.error(
                f"`{self.src.snippet(stmt)}` is a statement the loader cannot evaluate; "
                "function bodies may hold only const declarations, if/else and return",
                stmt,
            )
        return False, UNDEFINED

    def run_module_checks(self) -> None:
        """The module-level `if (...) { throw new Error(...) }` checks of this file, in order:
        Node would stop loading the file there, so the load stops with the file's message."""
        scope = Scope({})
        for stmt in named(self.src.tree.root_node):
            if stmt.type == "throw_statement" or (
                stmt.type == "if_statement" and _contains(stmt, "throw_statement")
            ):
                self._statements([stmt], scope)

    def _thrown(self, stmt: tree_sitter.Node, scope: Scope) -> DefinitionError:
        expr = first_named(stmt)
        if expr is None:
            raise self.unsupported(stmt)
        if expr.type == "new_expression":
            constructor = expr.child_by_field_name("constructor")
            arguments = expr.child_by_field_name("arguments")
            if constructor is None or not self.src.text(constructor).endswith("Error"):
                raise self.unsupported(expr, "`new`")
            args = named(arguments) if arguments is not None else []
            message = self.to_string(self.eval(args[0], scope), args[0]) if args else ""
        else:
            message = self.to_string(self.eval(expr, scope), expr)
        return self.error(
            f"the definition throws: {message}" if message else "the definition throws",
            stmt,
            hint="this is a check in the file itself; do what it asks (e.g. set the variable "
            "it reads)",
        )

    def _is_console_call(self, stmt: tree_sitter.Node) -> bool:
        call = first_named(stmt)
        callee = call.child_by_field_name("function") if call is not None else None
        if call is None or call.type != "call_expression" or callee is None:
            return False
        owner = callee.child_by_field_name("object") if callee.type == "member_expression" else None
        return owner is not None and self.src.text(owner) == "console"


def _prop_node(arg_nodes: list[tree_sitter.Node], exc: PropsError) -> tree_sitter.Node | None:
    """The `key: value` pair the message is about, for its line (best effort)."""
    if not arg_nodes or arg_nodes[0].type != "object":
        return None
    for pair in named(arg_nodes[0]):
        key = pair.child_by_field_name("key") if pair.type == "pair" else None
        text = (key.text or b"").decode().strip("'\"") if key is not None else ""
        if text and f"`{text}`" in exc.message:
            return pair
    return None


def _contains(node: tree_sitter.Node, kind: str) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == kind:
            return True
        # A throw inside a function is not run at module level.
        if current.type not in ("arrow_function", "function_expression", "function_declaration"):
            stack.extend(current.named_children)
    return False
