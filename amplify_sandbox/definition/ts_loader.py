"""Static loader for `amplify/auth/resource.ts`: parse with tree-sitter, find the one
`defineAuth({...})` call, evaluate its argument with a small JavaScript-subset evaluator.

No Node: the file is never executed. Evaluation is lazy (module-level bindings are evaluated
only when referenced), so unrelated statements in the file are ignored. Local imports (relative
or tsconfig `paths` aliases) are followed with the same evaluator, at most five modules deep. A
binding initialised with `defineFunction(...)` becomes an opaque `FunctionRef`; the function
itself is never evaluated. Anything the evaluator cannot compute statically is an error that
names the construct and its file:line:col.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tree_sitter
import tree_sitter_typescript

from amplify_sandbox.definition.model import AuthDefinition, FunctionRef, SecretRef
from amplify_sandbox.definition.schema import (
    MapContext,
    RawGrant,
    build_definition,
    check_secret_name,
)
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

AMPLIFY_SOURCES = frozenset(
    {"@aws-amplify/backend", "@aws-amplify/backend-auth", "@aws-amplify/backend-function"}
)
# Which Amplify packages export which names; a name not listed may come from any of them.
_EXPORTED_BY = {
    "defineAuth": frozenset({"@aws-amplify/backend", "@aws-amplify/backend-auth"}),
    "referenceAuth": frozenset({"@aws-amplify/backend", "@aws-amplify/backend-auth"}),
    "defineFunction": frozenset({"@aws-amplify/backend", "@aws-amplify/backend-function"}),
    "secret": frozenset({"@aws-amplify/backend"}),
}
_MAX_DEPTH = 100
# JavaScript globals the evaluator knows exist but does not evaluate.
_GLOBALS = frozenset(
    {"JSON", "Math", "Object", "Array", "String", "Number", "Boolean", "Date", "RegExp"}
    | {"Promise", "Symbol", "Map", "Set", "console", "globalThis", "require", "module"}
    | {"parseInt", "parseFloat", "encodeURIComponent", "decodeURIComponent", "Buffer"}
)
MAX_IMPORT_DEPTH = 5
MAX_STEPS = 10_000
_SCRIPT_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx")
_JS_TO_TS = {".js": (".ts", ".tsx"), ".mjs": (".mts",), ".cjs": (".cts",), ".jsx": (".tsx",)}
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


class _Namespace:
    """`import * as ns from './local-module'`."""

    def __init__(self, module: Evaluator, specifier: str) -> None:
        self.module = module
        self.specifier = specifier


class _Missing:
    """An export a module does not have."""


_MISSING = _Missing()


@dataclass
class Program:
    """State shared by every module of one load: the environment, the project root (for
    tsconfig and relative paths), the parsed modules, what was read and what to warn about."""

    root: Path
    env: Mapping[str, str]
    env_vars_read: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    modules: dict[Path, Evaluator] = field(default_factory=dict)
    steps: int = 0
    depth: int = 0
    _tsconfigs: dict[Path, list[tuple[str, list[Path]]]] = field(default_factory=dict)

    def rel(self, path: Path) -> str:
        """`path` relative to the project root, for messages and FunctionRefs."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def where(self, location: Location) -> str:
        return f"{self.rel(location.file)}:{location.line}:{location.column}"

    def warn(self, message: str, location: Location | None = None) -> None:
        text = f"{self.where(location)}: {message}" if location else message
        if text not in self.warnings:
            self.warnings.append(text)

    def module(self, path: Path, depth: int) -> Evaluator:
        key = path.resolve()
        if key not in self.modules:
            src = SourceFile(path, path.read_bytes().removeprefix(b"\xef\xbb\xbf"))
            _check_syntax(src)
            self.modules[key] = Evaluator(src, self.env, self, depth)
        return self.modules[key]

    # -- module resolution --------------------------------------------------------------------

    def aliases(self, directory: Path) -> list[tuple[str, list[Path]]]:
        """tsconfig `compilerOptions.paths` patterns and their target bases: the nearest
        tsconfig.json above `directory` first, then the project root's."""
        found: list[tuple[str, list[Path]]] = []
        configs: list[Path] = []
        current = directory.resolve()
        root = self.root.resolve()
        while True:
            candidate = current / "tsconfig.json"
            if candidate.is_file():
                configs.append(candidate)
                break
            if current == root or current.parent == current:
                break
            current = current.parent
        if (root / "tsconfig.json").is_file() and root / "tsconfig.json" not in configs:
            configs.append(root / "tsconfig.json")
        for config in configs:
            if config not in self._tsconfigs:
                self._tsconfigs[config] = _tsconfig_paths(config)
            found.extend(self._tsconfigs[config])
        return found

    def resolve_specifier(self, importer: Path, specifier: str) -> tuple[bool, Path | None]:
        """(is local, file) for an import specifier; npm packages are not local."""
        bases: list[Path] = []
        if specifier.startswith(("./", "../")) or specifier in (".", ".."):
            bases = [importer.parent / specifier]
        elif specifier.startswith("/"):
            bases = [Path(specifier)]
        else:
            for pattern, targets in self.aliases(importer.parent):
                if "*" in pattern:
                    prefix, _, suffix = pattern.partition("*")
                    if specifier.startswith(prefix) and specifier.endswith(suffix):
                        middle = specifier[len(prefix) : len(specifier) - len(suffix)]
                        bases.extend(Path(str(t).replace("*", middle, 1)) for t in targets)
                elif specifier == pattern:
                    bases.extend(targets)
            if not bases:
                return False, None
        for base in bases:
            for candidate in _candidates(base):
                if candidate.is_file():
                    return True, candidate
        return True, None


