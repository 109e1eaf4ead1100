"""Secrets: names, scopes, where values come from at deploy time, and the keychain store.

The SSM store lives in `aws/secret_store.py`; the CLI picks one and hands it to `make_source`.
"""

from amplify_sandbox.secrets.model import Scope, SecretStore, StoredSecret
from amplify_sandbox.secrets.names import ENV_PREFIX, env_var_name, validate_name
from amplify_sandbox.secrets.resolve import find, make_source

__all__ = [
    "ENV_PREFIX",
    "Scope",
    "SecretStore",
    "StoredSecret",
    "env_var_name",
    "find",
    "make_source",
    "validate_name",
]
