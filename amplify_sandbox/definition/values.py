"""The value model shared by both loaders: what an evaluated auth definition is made of.

JavaScript values map onto Python ones (str, int/float, bool, None for null, `UNDEFINED`,
list, dict); objects and arrays evaluated from `resource.ts` remember where each key and
element came from, so validation errors can point at the source.
"""

from __future__ import annotations

import math
from typing import Any, Final

from amplify_sandbox.errors import Location


class _Undefined:
    """JavaScript's `undefined`, distinct from `null` (None)."""

    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNDEFINED"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Final = _Undefined()


class JsObject(dict[str, Any]):
    """An evaluated object literal, with the location of each key and value."""

    def __init__(self, location: Location | None = None) -> None:
        super().__init__()
        self.location = location
        self.key_locations: dict[str, Location] = {}
        self.value_locations: dict[str, Location] = {}

    def set(self, key: str, value: Any, key_loc: Location, value_loc: Location) -> None:
        self.pop(key, None)  # a re-assigned key moves to the end, as in JS
        self[key] = value
        self.key_locations[key] = key_loc
        self.value_locations[key] = value_loc


class JsArray(list[Any]):
    """An evaluated array literal, with the location of each element."""

    def __init__(self, location: Location | None = None) -> None:
        super().__init__()
        self.location = location
        self.item_locations: list[Location] = []

    def push(self, value: Any, loc: Location) -> None:
        self.append(value)
        self.item_locations.append(loc)


class Placeholder(str):
    """What Amplify passes to message callbacks: callable (`createCode()`) *and* a string
    (older Amplify versions passed the code as a plain string, and bodies use both)."""

    def __call__(self, *args: Any) -> str:
        return str(self)


class LinkPlaceholder(Placeholder):
    """`createLink(text?)` for LINK-style emails: `{##text##}`, default `{##Verify Email##}`;
    remembers what it produced so the caller can check the body contains it."""

    produced: str

    def __call__(self, *args: Any) -> str:
        text = args[0] if args and isinstance(args[0], str) and args[0] else None
        result = f"{{##{text}##}}" if text else str(self)
        self.produced = result
        return result


def js_typeof(value: Any) -> str:
    if value is UNDEFINED:
        return "undefined"
    if value is None:
        return "object"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str) and not isinstance(value, Placeholder):
        return "string"
    if callable(value):
        return "function"
    return "object"


def truthy(value: Any) -> bool:
    if value is None or value is UNDEFINED:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return not (value == 0 or (isinstance(value, float) and math.isnan(value)))
    if isinstance(value, str):
        return value != ""
    return True


def js_number_to_string(value: float) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def js_to_string(value: Any) -> str:
    """JavaScript's ToString for the values a definition can hold."""
    if isinstance(value, str):
        return str(value)
    if value is UNDEFINED:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return js_number_to_string(value)
    if isinstance(value, list):
        return ",".join(
            "" if item is None or item is UNDEFINED else js_to_string(item) for item in value
        )
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def describe(value: Any) -> str:
    """A short description of a value for error messages."""
    from amplify_sandbox.definition.model import SecretRef

    if isinstance(value, SecretRef):
        return "a secret() reference"
    if isinstance(value, Opaque):
        return value.description
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'"{shown}"'
    if isinstance(value, int | float):
        return js_number_to_string(value)
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    if callable(value):
        return "a function"
    return type(value).__name__


class Opaque:
    """A value the loader knows the origin of but does not evaluate (e.g. an import from a
    local module); it is an error wherever a concrete value is needed."""

    def __init__(self, description: str) -> None:
        self.description = description

    def __repr__(self) -> str:
        return f"Opaque({self.description})"
