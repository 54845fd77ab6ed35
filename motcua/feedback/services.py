"""Writes of the feedback app: one function per step, used by the portal, the staff pages,
the admin and the demo alike.

Each transition: lock the item → check the stale version and the allowed-transitions table
(workflow.ALLOWED_TRANSITIONS) → return at once when the same step was already done with the
same content (a double click) → write the step's who/when and deadline → one FeedbackEvent
→ the citizen's notification queued in the outbox (delivered after commit).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import is_staff_member, user_has_role
from motcua.core.clock import format_dt, local
from motcua.core.errors import Conflict, InvalidInput, NotAllowed
from motcua.core.text import clean, nfc
from motcua.dossiers.models import Dossier
from motcua.dossiers.outbox import outbox_put
from motcua.dossiers.services.codes import new_secret, next_number
from motcua.dossiers.validators import mask_name, normalize_email, normalize_phone
from motcua.feedback import rules
from motcua.feedback.models import (
    STAFF_CHANNELS,
    Category,
    FeedbackChannel,
    FeedbackEvent,
    FeedbackItem,
    FeedbackStatus,
)
from motcua.feedback.workflow import ACTIONS, ALLOWED_TRANSITIONS, may
from motcua.organization.models import Unit
from motcua.worktime.services import classify_timeliness

S = FeedbackStatus

CODE_PREFIX = "PAKN"
CONTENT_MIN = 10
CONTENT_MAX = 5000
ANSWER_MAX = 10000
# Portal submissions per address and hour (the look-up's failures are limited separately).
SUBMIT_MAX_PER_HOUR = 5
SUBMIT_WINDOW = dt.timedelta(hours=1)
# How far back staff may date an item received by hotline or e-mail.
BACKDATE_MAX = dt.timedelta(days=30)

# Roles that may handle (classify, forward, answer, publish) feedback: the Center's
# leadership and TTHC control officers everywhere; agency leaders and unit heads for the
# items about their units.
CENTER_HANDLERS = (Role.SYSTEM_ADMIN, Role.CENTER_LEADER, Role.CONTROL_OFFICER)
UNIT_HANDLERS = (Role.AGENCY_LEADER, Role.UNIT_HEAD)


class FeedbackConflict(Conflict):
    """The item is not in a state that allows this step (409)."""


class StaleFeedback(Conflict):
    """The form was filled from an older version of the item (409)."""


class FeedbackThrottled(InvalidInput):
    """Too many submissions from one address (429)."""

    status_code = 429


class NotHandler(NotAllowed):
    """The user may see the item but not handle it (403)."""


@dataclass(frozen=True)
class FeedbackInput:
    sender_name: str
    title: str
    content: str
    sender_phone: str = ""
    sender_email: str = ""
    sender_address: str = ""
    unit_id: int | None = None
    dossier_code: str = ""


# --- Checks -------------------------------------------------------------------------------


def _text(value: str, *, field: str, label: str, max_length: int, min_length: int = 1) -> str:
    text = nfc(value or "").replace("\x00", "").strip()
    if not text:
        raise InvalidInput(f"Chưa nhập {label}.", field=field)
    if len(text) < min_length:
        raise InvalidInput(
            f"{label[:1].upper()}{label[1:]} quá ngắn (ít nhất {min_length} ký tự).", field=field
        )
    if len(text) > max_length:
        raise InvalidInput(
            f"{label[:1].upper()}{label[1:]} quá dài (tối đa {max_length} ký tự, "
            f"đang có {len(text)}).",
            field=field,
        )
    return text


def _line(value: str, *, field: str, label: str, max_length: int) -> str:
    return clean(_text(value, field=field, label=label, max_length=max_length))


def may_handle(user: Any, item: FeedbackItem, *, on: dt.date) -> bool:
    """Whether `user` may handle `item` on `on` (see CENTER_HANDLERS / UNIT_HANDLERS)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if any(user_has_role(user, r, on=on) for r in CENTER_HANDLERS):
        return True
    if item.unit is None:
        return False
    return any(user_has_role(user, r, unit=item.unit, on=on) for r in UNIT_HANDLERS)


