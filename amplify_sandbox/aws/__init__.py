"""The AWS side (botocore clients, handlers, stores): the only package that imports the SDK."""

from __future__ import annotations

import sys


def import_botocore_http() -> None:
    """botocore's HTTP layer, imported without urllib3's pyOpenSSL shim.

    botocore imports `urllib3.contrib.pyopenssl` only to take back from it the standard library's
    SSLContext (`orig_util_SSLContext`); importing it loads pyOpenSSL and cryptography's X.509
    bindings when they are installed (~0.1 s and ~8 MB per start). With the shim unavailable
    botocore takes the same class from `urllib3.util.ssl_`, its own fallback. Nothing else is
    changed: the shim can be imported normally afterwards. Call it before importing
    botocore.session, botocore.config or botocore.client."""
    shim = "urllib3.contrib.pyopenssl"
    if shim in sys.modules or "botocore.httpsession" in sys.modules:
        return
    sys.modules[shim] = None  # type: ignore[assignment]  # an import of it raises ImportError
    try:
        import botocore.httpsession  # noqa: F401
    finally:
        del sys.modules[shim]
