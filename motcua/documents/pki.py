"""The demo public-key infrastructure: one root certificate authority and one signing
certificate per unit, made offline with `cryptography` under `MOTCUA_PKI_DIR`
(default `var/pki/`):

    root.pem, root.key.pem          the demo root CA ("Một Cửa Demo Root CA")
    units/<unit code>.pem/.key.pem  the unit's certificate (CN = unit name, OU = unit code)

Production replaces these files with certificates from a licensed provider (the layout is the
same: a trust root and one key pair per signing unit). Keys are P-256 ECDSA, unencrypted on
disk: demo only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings

ROOT_NAME = "Một Cửa Demo Root CA"
_SAFE = re.compile(r"^[0-9A-Za-z.\-]{1,40}$")


def _fit(text: str, limit: int = 64) -> str:
    """`text` cut to `limit` UTF-8 bytes (X.509 name limits count bytes, and Vietnamese
    letters take two or three), never splitting a character."""
    return text.encode()[:limit].decode(errors="ignore") or "-"


def pki_dir() -> Path:
    return Path(settings.MOTCUA_PKI_DIR)


@dataclass(frozen=True)
class KeyPair:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _load(cert_path: Path, key_path: Path) -> KeyPair | None:
    if not (cert_path.exists() and key_path.exists()):
        return None
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        return None
    return KeyPair(cert, key)


def root(*, at: dt.datetime, create: bool = True) -> KeyPair | None:
    """The demo root CA, created on first use when `create`."""
    base = pki_dir()
    found = _load(base / "root.pem", base / "root.key.pem")
    if found is not None or not create:
        return found
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Một Cửa (demo)"),
            x509.NameAttribute(NameOID.COMMON_NAME, ROOT_NAME),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(at - dt.timedelta(days=1))
        .not_valid_after(at + dt.timedelta(days=365 * 20))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write(base / "root.key.pem", _key_pem(key))
    _write(base / "root.pem", cert.public_bytes(serialization.Encoding.PEM))
    return KeyPair(cert, key)


def _unit_paths(code: str) -> tuple[Path, Path]:
    if not _SAFE.match(code):
        raise ValueError(f"unit code not usable as a file name: {code!r}")
    base = pki_dir() / "units"
    return base / f"{code}.pem", base / f"{code}.key.pem"


def unit_keypair(code: str) -> KeyPair | None:
    """The unit's signing certificate and key, or None when it has none."""
    return _load(*_unit_paths(code))


def unit_issue(*, code: str, name: str, at: dt.datetime) -> KeyPair:
    """Issue (once) the unit's signing certificate under the demo root; idempotent."""
    found = unit_keypair(code)
    if found is not None:
        return found
    ca = root(at=at)
    assert ca is not None  # noqa: S101 - created above
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(name)),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, code),
            x509.NameAttribute(NameOID.COMMON_NAME, _fit(name)),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(at - dt.timedelta(days=1))
        .not_valid_after(at + dt.timedelta(days=365 * 10))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca.key, hashes.SHA256())
    )
    cert_path, key_path = _unit_paths(code)
    _write(key_path, _key_pem(key))
    _write(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return KeyPair(cert, key)


def trust_roots() -> list[x509.Certificate]:
    """The certificates a signature must chain to (the demo root, when present)."""
    found = root(at=dt.datetime.now(dt.UTC), create=False)
    return [found.certificate] if found else []
