"""How the emulator patches moto: state kept on moto's objects, methods installed or wrapped.

- `kept(owner, name, factory)`: the emulator's own state on a moto backend, pool or user, made on
  first use; it lives and dies with that object, so `/moto-api/reset` clears it.
- `install(cls, methods)` puts new methods on a moto class; `wrap(cls, wrappers)` replaces each
  named method by a wrapper around the one there now (so later patches wrap earlier ones).
- `Patches(cls)`: a module's patches of one class, marked where they are defined
  (`@patches.method`, `@patches.wraps(name)`, `@patches.handles(name)`) and installed by
  `patches.apply()` from the module's `apply()`.
- `SignInCall` / `ChallengeCall`: one InitiateAuth (or AdminInitiateAuth) and one
  RespondToAuthChallenge call on moto's backend as a record, so a patch says only what it adds
  and passes the call on with `proceed()`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from moto.cognitoidp.models import CognitoIdpBackend

T = TypeVar("T")
C = TypeVar("C")
Method = Callable[..., Any]
Wrapper = Callable[[Method], Method]
Result = dict[str, Any]
M = TypeVar("M", bound=Method)
W = TypeVar("W", bound=Wrapper)
P = TypeVar("P", bound=Callable[[Any], Result])


def kept(owner: object, name: str, factory: Callable[[], T]) -> T:
    """`owner`'s attribute `name`, made by `factory` the first time it is asked for."""
    found: T | None = getattr(owner, name, None)
    if found is None:
        found = factory()
        setattr(owner, name, found)
    return found


def install(target: type, methods: Mapping[str, Method]) -> None:
    for name, method in methods.items():
        setattr(target, name, method)


def wrap(target: type, wrappers: Mapping[str, Wrapper]) -> None:
    install(target, {name: wrapper(getattr(target, name)) for name, wrapper in wrappers.items()})


@dataclass(frozen=True)
class _Call:
    """One call of a moto backend method: the method patched and the backend it was called on."""

    original: Callable[..., Result]
    backend: CognitoIdpBackend


@dataclass(frozen=True)
class SignInCall(_Call):
    """InitiateAuth (`user_pool_id` None) or AdminInitiateAuth on moto's backend."""

    client_id: str
    auth_flow: str
    given: dict[str, str] | None  # the AuthParameters as moto got them
    user_pool_id: str | None = None

    @classmethod
    def admin(
        cls,
        original: Callable[..., Result],
        backend: CognitoIdpBackend,
        user_pool_id: str,
        client_id: str,
        auth_flow: str,
        given: dict[str, str] | None,
    ) -> SignInCall:
        return cls(original, backend, client_id, auth_flow, given, user_pool_id)

    @property
    def parameters(self) -> dict[str, str]:
        return self.given or {}

    def proceed(self) -> Result:
        head = () if self.user_pool_id is None else (self.user_pool_id,)
        return self.original(self.backend, *head, self.client_id, self.auth_flow, self.given)


@dataclass(frozen=True)
class ChallengeCall(_Call):
    """RespondToAuthChallenge on moto's backend."""

    session: str
    client_id: str
    challenge_name: str
    given: dict[str, str] | None  # the ChallengeResponses as moto got them

    @property
    def responses(self) -> dict[str, str]:
        return self.given or {}

    def proceed(self) -> Result:
        return self.original(
            self.backend, self.session, self.client_id, self.challenge_name, self.given
        )


def _wrapper(record: Callable[..., C], patch: Callable[[C], Result]) -> Wrapper:
    """A wrapper of a moto backend method (called with positional arguments, as moto does) that
    hands each call to `patch` as a record."""

    def wrapper(original: Method) -> Method:
        @functools.wraps(original)
        def method(self: CognitoIdpBackend, *args: Any) -> Result:
            return patch(record(original, self, *args))

        return method

    return wrapper


_RECORDS: dict[str, Callable[..., _Call]] = {
    "initiate_auth": SignInCall,
    "admin_initiate_auth": SignInCall.admin,
    "respond_to_auth_challenge": ChallengeCall,
}


class Patches:
    """One module's patches of one moto class, collected by decorators where each is defined and
    installed by the module's `apply()` (moto is patched only when the emulator starts)."""

    def __init__(self, target: type) -> None:
        self.target = target
        self._methods: dict[str, Method] = {}
        self._wrappers: dict[str, Wrapper] = {}

    def method(self, function: M) -> M:
        """Added to the class (or replacing its own) under the function's name."""
        self._methods[function.__name__] = function
        return function

    def wraps(self, name: str) -> Callable[[W], W]:
        """A wrapper of the class's method `name`: given the method there at `apply()`."""

        def register(wrapper: W) -> W:
            self._wrappers[name] = wrapper
            return wrapper

        return register

    def handles(self, *names: str) -> Callable[[P], P]:
        """A patch given each call of the backend's sign-in methods `names` as a record
        (`SignInCall` for initiate_auth / admin_initiate_auth, `ChallengeCall` for
        respond_to_auth_challenge), which it passes on with `proceed()`."""

        def register(patch: P) -> P:
            for name in names:
                self._wrappers[name] = _wrapper(_RECORDS[name], patch)
            return patch

        return register

    def apply(self) -> None:
        install(self.target, self._methods)
        wrap(self.target, self._wrappers)
