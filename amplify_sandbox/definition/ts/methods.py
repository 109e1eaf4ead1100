"""The whitelisted pure string and array methods (`trim`, `split`, `replace`, `map`,
`filter`, `join`, ...) a call on a string or array may use, and the error for any other call
the loader cannot evaluate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import tree_sitter

from amplify_sandbox.definition.ts.evaluate import (
    MAX_STRING,
    TOO_BIG,
    ExpressionEvaluator,
    strict_equals,
)
from amplify_sandbox.definition.ts.runtime import JsFunction
from amplify_sandbox.definition.values import (
    UNDEFINED,
    JsArray,
    Placeholder,
    describe,
    truthy,
)
from amplify_sandbox.errors import DefinitionError


def cannot_call(
    evaluator: ExpressionEvaluator, node: tree_sitter.Node, callee: tree_sitter.Node
) -> DefinitionError:
    return evaluator.error(
        f"`{evaluator.src.snippet(callee)}()` is a call the loader cannot evaluate statically",
        node,
        hint="use a literal value, a const of literals, a helper function defined in this "
        "project, or one of the string/array methods trim, split, replace, toLowerCase, "
        "toUpperCase, includes, startsWith, endsWith, map, filter, join",
    )


def _callback(
    evaluator: ExpressionEvaluator, value: Any, node: tree_sitter.Node
) -> Callable[..., Any]:
    if isinstance(value, JsFunction):
        return lambda *args: value.evaluator.apply(value, list(args), node)
    raise evaluator.error(f"expected a function, got {describe(value)}", node)


def call_method(
    evaluator: ExpressionEvaluator,
    obj: str | list[Any],
    method: str,
    args: list[Any],
    node: tree_sitter.Node,
    callee: tree_sitter.Node,
) -> Any:
    """The whitelisted pure string and array methods."""
    src = evaluator.src

    def text_arg(index: int, default: str | None = None) -> str:
        value = args[index] if index < len(args) else UNDEFINED
        if value is UNDEFINED and default is not None:
            return default
        if not isinstance(value, str) or isinstance(value, Placeholder):
            raise evaluator.error(
                f"`{method}` is evaluated only with string arguments, got {describe(value)}",
                node,
            )
        return str(value)

    if isinstance(obj, str):
        text = str(obj)
        if method == "trim":
            return text.strip(" \t\n\r\v\f\u00a0\ufeff")
        if method == "trimStart":
            return text.lstrip(" \t\n\r\v\f\u00a0\ufeff")
        if method == "trimEnd":
            return text.rstrip(" \t\n\r\v\f\u00a0\ufeff")
        if method == "toLowerCase":
            return text.lower()
        if method == "toUpperCase":
            return text.upper()
        if method == "includes":
            return text_arg(0) in text
        if method == "startsWith":
            return text.startswith(text_arg(0))
        if method == "endsWith":
            return text.endswith(text_arg(0))
        if method == "replace":
            return text.replace(text_arg(0), text_arg(1), 1)
        if method == "split":
            separator = text_arg(0)
            parts = list(text) if separator == "" else text.split(separator)
            result = JsArray(src.location(node))
            for part in parts:
                result.push(part, src.location(node))
            return result
    else:
        if method in ("map", "filter"):
            function = _callback(evaluator, args[0] if args else UNDEFINED, node)
            result = JsArray(src.location(node))
            for index, item in enumerate(obj):
                value = function(item, index)
                if method == "map":
                    result.push(value, src.location(node))
                elif truthy(value):
                    loc = src.location(node)
                    if isinstance(obj, JsArray) and index < len(obj.item_locations):
                        loc = obj.item_locations[index]
                    result.push(item, loc)
            return result
        if method == "join":
            separator = text_arg(0, ",")
            texts = [
                "" if item is None or item is UNDEFINED else evaluator.to_string(item, node)
                for item in obj
            ]
            size = sum(map(len, texts)) + len(separator) * max(len(texts) - 1, 0)
            if size > MAX_STRING:
                raise evaluator.error(
                    f"the joined text would have more than {MAX_STRING:,} characters",
                    node,
                    hint=TOO_BIG,
                )
            return separator.join(texts)
        if method == "includes":
            target = args[0] if args else UNDEFINED
            return any(strict_equals(item, target) for item in obj)
    raise cannot_call(evaluator, node, callee)
