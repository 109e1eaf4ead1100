"""What a command returns: an output model, printed by one renderer for people or as JSON.

A model is a frozen dataclass by being a subclass of `Output` (no decorator needed). Its
`data()` is the `{"data": …}` document of `--json` (its schema is in docs/json/): by default its
fields, in order, each as JSON (paths as text, enums as their value, models as their `data()`);
a model whose document is not just its fields overrides it. Its `show(ui)` writes the lines for
people, on stderr, with or without --json (the Ui drops them with -q). Its `exit_code` ends the
run (0 by default).
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, dataclass_transform

if TYPE_CHECKING:
    from amplify_sandbox.cli.ui import Ui


def as_json(value: Any) -> Any:
    """One field's value as JSON: paths as text, enums as their value, models as their data,
    other dataclasses as their fields."""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [as_json(item) for item in value]
    data = getattr(value, "data", None)
    if callable(data):
        return data()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return fields_json(value)
    return value


def fields_json(value: Any) -> dict[str, Any]:
    """A dataclass's fields, in order, each as JSON (`as_json`)."""
    return {f.name: as_json(getattr(value, f.name)) for f in dataclasses.fields(value)}


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
class Output:
    exit_code: int = 0

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclasses.dataclass(frozen=True)(cls)

    def data(self) -> dict[str, Any]:
        return fields_json(self)

    def show(self, ui: Ui) -> None:
        """Lines for people (stderr); nothing by default. Never writes stdout with --json."""


def render(ui: Ui, output: Output) -> None:
    """The one place a command's result is printed: lines for people, and `{"data": …}` on stdout
    with --json."""
    output.show(ui)
    if ui.json_mode:
        ui.data(output.data())