def _candidates(base: Path) -> list[Path]:
    result: list[Path] = []
    suffix = base.suffix
    if suffix in _JS_TO_TS:
        result.extend(base.with_suffix(ts) for ts in _JS_TO_TS[suffix])
    if suffix in _SCRIPT_SUFFIXES:
        result.append(base)
    result.extend(Path(f"{base}{ext}") for ext in (".ts", ".tsx", ".mts", ".js", ".mjs"))
    result.extend(base / f"index{ext}" for ext in (".ts", ".tsx", ".js", ".mjs"))
    return result


def _read_jsonc(path: Path) -> Any:
    """JSON with comments and trailing commas, as tsconfig.json allows."""
    text = path.read_text(encoding="utf-8-sig")
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == '"':
            end = index + 1
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out.append(text[index : end + 1])
            index = end + 1
        elif text.startswith("//", index):
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
        elif text.startswith("/*", index):
            close = text.find("*/", index + 2)
            index = len(text) if close < 0 else close + 2
        else:
            out.append(char)
            index += 1
    cleaned = re.sub(r",(\s*[}\]])", r"\1", "".join(out))
    return json.loads(cleaned)


def _tsconfig_paths(config: Path) -> list[tuple[str, list[Path]]]:
    try:
        data = _read_jsonc(config)
    except (OSError, ValueError) as exc:
        raise DefinitionError(
            f"cannot read {config.name}: {exc}", location=Location(config, 1, 1)
        ) from None
    options = data.get("compilerOptions") if isinstance(data, dict) else None
    if not isinstance(options, dict) or not isinstance(options.get("paths"), dict):
        return []
    base_url = options.get("baseUrl")
    base = config.parent / base_url if isinstance(base_url, str) else config.parent
    result: list[tuple[str, list[Path]]] = []
    for pattern, targets in options["paths"].items():
        if isinstance(pattern, str) and isinstance(targets, list):
            result.append((pattern, [base / t for t in targets if isinstance(t, str)]))
    return result


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

    def __init__(
        self,
        src: SourceFile,
        env: Mapping[str, str],
        program: Program | None = None,
        module_depth: int = 0,
    ) -> None:
        self.src = src
        self.env = env
        self.program = program or Program(src.path.parent, env)
        self.program.modules.setdefault(src.path.resolve(), self)
        self.module_depth = module_depth
        self.env_vars_read = self.program.env_vars_read
        self.imports: dict[str, Import] = {}
        self.bindings: dict[str, tuple[str, tree_sitter.Node]] = {}
        # export name -> ("local", binding) | ("expr", node) | ("from", source, name, node)
        self.exports: dict[str, tuple[Any, ...]] = {}
        self.star_exports: list[tuple[str, tree_sitter.Node]] = []
        self.reassigned: dict[str, int] = {}
        self.cache: dict[str, Any] = {}
        self.evaluating: set[str] = set()
        self._collect()

    # -- module table ---------------------------------------------------------------------------

    def _collect(self) -> None:
        root = self.src.tree.root_node
        for stmt in _named(root):
            node = stmt
            if stmt.type == "export_statement":
                declaration = stmt.child_by_field_name("declaration")
                if declaration is None:
                    self._collect_export(stmt)
                    continue
                node = declaration
                for exported in self._declared_names(declaration):
                    self.exports[exported] = ("local", exported)
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

    def _declared_names(self, declaration: tree_sitter.Node) -> list[str]:
        if declaration.type in ("function_declaration", "class_declaration"):
            name = declaration.child_by_field_name("name")
            return [] if name is None else [self.src.text(name)]
        names: list[str] = []
        if declaration.type in ("lexical_declaration", "variable_declaration"):
            for declarator in _named(declaration):
                name = declarator.child_by_field_name("name")
                if name is not None and name.type == "identifier":
                    names.append(self.src.text(name))
                elif name is not None and name.type == "object_pattern":
                    for part in _named(name):
                        if part.type == "shorthand_property_identifier_pattern":
                            names.append(self.src.text(part))
                        elif part.type == "pair_pattern":
                            target = part.child_by_field_name("value")
                            if target is not None and target.type == "identifier":
                                names.append(self.src.text(target))
        return names

    def _collect_export(self, stmt: tree_sitter.Node) -> None:
        if any(child.type == "type" for child in stmt.children):
            return  # `export type {...}`
        source_node = stmt.child_by_field_name("source")
        source = self._string(source_node) if source_node is not None else None
        value = stmt.child_by_field_name("value")
        if value is not None:
            self.exports["default"] = ("expr", value)
            return
        clause = next((c for c in stmt.named_children if c.type == "export_clause"), None)
        if clause is None:
            if source is not None and source_node is not None:
                self.star_exports.append((source, source_node))
            return
        for spec in clause.named_children:
            if spec.type != "export_specifier":
                continue
            name_node = spec.child_by_field_name("name")
            alias_node = spec.child_by_field_name("alias") or name_node
            if name_node is None or alias_node is None:
                continue
            exported = self.src.text(alias_node)
            if source is not None:
                self.exports[exported] = ("from", source, self.src.text(name_node), spec)
            else:
                self.exports[exported] = ("local", self.src.text(name_node))

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
        found: tuple[str, Import] | None = None
        if callee.type == "identifier":
            imp = self.imports.get(self.src.text(callee))
            if imp is not None and imp.source in AMPLIFY_SOURCES and imp.imported != "*":
                found = imp.imported, imp
        elif callee.type == "member_expression":
            obj = callee.child_by_field_name("object")
            prop = callee.child_by_field_name("property")
            if obj is not None and prop is not None and obj.type == "identifier":
                imp = self.imports.get(self.src.text(obj))
                if imp is not None and imp.source in AMPLIFY_SOURCES and imp.imported == "*":
                    found = self.src.text(prop), imp
        if found is not None and found[1].source not in _EXPORTED_BY.get(found[0], AMPLIFY_SOURCES):
            return None
        return found

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
        module = self.program.module(path, self.module_depth + 1)
        if imp.imported == "*":
            return _Namespace(module, imp.source)
        return self._from_module(module, imp.imported, imp.source, use)

    def _from_module(
        self, module: Evaluator, name: str, specifier: str, use: tree_sitter.Node
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
                module = self.program.module(path, self.module_depth + 1)
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
            key = self._key(key_node, None)
        return self._member(source, key, part, optional=False)

    def _unwrap(self, node: tree_sitter.Node) -> tree_sitter.Node:
        while node.type == "parenthesized_expression" or node.type in _TS_WRAPPERS:
            inner = _named(node)
            if not inner:
                break
            node = inner[-1] if node.type == "type_assertion" else inner[0]
        return node

    def _function_ref_or_eval(
        self, init: tree_sitter.Node, binding: str, scope: Scope | None
    ) -> Any:
        """A binding's value; `defineFunction(...)` becomes a `FunctionRef` (kind `local`)."""
        call = self._unwrap(init)
        if call.type == "call_expression":
            callee = call.child_by_field_name("function")
            if callee is not None:
                amplify = self.amplify_export(callee)
                if amplify is not None and amplify[0] == "defineFunction":
                    return FunctionRef(
                        kind="local", name=self._function_name(call), module=self._module_name()
                    )
        value = self.eval(init, scope)
        if isinstance(value, JsFunction) and value.name == "<anonymous>":
            value.name = binding
        return value

    def _module_name(self) -> str:
        return self.program.rel(self.src.path)

    def _function_name(self, call: tree_sitter.Node) -> str:
        """The function's name as Amplify resolves it: `name`, else the `entry` file's stem,
        else the name of the directory holding the defineFunction call. Only those two props
        are looked at, best-effort; the function itself is not evaluated."""
        arguments = call.child_by_field_name("arguments")
        args = _named(arguments) if arguments is not None else []
        props = self._unwrap(args[0]) if args else None
        found: dict[str, str] = {}
        if props is not None and props.type == "object":
            for pair in _named(props):
                if pair.type != "pair":
                    continue
                key_node = pair.child_by_field_name("key")
                value_node = pair.child_by_field_name("value")
                if key_node is None or value_node is None:
                    continue
                try:
                    key = self._key(key_node, None)
                    if key in ("name", "entry"):
                        value = self.eval(value_node, None)
                        if isinstance(value, str) and value:
                            found[key] = str(value)
                except DefinitionError:
                    continue
        if "name" in found:
            return found["name"]
        if "entry" in found:
            return Path(found["entry"]).stem
        return self.src.path.resolve().parent.name

    def where(self, node: tree_sitter.Node) -> str:
        return self.program.where(self.src.location(node))

    def _located(self, value: Any, node: tree_sitter.Node) -> Any:
        """A FunctionRef picks up where it is referenced the first time it is used."""
        if isinstance(value, FunctionRef) and value.where is None:
            return replace(value, where=self.where(node))
        return value

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
            return self._located(self.resolve(self.src.text(node), node, scope), node)
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
            value = self._member(self.eval(obj_node, scope), self.src.text(prop), node, optional)
            return self._located(value, node)
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
            value = self._member(self.eval(obj_node, scope), key, node, optional)
            return self._located(value, node)
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
                value = self.eval(expr, scope)
                if value is UNDEFINED:
                    self.program.warn(
                        f"`${{{self.src.snippet(expr)}}}` is undefined; the text says "
                        '"undefined" there',
                        self.src.location(expr),
                    )
                parts.append(self.to_string(value, expr))
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
        if isinstance(value, Opaque | JsFunction | SecretRef | FunctionRef | _Process | _Env):
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
        written: set[str] = set()

        def literal_key(key: str, key_node: tree_sitter.Node) -> None:
            if key in written:
                self.program.warn(
                    f"duplicate key `{key}` in an object literal; the last one wins",
                    self.src.location(key_node),
                )
            written.add(key)

        for child in _named(node):
            if child.type == "pair":
                key_node = child.child_by_field_name("key")
                value_node = child.child_by_field_name("value")
                assert key_node is not None and value_node is not None
                key = self._key(key_node, scope)
                literal_key(key, key_node)
                value = self.eval(value_node, scope)
                result.set(key, value, self.src.location(key_node), self.src.location(value_node))
            elif child.type == "shorthand_property_identifier":
                name = self.src.text(child)
                loc = self.src.location(child)
                literal_key(name, child)
                value = self._located(self.resolve(name, child, scope), child)
                result.set(name, value, loc, loc)
            elif child.type == "method_definition":
                name_node = child.child_by_field_name("name")
                assert name_node is not None
                self._check_plain_function(child)
                key = self._key(name_node, scope)
                literal_key(key, name_node)
                loc = self.src.location(name_node)
                result.set(key, JsFunction(self, child, scope, key), loc, loc)
            elif child.type == "spread_element":
                inner = _first_named(child)
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
        if isinstance(obj, _Namespace):
            return self._from_module(obj.module, str(key), obj.specifier, node)
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
            if amplify[0] == "defineFunction":
                return FunctionRef(
                    kind="inline",
                    name=self._function_name(node),
                    module=self._module_name(),
                    where=self.where(node),
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
                function = self._from_module(obj.module, method, obj.specifier, prop)
            elif isinstance(obj, dict):
                function = obj.get(method, UNDEFINED)
            elif isinstance(obj, str | list) and not isinstance(obj, Placeholder):
                args = [self.eval(arg, scope) for arg in arg_nodes]
                return self._method(obj, method, args, node, callee)
            else:
                raise self._cannot_call(node, callee)
        else:
            function = self.eval(callee, scope)
        args = [self.eval(arg, scope) for arg in arg_nodes]
        if isinstance(function, JsFunction):
            return function.evaluator.apply(function, args, node)
        if isinstance(function, Placeholder):
            return function(*args)
        raise self._cannot_call(node, callee)

    def _cannot_call(self, node: tree_sitter.Node, callee: tree_sitter.Node) -> DefinitionError:
        return self.error(
            f"`{self.src.snippet(callee)}()` is a call the loader cannot evaluate statically",
            node,
            hint="use a literal value, a const of literals, a helper function defined in this "
            "project, or one of the string/array methods trim, split, replace, toLowerCase, "
            "toUpperCase, includes, startsWith, endsWith, map, filter, join",
        )

    def _step(self, node: tree_sitter.Node) -> None:
        self.program.steps += 1
        if self.program.steps > MAX_STEPS:
            raise self.error(
                f"evaluation took more than {MAX_STEPS} steps; simplify the helper functions",
                node,
            )

    def _callback(self, value: Any, node: tree_sitter.Node) -> Callable[..., Any]:
        if isinstance(value, JsFunction):
            return lambda *args: value.evaluator.apply(value, list(args), node)
        raise self.error(f"expected a function, got {describe(value)}", node)

    def _method(
        self,
        obj: str | list[Any],
        method: str,
        args: list[Any],
        node: tree_sitter.Node,
        callee: tree_sitter.Node,
    ) -> Any:
        """The whitelisted pure string and array methods."""

        def text_arg(index: int, default: str | None = None) -> str:
            value = args[index] if index < len(args) else UNDEFINED
            if value is UNDEFINED and default is not None:
                return default
            if not isinstance(value, str) or isinstance(value, Placeholder):
                raise self.error(
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
                result = JsArray(self.src.location(node))
                for part in parts:
                    result.push(part, self.src.location(node))
                return result
        else:
            if method in ("map", "filter"):
                function = self._callback(args[0] if args else UNDEFINED, node)
                result = JsArray(self.src.location(node))
                for index, item in enumerate(obj):
                    value = function(item, index)
                    if method == "map":
                        result.push(value, self.src.location(node))
                    elif truthy(value):
                        loc = self.src.location(node)
                        if isinstance(obj, JsArray) and index < len(obj.item_locations):
                            loc = obj.item_locations[index]
                        result.push(item, loc)
                return result
            if method == "join":
                separator = text_arg(0, ",")
                return separator.join(
                    "" if item is None or item is UNDEFINED else self.to_string(item, node)
                    for item in obj
                )
            if method == "includes":
                target = args[0] if args else UNDEFINED
                return any(_strict_equals(item, target) for item in obj)
        raise self._cannot_call(node, callee)

    def _secret(self, node: tree_sitter.Node, args: list[Any]) -> SecretRef:
        if len(args) != 1 or not isinstance(args[0], str) or isinstance(args[0], Placeholder):
            raise self.error("secret() takes one string: the secret's name", node)
        name = str(args[0])
        problem, looks_like_credential = check_secret_name(name)
        if problem:
            raise self.error(problem, node, hint="secret names use letters, digits and _.-")
        if looks_like_credential:
            self.program.warn(
                "the secret name looks like a credential itself; secret() takes the NAME of a "
                "sandbox secret (set its value with `sandbox secret set NAME`)",
                self.src.location(node),
            )
        return SecretRef(name)

    def access_grants(self, function: JsFunction, path: str) -> list[RawGrant]:
        return _access_grants(self, function, path)

    def _check_plain_function(self, node: tree_sitter.Node) -> None:
        for child in node.children:
            if child.type in ("get", "set", "async", "*"):
                raise self.unsupported(node, f"a {child.type} function")

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
        self.program.depth += 1
        try:
            if body.type != "statement_block":
                return self.eval(body, scope)
            return self._block(body, scope)
        finally:
            self.program.depth -= 1

    def _block(self, body: tree_sitter.Node, scope: Scope) -> Any:
        done, value = self._statements(_named(body), scope)
        return value if done else UNDEFINED

    def _statements(self, statements: list[tree_sitter.Node], scope: Scope) -> tuple[bool, Any]:
        """Run statements; (True, value) once a `return` is reached."""
        for stmt in statements:
            self._step(stmt)
            if stmt.type == "return_statement":
                expr = _first_named(stmt)
                return True, UNDEFINED if expr is None else self.eval(expr, scope)
            if stmt.type == "lexical_declaration" and stmt.children[0].type == "const":
                for declarator in _named(stmt):
                    name = declarator.child_by_field_name("name")
                    value = declarator.child_by_field_name("value")
                    if name is None or value is None or name.type != "identifier":
                        raise self.unsupported(declarator, "a destructuring declaration")
                    scope.values[self.src.text(name)] = self.eval(value, scope)
                continue
            if stmt.type == "if_statement":
                condition = stmt.child_by_field_name("condition")
                then = stmt.child_by_field_name("consequence")
                other = stmt.child_by_field_name("alternative")
                assert condition is not None and then is not None
                branch: tree_sitter.Node | None = then
                if not truthy(self.eval(condition, scope)):
                    branch = _first_named(other) if other is not None else None
                if branch is not None:
                    done, value = self._statements([branch], Scope({}, scope))
                    if done:
                        return True, value
                continue
            if stmt.type == "statement_block":
                done, value = self._statements(_named(stmt), Scope({}, scope))
                if done:
                    return True, value
                continue
            if stmt.type == "empty_statement":
                continue
            raise self.error(
                f"`{self.src.snippet(stmt)}` is a statement the loader cannot evaluate; "
                "function bodies may hold only const declarations, if/else and return",
                stmt,
            )
        return False, UNDEFINED


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


def project_root(path: Path) -> Path:
    """The project directory of `<root>/amplify/auth/resource.ts` (else the file's directory)."""
    if path.parent.parent.name == "amplify":
        return path.parent.parent.parent
    return path.parent


def load_ts(
    path: Path, env: Mapping[str, str] | None = None, *, lenient: bool = False
) -> AuthDefinition:
    """Load and validate `resource.ts` without running it."""
    data = path.read_bytes()
    src = SourceFile(path, data.removeprefix(b"\xef\xbb\xbf"))
    _check_syntax(src)
    environment = os.environ if env is None else env
    program = Program(project_root(path), environment)
    evaluator = Evaluator(src, environment, program)
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
    ctx = MapContext(
        source=path,
        default_location=src.location(args[0]),
        access=_access_hook(),
        lenient=lenient,
        warnings=program.warnings,
        root=program.root,
    )
    definition = build_definition(props, ctx)
    return replace(
        definition,
        env_vars_read=tuple(sorted(program.env_vars_read)),
        warnings=tuple(program.warnings),
    )


class _Allow:
    """The `allow` parameter of `access`; only `allow.resource(fn).to([...])` is understood."""


_ALLOW = _Allow()


def _access_hook() -> Callable[[Any, Location, str], list[RawGrant]]:
    def hook(value: Any, loc: Location, path: str) -> list[RawGrant]:
        if not isinstance(value, JsFunction):
            raise DefinitionError(
                f"expected a function `(allow) => [...]`, got {describe(value)}",
                location=loc,
                field=path,
                hint="access: (allow) => [allow.resource(myFunction).to(['manageUsers'])]",
            )
        return value.evaluator.access_grants(value, path)

    return hook


def _access_element_error(
    evaluator: Evaluator, node: tree_sitter.Node, path: str
) -> DefinitionError:
    return DefinitionError(
        f"`{evaluator.src.snippet(node, 60)}` is not supported in access; each element must "
        "be allow.resource(fn).to([...actions])",
        location=evaluator.src.location(node),
        field=path,
        hint="group, authenticated and guest access are not defineAuth access rules",
    )


def _access_grants(evaluator: Evaluator, function: JsFunction, path: str) -> list[RawGrant]:
    """Pattern-match `(allow) => [allow.resource(fn).to([...]), ...]` without running it."""
    src = evaluator.src
    node = function.node
    single = node.child_by_field_name("parameter")
    params = node.child_by_field_name("parameters")
    names: list[str] = []
    if single is not None:
        names = [src.text(single)]
    elif params is not None:
        for param in _named(params):
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
        statements = _named(body)
        if len(statements) != 1 or statements[0].type != "return_statement":
            raise DefinitionError(
                "the access function must return an array literal directly",
                location=src.location(body),
                field=path,
                hint="access: (allow) => [allow.resource(fn).to([...])]",
            )
        expr = _first_named(statements[0])
        if expr is None:
            raise evaluator.unsupported(statements[0])
        body = expr
    array = evaluator._unwrap(body)
    if array.type != "array":
        raise DefinitionError(
            f"the access function must return an array literal, not `{src.snippet(array)}`",
            location=src.location(array),
            field=path,
        )
    grants: list[RawGrant] = []
    for index, element in enumerate(_named(array)):
        item_path = f"{path}[{index}]"
        call = evaluator._unwrap(element)
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
        fn_nodes, action_nodes = _named(res_args), _named(to_args)
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


__all__ = ["Evaluator", "JsFunction", "Program", "SourceFile", "load_ts"]