def _check_handler(user: User, item: FeedbackItem, *, at: dt.datetime) -> None:
    if not may_handle(user, item, on=local(at).date()):
        raise NotHandler(
            "Chỉ lãnh đạo Trung tâm, cán bộ kiểm soát TTHC hoặc lãnh đạo cơ quan, đơn vị "
            "bị phản ánh được xử lý phản ánh, kiến nghị này."
        )


def _checked_input(
    data: FeedbackInput, *, on: dt.date
) -> tuple[dict[str, Any], Dossier | None, Unit | None]:
    fields: dict[str, Any] = {
        "sender_name": _line(
            data.sender_name, field="sender_name", label="họ và tên", max_length=150
        ),  # fmt: skip
        "sender_phone": normalize_phone(data.sender_phone, field="sender_phone"),
        "sender_email": normalize_email(data.sender_email, field="sender_email"),
        "sender_address": clean(data.sender_address or "")[:255],
        "title": _line(data.title, field="title", label="tiêu đề", max_length=200),
        "content": _text(
            data.content,
            field="content",
            label="nội dung phản ánh, kiến nghị",
            max_length=CONTENT_MAX,
            min_length=CONTENT_MIN,
        ),  # fmt: skip
    }
    if not fields["sender_phone"] and not fields["sender_email"]:
        raise InvalidInput(
            "Cần ít nhất số điện thoại hoặc e-mail để nhận thông báo và trả lời.",
            field="sender_phone",
        )
    dossier = None
    code = (data.dossier_code or "").replace("\x00", "").strip()[:60]
    if code:
        dossier = (
            Dossier.objects.select_related("lead_agency", "receiving_unit")
            .filter(code=code)
            .first()
        )
        if dossier is None:
            raise InvalidInput(
                f"Không có hồ sơ mã “{code}”. Kiểm tra lại mã in trên giấy tiếp nhận.",
                field="dossier_code",
            )
    unit = None
    if data.unit_id is not None:
        unit = Unit.objects.valid_on(on).filter(pk=data.unit_id).first()
        if unit is None:
            raise InvalidInput("Cơ quan, đơn vị đã chọn không có hoặc đã hết hiệu lực.",
                               field="unit")  # fmt: skip
    elif dossier is not None:
        unit = dossier.lead_agency or dossier.receiving_unit
    return fields, dossier, unit


def _new_code(at: dt.datetime) -> str:
    day = local(at).date()
    number = next_number(agency_code=CODE_PREFIX, day=day)
    return f"{CODE_PREFIX}-{day:%y%m%d}-{number:04d}"


# --- Events and notifications -------------------------------------------------------------


def _event(
    f: FeedbackItem,
    action: str,
    *,
    by: User | None,
    at: dt.datetime,
    due_at: dt.datetime | None = None,
    note: str = "",
    citizen_text: str = "",
    data: dict[str, Any] | None = None,
) -> FeedbackEvent:
    assert action in ACTIONS, action  # noqa: S101 - a registered code, pinned by a test
    timeliness = classify_timeliness(finished_at=at, due_at=due_at) if due_at else ""
    return FeedbackEvent.objects.create(
        item=f,
        action=action,
        actor=by,
        at=at,
        status_after=f.status,
        due_at=due_at,
        timeliness=timeliness,
        note=note,
        citizen_text=citizen_text[:300],
        data=data or {},
    )


def feedback_lookup_url(code: str) -> str:
    from urllib.parse import urlencode

    from django.conf import settings

    base = str(getattr(settings, "MOTCUA_PUBLIC_BASE_URL", "")).rstrip("/")
    return f"{base}/phan-anh/tra-cuu/?{urlencode({'code': code})}"


