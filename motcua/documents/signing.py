"""PDF digital signatures with pyHanko: sign with a unit's certificate, verify against the
trust roots of `motcua.documents.pki`.

A verification answers the four questions the public page shows: is the signature valid
(cryptographically intact and chained to a trusted root), who signed (the unit), when, and is
the document unchanged since (the signature covers the whole file).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.documents import pki


class PdfUnreadable(ValueError):
    """The bytes are not a PDF pyHanko can read or sign."""


def _asn1_cert(cert: object) -> asn1_x509.Certificate:
    from cryptography import x509

    assert isinstance(cert, x509.Certificate)  # noqa: S101
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def sign_pdf(data: bytes, *, pair: pki.KeyPair, reason: str, location: str = "") -> bytes:
    """Return `data` with one more (approval) signature by `pair`, as an incremental update."""
    key_der = pair.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    chain = [_asn1_cert(c) for c in pki.trust_roots()]
    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(pair.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        existing = len(PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures)
        meta = signers.PdfSignatureMetadata(
            field_name=f"MotCua{existing + 1}",
            reason=reason[:200],
            location=location[:200],
            md_algorithm="sha256",
        )
        out = io.BytesIO()
        signers.sign_pdf(
            writer,
            meta,
            signer=signer,
            output=out,
            new_field_spec=fields.SigFieldSpec(f"MotCua{existing + 1}"),
        )
    except (SigningError, ValueError, KeyError, TypeError) as exc:
        raise PdfUnreadable(str(exc)) from exc
    except Exception as exc:  # pyHanko raises its own PdfReadError family on broken files
        raise PdfUnreadable(str(exc)) from exc
    return out.getvalue()


@dataclass(frozen=True)
class Verification:
    """What the public page shows about one PDF."""

    signed: bool  # has at least one signature
    valid: bool  # intact and chained to a trusted root
    unchanged: bool  # the (last) signature covers the whole file
    trusted: bool
    intact: bool
    signer: str  # the signing unit's name (certificate CN)
    signer_code: str  # the unit code (certificate OU)
    signed_at: dt.datetime | None
    problem: str = ""  # Vietnamese explanation when something is wrong

    @property
    def ok(self) -> bool:
        return self.signed and self.valid and self.unchanged


NOT_SIGNED = Verification(
    signed=False,
    valid=False,
    unchanged=False,
    trusted=False,
    intact=False,
    signer="",
    signer_code="",
    signed_at=None,
    problem="Tệp không có chữ ký số.",
)


def _name_part(status: PdfSignatureStatus, key: str) -> str:
    cert = status.signing_cert
    if cert is None:
        return ""
    native = cert.subject.native
    return str(native.get(key, "")) if isinstance(native, dict) else ""


def verify_pdf(data: bytes) -> Verification:
    """Verify the last signature of a PDF (offline: no revocation fetching)."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = reader.embedded_signatures
    except Exception:  # a broken or non-PDF file
        return Verification(
            signed=False,
            valid=False,
            unchanged=False,
            trusted=False,
            intact=False,
            signer="",
            signer_code="",
            signed_at=None,
            problem="Không đọc được tệp PDF.",
        )
    if not sigs:
        return NOT_SIGNED
    roots = [_asn1_cert(c) for c in pki.trust_roots()]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    sig = sigs[-1]
    try:
        status = validate_pdf_signature(sig, context, skip_diff=False)
    except Exception as exc:
        return Verification(
            signed=True,
            valid=False,
            unchanged=False,
            trusted=False,
            intact=False,
            signer="",
            signer_code="",
            signed_at=None,
            problem=f"Chữ ký số không kiểm tra được ({type(exc).__name__}).",
        )
    unchanged = bool(status.coverage == SignatureCoverageLevel.ENTIRE_FILE)
    intact = bool(status.intact and status.valid)
    trusted = bool(status.trusted)
    problems = []
    if not intact:
        problems.append("Nội dung tệp đã bị thay đổi sau khi ký (chữ ký không khớp).")
    elif not unchanged:
        problems.append("Tệp đã bị thêm nội dung sau khi ký.")
    if intact and not trusted:
        problems.append("Chứng thư ký không do tổ chức tin cậy cấp.")
    return Verification(
        signed=True,
        valid=intact and trusted,
        unchanged=unchanged and intact,
        trusted=trusted,
        intact=intact,
        signer=_name_part(status, "common_name"),
        signer_code=_name_part(status, "organizational_unit_name"),
        signed_at=status.signer_reported_dt,
        problem=" ".join(problems),
    )
