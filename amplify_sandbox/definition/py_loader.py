"""Loader for `amplify/auth/resource.py`: run the file in a fresh namespace and map the one
`define_auth(...)` result. Errors point at the user's file and line, never at our frames."""

from __future__ import annotations

import ast
import os
import runpy
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from amplify_sandbox.definition import api
from amplify_sandbox.definition.limits import check_file_size
from amplify_sandbox.definition.model import AuthDefinition
from amplify_sandbox.definition.project import project_root as _project_root
from amplify_sandbox.definition.reference import build_reference
from amplify_sandbox.definition.schema import MapContext, RawGrant, build_definition
from amplify_sandbox.definition.unset_env import with_unset_env
from amplify_sandbox.errors import DefinitionError, Location


class _RecordingEnviron(MutableMapping[str, str]):
    """Stands in for `os.environ` while the file runs: records the names read, and keeps
    writes away from the real process environment."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = dict(values)
        self.read: list[str] = []

    def _note(self, key: str) -> None:
        if key not in self.read:
            self.read.append(key)

    def __getitem__(self, key: str) -> str:
        self._note(key)
        return self._values[key]

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self._note(key)
        return key in self._values

    def __setitem__(self, key: str, value: str) -> None:
        self._values[key] = value

    def __delitem__(self, key: str) -> None:
        del self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def copy(self) -> _RecordingEnviron:
        # A copy the file reads from is still the environment: its reads count too.
        duplicate = _RecordingEnviron(self._values)
        duplicate.read = self.read
        return duplicate


def _user_location(exc: BaseException, path: Path, fallback_line: int = 1) -> Location:
    """The innermost traceback frame in the user's project: resource.py or a module of theirs
    it imports (never a frame of ours or of an installed package)."""
    root = os.path.realpath(_project_root(path))
    location = Location(path, fallback_line, 1)
    for frame in traceback.extract_tb(exc.__traceback__):
        filename = os.path.realpath(frame.filename)
        if frame.lineno is not None and _inside(filename, root) and not _ours(filename):
            location = Location(Path(frame.filename), frame.lineno, 1)
    return location


def _inside(filename: str, root: str) -> bool:
    return filename == root or filename.startswith(root + os.sep)


def _ours(filename: str) -> bool:
    return _inside(filename, os.path.realpath(Path(api.__file__).parent.parent)) or (
        "site-packages" in filename
    )


def _describe_exception(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def load_py(
    path: Path, env: Mapping[str, str] | None = None, *, lenient: bool = False
) -> AuthDefinition:
    """Run `resource.py` and load its `define_auth(...)` result."""
    check_file_size(path)
    _check_duplicate_keys(path)
    created: list[api.DefinedAuth] = []
    token = api._created.set(created)
    environ = _RecordingEnviron(os.environ if env is None else env)
    real_environ = os.environ
    saved_path = list(sys.path)
    saved_modules = set(sys.modules)
    sys.path.insert(0, str(path.parent))
    setattr(os, "environ", environ)  # noqa: B010 - os.getenv reads this same module global
    try:
        namespace = runpy.run_path(str(path), run_name="__amplify_auth_resource__")
    except SyntaxError as exc:
        if exc.filename and os.path.realpath(exc.filename) == os.path.realpath(path):
            location = Location(path, exc.lineno or 1, exc.offset or 1)
        else:
            location = _user_location(exc, path)
        raise DefinitionError(f"syntax error: {exc.msg}", location=location) from None
    except DefinitionError:
        raise
    except RecursionError as exc:
        raise DefinitionError(
            "running the file raised RecursionError: calls or values nest too deep",
            location=_user_location(exc, path),
            hint="look for a function that calls itself without end",
        ) from None
    except (Exception, SystemExit) as exc:
        raise DefinitionError(
            f"running the file raised {_describe_exception(exc)}",
            location=_user_location(exc, path),
        ) from None
    finally:
        setattr(os, "environ", real_environ)  # noqa: B010
        sys.path[:] = saved_path
        _forget_user_modules(saved_modules, _project_root(path))
        api._created.reset(token)
    defined = _pick(path, namespace, created)
    fallback = Location(path, defined.line if defined.file == str(path) else 1, 1)
    invoke = _invoker(path, fallback)
    ctx = MapContext(
        source=path,
        default_location=fallback,
        python=True,
        invoke=invoke,
        access=_access_hook(path, invoke),
        lenient=lenient,
        root=_project_root(path),
    )
    build = build_reference if defined.kind == "referenceAuth" else build_definition
    try:
        definition = build(dict(defined.props), ctx)
    except DefinitionError as error:
        unset = {f"os.environ[{name!r}]": "" for name in environ.read if name not in environ}
        raise with_unset_env(error, unset) from None
    return replace(
        definition, env_vars_read=tuple(sorted(environ.read)), warnings=tuple(ctx.warnings)
    )


def _check_duplicate_keys(path: Path) -> None:
    """A dict literal that names one key twice keeps the last silently; refuse it as
    TypeScript refuses the same in resource.ts. (A file that does not parse is left to the
    run, which reports the syntax error.)"""
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        seen: set[object] = set()
        for key in node.keys:
            if not isinstance(key, ast.Constant) or not isinstance(key.value, str | int):
                continue
            if key.value in seen:
                raise DefinitionError(
                    f"a dict literal cannot have the same key twice: {key.value!r}",
                    location=Location(path, key.lineno, key.col_offset + 1),
                    hint=f"keep one {key.value!r}",
                )
            seen.add(key.value)


def _forget_user_modules(before: set[str], root: Path) -> None:
    """Unload the user's own modules the run imported, so the next load (watch mode) runs
    their current text and records their environment reads again."""
    top = os.path.realpath(root)
    for name in set(sys.modules) - before:
        filename = getattr(sys.modules[name], "__file__", None)
        if filename and _inside(os.path.realpath(filename), top):
            del sys.modules[name]


class _Grant:
    """What `allow.resource(fn).to([...])` returns in resource.py."""

    def __init__(self, function: Any, actions: Any, loc: Location) -> None:
        self.function = function
        self.actions = actions
        self.loc = loc


class _Resource:
    def __init__(self, function: Any, path: Path) -> None:
        self._function = function
        self._path = path

    def to(self, actions: Any) -> _Grant:
        caller = sys._getframe(1)
        line = (
            caller.f_lineno
            if os.path.realpath(caller.f_code.co_filename) == os.path.realpath(self._path)
            else 1
        )
        return _Grant(self._function, actions, Location(self._path, line, 1))


class _Allow:
    """The `allow` argument of `access=lambda allow: [...]`."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def resource(self, function: Any) -> _Resource:
        return _Resource(function, self._path)