def _notify(f: FeedbackItem, *, template: str, text: str, at: dt.datetime) -> None:
    """The citizen's SMS and e-mail (motcua.notifications, templates `feedback_*`), queued in
    this transaction and delivered after commit. `values` fills the templates' placeholders
    (the item is not a dossier: `dossier` stays empty)."""
    phone = f.sender_phone
    email = f.sender_email
    if f.citizen is not None:
        phone = phone or getattr(f.citizen, "phone", "") or ""
        email = email or f.citizen.email or ""
    if not phone and not email:
        return
    outbox_put(
        topic="notify.citizen",
        payload={
            "dossier": None,
            "code": f.code,
            "template": template,
            "phone": phone,
            "email": email,
            "text": text,
            "values": {
                "applicant": f.sender_name,
                "secret": f.secret,
                "received_at": format_dt(f.received_at),
                "due_at": format_dt(f.handling_due_at),
                "receiving_unit": f.unit.name if f.unit else "",
                "reasons": f.reject_reason,
                "items": f.info_request,
                "items_list": f.info_request,
                "lookup_url": feedback_lookup_url(f.code),
            },
        },
        at=at,
        dedupe_key=f"feedback-{f.pk}-{template}-{f.version}",
    )


# --- Logging a new item -------------------------------------------------------------------


def feedback_submit(
    *,
    data: FeedbackInput,
    channel: str,
    by: User | None,
    at: dt.datetime,
    ip: str | None = None,
    received_at: dt.datetime | None = None,
) -> FeedbackItem:
    """Log a feedback item: from the portal (`by` the citizen's account or None) or entered
    by staff for the counter, the hotline or e-mail (`by` the officer; `received_at` may be
    earlier than `at`, by at most 30 days). The deadlines come from the rule in force on
    the day received; the citizen is told the code, the look-up secret and the answer's
    deadline."""
    if channel not in FeedbackChannel.values:
        raise InvalidInput("Kênh tiếp nhận không hợp lệ.", field="channel")
    received = received_at or at
    if channel == FeedbackChannel.PORTAL:
        received = at
    else:
        if by is None or not is_staff_member(by, on=local(at).date()):
            raise NotAllowed("Chỉ cán bộ được ghi nhận phản ánh nhận qua quầy, điện thoại, e-mail.")
        if channel not in STAFF_CHANNELS:  # pragma: no cover - the choices above
            raise InvalidInput("Kênh tiếp nhận không hợp lệ.", field="channel")
        if received > at:
            raise InvalidInput("Thời điểm tiếp nhận không được ở tương lai.", field="received_at")
        if received < at - BACKDATE_MAX:
            raise InvalidInput(
                "Thời điểm tiếp nhận không được sớm hơn 30 ngày trước.", field="received_at"
            )
    fields, dossier, unit = _checked_input(data, on=local(received).date())
    rule = rules.rule_for(local(received).date())
    with transaction.atomic():
        if channel == FeedbackChannel.PORTAL and ip:
            recent = FeedbackItem.objects.filter(ip=ip, received_at__gt=at - SUBMIT_WINDOW)
            if recent.count() >= SUBMIT_MAX_PER_HOUR:
                raise FeedbackThrottled(
                    "Bạn đã gửi nhiều phản ánh trong một giờ. Vui lòng thử lại sau.",
                    retry_after=int(SUBMIT_WINDOW.total_seconds()),
                )
        citizen = by if channel == FeedbackChannel.PORTAL else None
        f = FeedbackItem(
            code=_new_code(received),
            secret=new_secret(),
            rule=rule,
            channel=channel,
            status=S.RECEIVED,
            citizen=citizen,
            ip=ip if channel == FeedbackChannel.PORTAL else None,
            dossier=dossier,
            unit=unit,
            received_at=received,
            received_by=by if channel != FeedbackChannel.PORTAL else None,
            **fields,
        )
        f.due_at = rules.classify_due(f)
        f.handling_due_at = rules.answer_due(f)
        f.save(force_insert=True)
        _event(
            f,
            "feedback.received",
            by=by,
            at=at,
            note=f"Kênh: {FeedbackChannel(channel).label}.",
            citizen_text=f"Đã tiếp nhận phản ánh, kiến nghị {f.code}.",
            data={"channel": channel, "received_at": received.isoformat()},
        )
        _notify(
            f,
            template="feedback_received",
            text=f"Phản ánh {f.code} đã được tiếp nhận. Mã tra cứu: {f.secret}.",
            at=at,
        )
    return f


