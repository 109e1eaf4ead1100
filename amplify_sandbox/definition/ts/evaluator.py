"""The evaluator of one module: the layers put together (expressions in `evaluate`, names
and imports in `names`, calls and function bodies in `functions`)."""

from __future__ import annotations

from amplify_sandbox.definition.ts.functions import FunctionCalls


class Evaluator(FunctionCalls):
    """Evaluates the JavaScript subset an auth definition is written in."""
