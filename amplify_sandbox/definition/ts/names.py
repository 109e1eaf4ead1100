"""Names: scope lookup, module-level bindings (evaluated lazily, once, refusing reassigned
`let`s and self-reference), destructured consts, imports followed into local modules at most
`MAX_IMPORT_DEPTH` deep, exports (including re-exports), and the globals the evaluator knows.
A binding initialised with `defineFunction(...)` becomes a `FunctionRef`."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import tree_sitter

from amplify_sandbox.definition.model import FunctionRef
from amplify_sandbox.definition.ts.evaluate import ExpressionEvaluator
from amplify_sandbox.definition.ts.modules import AMPLIFY_SOURCES, Import
from amplify_sandbox.definition.ts.parse import unwrap
from amplify_sandbox.definition.ts.runtime import (
    _MISSING,
    _PROCESS,
    JsFunction,
    ModuleEvaluator,
    Scope,
    _Namespace,
)
from amplify_sandbox.definition.values import UNDEFINED, Opaque

# JavaScript globals the evaluator knows exist but does not evaluate.
_GLOBALS = frozenset(
    {"JSON", "Math", "Object", "Array", "String", "Number", "Boolean", "Date", "RegExp"}
    | {"Promise", "Symbol", "Map", "Set", "console", "globalThis", "require", "module"}
    | {"parseInt", "parseFloat", "encodeURIComponent", "decodeURIComponent", "Buffer"}
)
MAX_IMPORT_DEPTH = 5


class NameResolver(ExpressionEvaluator):
    """Resolves names to values: scopes, bindings, imports and exports."""

    def resolve(self, name: str, node: tree_sitter.Node, scope: Scope | None) -> Any:
        if scope is not None:
            found, value = scope.lookup(name)
            if found:
                return value
        if name in self.bindings:
            return self._binding(name, node)
        if name in self.imports:
            return self._imported(self.imports[name], node)
        if name == "undefined":
            return UNDEFINED
        if name == "NaN":
            return math.nan
        if name == "Infinity":
            return math.inf
        if name == "process":
            return _PROCESS
        if name in _GLOBALS:
            return Opaque(f"the global `{name}`")
        hint = None
        if name in ("secret", "defineAuth"):
            hint = f"add `import {{ {name} }} from '@aws-amplify/backend';`"
        raise self.error(f"`{name}` is not declared or imported in this file", node, hint)

    def _imported(self, imp: Import, use: tree_sitter.Node) -> Any:
        """The value of an imported name: followed into local modules, opaque otherwise."""
        if imp.source in AMPLIFY_SOURCES:
            return Opaque(f"`{imp.local}` (imported from '{imp.source}')")
        local, path = self.program.resolve_specifier(self.src.path, imp.source)
        if not local:
            return Opaque(f"`{imp.local}` (imported from '{imp.source}')")
        if path is None:
            raise self.error(
                f"cannot find the module '{imp.source}' imported here",
                imp.node,
                hint="a local import must name a .ts/.js file or a directory with index.ts",
            )
        if self.module_depth + 1 > MAX_IMPORT_DEPTH:
            raise self.error(f"imports nest more than {MAX_IMPORT_DEPTH} modules deep", imp.node)
        module = self.module(path, self.module_depth + 1, imp.node)
        if imp.imported == "*":
            return _Namespace(module, imp.source)
        return self.from_module(module, imp.imported, imp.source, use)

    def from_module(
        self, module: ModuleEvaluator, name: str, specifier: str, use: tree_sitter.Node
    ) -> Any:
        value = module.export_value(name)
        if value is _MISSING:
            raise self.error(f"'{specifier}' has no export named `{name}`", use)
        if isinstance(value, FunctionRef) and value.kind == "local":
            value = replace(value, kind="import")
        return value

    def export_value(self, name: str) -> Any:
        """The value of one of this module's exports, or `_MISSING`."""
        entry = self.exports.get(name)
        if entry is None:
            for source, _node in self.star_exports:
                if name == "default":
                    break
                _local, path = self.program.resolve_specifier(self.src.path, source)
                if path is None:
                    continue
                module = self.module(path, self.module_depth + 1)
                if name in module.exports or module.star_exports:
                    value = module.export_value(name)
                    if value is not _MISSING:
                        return value
            return _MISSING
        if entry[0] == "local":
            return self.value_of(entry[1])
        if entry[0] == "expr":
            return self._function_ref_or_eval(entry[1], "default", None)
        source, imported, node = entry[1], entry[2], entry[3]
        return self._imported(Import(name, source, imported, node), node)

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
                value = self._function_ref_or_eval(init, name, None)
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
            key = self.key(key_node, None)
        return self.member(source, key, part, optional=False)

    def _function_ref_or_eval(
        self, init: tree_sitter.Node, binding: str, scope: Scope | None
    ) -> Any:
        """A binding's value; `defineFunction(...)` becomes a `FunctionRef` (kind `local`)."""
        call = unwrap(init)
        if call.type == "call_expression":
            callee = call.child_by_field_name("function")
            if callee is not None:
                amplify = self.table.amplify_export(callee)
                if amplify is not None and amplify[0] == "defineFunction":
                    ref = self.eval(call, scope)
                    assert isinstance(ref, FunctionRef)
                    return replace(ref, kind="local", where=None)
        value = self.eval(init, scope)
        if isinstance(value, JsFunction) and value.name == "<anonymous>":
            value.name = binding
        return value
