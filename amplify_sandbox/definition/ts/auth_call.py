"""Finding the one `defineAuth(...)` call of resource.ts, and the errors for the shapes
that are not one: several calls, `referenceAuth`, a `defineAuth` imported from elsewhere or
not imported, no call at all."""

from __future__ import annotations

import tree_sitter

from amplify_sandbox.definition.ts.modules import Import, ModuleTable
from amplify_sandbox.definition.ts.parse import SourceFile
from amplify_sandbox.errors import DefinitionError, Location


def find_define_auth(src: SourceFile, table: ModuleTable) -> tree_sitter.Node:
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
        amplify = table.amplify_export(callee)
        if amplify is not None:
            if amplify[0] == "defineAuth":
                auth_calls.append(node)
            elif amplify[0] == "referenceAuth":
                reference_calls.append(node)
            continue
        if callee.type == "identifier" and src.text(callee) in ("defineAuth", "referenceAuth"):
            imp = table.imports.get(src.text(callee))
            if imp is not None:
                foreign.append((node, imp))
            elif src.text(callee) not in table.bindings:
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
