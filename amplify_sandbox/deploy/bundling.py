"""The step before planning: every function's `$amplify/env/<name>` module written and its code
bundled, so the plan sees each bundle's hash (the change detector for the code). Node.js is
checked first: without it nothing is changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.desired.functions import BuiltCode


def build_functions(
    definition: AuthDefinition,
    *,
    notify: Callable[[str], None] | None = None,
    cache_dir: Path | None = None,
) -> dict[str, BuiltCode]:
    """Function name → its bundle's CodeSha256 and zip (written under `.amplify/sandbox/`)."""
    specs = definition.functions
    if not specs:
        return {}
    # Imported here: a definition without functions (most) needs none of this.
    from amplify_sandbox.definition.project import project_root
    from amplify_sandbox.functions.bundle import OUT_DIR, bundle_function
    from amplify_sandbox.functions.env_module import write_env_module
    from amplify_sandbox.functions.environment import backend_env_keys
    from amplify_sandbox.functions.esbuild import require_node

    if any(not spec.is_python for spec in specs):
        require_node()
    root = project_root(definition.source).resolve()
    granted = {
        grant.function.spec.name for grant in definition.access if grant.function.spec is not None
    }
    built: dict[str, BuiltCode] = {}
    for spec in specs:
        if not spec.is_python:
            write_env_module(
                root, spec.name, backend_env_keys(spec, user_pool_access=spec.name in granted)
            )
        bundle = bundle_function(spec, root, cache_dir=cache_dir, notify=notify)
        zip_path = root / OUT_DIR / f"{spec.name}.zip"
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        if not zip_path.is_file() or zip_path.read_bytes() != bundle.zip_bytes:
            zip_path.write_bytes(bundle.zip_bytes)
        built[spec.name] = BuiltCode(bundle.code_sha256, str(zip_path))
    return built
