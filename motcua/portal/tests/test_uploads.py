"""Uploads: the real type is sniffed from the first bytes, the extension must agree, the
size is limited by MOTCUA_UPLOAD_MAX_MB, and each refusal names its file."""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine

from motcua.core.files import UploadRefused, check_upload
from motcua.portal.models import DraftFile, Step
from motcua.portal.tests.helpers import (
    JPEG,
    PDF,
    PNG,
    T0,
    applicant_data,
    pdf,
    start_draft,
    step_url,
    upload,
)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("to-khai.pdf", PDF, "pdf"),
        ("anh.JPG", JPEG, "jpeg"),
        ("anh.jpeg", JPEG, "jpeg"),
        ("cccd.png", PNG, "png"),
    ],
)
def test_pdf_jpeg_and_png_with_their_own_extension_are_accepted(settings, name, content, kind):
    checked = check_upload(upload(name, content), field="f")

    assert checked.kind.code == kind
    assert checked.size == len(content)
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("abc.pdf", PNG, "Tệp 'abc.pdf' không phải PDF thật (nội dung là PNG)."),
        ("anh.png", JPEG, "Tệp 'anh.png' không phải PNG thật (nội dung là JPEG)."),
        ("anh.jpg", PDF, "Tệp 'anh.jpg' không phải JPEG thật (nội dung là PDF)."),
        (
            "virus.pdf",
            b"MZ\x90\x00 not a pdf",
            "Tệp 'virus.pdf' không phải PDF thật (không nhận ra nội dung). "
            "Chỉ nhận tệp PDF, JPEG hoặc PNG.",
        ),
        (
            "don.docx",
            b"PK\x03\x04 word",
            "Tệp 'don.docx' không phải PDF, JPEG hoặc PNG. "
            "Hãy chụp hoặc quét giấy tờ thành tệp PDF, JPEG hoặc PNG.",
        ),
        (
            "scan.txt",
            PDF,
            "Tệp 'scan.txt' có nội dung PDF nhưng tên tệp không có đuôi .pdf; "
            "hãy đổi tên tệp rồi tải lên lại.",
        ),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused_by_name(
    settings, name, content, message
):
    with pytest.raises(UploadRefused) as refused:
        check_upload(upload(name, content), field="doc_1")

    assert refused.value.message == message
    assert refused.value.field == "doc_1"
    assert refused.value.status_code == 422


def test_an_empty_file_is_refused(settings):
    with pytest.raises(UploadRefused) as refused:
        check_upload(upload("trong.pdf", b""), field="f")

    assert refused.value.message == "Tệp 'trong.pdf' rỗng (0 byte); hãy chọn lại tệp."


def test_a_file_over_the_configured_size_is_refused(settings):
    settings.MOTCUA_UPLOAD_MAX_MB = 1
    big = PDF + b"0" * (1024 * 1024)

    with pytest.raises(UploadRefused) as refused:
        check_upload(upload("lon.pdf", big), field="f")

    assert refused.value.message == (
        "Tệp 'lon.pdf' nặng 1,1 MB, vượt quá giới hạn 1 MB cho mỗi tệp."
    )


def test_exactly_the_size_limit_is_still_accepted(settings):
    settings.MOTCUA_UPLOAD_MAX_MB = 1
    content = PDF + b"0" * (1024 * 1024 - len(PDF))

    assert check_upload(upload("vua.pdf", content), field="f").size == 1024 * 1024


def test_the_directory_part_of_a_file_name_is_dropped(settings):
    checked = check_upload(upload("C:\\Users\\an\\Desktop\\to-khai.pdf", PDF), field="f")

    assert checked.name == "to-khai.pdf"


# --- The documents step ---------------------------------------------------------------------


@pytest.fixture
def at_documents(w, an_client):
    with time_machine.travel(T0, tick=False):
        draft = start_draft(an_client)
        an_client.post(step_url(draft, "nguoi-nop"), applicant_data())
        an_client.post(
            step_url(draft, "thong-tin"),
            {"receiving_unit": "000.02.01.H09", "tk_full_name": "An", "tk_purpose": "Xin việc"},
        )
        draft.refresh_from_db()
        assert draft.reached_step == Step.DOCUMENTS
        docs = {d.name: d for d in draft.procedure_version.documents_for(None)}
        yield draft, docs["Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"], docs["Căn cước công dân"]


