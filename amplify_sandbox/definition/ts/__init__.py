"""Static loader for `amplify/auth/resource.ts`: parse with tree-sitter, find the one
`defineAuth({...})` call, evaluate its argument with a small JavaScript-subset evaluator.

No Node: the file is never executed. Evaluation is lazy (module-level bindings are evaluated
only when referenced), so unrelated statements in the file are ignored. Local imports (relative
or tsconfig `paths` aliases) are followed with the same evaluator, at most five modules deep. A
binding initialised with `defineFunction(...)` becomes an opaque `FunctionRef`; the function
itself is never evaluated. Anything the evaluator cannot compute statically is an error that
names the construct and its file:line:col.

Modules, each building on the ones before: `parse` (syntax tree, syntax errors), `paths`
(import specifier → file, tsconfig paths), `modules` (a file's imports, bindings, exports),
`runtime` (load-wide and per-module state, run-time values), `evaluate` (expressions),
`grants` (defineFunction names, the `allow` of access rules), `names` (bindings, imports, exports),
`methods` (string/array methods), `functions` (calls, function bodies: the assembled
`Evaluator`), `auth_call` (finding defineAuth), `load` (`load_ts`).
"""

from __future__ import annotations

from amplify_sandbox.definition.ts.functions import Evaluator
from amplify_sandbox.definition.ts.load import load_ts
from amplify_sandbox.definition.ts.parse import SourceFile
from amplify_sandbox.definition.ts.runtime import JsFunction, Program

__all__ = ["Evaluator", "JsFunction", "Program", "SourceFile", "load_ts"]
