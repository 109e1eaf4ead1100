"""amplify-sandbox: personal Cognito auth sandboxes from an Amplify Gen 2 auth definition.

`from amplify_sandbox import define_auth, secret` is the API of `amplify/auth/resource.py`.
"""

from __future__ import annotations

# Not `from typing import TYPE_CHECKING`: `sandbox --help` imports this package and not typing.
TYPE_CHECKING = False

__version__ = "0.1.0"

__all__ = ["__version__", "define_auth", "define_function", "reference_auth", "secret"]

if TYPE_CHECKING:
    from typing import Any

    from amplify_sandbox.definition.api import (
        define_auth,
        define_function,
        reference_auth,
        secret,
    )


def __getattr__(name: str) -> Any:
    # Lazy, so `sandbox --help` does not pay for the definition machinery.
    if name in ("define_auth", "define_function", "reference_auth", "secret"):
        from amplify_sandbox.definition import api

        return getattr(api, name)
    raise AttributeError(f"module 'amplify_sandbox' has no attribute {name!r}")
