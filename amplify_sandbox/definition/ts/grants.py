"""How resource.ts names Lambda function resources: the name a `defineFunction(...)` call
gives its function, and the `access: (allow) => [allow.resource(fn).to([...])]` rules,
pattern-matched without running them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import tree_sitter

from amplify_sandbox.definition.schema.context import RawGrant
from amplify_sandbox.definition.ts.evaluate import ExpressionEvaluator
from amplify_sandbox.definition.ts.parse import first_named, named, unwrap
from amplify_sandbox.definition.ts.runtime import JsFunction, ModuleEvaluator, Scope
from amplify_sandbox.definition.values import describe
from amplify_sandbox.errors import DefinitionError, Location


def function_name(evaluator: ExpressionEvaluator, call: tree_sitter.Node) -> str:
    """The function's name as Amplify resolves it: `name`, else the `entry` file's stem,
    else the name of the directory holding the defineFunction call. Only those two props
    are looked at, best-effort; the function itself is not evaluated."""
    arguments = call.child_by_field_name("arguments")
    args = named(arguments) if arguments is not None else []
    props = unwrap(args[0]) if args else None
    found: dict[str, str] = {}
    if props is not None and props.type == "object":
        for pair in named(props):
            if pair.type != "pair":
                continue
            key_node = pair.child_by_field_name("key")
            value_node = pair.child_by_field_name("value")
            if key_node is None or value_node is None:
                continue
            try:
                key = evaluator.key(key_node, None)
                if key in ("name", "entry"):
                    value = evaluator.eval(value_node, None)
                    if isinstance(value, str) and value:
                        found[key] = str(value)
            except DefinitionError:
                continue
    if "name" in found:
        return found["name"]
    if "entry" in found:
        return Path(found["entry"]).stem
    return evaluator.src.path.resolve().parent.name


class _Allow:
    """The `allow` parameter of `access`; only `allow.resource(fn).to([...])` is understood."""


_ALLOW = _Allow()


def access_hook() -> Callable[[Any, Location, str], list[RawGrant]]:
    def hook(value: Any, loc: Location, path: str) -> list[RawGrant]:
        if not isinstance(value, JsFunction):
            raise DefinitionError(
                f"expected a function `(allow) => [...]`, got {describe(value)}",
                location=loc,
                field=path,
                hint="access: (allow) => [allow.resource(myFunction).to(['manageUsers'])]",
            )
        return access_grants(value.evaluator, value, path)

    return hook


def _access_element_error(
    evaluator: ModuleEvaluator, node: tree_sitter.Node, path: str
) -> DefinitionError:
    return DefinitionError(
        f"`{evaluator.src.snippet(node, 60)}` is not supported in access; each element must "
        "be allow.resource(fn).to([...actions])",
        location=evaluator.src.location(node),
        field=path,
        hint="group, authenticated and guest access are not defineAuth access rules",
    )


def access_grants(evaluator: ModuleEvaluator, function: JsFunction, path: str) -> list[RawGrant]:
    """Pattern-match `(allow) => [allow.resource(fn).to([...]), ...]` without running it."""
    src = evaluator.src
    node = function.node
    single = node.child_by_field_name("parameter")
    params = node.child_by_field_name("parameters")
    names: list[str] = []
    if single is not None:
        names = [src.text(single)]
    elif params is not None:
        for param in named(params):
            pattern = param.child_by_field_name("pattern")
            if pattern is None or pattern.type != "identifier":
                raise evaluator.unsupported(param, "a destructuring or rest parameter")
            names.append(src.text(pattern))
    if len(names) != 1:
        raise DefinitionError(
            "the access function takes one parameter, `allow`",
            location=src.location(node),
            field=path,
        )
    allow = names[0]
    scope = Scope({allow: _ALLOW}, function.scope)
    body = node.child_by_field_name("body")
    assert body is not None
    if body.type == "statement_block":
        statements = named(body)
        if len(statements) != 1 or statements[0].type != "return_statement":
            raise DefinitionError(
                "the access function must return an array literal directly",
                location=src.location(body),
                field=path,
                hint="access: (allow) => [allow.resource(fn).to([...])]",
            )
        expr = first_named(statements[0])
        if expr is None:
            raise evaluator.unsupported(statements[0])
        body = expr
    array = unwrap(body)
    if array.type != "array":
        raise DefinitionError(
            f"the access function must return an array literal, not `{src.snippet(array)}`",
            location=src.location(array),
            field=path,
        )
    grants: list[RawGrant] = []
    for index, element in enumerate(named(array)):
        item_path = f"{path}[{index}]"
        call = unwrap(element)
        to_callee = call.child_by_field_name("function") if call.type == "call_expression" else None
        to_args = call.child_by_field_name("arguments") if to_callee is not None else None
        if (
            to_callee is None
            or to_args is None
            or to_callee.type != "member_expression"
            or src.text(to_callee.child_by_field_name("property") or to_callee) != "to"
        ):
            raise _access_element_error(evaluator, element, item_path)
        resource = to_callee.child_by_field_name("object")
        res_callee = resource.child_by_field_name("function") if resource is not None else None
        res_args = resource.child_by_field_name("arguments") if resource is not None else None
        if (
            resource is None
            or resource.type != "call_expression"
            or res_callee is None
            or res_args is None
            or res_callee.type != "member_expression"
        ):
            raise _access_element_error(evaluator, element, item_path)
        owner = res_callee.child_by_field_name("object")
        method = res_callee.child_by_field_name("property")
        if (
            owner is None
            or method is None
            or owner.type != "identifier"
            or src.text(owner) != allow
            or src.text(method) != "resource"
        ):
            raise _access_element_error(evaluator, element, item_path)
        fn_nodes, action_nodes = named(res_args), named(to_args)
        if len(fn_nodes) != 1 or len(action_nodes) != 1:
            raise _access_element_error(evaluator, element, item_path)
        function_value = evaluator.eval(fn_nodes[0], scope)
        actions = evaluator.eval(action_nodes[0], scope)
        grants.append(
            RawGrant(
                function=function_value,
                actions=actions,
                loc=src.location(element),
                function_loc=src.location(fn_nodes[0]),
                actions_loc=src.location(action_nodes[0]),
                path=item_path,
            )
        )
    return grants
