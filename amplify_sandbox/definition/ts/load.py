"""Loading `resource.ts`: parse it, find the defineAuth call, evaluate its argument and hand
the props to the schema, without running the file."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.definition.project import project_root
from amplify_sandbox.definition.reference import build_reference
from amplify_sandbox.definition.schema.context import MapContext
from amplify_sandbox.definition.schema.definition import build_definition
from amplify_sandbox.definition.ts.auth_call import find_define_auth
from amplify_sandbox.definition.ts.functions import Evaluator
from amplify_sandbox.definition.ts.grants import access_hook
from amplify_sandbox.definition.ts.parse import check_syntax, named, read_source
from amplify_sandbox.definition.ts.runtime import Program
from amplify_sandbox.definition.unset_env import with_unset_env
from amplify_sandbox.definition.values import JsObject, describe
from amplify_sandbox.errors import DefinitionError

# Python frames one level of JavaScript nesting may take (call → apply → body → eval ...):
# the evaluator's own bounds (evaluate.MAX_NESTING, call depth) are reached well before this.
_RECURSION_LIMIT = 10_000


def load_ts(
    path: Path, env: Mapping[str, str] | None = None, *, lenient: bool = False
) -> AuthDefinition:
    """Load and validate `resource.ts` without running it."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))
    try:
        return _load_ts(path, env, lenient)
    finally:
        sys.setrecursionlimit(limit)


def _load_ts(path: Path, env: Mapping[str, str] | None, lenient: bool) -> AuthDefinition:
    src = read_source(path)
    check_syntax(src)
    environment = os.environ if env is None else env
    program = Program(project_root(path), environment)
    evaluator = Evaluator(src, environment, program)
    call, kind = find_define_auth(src, evaluator.table)
    evaluator.run_module_checks()
    arguments = call.child_by_field_name("arguments")
    assert arguments is not None
    args = named(arguments)
    if len(args) != 1:
        raise evaluator.error(
            f"{kind}(...) takes one argument: an object literal",
            call,
            hint="defineAuth({ loginWith: { email: true } })",
        )
    props = evaluator.eval(args[0], None)
    if not isinstance(props, JsObject):
        raise evaluator.error(
            f"the argument of {kind}(...) must be an object literal, got {describe(props)}",
            args[0],
        )
    ctx = MapContext(
        source=path,
        default_location=src.location(args[0]),
        access=access_hook(),
        lenient=lenient,
        warnings=program.warnings,
        root=program.root,
    )
    build = build_reference if kind == "referenceAuth" else build_definition
    try:
        definition = build(props, ctx)
    except DefinitionError as error:
        raise with_unset_env(error, program.env_unset) from None
    return replace(
        definition,
        env_vars_read=tuple(sorted(program.env_vars_read)),
        warnings=tuple(program.warnings),
    )
