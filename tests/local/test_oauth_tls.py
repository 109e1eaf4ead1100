"""The hosted UI's HTTPS: the certificate the tool makes, and what `sandbox local start` /
`status` tell the user (the URL and how to trust the CA), with the real background emulator."""

from __future__ import annotations

import datetime
import http.client
import json
import socket
import ssl
import stat
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from typer.testing import CliRunner

from amplify_sandbox.cli.app import app
from amplify_sandbox.local import process, tls

runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def port(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    monkeypatch.setenv("AMPLIFY_SANDBOX_HOME", str(tmp_path))
    port = _free_port()
    try:
        yield port
    finally:
        process.stop(port)


def test_the_certificate_is_a_name_constrained_local_ca_and_a_localhost_leaf(
    tmp_path: Path,
) -> None:
    files = tls.ensure(tmp_path / "tls")
    for path in (files.ca_file, files.ca_key_file, files.cert_file, files.key_file):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(files.directory.stat().st_mode) == 0o700
    ca = x509.load_pem_x509_certificate(files.ca_file.read_bytes())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    constraints = ca.extensions.get_extension_for_class(x509.NameConstraints)
    assert constraints.critical
    assert [str(name.value) for name in constraints.value.permitted_subtrees or []] == [
        "localhost",
        "127.0.0.0/8",
        "::1/128",
    ]
    leaf, chained_ca = x509.load_pem_x509_certificates(files.cert_file.read_bytes())
    assert chained_ca == ca
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert [str(a) for a in names.get_values_for_type(x509.IPAddress)] == ["127.0.0.1", "::1"]
    leaf.verify_directly_issued_by(ca)
    assert leaf.not_valid_after_utc - leaf.not_valid_before_utc <= datetime.timedelta(days=826)

    # Kept as they are while valid; a leaf the CA did not sign is replaced.
    before = files.cert_file.read_bytes()
    assert tls.ensure(files.directory).cert_file.read_bytes() == before
    other = tls.ensure(tmp_path / "other")
    files.cert_file.write_bytes(other.cert_file.read_bytes())
    files.key_file.write_bytes(other.key_file.read_bytes())
    tls.ensure(files.directory)
    renewed = x509.load_pem_x509_certificates(files.cert_file.read_bytes())[0]
    renewed.verify_directly_issued_by(ca)
    assert x509.load_pem_x509_certificate(files.ca_file.read_bytes()) == ca


def test_local_start_and_status_tell_the_hosted_ui_and_its_ca(port: int, tmp_path: Path) -> None:
    started = runner.invoke(app, ["local", "start", "--port", str(port)])
    assert started.exit_code == 0, started.output
    ca_file = tmp_path / "local" / "tls" / "ca.pem"
    assert f"Hosted UI (OAuth) at https://localhost:{port}" in started.output
    assert str(ca_file) in started.output
    spki = tls.spki_hash(ca_file)
    assert f"--ignore-certificate-errors-spki-list={spki}" in started.output
    assert "certutil -d sql:$HOME/.pki/nssdb" in started.output

    status = runner.invoke(app, ["local", "status", "--port", str(port), "--json"])
    assert status.exit_code == 0, status.output
    hosted = json.loads(status.stdout)["data"]["hosted_ui"]
    assert hosted == {
        "url": f"https://localhost:{port}",
        "ca_file": str(ca_file),
        "ca_spki_sha256": spki,
    }

    # The background emulator serves HTTPS with that CA's certificate, on its one port ...
    context = ssl.create_default_context(cafile=str(ca_file))
    connection = http.client.HTTPSConnection("localhost", port, context=context, timeout=30)
    connection.request("GET", "/oauth2/authorize?client_id=none")
    answer = connection.getresponse()
    assert answer.status == 400
    assert "No app client" in answer.read().decode()
    connection.close()
    # ... which also still answers plain HTTP (the SDKs' endpoint) ...
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/amplify-sandbox/health") as health:
        assert json.loads(health.read())["service"] == "amplify-sandbox-emulator"
    # ... and a client that does not trust the CA is refused the handshake.
    untrusting = http.client.HTTPSConnection(
        "localhost", port, context=ssl.create_default_context(), timeout=30
    )
    with pytest.raises(ssl.SSLCertVerificationError):
        untrusting.request("GET", "/oauth2/authorize")
    untrusting.close()