def test_each_refused_file_is_named_beside_its_document_and_the_good_ones_are_kept(
    settings, at_documents, an_client
):
    settings.MOTCUA_UPLOAD_MAX_MB = 1
    draft, declaration, identity = at_documents

    response = an_client.post(
        step_url(draft, "giay-to"),
        {
            f"doc_{declaration.pk}": pdf("to-khai.pdf"),
            f"doc_{identity.pk}": upload("cccd.pdf", PNG, "application/pdf"),
            "action": "next",
        },
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Tệp &#x27;cccd.pdf&#x27; không phải PDF thật (nội dung là PNG)." in page
    assert f'id="id_doc_{identity.pk}_error"' in page
    kept = DraftFile.objects.get(draft=draft)
    assert kept.required_document == declaration
    assert kept.original_name == "to-khai.pdf"
    assert kept.kind == "pdf"
    draft.refresh_from_db()
    assert draft.reached_step == Step.DOCUMENTS


def test_too_big_and_empty_files_are_refused_on_the_documents_step(
    settings, at_documents, an_client
):
    settings.MOTCUA_UPLOAD_MAX_MB = 1
    draft, declaration, identity = at_documents

    response = an_client.post(
        step_url(draft, "giay-to"),
        {
            f"doc_{declaration.pk}": pdf("lon.pdf", PDF + b"0" * (2 * 1024 * 1024)),
            f"doc_{identity.pk}": upload("trong.png", b"", "image/png"),
            "action": "upload",
        },
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Tệp &#x27;lon.pdf&#x27; nặng 2,1 MB, vượt quá giới hạn 1 MB cho mỗi tệp." in page
    assert "Tệp &#x27;trong.png&#x27; rỗng (0 byte)" in page
    assert not DraftFile.objects.exists()


def test_a_mandatory_document_without_a_file_stops_the_citizen_at_the_documents_step(
    at_documents, an_client
):
    draft, declaration, identity = at_documents

    response = an_client.post(
        step_url(draft, "giay-to"), {f"doc_{declaration.pk}": pdf(), "action": "next"}
    )

    assert response.status_code == 422
    assert "Giấy tờ bắt buộc: chưa tải lên tệp nào." in response.content.decode()
    draft.refresh_from_db()
    assert draft.reached_step == Step.DOCUMENTS


def test_a_new_file_replaces_the_earlier_one_and_a_file_can_be_removed(
    at_documents, an_client, django_capture_on_commit_callbacks
):
    draft, declaration, _ = at_documents
    an_client.post(step_url(draft, "giay-to"), {f"doc_{declaration.pk}": pdf("cu.pdf")})
    first_path = Path(DraftFile.objects.get().file.path)

    with django_capture_on_commit_callbacks(execute=True):
        an_client.post(step_url(draft, "giay-to"), {f"doc_{declaration.pk}": pdf("moi.pdf")})

    second = DraftFile.objects.get()
    assert second.original_name == "moi.pdf"
    assert not first_path.exists()  # the replaced file is freed after the commit
    with django_capture_on_commit_callbacks(execute=True):
        an_client.post(step_url(draft, "giay-to"), {"remove": str(declaration.pk)})
    assert not DraftFile.objects.exists()
    assert not Path(second.file.path).exists()


def test_stored_files_get_random_names_under_the_media_root_not_the_uploaded_name(
    at_documents, an_client, settings
):
    draft, declaration, _ = at_documents

    an_client.post(step_url(draft, "giay-to"), {f"doc_{declaration.pk}": pdf("ho-ten-an.pdf")})

    stored = DraftFile.objects.get().file
    name = str(stored.name)
    assert name.startswith("portal/drafts/2026/03/")
    assert "ho-ten-an" not in name
    assert stored.path.startswith(str(settings.MEDIA_ROOT))
    assert not settings.MEDIA_URL.startswith("/static")
