"""`sandbox outputs`: write the outputs file of a deployed sandbox from its record (no deploy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from amplify_sandbox.cli.application import Application, command
from amplify_sandbox.cli.options import OUTPUTS_FILE_OPTIONS
from amplify_sandbox.cli.output import Output
from amplify_sandbox.cli.ui import Ui, plain
from amplify_sandbox.errors import DefinitionError

app = typer.Typer()


class OutputsOutput(Output):
    sandbox_id: str
    identifier: str
    outputs_file: Path
    ids: dict[str, str]

    def data(self) -> dict[str, Any]:
        return {
            "sandbox_id": self.sandbox_id,
            "identifier": self.identifier,
            "outputs_file": str(self.outputs_file),
            **self.ids,
        }

    def show(self, ui: Ui) -> None:
        ui.info(f"Outputs written to [bold]{plain(self.outputs_file)}[/bold]")


@command(app, uses=OUTPUTS_FILE_OPTIONS)
def outputs(
    cli: Application,
) -> OutputsOutput:
    """Write the outputs file of a deployed sandbox from its record (no deploy, no lock)."""
    from amplify_sandbox.definition import load_definition
    from amplify_sandbox.deploy.recorded_outputs import (
        deployed_record,
        recorded_ids,
        write_recorded_outputs,
    )

    options = cli.outputs_options()
    identity, target = cli.identity, cli.target
    cli.announce()
    deployed_record(identity, target)  # "not deployed" before "no definition"
    try:
        definition = load_definition(cli.options.project_dir)
    except DefinitionError as exc:
        raise DefinitionError(
            f"`sandbox outputs` needs the project's auth definition (the file's settings come "
            f"from it, the ids from the record): {exc.message}",
            hint="Run it in the project's folder (or pass --project-dir).",
        ) from exc
    path, state = write_recorded_outputs(definition, identity, target, options)
    return OutputsOutput(identity.stack_name, identity.identifier, path, recorded_ids(state))
