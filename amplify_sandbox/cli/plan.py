"""`sandbox plan`: what `deploy` would do, drift included; changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from amplify_sandbox.cli.application import Application, command
from amplify_sandbox.cli.output import Output
from amplify_sandbox.cli.ui import Ui

if TYPE_CHECKING:
    from amplify_sandbox.deploy.pipeline import PlanReport

app = typer.Typer()

# Terraform's --detailed-exitcode convention.
CHANGES_PRESENT = 2

DetailedExitcodeOpt = Annotated[
    bool,
    typer.Option(
        "--detailed-exitcode",
        help="Exit 0 when there are no changes, 2 when there are, 1 on error.",
    ),
]


class PlanOutput(Output):
    sandbox_id: str
    report: PlanReport
    detailed_exitcode: bool

    @property
    def exit_code(self) -> int:  # type: ignore[override]
        return CHANGES_PRESENT if self.detailed_exitcode and self.report.plan.has_changes else 0

    def data(self) -> dict[str, Any]:
        from amplify_sandbox.cli.plan_view import plan_document, referenced_document

        report = self.report
        data = {"sandbox_id": self.sandbox_id, **plan_document(report.plan, report.users_affected)}
        if report.referenced:
            data["referenced"] = referenced_document(report)
        return data

    def show(self, ui: Ui) -> None:
        from amplify_sandbox.cli.plan_view import show_plan

        show_plan(ui, self.report)


@command(app)
def plan(cli: Application, detailed_exitcode: DetailedExitcodeOpt = False) -> PlanOutput:
    """Show what deploy would change, including changes made outside this tool."""
    from amplify_sandbox.definition import load_definition
    from amplify_sandbox.deploy.pipeline import plan as plan_sandbox

    definition = load_definition(cli.options.project_dir)
    cli.announce(end="\n")
    report = plan_sandbox(definition, cli.identity, cli.target, secrets=cli.secrets())
    return PlanOutput(cli.identity.stack_name, report, detailed_exitcode)
