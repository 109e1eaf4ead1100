"""`sandbox local start|stop|status|reset`: the embedded emulator, running in the background,
and the data it keeps between runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from amplify_sandbox.cli.application import Application, command, group
from amplify_sandbox.cli.options import yes_option
from amplify_sandbox.cli.output import Output, fields_json
from amplify_sandbox.cli.ui import Ui, plain

if TYPE_CHECKING:
    from amplify_sandbox.local.process import EmulatorStatus, ResetResult

app = group("The built-in local emulator (Cognito, IAM, SSM on 127.0.0.1).")


@dataclass(frozen=True)
class HostedUiInfo:
    """Where the emulator's hosted UI (OAuth 2.0, HTTPS) is, and the CA its certificate is from."""

    url: str
    ca_file: str
    ca_spki_sha256: str

    @classmethod
    def of(cls, port: int, made: bool = False) -> HostedUiInfo | None:
        """The hosted UI of the emulator on `port` (its CA made first when `made`)."""
        from amplify_sandbox.local import tls

        files = tls.ensure() if made else tls.TlsFiles(tls.default_directory())
        if not files.ca_file.exists():
            return None
        return cls(
            url=f"https://localhost:{port}",
            ca_file=str(files.ca_file),
            ca_spki_sha256=tls.spki_hash(files.ca_file),
        )

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "ca_file": self.ca_file, "ca_spki_sha256": self.ca_spki_sha256}

    def show(self, ui: Ui) -> None:
        ca = plain(self.ca_file)
        ui.info(f"Hosted UI (OAuth) at [bold]{self.url}[/bold]; its certificate's CA: {ca}")
        ui.info(
            f"Trust the CA: Chromium --user-data-dir=DIR "
            f"--ignore-certificate-errors-spki-list={self.ca_spki_sha256}; "
            f"NSS (Chrome, Firefox on Linux): certutil -d sql:$HOME/.pki/nssdb -A -t C,, "
            f"-n amplify-sandbox -i {ca}; Node: NODE_EXTRA_CA_CERTS={ca}"
        )


class EmulatorOutput(Output):
    status: EmulatorStatus
    hosted_ui: HostedUiInfo | None = None

    def data(self) -> dict[str, Any]:
        document = fields_json(self.status)
        started = self.status.started_at
        document["started_at"] = started.isoformat() if started else None
        document["hosted_ui"] = self.hosted_ui.as_dict() if self.hosted_ui else None
        return document

    def show(self, ui: Ui) -> None:
        status = self.status
        if status.notice:
            ui.warning(status.notice)
        if status.running:
            ui.info(f"Local emulator running at [bold]{status.url}[/bold] (pid {status.pid})")
        else:
            ui.info(
                f"Local emulator not running on port {status.port}. Start it: sandbox local start"
            )
        if status.running and self.hosted_ui is not None:
            self.hosted_ui.show(ui)
        if status.snapshot is not None:
            held = status.contents.summary() if status.contents else "an unreadable snapshot"
            verb = "Holds" if status.running else "Its snapshot holds"
            ui.info(f"{verb} {held}; kept in {plain(status.snapshot)}")


class ResetOutput(Output):
    result: ResetResult

    def data(self) -> dict[str, Any]:
        emptied = self.result.emptied
        return {
            "running": self.result.running,
            "port": self.result.port,
            "snapshot": str(self.result.snapshot),
            "emptied": emptied.as_dict() if emptied else None,
        }

    def show(self, ui: Ui) -> None:
        emptied = self.result.emptied
        what = f" (it held {emptied.summary()})" if emptied else ""
        where = "The emulator" if self.result.running else "The emulator's snapshot"
        ui.info(f"{where} on port {self.result.port} is empty{what}.")


class StopOutput(Output):
    stopped: bool

    def show(self, ui: Ui) -> None:
        ui.info("Local emulator stopped." if self.stopped else "Local emulator was not running.")


AllowOriginOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-origin",
        metavar="URL",
        help="Also answer browsers on this origin (scheme://host[:port], or :* for any port); "
        "repeatable. Loopback origins are always allowed. Env: AMPLIFY_SANDBOX_ALLOW_ORIGINS.",
    ),
]


@command(app, target=False)
def start(cli: Application, allow_origin: AllowOriginOpt = None) -> EmulatorOutput:
    """Start the emulator in the background (it runs until `sandbox local stop`)."""
    from amplify_sandbox.local import process

    port = cli.options.port
    # The CA first, so it is there to be told about (the emulator uses the same files).
    hosted_ui = HostedUiInfo.of(port, made=True)
    return EmulatorOutput(process.start(port, allow_origin or ()), hosted_ui)


@command(app, target=False)
def stop(cli: Application) -> StopOutput:
    """Stop the emulator; its data is kept for the next start (`sandbox local reset` empties
    it)."""
    from amplify_sandbox.local import process

    return StopOutput(process.stop(cli.options.port))


@command(app, target=False)
def status(cli: Application) -> EmulatorOutput:
    """Say whether the emulator is running, where, since when, and what it holds."""
    from amplify_sandbox.local import process

    port = cli.options.port
    return EmulatorOutput(process.status(port), HostedUiInfo.of(port))


@command(
    app,
    target=False,
    uses=(yes_option("Empty it without asking (required without a terminal).", short=False),),
)
def reset(cli: Application) -> ResetOutput:
    """Empty the emulator: every user pool, user, identity pool, role and parameter it holds."""
    from amplify_sandbox.local import process

    port = cli.options.port
    cli.confirm_or_refuse(
        f"Empty the local emulator on port {port} (every user pool, user, secret and role in "
        "it)? This can't be undone.",
        not_done="emptied",
        to="empty it",
    )
    return ResetOutput(process.reset(port))
