"""The module table of one file: what it imports, declares at module level, exports and
reassigns, collected from the syntax tree without evaluating anything, and which Amplify
export (`defineAuth`, `secret`, ...) a callee refers to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import tree_sitter

from amplify_sandbox.definition.ts.parse import SourceFile, first_named, named, string_literal

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


@dataclass(frozen=True)
class Import:
    local: str
    source: str
    imported: str  # the exported name, "default", or "*" for a namespace import
    node: tree_sitter.Node


class ModuleTable:
    """A file's imports, module-level bindings, exports and reassigned names."""

    def __init__(self, src: SourceFile) -> None:
        self.src = src
        self.imports: dict[str, Import] = {}
        self.bindings: dict[str, tuple[str, tree_sitter.Node]] = {}
        # export name -> ("local", binding) | ("expr", node) | ("from", source, name, node)
        self.exports: dict[str, tuple[Any, ...]] = {}
        self.star_exports: list[tuple[str, tree_sitter.Node]] = []
        self.reassigned: dict[str, int] = {}
        self._collect()

    def _collect(self) -> None:
        root = self.src.tree.root_node
        for stmt in named(root):
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
                for declarator in named(node):
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
            for declarator in named(declaration):
                name = declarator.child_by_field_name("name")
                if name is not None and name.type == "identifier":
                    names.append(self.src.text(name))
                elif name is not None and name.type == "object_pattern":
                    for part in named(name):
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
        source = string_literal(self.src, source_node) if source_node is not None else None
        value = stmt.child_by_field_name("value")
        if value is not None:
            self.exports["default"] = ("expr", value)
            return
        clause = next((c for c in stmt.named_children if c.type == "export_clause"), None)
        if clause is None:
            if source is not None and source_node is not None:
                self.star_exports.append((source, source_node))
            return
        for spec, name_node, alias_node in _specifiers(clause, "export_specifier"):
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
        source = string_literal(self.src, source_node)
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        if clause is None:
            return  # side-effect import
        for part in clause.named_children:
            if part.type == "identifier":
                self.imports[self.src.text(part)] = Import(
                    self.src.text(part), source, "default", part
                )
            elif part.type == "namespace_import":
                ident = first_named(part)
                if ident is not None:
                    self.imports[self.src.text(ident)] = Import(
                        self.src.text(ident), source, "*", ident
                    )
            elif part.type == "named_imports":
                for spec, name_node, alias_node in _specifiers(part, "import_specifier"):
                    if any(c.type == "type" for c in spec.children):
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
            for part in named(name_node):
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


def _specifiers(
    clause: tree_sitter.Node, kind: str
) -> Iterator[tuple[tree_sitter.Node, tree_sitter.Node, tree_sitter.Node]]:
    """The `kind` specifiers of an import / export clause (`a`, `a as b`): each with its name
    and the name it is bound to (a and b)."""
    for spec in clause.named_children:
        name = spec.child_by_field_name("name") if spec.type == kind else None
        if name is not None:
            yield spec, name, spec.child_by_field_name("alias") or name
