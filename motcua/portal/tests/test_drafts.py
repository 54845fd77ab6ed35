"""Drafts: saved at each step and by autosave, resumed where the citizen left off, listed,
deleted; only their owner can open them or their files."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from motcua.portal.models import OnlineDraft, Step
from motcua.portal.tests.helpers import (
    T0,
    applicant_data,
    fill_to_review,
    start_draft,
    step_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(T0, tick=False):
        yield


def test_a_draft_is_resumed_at_the_furthest_step_with_everything_typed(w, an_client):
    draft = start_draft(an_client)
    an_client.post(step_url(draft, "nguoi-nop"), applicant_data(address="Số 5 Đường Yersin"))
    an_client.post(
        step_url(draft, "thong-tin"),
        {
            "receiving_unit": "000.02.01.H09",
            "tk_full_name": "Nguyễn Văn An",
            "tk_purpose": "Du học",
        },
    )
    an_client.logout()
    an_client.force_login(draft.owner)

    response = an_client.get(f"/nop-truc-tuyen/{draft.public_id}/")

    assert response.status_code == 302
    assert response["Location"] == step_url(draft, "giay-to")
    step2 = an_client.get(step_url(draft, "thong-tin")).content.decode()
    assert 'value="Nguyễn Văn An"' in step2
    assert '<option value="Du học" selected>' in step2
    step1 = an_client.get(step_url(draft, "nguoi-nop")).content.decode()
    assert 'value="Số 5 Đường Yersin"' in step1


def test_autosave_keeps_what_is_typed_without_moving_on(w, an_client):
    draft = start_draft(an_client)

    response = an_client.post(
        f"/nop-truc-tuyen/{draft.public_id}/luu/nguoi-nop/",
        applicant_data(address="Đang gõ dở"),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "Đã tự động lưu nháp lúc 09:00:00." in response.content.decode()
    draft.refresh_from_db()
    assert draft.applicant["address"] == "Đang gõ dở"
    assert draft.reached_step == Step.APPLICANT


def test_the_steps_carry_the_autosave_hook(w, an_client):
    draft = start_draft(an_client)

    page = an_client.get(step_url(draft, "nguoi-nop")).content.decode()

    assert f'hx-post="/nop-truc-tuyen/{draft.public_id}/luu/nguoi-nop/"' in page
    assert 'hx-trigger="change from:#step-form' in page


def test_my_drafts_lists_open_drafts_only(w, an_client):
    open_one = start_draft(an_client)
    submitted = start_draft(an_client)
    fill_to_review(an_client, submitted)
    an_client.post(f"/nop-truc-tuyen/{submitted.public_id}/nop/", {"token": submitted.token})

    page = an_client.get("/nop-truc-tuyen/").content.decode()

    assert f"/nop-truc-tuyen/{open_one.public_id}/" in page
    assert f"/nop-truc-tuyen/{submitted.public_id}/" not in page


def test_the_start_page_offers_to_continue_a_draft_of_the_same_procedure(w, an_client):
    draft = start_draft(an_client)

    page = an_client.get("/thu-tuc/1.000001/nop-truc-tuyen/").content.decode()

    assert f'href="/nop-truc-tuyen/{draft.public_id}/"' in page
    assert "Tạo hồ sơ mới" in page


def test_someone_elses_draft_is_not_found(w, an_client, citizen):
    draft = start_draft(an_client)
    fill_to_review(an_client, draft)
    client = Client()
    client.force_login(citizen(phone="0987000111", full_name="Lê Văn Khác"))
    declaration = draft.files.first().required_document_id

    for url in (
        f"/nop-truc-tuyen/{draft.public_id}/",
        step_url(draft, "nguoi-nop"),
        step_url(draft, "xem-lai"),
        f"/nop-truc-tuyen/{draft.public_id}/tep/{declaration}/",
        f"/nop-truc-tuyen/{draft.public_id}/xoa/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/nop-truc-tuyen/{draft.public_id}/nop/", {"token": draft.token}).status_code
        == 404
    )
    assert client.post(f"/nop-truc-tuyen/{draft.public_id}/xoa/").status_code == 404
    assert client.post(step_url(draft, "nguoi-nop"), applicant_data()).status_code == 404
    assert OnlineDraft.objects.filter(pk=draft.pk, dossier__isnull=True).exists()


def test_the_owner_downloads_their_own_draft_file(w, an_client):
    draft = start_draft(an_client)
    fill_to_review(an_client, draft)
    declaration = draft.files.get(original_name="to-khai.pdf")

    response = an_client.get(
        f"/nop-truc-tuyen/{draft.public_id}/tep/{declaration.required_document_id}/"
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert 'filename="to-khai.pdf"' in response["Content-Disposition"]


def test_a_deleted_draft_is_gone_with_its_files(w, an_client, django_capture_on_commit_callbacks):
    from pathlib import Path

    draft = start_draft(an_client)
    fill_to_review(an_client, draft)
    paths = [Path(f.file.path) for f in draft.files.all()]
    assert paths and all(p.exists() for p in paths)

    with django_capture_on_commit_callbacks(execute=True):
        response = an_client.post(f"/nop-truc-tuyen/{draft.public_id}/xoa/")

    assert response.status_code == 302
    assert not OnlineDraft.objects.filter(pk=draft.pk).exists()
    assert not any(p.exists() for p in paths)


def test_an_anonymous_visitor_is_sent_to_log_in(w, an_client):
    draft = start_draft(an_client)

    response = Client().get(step_url(draft, "nguoi-nop"))

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=")


def test_uploading_a_file_needs_the_csrf_token(w, an, an_client):
    draft = start_draft(an_client)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(an)

    response = strict.post(step_url(draft, "nguoi-nop"), applicant_data())

    assert response.status_code == 403
