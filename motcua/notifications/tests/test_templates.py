"""Each event renders its Vietnamese template with the right fields; SMS text is
unaccented and at most three segments; templates cannot reach past their placeholders."""

from __future__ import annotations

import pytest

from motcua.core.clock import format_dt
from motcua.dossiers.models import OutboxMessage
from motcua.dossiers.services import dossier_apologize
from motcua.dossiers.tests.factories import (
    DoneDossierFactory,
    NotReceivedDossierFactory,
    ProcessingDossierFactory,
    ReceivedDossierFactory,
    ReturnedDossierFactory,
    SubmittedDossierFactory,
    SupplementRequestedDossierFactory,
    vn,
)
from motcua.notifications.models import NotificationTemplate
from motcua.notifications.rendering import (
    SMS_MAX_CHARS,
    TemplateError,
    check_template,
    dossier_context,
    fill,
    mask_email,
    mask_phone,
    render,
    sms_text,
)


def rendered(dossier, event: str, channel: str):
    message = OutboxMessage.objects.filter(
        topic="notify.citizen", payload__template=event, payload__code=dossier.code
    ).latest("id")
    context = dossier_context(message.payload["dossier"], message.payload)
    result = render("citizen", event, channel, context)
    assert result is not None
    return result


def test_every_citizen_event_has_an_sms_and_an_email_template(db):
    events = {
        "received", "submitted", "supplement", "supplement_at_desk", "refused_at_desk",
        "refused", "apology", "done", "returned", "feedback_answered",
    }  # fmt: skip
    for channel in ("sms", "email"):
        seeded = set(
            NotificationTemplate.objects.filter(audience="citizen", channel=channel).values_list(
                "event", flat=True
            )
        )
        assert events <= seeded, channel
    staff = set(
        NotificationTemplate.objects.filter(audience="staff").values_list("event", flat=True)
    )
    assert {"due_soon", "overdue", "default"} <= staff


def test_the_received_sms_names_the_code_due_date_and_secret_without_diacritics(w):
    d = ReceivedDossierFactory.create(world=w)
    sms = rendered(d, "received", "sms")
    assert d.code in sms.body and d.secret in sms.body
    assert f"Hen tra ket qua: {format_dt(d.due_at)}" in sms.body
    assert sms.body.isascii() and len(sms.body) <= SMS_MAX_CHARS


def test_the_received_email_is_full_vietnamese_with_procedure_and_lookup_link(w):
    d = ReceivedDossierFactory.create(world=w)
    mail = rendered(d, "received", "email")
    assert mail.subject == f"Hồ sơ {d.code} đã được tiếp nhận"
    assert "Kính gửi Nguyễn Văn An" in mail.body
    assert d.procedure_version.name in mail.body and d.secret in mail.body
    assert f"/tra-cuu/?code={d.code}" in mail.body


def test_a_supplement_request_lists_every_missing_item(w):
    d = SupplementRequestedDossierFactory.create(world=w)
    mail = rendered(d, "supplement", "email")
    assert "cần bổ sung" in mail.body and "- Bản sao giấy khai sinh (Thiếu)" in mail.body
    sms = rendered(d, "supplement", "sms")
    assert "can bo sung: Ban sao giay khai sinh (Thieu)" in sms.body


def test_refusal_at_the_desk_gives_the_reasons(w):
    d = NotReceivedDossierFactory.create(world=w)
    mail = rendered(d, "refused_at_desk", "email")
    assert "không được tiếp nhận" in mail.body and "Không thuộc thẩm quyền tiếp nhận" in mail.body


def test_online_submission_result_ready_and_returned_render(w):
    submitted = SubmittedDossierFactory.create(world=w)
    assert "dang cho kiem tra" in rendered(submitted, "submitted", "sms").body
    assert submitted.secret in rendered(submitted, "submitted", "email").body
    done = DoneDossierFactory.create(world=w)
    assert "đã có kết quả" in rendered(done, "done", "email").body
    returned = ReturnedDossierFactory.create(world=w)
    # dossier_return queues no citizen notice yet; the template is ready for it.
    context = dossier_context(returned.pk, {"code": returned.code})
    mail = render("citizen", "returned", "email", context)
    assert (
        mail is not None and "đã được trả lúc" in mail.body and context["returned_at"] in mail.body
    )


def test_the_apology_gives_reason_old_and_new_dates(w):
    d = ProcessingDossierFactory.create(world=w)  # due Monday 09/03 09:00
    dossier_apologize(
        dossier=d,
        reason="Chờ kết quả xác minh của Công an tỉnh",
        new_due_at=vn(2026, 3, 11, 17, 0),
        by=w.specialist,
        at=vn(2026, 3, 6, 10, 0),
    )
    mail = rendered(d, "apology", "email")
    assert "xin lỗi" in mail.body and "Chờ kết quả xác minh của Công an tỉnh" in mail.body
    assert "09:00 09/03/2026" in mail.body and "17:00 11/03/2026" in mail.body
    sms = rendered(d, "apology", "sms")
    assert "Hen tra ket qua moi: 17:00 11/03/2026" in sms.body


def test_placeholders_are_plain_names_only():
    with pytest.raises(TemplateError):
        check_template("{code.__class__}")
    with pytest.raises(TemplateError):
        check_template("{password}")
    check_template("Hồ sơ {code}, hẹn {due_at}")
    with pytest.raises(TemplateError):
        fill("{code.__class__.__mro__}", {"code": "X"})
    assert fill("{code} {unknown_later}", {"code": "X"}) == "X "


def test_long_sms_text_is_cut_to_three_segments_and_unaccented():
    text = sms_text("Đường “Lê Lợi” – " + "dài " * 300)
    assert (
        len(text) == SMS_MAX_CHARS and text.endswith("...") and text.startswith('Duong "Le Loi" -')
    )


def test_recipients_are_masked():
    assert mask_phone("0912345678") == "091****678"
    assert mask_email("an.nguyen@example.vn") == "an*******@example.vn"
    assert "0912345678" not in mask_phone("0912345678")
