"""Finding the one `defineAuth(...)` (or `referenceAuth(...)`) call of resource.ts, and the
errors for the shapes that are not one: several calls, a `defineAuth` imported from elsewhere
or not imported, no call at all."""

from __future__ import annotations

from typing import Literal

import tree_sitter

from amplify_sandbox.definition.ts.modules import Import, ModuleTable
from amplify_sandbox.definition.ts.parse import SourceFile
from amplify_sandbox.errors import DefinitionError, Location

AuthCall = Literal["defineAuth", "referenceAuth"]


def find_define_auth(src: SourceFile, table: ModuleTable) -> tuple[tree_sitter.Node, AuthCall]:
    """The one `defineAuth(...)` or `referenceAuth(...)` call, and which of the two it is."""
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
    if (auth_calls and reference_calls) or len(reference_calls) > 1:
        # Amplify's own message (backend-auth reference_factory.ts, MultipleSingletonResourcesError).
        second = sorted((*auth_calls, *reference_calls), key=lambda n: n.start_byte)[1]
        raise DefinitionError(
            "Multiple `defineAuth` or `referenceAuth` calls are not allowed within an "
            "Amplify backend",
            location=src.location(second),
            hint="Remove all but one `defineAuth` or `referenceAuth` call",
        )
    if len(auth_calls) == 1:
        return auth_calls[0], "defineAuth"
    if len(auth_calls) > 1:
        lines = ", ".join(str(src.location(call).line) for call in auth_calls)
        raise DefinitionError(
            f"found {len(auth_calls)} defineAuth(...) calls (lines {lines}); "
            "an auth resource file defines exactly one",
            location=src.location(auth_calls[1]),
            hint="keep one `export const auth = defineAuth({...})`",
        )
    if reference_calls:
        return reference_calls[0], "referenceAuth"
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
