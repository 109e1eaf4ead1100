"""The emulator's HTTPS certificate: a local certificate authority and a leaf for `localhost`.

Amplify JS builds `https://<oauth.domain>/oauth2/...` URLs, so the hosted UI must be served over
HTTPS. The tool makes its own CA (with the `cryptography` library) and signs a leaf for
`localhost`, `127.0.0.1` and `::1` with it. The CA is name-constrained to exactly those names, so
even someone who got hold of its key could not use it for any other site a browser that trusts
it visits. The files live in the state directory next to the emulator's state
(`~/.amplify-sandbox/local/tls/`, 0700; every file 0600):

- `ca.pem`: the CA certificate, the one to trust (browser, `NODE_EXTRA_CA_CERTS`, `certutil`);
- `ca-key.pem`: its key, kept so a new leaf can be issued without trusting a new CA;
- `localhost.pem` (leaf then CA) and `localhost-key.pem`: what the server presents.

`ensure(directory)` makes what is missing and renews a leaf that is about to expire (or that the
CA did not sign); a CA that is about to expire is replaced with its leaf. `spki_hash(ca)` is what
Chromium's `--ignore-certificate-errors-spki-list` takes.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import hashlib
import ipaddress
import os
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from amplify_sandbox.atomic import write_atomic
from amplify_sandbox.keyed import Keyed

CA_FILE = "ca.pem"
CA_KEY_FILE = "ca-key.pem"
CERT_FILE = "localhost.pem"
KEY_FILE = "localhost-key.pem"
HOST_NAMES = ("localhost",)
ADDRESSES = ("127.0.0.1", "::1")
CA_DAYS = 3650
# What Apple platforms accept for a TLS server certificate (mkcert uses the same).
LEAF_DAYS = 825
RENEW_BEFORE = datetime.timedelta(days=30)
_ORGANIZATION = "amplify-sandbox local emulator"
_KEY_USAGES = (
    *("digital_signature", "content_commitment", "key_encipherment", "data_encipherment"),
    *("key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"),
)


@dataclass(frozen=True)
class TlsFiles:
    directory: Path

    def _in_directory(self, name: str) -> Path:
        return self.directory / name

    ca_file = Keyed(_in_directory, CA_FILE)
    ca_key_file = Keyed(_in_directory, CA_KEY_FILE)
    cert_file = Keyed(_in_directory, CERT_FILE)
    key_file = Keyed(_in_directory, KEY_FILE)

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self.cert_file, self.key_file)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts this CA (and only it): for the tool and its tests."""
        return ssl.create_default_context(cafile=str(self.ca_file))


def default_directory() -> Path:
    from amplify_sandbox.local.process import state_dir

    return state_dir() / "tls"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _write_private(path: Path, data: bytes) -> None:
    write_atomic(path, data, private=True)


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def _names() -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = [x509.DNSName(name) for name in HOST_NAMES]
    names += [x509.IPAddress(ipaddress.ip_address(address)) for address in ADDRESSES]
    return names


def _key_usage(*allowed: str) -> x509.KeyUsage:
    """A KeyUsage that allows only `allowed` (its argument names)."""
    if not set(allowed) <= set(_KEY_USAGES):
        raise ValueError(f"not a key usage: {sorted(set(allowed) - set(_KEY_USAGES))}")
    return x509.KeyUsage(**{usage: usage in allowed for usage in _KEY_USAGES})


def _new_ca() -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _ORGANIZATION),
            x509.NameAttribute(NameOID.COMMON_NAME, f"amplify-sandbox local CA {now:%Y-%m-%d}"),
        ]
    )
    permitted: list[x509.GeneralName] = [x509.DNSName(name) for name in HOST_NAMES]
    permitted += [
        x509.IPAddress(ipaddress.ip_network("127.0.0.0/8")),
        x509.IPAddress(ipaddress.ip_network("::1/128")),
    ]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            _key_usage("key_cert_sign", "crl_sign"),
            critical=True,
        )
        .add_extension(
            x509.NameConstraints(permitted_subtrees=permitted, excluded_subtrees=None),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return certificate, key


def _new_leaf(
    ca: x509.Certificate, ca_key: ec.EllipticCurvePrivateKey
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, _ORGANIZATION),
                    x509.NameAttribute(NameOID.COMMON_NAME, "localhost"),
                ]
            )
        )
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(min(now + datetime.timedelta(days=LEAF_DAYS), ca.not_valid_after_utc))
        .add_extension(x509.SubjectAlternativeName(_names()), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            _key_usage("digital_signature"),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return certificate, key


def _fresh(certificate: x509.Certificate) -> bool:
    return certificate.not_valid_after_utc - RENEW_BEFORE > _now()


def _load_ca(files: TlsFiles) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None:
    try:
        certificate = x509.load_pem_x509_certificate(files.ca_file.read_bytes())
        key = serialization.load_pem_private_key(files.ca_key_file.read_bytes(), password=None)
    except (OSError, ValueError):
        return None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not _fresh(certificate):
        return None
    if certificate.public_key() != key.public_key():
        return None
    return certificate, key


def _leaf_ok(files: TlsFiles, ca: x509.Certificate) -> bool:
    try:
        chain = x509.load_pem_x509_certificates(files.cert_file.read_bytes())
        key = serialization.load_pem_private_key(files.key_file.read_bytes(), password=None)
    except (OSError, ValueError):
        return False
    leaf = chain[0]
    if not _fresh(leaf) or leaf.public_key() != key.public_key():
        return False
    try:
        leaf.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def ensure(directory: Path | None = None) -> TlsFiles:
    """The CA and the leaf in `directory` (the state directory's `tls/` by default), made or
    renewed as needed."""
    files = TlsFiles(directory if directory is not None else default_directory())
    files.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _locked(files.directory):
        loaded = _load_ca(files)
        if loaded is None:
            ca, ca_key = _new_ca()
            _write_private(files.ca_key_file, _pem_key(ca_key))
            _write_private(files.ca_file, _pem(ca))
        else:
            ca, ca_key = loaded
        if loaded is None or not _leaf_ok(files, ca):
            leaf, key = _new_leaf(ca, ca_key)
            _write_private(files.key_file, _pem_key(key))
            _write_private(files.cert_file, _pem(leaf) + _pem(ca))
    return files


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """One maker at a time (the CLI and the emulator it starts may both call `ensure`)."""
    try:
        import fcntl
    except ImportError:  # Windows: the CLI makes the files before it starts the emulator
        yield
        return
    descriptor = os.open(directory / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def spki_hash(certificate_file: Path) -> str:
    """Base64 of the SHA-256 of the certificate's public key: what Chromium's
    `--ignore-certificate-errors-spki-list` takes."""
    certificate = x509.load_pem_x509_certificate(certificate_file.read_bytes())
    spki = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()
