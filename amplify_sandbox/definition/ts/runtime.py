"""The evaluator's run-time state: the `Program` shared by every module of one load, the
per-module base every part of the evaluator builds on (source, module table, caches, errors),
and the values evaluation creates besides plain data (scopes, closures, `process.env`,
namespace imports)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tree_sitter

from amplify_sandbox.definition.model import FunctionRef
from amplify_sandbox.definition.ts.modules import ModuleTable
from amplify_sandbox.definition.ts.parse import SourceFile, check_syntax, read_source
from amplify_sandbox.definition.ts.paths import Aliases, resolve_specifier, tsconfig_aliases
from amplify_sandbox.errors import DefinitionError, Location


@dataclass
class Program:
    """State shared by every module of one load: the environment, the project root (for
    tsconfig and relative paths), the parsed modules, what was read and what to warn about."""

    root: Path
    env: Mapping[str, str]
    env_vars_read: list[str] = field(default_factory=list)
    # Variables read that the environment does not set → where first read (file:line:col).
    env_unset: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    modules: dict[Path, ModuleEvaluator] = field(default_factory=dict)
    steps: int = 0
    depth: int = 0
    # How deep `eval` is nested now (bounded by evaluate.MAX_NESTING).
    nesting: int = 0
    _tsconfigs: dict[Path, Aliases] = field(default_factory=dict)

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

    def aliases(self, directory: Path) -> Aliases:
        """tsconfig `compilerOptions.paths` patterns and their target bases: the nearest
        tsconfig.json above `directory` first, then the project root's."""
        return tsconfig_aliases(self.root, self._tsconfigs, directory)

    def resolve_specifier(self, importer: Path, specifier: str) -> tuple[bool, Path | None]:
        """(is local, file) for an import specifier; npm packages are not local."""
        return resolve_specifier(importer, specifier, self.aliases)


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


class ModuleEvaluator(ABC):
    """One module's evaluation state, and what the parts of the evaluator (expressions, names,
    functions) share: errors, locations, loading other modules, and the operations they call
    on each other."""

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
        self.table = ModuleTable(src)
        self.imports = self.table.imports
        self.bindings = self.table.bindings
        self.exports = self.table.exports
        self.star_exports = self.table.star_exports
        self.reassigned = self.table.reassigned
        self.cache: dict[str, Any] = {}
        self.evaluating: set[str] = set()

    @abstractmethod
    def eval(self, node: tree_sitter.Node, scope: Scope | None) -> Any: ...

    @abstractmethod
    def apply(self, function: JsFunction, args: list[Any], call_node: tree_sitter.Node) -> Any: ...

    @abstractmethod
    def export_value(self, name: str) -> Any:
        """The value of one of this module's exports, or `_MISSING`."""

    def module(
        self, path: Path, depth: int, imported_at: tree_sitter.Node | None = None
    ) -> ModuleEvaluator:
        """Another module of this load, parsed on first use."""
        modules = self.program.modules
        key = path.resolve()
        if key not in modules:
            at = self.src.location(imported_at) if imported_at is not None else None
            src = read_source(path, at)
            check_syntax(src)
            modules[key] = type(self)(src, self.env, self.program, depth)
        return modules[key]

    # -- errors and locations -------------------------------------------------------------------

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

    def where(self, node: tree_sitter.Node) -> str:
        return self.program.where(self.src.location(node))

    def located(self, value: Any, node: tree_sitter.Node) -> Any:
        """A FunctionRef picks up where it is referenced the first time it is used."""
        if isinstance(value, FunctionRef) and value.where is None:
            return replace(value, where=self.where(node))
        return value

    def module_name(self) -> str:
        return self.program.rel(self.src.path)


class JsFunction:
    """An arrow function, function expression or method, closed over its scope."""

    def __init__(
        self, evaluator: ModuleEvaluator, node: tree_sitter.Node, scope: Scope | None, name: str
    ) -> None:
        self.evaluator = evaluator
        self.node = node
        self.scope = scope
        self.name = name

    def __call__(self, *args: Any) -> Any:
        return self.evaluator.apply(self, list(args), self.node)

    def __repr__(self) -> str:
        return f"JsFunction({self.name})"


class HostObject(ABC):
    """An object the loader hands to the definition's code (e.g. `allow` in `access`): its
    properties and methods are Python."""

    @abstractmethod
    def member(self, evaluator: ModuleEvaluator, name: str, node: tree_sitter.Node) -> Any: ...

    @abstractmethod
    def call_method(
        self, evaluator: ModuleEvaluator, name: str, args: list[Any], node: tree_sitter.Node
    ) -> Any: ...


# Messages fall back to a value's type name (`describe`), so these class names are user-visible.


class _Process:
    """The `process` global; only `process.env.X` is meaningful."""


class _Env:
    """`process.env`."""


_PROCESS = _Process()
_ENV = _Env()


class _Namespace:
    """`import * as ns from './local-module'`."""

    def __init__(self, module: ModuleEvaluator, specifier: str) -> None:
        self.module = module
        self.specifier = specifier


class _Missing:
    """An export a module does not have."""


_MISSING = _Missing()
