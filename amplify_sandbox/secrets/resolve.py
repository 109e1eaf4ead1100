"""Which value a secret has: environment override, then the sandbox's own, then the shared one."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from amplify_sandbox.secrets.model import Scope, SecretStore, StoredSecret
from amplify_sandbox.secrets.names import env_var_name

# Same shape as pipeline.SecretSource: names in, the values it has out.
Source = Callable[[Sequence[str]], Mapping[str, str]]


def env_override(name: str, environ: Mapping[str, str]) -> str | None:
    """`SANDBOX_SECRET_<NAME>` when set and not empty."""
    return environ.get(env_var_name(name)) or None


def find(store: SecretStore, name: str, *, reveal: bool = False) -> StoredSecret | None:
    """The sandbox's secret, else the shared one (Amplify's lookup order)."""
    return store.get(Scope.SANDBOX, name, reveal=reveal) or store.get(
        Scope.SHARED, name, reveal=reveal
    )


def make_source(open_store: Callable[[], SecretStore], environ: Mapping[str, str]) -> Source:
    """A pipeline SecretSource. The store is opened only for names the environment lacks, so a
    CI job that passes every secret as a variable makes no calls for them."""

    def source(names: Sequence[str]) -> Mapping[str, str]:
        found: dict[str, str] = {}
        for name in names:
            value = env_override(name, environ)
            if value is not None:
                found[name] = value
        rest = [name for name in names if name not in found]
        if rest:
            store = open_store()
            found.update(store.values(Scope.SANDBOX, rest))
            rest = [name for name in rest if name not in found]
            if rest:
                found.update(store.values(Scope.SHARED, rest))
        return found

    return source