def _access_hook(
    path: Path, invoke: Callable[[Callable[..., Any], tuple[Any, ...], Location, str], Any]
) -> Callable[[Any, Location, str], list[RawGrant]]:
    def hook(value: Any, loc: Location, field: str) -> list[RawGrant]:
        if not callable(value):
            raise DefinitionError(
                f"expected a function `lambda allow: [...]`, got {type(value).__name__}",
                location=loc,
                field=field,
                hint='access=lambda allow: [allow.resource(fn).to(["manageUsers"])]',
            )
        result = invoke(value, (_Allow(path),), loc, field)
        if not isinstance(result, list | tuple):
            raise DefinitionError(
                f"the access function must return a list, it returned {type(result).__name__}",
                location=loc,
                field=field,
            )
        grants: list[RawGrant] = []
        for index, item in enumerate(result):
            if not isinstance(item, _Grant):
                raise DefinitionError(
                    f"element {index} is {type(item).__name__}; each element must be "
                    "allow.resource(fn).to([...actions])",
                    location=loc,
                    field=f"{field}[{index}]",
                )
            grants.append(
                RawGrant(
                    item.function, item.actions, item.loc, item.loc, item.loc, f"{field}[{index}]"
                )
            )
        return grants

    return hook


def _pick(
    path: Path, namespace: Mapping[str, Any], created: list[api.DefinedAuth]
) -> api.DefinedAuth:
    auth = namespace.get("auth")
    if isinstance(auth, api.DefinedAuth):
        return auth
    if len(created) == 1:
        return created[0]
    if not created:
        raise DefinitionError(
            "no define_auth(...) call found",
            location=Location(path, 1, 1),
            hint='auth = define_auth(login_with={"email": True})',
        )
    lines = ", ".join(str(item.line) for item in created)
    raise DefinitionError(
        f"found {len(created)} define_auth(...) calls (lines {lines}) and no module-level "
        "`auth` among them",
        location=Location(path, created[1].line, 1),
        hint="assign the one to deploy to `auth`",
    )


def _invoker(
    path: Path, fallback: Location
) -> Callable[[Callable[..., Any], tuple[Any, ...], Location, str], Any]:
    def invoke(fn: Callable[..., Any], args: tuple[Any, ...], loc: Location, field: str) -> Any:
        try:
            return fn(*args)
        except Exception as exc:
            raise DefinitionError(
                f"calling the function raised {_describe_exception(exc)}",
                location=_user_location(exc, path, fallback.line),
                field=field,
            ) from None

    return invoke
