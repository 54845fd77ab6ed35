"""Checks on uploaded documents: the real type is sniffed from the first bytes (never taken
from the name or the browser's Content-Type), the file name's extension must agree with it,
and the size must be within `MOTCUA_UPLOAD_MAX_MB`.

Accepted: PDF (``%PDF-``), JPEG (``FF D8 FF``) and PNG (``89 50 4E 47 0D 0A 1A 0A``).
Every refusal is an `UploadRefused` (422) whose Vietnamese message names the file, e.g.
"Tệp 'abc.pdf' không phải PDF thật (nội dung là PNG)."
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass
from typing import IO, Protocol

from django.conf import settings

from motcua.core.errors import InvalidInput
from motcua.core.text import nfc

SNIFF_BYTES = 16


@dataclass(frozen=True)
class FileKind:
    code: str  # "pdf", "jpeg", "png"
    label: str  # as people call it: "PDF", "JPEG", "PNG"
    content_type: str
    extensions: tuple[str, ...]  # the first one is the one to suggest
    magic: bytes


PDF = FileKind("pdf", "PDF", "application/pdf", (".pdf",), b"%PDF-")
JPEG = FileKind("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg"), b"\xff\xd8\xff")
PNG = FileKind("png", "PNG", "image/png", (".png",), b"\x89PNG\r\n\x1a\n")
DOCUMENT_KINDS: tuple[FileKind, ...] = (PDF, JPEG, PNG)
KINDS_BY_CODE = {k.code: k for k in DOCUMENT_KINDS}


class UploadRefused(InvalidInput):
    """An uploaded file is empty, too big, of a type not accepted, or lies about its type."""


class Upload(Protocol):
    """What the checks need from a file: Django's UploadedFile and File both fit."""

    @property
    def name(self) -> str | None: ...
    @property
    def size(self) -> int | None: ...

    def seek(self, offset: int, whence: int = 0) -> int: ...
    def read(self, size: int = -1) -> bytes: ...


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check."""

    name: str  # the file's own name (no directory), NFC, at most 200 characters
    kind: FileKind
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return int(settings.MOTCUA_UPLOAD_MAX_MB) * 1024 * 1024


def display_name(name: str | None) -> str:
    """The name a person recognises: no directory part, NFC, clipped to 200 characters."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    return nfc(base)[:200] or "không tên"


def sniff(head: bytes) -> FileKind | None:
    """The document kind whose signature starts `head`, or None."""
    return next((k for k in DOCUMENT_KINDS if head.startswith(k.magic)), None)


def _megabytes(size: int) -> str:
    """Megabytes with one decimal, rounded up (a file just over the limit never reads as
    equal to it), Vietnamese decimal comma: 1,1."""
    tenths = math.ceil(size * 10 / (1024 * 1024))
    whole, rest = divmod(tenths, 10)
    return f"{whole},{rest}" if rest else str(whole)


def _allowed_text(kinds: tuple[FileKind, ...]) -> str:
    labels = [k.label for k in kinds]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " hoặc " + labels[-1]


def _hash(handle: IO[bytes] | Upload) -> str:
    digest = hashlib.sha256()
    handle.seek(0)
    while chunk := handle.read(1024 * 1024):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


def check_upload(
    upload: Upload,
    *,
    field: str,
    kinds: tuple[FileKind, ...] = DOCUMENT_KINDS,
    max_bytes: int | None = None,
) -> CheckedFile:
    """Check one uploaded file; raise UploadRefused (naming the file and `field`) or return
    what was found. The file is left positioned at its start."""
    name = display_name(upload.name)
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    size = int(upload.size or 0)
    if size <= 0:
        raise UploadRefused(f"Tệp '{name}' rỗng (0 byte); hãy chọn lại tệp.", field=field)
    if size > limit:
        raise UploadRefused(
            f"Tệp '{name}' nặng {_megabytes(size)} MB, vượt quá giới hạn "
            f"{_megabytes(limit)} MB cho mỗi tệp.",
            field=field,
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    found = sniff(head)
    extension = os.path.splitext(name)[1].lower()
    claimed = next((k for k in DOCUMENT_KINDS if extension in k.extensions), None)
    allowed = _allowed_text(kinds)
    if found is None:
        if claimed is not None:
            raise UploadRefused(
                f"Tệp '{name}' không phải {claimed.label} thật (không nhận ra nội dung). "
                f"Chỉ nhận tệp {allowed}.",
                field=field,
            )
        raise UploadRefused(
            f"Tệp '{name}' không phải {allowed}. Hãy chụp hoặc quét giấy tờ thành tệp {allowed}.",
            field=field,
        )
    if claimed is not found:
        if claimed is not None:
            raise UploadRefused(
                f"Tệp '{name}' không phải {claimed.label} thật (nội dung là {found.label}).",
                field=field,
            )
        raise UploadRefused(
            f"Tệp '{name}' có nội dung {found.label} nhưng tên tệp không có đuôi "
            f"{found.extensions[0]}; hãy đổi tên tệp rồi tải lên lại.",
            field=field,
        )
    if found not in kinds:
        raise UploadRefused(
            f"Tệp '{name}' là tệp {found.label}; chỉ nhận tệp {allowed}.", field=field
        )
    return CheckedFile(name=name, kind=found, size=size, sha256=_hash(upload))
