"""The file store: content-addressed blobs (`sha256/ab/<hash>.<ext>`), one StoredFile row per
distinct content. Type and size checks are motcua.core.files' (sniffed from the first bytes,
extension must agree, size within MOTCUA_UPLOAD_MAX_MB). Also: page images → one PDF, the
first page of a PDF → a PNG preview, page counting.

Blobs are written before the row (outside any transaction, since an object store is not
transactional); a blob is named by its content, so writing it twice is harmless and a blob
without a row is only an orphan, never a wrong file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess  # noqa: S404 - pdfinfo/pdftoppm from poppler-utils, fixed arguments
import tempfile
from collections.abc import Sequence
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from PIL import Image, UnidentifiedImageError

from motcua.core import files as checks
from motcua.core.errors import InvalidInput
from motcua.documents.models import FileKind, StoredFile, document_storage

MAX_PAGES = 200
_COUNT = re.compile(rb"/Type\s*/Page(?!s)")


def blob_name(sha256: str, kind: str) -> str:
    ext = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}[kind]
    return f"sha256/{sha256[:2]}/{sha256}.{ext}"


def pdf_page_count(data: bytes) -> int | None:
    """Pages of a PDF: pyHanko's reader (the /Pages tree count), else `pdfinfo`, else a
    count of page objects. None when the file is not a readable PDF."""
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        count = PdfFileReader(io.BytesIO(data), strict=False).root["/Pages"]["/Count"]
        if isinstance(count, int) and count > 0:
            return int(count)
    except Exception:  # noqa: S110 - fall through to the next method
        pass
    try:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
            tmp.write(data)
            tmp.flush()
            out = subprocess.run(  # noqa: S603
                ["/usr/bin/pdfinfo", tmp.name], capture_output=True, timeout=20, check=False
            ).stdout.decode(errors="replace")
        found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
        if found:
            return int(found.group(1))
    except (OSError, subprocess.SubprocessError):
        pass
    pages = len(_COUNT.findall(data))
    return pages or None


def _upload(data: bytes, name: str) -> ContentFile[bytes]:
    return ContentFile(data, name=name)


def file_store(
    *,
    data: bytes,
    name: str,
    at: dt.datetime,
    field: str,
    kinds: tuple[checks.FileKind, ...] = checks.DOCUMENT_KINDS,
    max_bytes: int | None = None,
) -> StoredFile:
    """Check and store one file; identical content is stored once (the existing row is
    returned). Raises UploadRefused (422) naming the file and `field`."""
    checked = checks.check_upload(
        _upload(data, name), field=field, kinds=kinds, max_bytes=max_bytes
    )
    existing = StoredFile.objects.filter(sha256=checked.sha256).first()
    if existing is not None:
        return existing
    pages = None
    if checked.kind.code == FileKind.PDF:
        pages = pdf_page_count(data)
        if pages is None:
            raise checks.UploadRefused(
                f"Tệp '{checked.name}' không đọc được như một tệp PDF; hãy quét hoặc xuất lại.",
                field=field,
            )
    storage = document_storage()
    target = blob_name(checked.sha256, checked.kind.code)
    if not storage.exists(target):
        saved = storage.save(target, ContentFile(data))
        if saved != target:  # a local storage that renamed it: keep the name it chose
            target = saved
    row = StoredFile(
        sha256=checked.sha256,
        size=checked.size,
        kind=checked.kind.code,
        page_count=pages,
        created_at=at,
    )
    row.blob.name = target
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:  # stored by a concurrent request meanwhile
        return StoredFile.objects.get(sha256=checked.sha256)
    return row


def file_read(stored: StoredFile) -> bytes:
    with stored.blob.open("rb") as handle:
        return bytes(handle.read())


def images_to_pdf(pages: Sequence[tuple[str, bytes]], *, field: str) -> bytes:
    """Several page images (JPEG/PNG, in page order) → one PDF, one page per image."""
    if not pages:
        raise InvalidInput("Chưa chọn ảnh các trang giấy tờ.", field=field)
    if len(pages) > MAX_PAGES:
        raise InvalidInput(f"Tối đa {MAX_PAGES} trang cho một giấy tờ.", field=field)
    images: list[Image.Image] = []
    for name, data in pages:
        checks.check_upload(_upload(data, name), field=field, kinds=(checks.JPEG, checks.PNG))
        try:
            image = Image.open(io.BytesIO(data))
            image.load()
        except (UnidentifiedImageError, OSError) as exc:
            raise checks.UploadRefused(
                f"Ảnh '{checks.display_name(name)}' bị hỏng, không đọc được.", field=field
            ) from exc
        images.append(image.convert("RGB"))
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=150.0)
    return out.getvalue()


def pdf_preview_png(data: bytes, *, width: int = 480) -> bytes | None:
    """The first page as a PNG `width` pixels wide (pdftoppm), or None when it fails."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(data)
        try:
            subprocess.run(  # noqa: S603
                [
                    "/usr/bin/pdftoppm",
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-scale-to-x",
                    str(width),
                    "-scale-to-y",
                    "-1",
                    "-singlefile",
                    str(source),
                    str(Path(tmp) / "out"),
                ],
                capture_output=True,
                timeout=30,
                check=True,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        out = Path(tmp) / "out.png"
        return out.read_bytes() if out.exists() else None
