"""Flat dataclasses (every field one JSON value of one type) kept as JSON objects."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Self, cast

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class Flat:
    """A mixin for a dataclass whose fields all hold values of type `value_type`: the record's
    stamp (text), the emulator's counts (numbers)."""

    value_type: ClassVar[type] = object

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(cast("DataclassInstance", self))

    @classmethod
    def from_dict(cls, data: object) -> Self | None:
        """The fields `data` holds with a value of type `value_type` (other keys and values are
        passed over); None when `data` is not an object or lacks a field that has no default."""
        if not isinstance(data, Mapping):
            return None
        values: dict[str, Any] = {}
        for known in dataclasses.fields(cast("type[DataclassInstance]", cls)):
            value = data.get(known.name)
            if isinstance(value, cls.value_type):
                values[known.name] = value
            elif known.default is dataclasses.MISSING:
                return None
        return cls(**values)
