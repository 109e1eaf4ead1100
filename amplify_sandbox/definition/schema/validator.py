"""The shared validation helpers every section builds on: `Validator` (typed reads of values
with located errors, unknown keys with did-you-mean hints or lenient warnings, lists, secrets
and message callbacks), and the check of a `secret()` name."""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from amplify_sandbox.definition.model import Secretish, SecretRef
from amplify_sandbox.definition.schema.context import MapContext, Val
from amplify_sandbox.definition.values import UNDEFINED, JsArray, JsObject, Placeholder, describe
from amplify_sandbox.errors import DefinitionError, Location
from amplify_sandbox.secrets.names import NAME_PATTERN as _SECRET_NAME

# The placeholders message callbacks are applied to.
CODE = "{####}"
LINK = "{##Verify Email##}"
USERNAME = "{username}"


SECRET_LOOKS_LIKE_CREDENTIAL = (
    "the secret name looks like a credential itself; secret() takes the NAME of a sandbox "
    "secret (set its value with `sandbox secret set NAME`)"
)


def check_secret_name(name: str) -> tuple[str | None, bool]:
    """(problem with the name or None, whether it looks like a credential rather than a name).

    Never put the name itself in a message: it may be the credential."""
    if not _SECRET_NAME.match(name):
        return "invalid secret name: use letters, digits and _.- only", False
    classes = sum(
        bool(re.search(pattern, name)) for pattern in ("[a-z]", "[A-Z]", "[0-9]", "[_.-]")
    )
    looks = (
        ".apps.googleusercontent.com" in name
        or name.startswith("GOCSPX-")
        or (len(name) >= 24 and classes >= 3 and re.search("[a-z]", name) is not None)
    )
    return None, looks