# --- Transitions --------------------------------------------------------------------------


def _lock(item: FeedbackItem) -> FeedbackItem:
    """The item, locked for this transaction (the stale version and the wrong state are
    refused by `_refuse`, after the step's idempotency check)."""
    return (
        FeedbackItem.objects.select_for_update(of=("self",))
        .select_related("rule", "unit", "citizen")
        .get(pk=item.pk)
    )


def _refuse(f: FeedbackItem, action: str, *, version: int | None) -> None:
    if version is not None and version != f.version:
        raise StaleFeedback(
            "Phản ánh vừa được người khác cập nhật. Vui lòng tải lại trang và thực hiện lại.",
            field="version",
            version=f.version,
        )
    if not may(action, f.status):
        raise FeedbackConflict(
            f"Không thể thực hiện thao tác này khi phản ánh {f.code} đang ở trạng thái "
            f"“{FeedbackStatus(f.status).label}”.",
            field="status",
            status=f.status,
        )


def _save(f: FeedbackItem, *fields: str) -> None:
    f.version += 1
    f.save(update_fields=[*fields, "version"])


def feedback_classify(
    *,
    item: FeedbackItem,
    category: str,
    reason: str = "",
    by: User,
    at: dt.datetime,
    version: int | None = None,
) -> FeedbackItem:
    """Classify a received item. Not accepted → refused with the reason (the citizen is
    told); conduct / within competence → processing, the answer due; outside competence →
    to be forwarded within the rule's days."""
    if category not in Category.values:
        raise InvalidInput("Chưa chọn phân loại.", field="category")
    text = ""
    if category == Category.NOT_ACCEPTED:
        text = _text(reason, field="reason", label="lý do không tiếp nhận", max_length=2000)
    with transaction.atomic():
        f = _lock(item)
        _check_handler(by, f, at=at)
        same = f.category == category and f.status != S.RECEIVED and f.classified_at
        if same and (category != Category.NOT_ACCEPTED or f.reject_reason == text):
            return f  # the same classification again
        _refuse(f, "classify", version=version)
        due = rules.classify_due(f)
        f.category = category
        f.classified_at = at
        f.classified_by = by
        f.handling_due_at = rules.handling_due(f, category)
        if category == Category.NOT_ACCEPTED:
            f.status = S.REJECTED
            f.reject_reason = text
            f.handled_at = at
            f.handling_timeliness = classify_timeliness(finished_at=at, due_at=f.handling_due_at)
            f.due_at = None
        elif category == Category.OUTSIDE_COMPETENCE:
            f.status = S.TO_FORWARD
            f.due_at = f.handling_due_at
        else:
            f.status = S.PROCESSING
            f.due_at = f.handling_due_at
        _save(f, "category", "classified_at", "classified_by", "handling_due_at", "status",
              "reject_reason", "handled_at", "handling_timeliness", "due_at")  # fmt: skip
        _event(
            f,
            "feedback.classified",
            by=by,
            at=at,
            due_at=due,
            note=str(Category(category).label),
            data={"category": category},
        )
        if category == Category.NOT_ACCEPTED:
            _event(
                f,
                "feedback.rejected",
                by=by,
                at=at,
                due_at=f.handling_due_at,
                note=text,
                citizen_text="Phản ánh, kiến nghị không đủ điều kiện tiếp nhận.",
            )
            _notify(f, template="feedback_rejected", text=text, at=at)
    return f


