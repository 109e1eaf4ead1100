"""The syntax tree of one TypeScript file: the tree-sitter parser, `SourceFile` (bytes, tree,
locations), syntax errors, and small helpers for reading nodes (named children, TypeScript
wrappers around expressions, the text a string literal denotes)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import tree_sitter
import tree_sitter_typescript

from amplify_sandbox.definition.limits import check_file_size
from amplify_sandbox.errors import DefinitionError, Location

_CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
TS_WRAPPERS = {"as_expression", "satisfies_expression", "non_null_expression", "type_assertion"}

_parser: tree_sitter.Parser | None = None


def read_source(path: Path, imported_at: Location | None = None) -> SourceFile:
    """Read and parse one file, refusing one larger than `MAX_FILE_BYTES` before reading it."""
    check_file_size(path, imported_at)
    return SourceFile(path, path.read_bytes().removeprefix(b"\xef\xbb\xbf"))


def _get_parser() -> tree_sitter.Parser:
    global _parser
    if _parser is None:
        language = tree_sitter.Language(tree_sitter_typescript.language_typescript())
        _parser = tree_sitter.Parser(language)
    return _parser


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


def check_syntax(src: SourceFile) -> None:
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


def first_named(node: tree_sitter.Node) -> tree_sitter.Node | None:
    for child in node.named_children:
        if child.type != "comment":
            return child
    return None


def named(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    return [child for child in node.named_children if child.type != "comment"]


def field_children(node: tree_sitter.Node, *names: str) -> tuple[tree_sitter.Node, ...] | None:
    """The node's children under the field `names`, in that order; None when one is missing."""
    found = [node.child_by_field_name(name) for name in names]
    children = tuple(child for child in found if child is not None)
    return children if len(children) == len(names) else None


def with_fields(
    nodes: Iterable[tree_sitter.Node], node_type: str, *names: str
) -> Iterator[tuple[tree_sitter.Node, ...]]:
    """Of `nodes`, each of type `node_type` that has all the field `names`: the node, then its
    children under those names."""
    for node in nodes:
        children = field_children(node, *names) if node.type == node_type else None
        if children is not None:
            yield (node, *children)


def unwrap(node: tree_sitter.Node) -> tree_sitter.Node:
    """The expression inside parentheses and TypeScript `as` / `satisfies` / `!` / `<T>`."""
    while node.type == "parenthesized_expression" or node.type in TS_WRAPPERS:
        inner = named(node)
        if not inner:
            break
        node = inner[-1] if node.type == "type_assertion" else inner[0]
    return node


def string_literal(src: SourceFile, node: tree_sitter.Node) -> str:
    """The text a string literal denotes, escapes decoded."""
    parts: list[str] = []
    for child in node.named_children:
        if child.type == "escape_sequence":
            parts.append(unescape(src.text(child)))
        else:
            parts.append(src.text(child))
    return "".join(parts)


def unescape(text: str) -> str:
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