def _join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def did_you_mean(word: str, choices: Sequence[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            return lowered[word.lower()]
        return None
    return matches[0]


class Validator:
    """Reads evaluated values for one loader (`MapContext`): each helper checks one kind of
    value and raises a `DefinitionError` naming its field path and location."""

    def __init__(self, ctx: MapContext) -> None:
        self.ctx = ctx
        self.k = ctx.k

    def fail(
        self, message: str, loc: Location, path: str, hint: str | None = None
    ) -> DefinitionError:
        return DefinitionError(message, location=loc, hint=hint, field=path or None)

    def obj(self, val: Val) -> Mapping[str, Any]:
        if not isinstance(val.value, Mapping):
            raise self.fail(f"expected an object, got {describe(val.value)}", val.loc, val.path)
        return cast(Mapping[str, Any], val.value)

    def children(self, val: Val) -> list[Val]:
        """Each present key of an object (keys whose value is undefined are dropped)."""
        mapping = self.obj(val)
        result = []
        for key, value in mapping.items():
            if value is UNDEFINED:
                continue
            if isinstance(mapping, JsObject):
                key_loc = mapping.key_locations.get(key, val.loc)
                value_loc = mapping.value_locations.get(key, val.loc)
            else:
                key_loc = value_loc = val.loc
            result.append(Val(value, _join(val.path, str(key)), value_loc, key_loc))
        return result

    def fields(
        self,
        val: Val,
        known: Sequence[str],
        hints: Mapping[str, str] | None = None,
        later: Sequence[str] = (),
    ) -> dict[str, Val]:
        """The present keys of an object, by their camelCase name; unknown keys are errors.

        `later` are valid defineAuth options that this version does not map yet."""
        spelled = {self.k(name): name for name in known}
        not_yet = {self.k(name) for name in later}
        found: dict[str, Val] = {}
        for child in self.children(val):
            key = child.path.rsplit(".", 1)[-1] if val.path else child.path
            if key in spelled:
                found[spelled[key]] = child
                continue
            if key in not_yet:
                raise self.fail(
                    f"`{key}` is not supported yet by this version of amplify-sandbox",
                    child.key_loc,
                    child.path,
                )
            hint = (hints or {}).get(key)
            if hint is None:
                guess = did_you_mean(key, list(spelled))
                hint = f"did you mean `{guess}`?" if guess else None
            allowed = ", ".join(spelled)
            self.unknown(
                f"unknown option `{key}` (expected one of: {allowed})",
                child.key_loc,
                child.path,
                hint,
            )
        return found

    def unknown(self, message: str, loc: Location, path: str, hint: str | None) -> None:
        """An unknown key: an error, or with `lenient` a warning (and the key is ignored)."""
        if not self.ctx.lenient:
            raise self.fail(message, loc, path, hint)
        suffix = f" ({hint})" if hint else ""
        self.warn(f"{path}: {message}; ignored{suffix}", loc)

    def warn(self, message: str, loc: Location) -> None:
        text = f"{self.where(loc)}: {message}"
        if text not in self.ctx.warnings:
            self.ctx.warnings.append(text)

    def where(self, loc: Location) -> str:
        file = loc.file
        if self.ctx.root is not None:
            with contextlib.suppress(ValueError):
                file = loc.file.resolve().relative_to(self.ctx.root.resolve())
        return f"{file.as_posix()}:{loc.line}:{loc.column}"

    def boolean(self, val: Val) -> bool:
        if not isinstance(val.value, bool):
            raise self.fail(f"expected true or false, got {describe(val.value)}", val.loc, val.path)
        return val.value

    def string(self, val: Val, *, nonempty: bool = True) -> str:
        if not isinstance(val.value, str) or isinstance(val.value, Placeholder):
            raise self.fail(f"expected a string, got {describe(val.value)}", val.loc, val.path)
        if nonempty and not val.value:
            raise self.fail("must not be empty", val.loc, val.path)
        return str(val.value)

    def integer(self, val: Val) -> int:
        value = val.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(
                f"expected a non-negative whole number, got {describe(val.value)}",
                val.loc,
                val.path,
            )
        return value

    def enum(self, val: Val, choices: Sequence[str]) -> str:
        value = val.value
        if isinstance(value, str) and value in choices:
            return value
        listed = ", ".join(f'"{c}"' for c in choices)
        hint = None
        if isinstance(value, str):
            guess = did_you_mean(value, choices)
            hint = f'did you mean "{guess}"?' if guess else None
        raise self.fail(f"must be one of {listed}, got {describe(value)}", val.loc, val.path, hint)

    def message(
        self,
        val: Val,
        args: tuple[Any, ...],
        required: Sequence[str],
        what: str,
    ) -> str:
        """Render a message: a function applied to placeholders (or, in Python, a string)."""
        value = val.value
        if callable(value) and not isinstance(value, str):
            result = self.ctx.invoke(cast(Callable[..., Any], value), args, val.loc, val.path)
            if not isinstance(result, str):
                raise self.fail(
                    f"the function must return a string, it returned {describe(result)}",
                    val.loc,
                    val.path,
                )
            result = str(result)
        elif isinstance(value, str) and self.ctx.python:
            result = str(value)
        else:
            expected = "a function or a string" if self.ctx.python else "a function"
            raise self.fail(f"expected {expected}, got {describe(value)}", val.loc, val.path)
        for placeholder in required:
            if placeholder not in result:
                raise self.fail(
                    f"must use the {what} at least once (the rendered message has no "
                    f"`{placeholder}`): {result!r}",
                    val.loc,
                    val.path,
                )
        return result

    def items(self, val: Val, what: str) -> list[Val]:
        value = val.value
        if not isinstance(value, list | tuple):
            raise self.fail(
                f"expected an array of {what}, got {describe(value)}", val.loc, val.path
            )
        result: list[Val] = []
        for index, item in enumerate(value):
            loc = val.loc
            if isinstance(value, JsArray) and index < len(value.item_locations):
                loc = value.item_locations[index]
            result.append(Val(item, f"{val.path}[{index}]", loc, loc))
        return result

    def strings(self, val: Val, what: str, *, nonempty: bool = False) -> tuple[str, ...]:
        result = tuple(self.string(item) for item in self.items(val, what))
        if nonempty and not result:
            raise self.fail(f"must list at least one of the {what}", val.loc, val.path)
        return result

    def required(
        self, found: Mapping[str, Val], key: str, val: Val, hint: str | None = None
    ) -> Val:
        if key not in found:
            raise self.fail(f"`{self.k(key)}` is required", val.loc, val.path, hint)
        return found[key]

    def secretish(self, val: Val) -> Secretish:
        """A `secret('NAME')`, or (with a warning) a literal string."""
        if isinstance(val.value, SecretRef):
            # The .ts evaluator warns where secret() is called; resource.py's secret() cannot.
            if self.ctx.python and check_secret_name(val.value.name)[1]:
                self.warn(SECRET_LOOKS_LIKE_CREDENTIAL, val.loc)
            return val.value
        if isinstance(val.value, str) and not isinstance(val.value, Placeholder):
            secret = "secret('NAME')" if not self.ctx.python else 'secret("NAME")'
            self.warn(
                f"{val.path} is a literal; Amplify takes {secret} here, so the value is not "
                "written in the source",
                val.loc,
            )
            return self.string(val)
        secret = "secret('NAME')" if not self.ctx.python else 'secret("NAME")'
        raise self.fail(f"expected {secret}, got {describe(val.value)}", val.loc, val.path)