def feedback_forward(
    *,
    item: FeedbackItem,
    to: str,
    note: str = "",
    by: User,
    at: dt.datetime,
    version: int | None = None,
) -> FeedbackItem:
    """Forward an item outside competence to the competent agency (named in `to`)."""
    agency = _line(to, field="to", label="cơ quan có thẩm quyền", max_length=255)
    note_text = nfc(note or "").replace("\x00", "").strip()[:2000]
    with transaction.atomic():
        f = _lock(item)
        _check_handler(by, f, at=at)
        if f.status == S.FORWARDED and f.forwarded_to == agency:
            return f
        _refuse(f, "forward", version=version)
        f.status = S.FORWARDED
        f.forwarded_at = f.handled_at = at
        f.forwarded_to = agency
        f.forward_note = note_text
        assert f.handling_due_at is not None  # noqa: S101 - set by the classification
        f.handling_timeliness = classify_timeliness(finished_at=at, due_at=f.handling_due_at)
        f.due_at = None
        _save(f, "status", "forwarded_at", "handled_at", "forwarded_to", "forward_note",
              "handling_timeliness", "due_at")  # fmt: skip
        _event(
            f,
            "feedback.forwarded",
            by=by,
            at=at,
            due_at=f.handling_due_at,
            note=note_text,
            citizen_text=f"Đã chuyển {agency} xử lý theo thẩm quyền.",
            data={"to": agency},
        )
        _notify(f, template="feedback_forwarded", text=f"Đã chuyển {agency} xử lý.", at=at)
    return f


def feedback_request_info(
    *,
    item: FeedbackItem,
    request: str,
    by: User,
    at: dt.datetime,
    version: int | None = None,
) -> FeedbackItem:
    """Ask the citizen for more information; the answer's clock waits until it arrives."""
    text = _text(request, field="request", label="nội dung cần bổ sung", max_length=2000)
    with transaction.atomic():
        f = _lock(item)
        _check_handler(by, f, at=at)
        if f.status == S.INFO_REQUESTED and f.info_request == text:
            return f
        _refuse(f, "request_info", version=version)
        due = rules.info_request_due(f)
        f.status = S.INFO_REQUESTED
        f.info_requested_at = at
        f.info_request = text
        f.due_at = None
        f.handling_due_at = None  # suspended: waiting for the citizen
        _save(f, "status", "info_requested_at", "info_request", "due_at", "handling_due_at")
        _event(
            f,
            "feedback.info.requested",
            by=by,
            at=at,
            due_at=due,
            note=text,
            citizen_text="Cơ quan đề nghị bổ sung thông tin.",
        )
        _notify(f, template="feedback_info_requested", text=text, at=at)
    return f


def feedback_supply_info(
    *,
    item: FeedbackItem,
    text: str,
    by: User | None,
    at: dt.datetime,
    as_citizen: bool,
    version: int | None = None,
) -> FeedbackItem:
    """The information asked for arrives: from the citizen (look-up page; `as_citizen`, the
    caller proved the secret or the account) or recorded by a handler (received by phone).
    Back to classification or processing; with the rule's restart, the deadlines count
    again from now."""
    info = _text(text, field="text", label="thông tin bổ sung", max_length=CONTENT_MAX)
    with transaction.atomic():
        f = _lock(item)
        if not as_citizen:
            if by is None:
                raise NotHandler("Cần đăng nhập để ghi nhận thông tin bổ sung.")
            _check_handler(by, f, at=at)
        if f.status != S.INFO_REQUESTED and f.info_supplied.endswith(info):
            return f  # the same information again
        _refuse(f, "supply_info", version=version)
        f.info_supplied_at = at
        f.info_supplied = (f.info_supplied + "\n\n" + info).strip() if f.info_supplied else info
        if f.category:
            f.status = S.PROCESSING
            f.handling_due_at = rules.handling_due(f, f.category)
            f.due_at = f.handling_due_at
        else:
            f.status = S.RECEIVED
            f.handling_due_at = rules.answer_due(f)
            f.due_at = rules.classify_due(f)
        _save(f, "info_supplied_at", "info_supplied", "status", "handling_due_at", "due_at")
        _event(
            f,
            "feedback.info.supplied",
            by=by,
            at=at,
            note=info,
            citizen_text="Đã nhận thông tin bổ sung.",
            data={"from_citizen": as_citizen},
        )
    return f


