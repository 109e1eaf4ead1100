"""How resource.ts names Lambda function resources: the name a `defineFunction(...)` call
gives its function, and the `access: (allow) => [allow.resource(fn).to([...])]` rules,
evaluated by calling the function with an `allow` object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import tree_sitter

from amplify_sandbox.definition.schema.context import RawGrant
from amplify_sandbox.definition.ts.evaluate import ExpressionEvaluator
from amplify_sandbox.definition.ts.parse import first_named, named, unwrap, with_fields
from amplify_sandbox.definition.ts.runtime import HostObject, JsFunction, ModuleEvaluator
from amplify_sandbox.definition.values import JsArray, describe
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
        for _, key_node, value_node in with_fields(named(props), "pair", "key", "value"):
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


class _NotAGrant(HostObject):
    """Whatever `allow.…` chain is not `allow.resource(fn).to([...])` (e.g. `allow.guest`):
    refused by the access hook, which names the element as written."""

    def __init__(self, evaluator: ModuleEvaluator, node: tree_sitter.Node) -> None:
        self.snippet = evaluator.src.snippet(node, 60)
        self.loc = evaluator.src.location(node)

    def member(self, evaluator: ModuleEvaluator, name: str, node: tree_sitter.Node) -> Any:
        return _NotAGrant(evaluator, node)

    def call_method(
        self, evaluator: ModuleEvaluator, name: str, args: list[Any], node: tree_sitter.Node
    ) -> Any:
        return _NotAGrant(evaluator, node)


def _argument_location(evaluator: ModuleEvaluator, node: tree_sitter.Node) -> Location:
    arguments = node.child_by_field_name("arguments")
    first = first_named(arguments) if arguments is not None else None
    return evaluator.src.location(first if first is not None else node)


class _Resource(_NotAGrant):
    """`allow.resource(fn)`: only `.to([...])` is meaningful."""

    def __init__(self, evaluator: ModuleEvaluator, node: tree_sitter.Node, function: Any) -> None:
        super().__init__(evaluator, node)
        self.function = function
        self.function_loc = _argument_location(evaluator, node)

    def call_method(
        self, evaluator: ModuleEvaluator, name: str, args: list[Any], node: tree_sitter.Node
    ) -> Any:
        if name != "to" or len(args) != 1:
            return _NotAGrant(evaluator, node)
        # What `allow.resource(fn).to(actions)` evaluates to; its path is set where it is listed.
        return RawGrant(
            self.function,
            args[0],
            evaluator.src.location(node),
            self.function_loc,
            _argument_location(evaluator, node),
            path="",
        )


class _Allow(_NotAGrant):
    """The `allow` argument of `access`: `allow.resource(fn)` is what defineAuth's access
    rules grant to (group, guest and authenticated rules belong to data and storage)."""

    def __init__(self) -> None:
        self.snippet = "allow"

    def call_method(
        self, evaluator: ModuleEvaluator, name: str, args: list[Any], node: tree_sitter.Node
    ) -> Any:
        if name != "resource" or len(args) != 1:
            return _NotAGrant(evaluator, node)
        return _Resource(evaluator, node, args[0])


def access_hook() -> Callable[[Any, Location, str], list[RawGrant]]:
    """Evaluates `access: (allow) => [...]` by calling the function with `allow`, as the
    resource.py loader does, so helpers, consts, spreads and `map` work as anywhere else."""

    def hook(value: Any, loc: Location, path: str) -> list[RawGrant]:
        def access_error(message: str) -> DefinitionError:
            return DefinitionError(message, location=loc, field=path, hint=_HINT)

        if not isinstance(value, JsFunction):
            raise access_error(f"expected a function `(allow) => [...]`, got {describe(value)}")
        result = value.evaluator.apply(value, [_Allow()], value.node)
        if not isinstance(result, list):
            raise access_error(
                f"the access function must return an array, it returned {describe(result)}"
            )
        grants: list[RawGrant] = []
        for index, item in enumerate(result):
            item_path = f"{path}[{index}]"
            if isinstance(result, JsArray) and index < len(result.item_locations):
                item_loc = result.item_locations[index]
            else:
                item_loc = loc
            if not isinstance(item, RawGrant):
                written = f"`{item.snippet}`" if isinstance(item, _NotAGrant) else describe(item)
                raise DefinitionError(
                    f"{written} is not supported in access; each element must be "
                    "allow.resource(fn).to([...actions])",
                    location=item_loc,
                    field=item_path,
                    hint="group, authenticated and guest access are not defineAuth access rules",
                )
            grants.append(replace(item, path=item_path))
        return grants

    return hook


_HINT = "access: (allow) => [allow.resource(myFunction).to(['manageUsers'])]"