def feedback_answer(
    *,
    item: FeedbackItem,
    answer: str,
    by: User,
    at: dt.datetime,
    version: int | None = None,
) -> FeedbackItem:
    """Answer the item (the citizen is told); publication is then due."""
    text = _text(answer, field="answer", label="nội dung trả lời", max_length=ANSWER_MAX)
    with transaction.atomic():
        f = _lock(item)
        _check_handler(by, f, at=at)
        if f.status in (S.ANSWERED, S.PUBLISHED) and f.answer == text:
            return f
        _refuse(f, "answer", version=version)
        assert f.handling_due_at is not None  # noqa: S101 - set while processing
        f.status = S.ANSWERED
        f.answer = text
        f.answered_at = f.handled_at = at
        f.answered_by = by
        f.handling_timeliness = classify_timeliness(finished_at=at, due_at=f.handling_due_at)
        f.due_at = rules.publish_due(f)
        if not f.public_content:
            f.public_content = mask_personal_data(f.content, names=[f.sender_name])
        _save(f, "status", "answer", "answered_at", "handled_at", "answered_by",
              "handling_timeliness", "due_at", "public_content")  # fmt: skip
        _event(
            f,
            "feedback.answered",
            by=by,
            at=at,
            due_at=f.handling_due_at,
            citizen_text="Đã có văn bản trả lời phản ánh, kiến nghị.",
        )
        _notify(f, template="feedback_answered", text=text[:300], at=at)
    return f


def feedback_publish(
    *,
    item: FeedbackItem,
    public_content: str,
    by: User,
    at: dt.datetime,
    version: int | None = None,
) -> FeedbackItem:
    """Publish the answer on the portal with `public_content`: the question as the public
    reads it (personal data removed; the masked text is offered as a start)."""
    text = _text(public_content, field="public_content", label="nội dung công khai",
                 max_length=CONTENT_MAX)  # fmt: skip
    with transaction.atomic():
        f = _lock(item)
        _check_handler(by, f, at=at)
        if f.status == S.PUBLISHED and f.public_content == text:
            return f
        _refuse(f, "publish", version=version)
        due = rules.publish_due(f)
        f.status = S.PUBLISHED
        f.public_content = text
        f.published_at = at
        f.published_by = by
        f.due_at = None
        _save(f, "status", "public_content", "published_at", "published_by", "due_at")
        _event(
            f,
            "feedback.published",
            by=by,
            at=at,
            due_at=due,
            citizen_text="Kết quả trả lời đã được công khai trên cổng dịch vụ công.",
        )
    return f


# --- Masking for publication ----------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Phone numbers, citizen IDs, tax codes: runs of 9 or more digits (spaces, dots allowed).
_NUMBER = re.compile(r"(?<!\d)(?:\+?\d[\s.\-]?){9,}(?!\d)")
MASK = "***"


def mask_personal_data(text: str, *, names: list[str] | tuple[str, ...] = ()) -> str:
    """`text` with e-mail addresses, long numbers (phones, IDs) and the given names replaced
    (a name by its masked form, "Nguyễn V*** A")."""
    out = _EMAIL.sub(MASK, nfc(text))
    out = _NUMBER.sub(lambda m: MASK + (" " if m.group(0).endswith(" ") else ""), out)
    for name in names:
        name = clean(name)
        if len(name) >= 3:
            out = re.sub(re.escape(name), mask_name(name), out, flags=re.IGNORECASE)
    return out


__all__ = [
    "ALLOWED_TRANSITIONS",
    "FeedbackConflict",
    "FeedbackInput",
    "FeedbackThrottled",
    "NotHandler",
    "StaleFeedback",
    "feedback_answer",
    "feedback_classify",
    "feedback_forward",
    "feedback_publish",
    "feedback_request_info",
    "feedback_submit",
    "feedback_supply_info",
    "mask_personal_data",
    "may_handle",
]
