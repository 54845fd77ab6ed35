"""Rendering notification templates: a fixed set of placeholders filled with
str.format_map on a safe mapping, SMS text without diacritics and at most three segments,
and the masks used wherever a recipient is listed."""

from __future__ import annotations

import string
import time
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings

from motcua.core.clock import format_dt
from motcua.core.rows import columns, read_rows
from motcua.notifications.models import Audience, NotificationChannel, NotificationTemplate

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier

# Every placeholder a template may use, with what it means (shown in the admin help).
PLACEHOLDERS: dict[str, str] = {
    "code": "Mã hồ sơ",
    "secret": "Mã tra cứu (in trên giấy tiếp nhận)",
    "procedure": "Tên thủ tục",
    "applicant": "Tên người nộp",
    "receiving_unit": "Nơi tiếp nhận",
    "received_at": "Thời điểm tiếp nhận",
    "due_at": "Hẹn trả kết quả (hiện tại)",
    "items": "Các thành phần cần bổ sung, cách nhau bởi dấu chấm phẩy",
    "items_list": "Các thành phần cần bổ sung, mỗi dòng một mục (e-mail)",
    "reasons": "Lý do từ chối",
    "old_due_at": "Hẹn trả cũ (xin lỗi)",
    "new_due_at": "Hẹn trả mới (xin lỗi)",
    "apology_reason": "Lý do chậm",
    "returned_at": "Thời điểm trả kết quả",
    "lookup_url": "Đường dẫn tra cứu hồ sơ (phản ánh: trang tra cứu phản ánh)",
    "text": "Nội dung tóm tắt do nghiệp vụ soạn",
    "subject": "Tiêu đề do nghiệp vụ soạn (thông báo cán bộ)",
    "name": "Tên cán bộ nhận (thông báo cán bộ)",
}

# GSM-7 concatenated SMS: 153 characters per segment.
SMS_SEGMENT = 153
SMS_MAX_SEGMENTS = 3
SMS_MAX_CHARS = SMS_SEGMENT * SMS_MAX_SEGMENTS

_DD = str.maketrans({"đ": "d", "Đ": "D"})
# Characters outside GSM-7's basic set that Vietnamese text commonly carries.
_GSM_SUBST = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."})


class TemplateError(ValueError):
    """A template uses a placeholder that does not exist or an expression."""


class _SafeFormatter(string.Formatter):
    """Only bare names from the mapping: `{code}` works, `{code.__class__}` and `{x[0]}`
    are refused (no attribute or item access on the values)."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[Any, str]:
        if not field_name.isidentifier():
            raise TemplateError(f"Trường “{{{field_name}}}” không hợp lệ.")
        return self.get_value(field_name, args, kwargs), field_name

    def format_field(self, value: Any, format_spec: str) -> str:
        return str(value)  # no format specs: values are ready-made strings

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        return value


class SafeDict(dict[str, str]):
    """Unknown names render as an empty string (a template edited ahead of the code)."""

    def __missing__(self, key: str) -> str:
        return ""


_FORMATTER = _SafeFormatter()


def check_template(text: str) -> None:
    """Raise TemplateError when `text` is not a valid template (admin validation)."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        raise TemplateError(f"Mẫu không hợp lệ: {exc}") from exc
    for name in fields:
        if name not in PLACEHOLDERS:
            raise TemplateError(
                f"Trường “{{{name}}}” không có. Các trường dùng được: "
                + ", ".join(f"{{{n}}}" for n in PLACEHOLDERS)
                + "."
            )


def fill(text: str, context: Mapping[str, str]) -> str:
    return _FORMATTER.vformat(text, (), SafeDict(context))


def unaccent(text: str) -> str:
    """Vietnamese without diacritics, case kept (“Hồ sơ Đã” → “Ho so Da”), ASCII only."""
    decomposed = unicodedata.normalize("NFD", text.translate(_DD).translate(_GSM_SUBST))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.encode("ascii", "ignore").decode("ascii")


def sms_text(text: str) -> str:
    """One line of unaccented ASCII text, at most three GSM segments."""
    flat = " ".join(unaccent(text).split())
    if len(flat) > SMS_MAX_CHARS:
        flat = flat[: SMS_MAX_CHARS - 3].rstrip() + "..."
    return flat


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


# Templates change rarely and every delivered message reads them: each process keeps them
# for TEMPLATE_CACHE_SECONDS. A save or delete in the admin empties this process's cache
# at once (signals, see apps.py); another process (the outbox worker) sees it within that time.
TEMPLATE_CACHE_SECONDS = 10.0
_templates: dict[tuple[str, str], tuple[float, dict[str, NotificationTemplate]]] = {}


def forget_templates(**_: Any) -> None:
    _templates.clear()


def template_for(audience: str, event: str, channel: str) -> NotificationTemplate | None:
    return templates_for(audience, event).get(channel)


def templates_for(audience: str, event: str) -> dict[str, NotificationTemplate]:
    """The active templates of this event by channel (one query for every channel, or none
    while the process's copy is fresh)."""
    read_at = time.monotonic()
    kept = _templates.get((audience, event))
    if kept is not None and read_at - kept[0] < TEMPLATE_CACHE_SECONDS:
        return kept[1]
    found = {
        t.channel: t
        for t in NotificationTemplate.objects.filter(
            audience=audience, event=event, active=True
        ).order_by("pk")
    }
    _templates[(audience, event)] = (read_at, found)
    return found


def render(audience: str, event: str, channel: str, context: Mapping[str, str]) -> Rendered | None:
    """The message for this event and channel, or None when no active template exists
    (then nothing is sent on that channel; staff e-mails fall back to the `default` one)."""
    tpl = template_for(audience, event, channel)
    if tpl is None and audience == Audience.STAFF:
        tpl = template_for(audience, "default", channel)
    return render_template(tpl, channel, context)


def render_template(
    tpl: NotificationTemplate | None, channel: str, context: Mapping[str, str]
) -> Rendered | None:
    """The message from this template (None: no template, nothing to send)."""
    if tpl is None:
        return None
    subject = " ".join(fill(tpl.subject, context).split())
    body = fill(tpl.body, context).strip()
    if channel == NotificationChannel.SMS:
        return Rendered(subject="", body=sms_text(body))
    return Rendered(subject=subject[:250], body=body)


def lookup_url(code: str) -> str:
    from urllib.parse import urlencode

    base = str(getattr(settings, "MOTCUA_PUBLIC_BASE_URL", "")).rstrip("/")
    return f"{base}/tra-cuu/?{urlencode({'code': code})}"


def placeholders(*texts: str) -> set[str]:
    """The placeholder names these template texts use."""
    return {name for text in texts for _, name, _, _ in _FORMATTER.parse(text) if name}


# Only what the placeholders show (a version row carries long texts and JSON lists),
# hand-written: every delivered message reads it.
_DOSSIER_FIELDS = ("id", "code", "secret", "received_at", "due_at", "returned_at")
_DOSSIER_PLACEHOLDERS = (
    "SELECT {columns}, a.full_name, v.name, u.name"
    " FROM dossiers_dossier d"
    " JOIN catalog_procedureversion v ON v.id = d.procedure_version_id"
    " JOIN organization_unit u ON u.id = d.receiving_unit_id"
    " LEFT JOIN dossiers_applicant a ON a.dossier_id = d.id"
    " WHERE d.id IN ({ids})"
)

# A dossier as its placeholders need it (a few fields), with the names of its applicant,
# procedure and receiving unit.
DossierRow = tuple["Dossier", str | None, str, str]


def dossier_rows(ids: Collection[int]) -> dict[int, DossierRow]:
    """The placeholders' rows of these dossiers (by id), in one query."""
    from motcua.dossiers.models import Dossier

    wanted = sorted(set(ids))
    if not wanted:
        return {}
    sql = _DOSSIER_PLACEHOLDERS.format(
        columns=columns(Dossier, "d", _DOSSIER_FIELDS), ids=", ".join(["%s"] * len(wanted))
    )
    return {
        d.pk: (d, applicant, procedure, unit)
        for d, (applicant, procedure, unit) in read_rows(
            Dossier, sql, wanted, names=_DOSSIER_FIELDS
        )
    }


def dossier_context(
    dossier_id: int | None,
    payload: Mapping[str, Any],
    needs: Collection[str] | None = None,
    *,
    known: Mapping[int, DossierRow] | None = None,
) -> dict[str, str]:
    """The placeholders' values for a dossier notification, read when it is delivered
    (after the commit that queued it): the dossier, its applicant, and the latest
    supplement request, refusal and apology — these three only when `needs` (the
    placeholders the templates use; None: all) asks for them. The dossier's row is taken
    from `known` (read for a whole delivery batch: `dossier_rows`) when it is there."""
    from motcua.dossiers.models import Apology, Refusal, Supplement

    ctx: dict[str, str] = {
        "code": str(payload.get("code", "")),
        "text": str(payload.get("text", "")),
        "subject": str(payload.get("subject", "")),
    }
    # A notification about something other than a dossier (a feedback item: motcua.feedback)
    # brings its placeholders' values in the payload.
    values = payload.get("values")
    if isinstance(values, Mapping):
        ctx.update({k: str(v) for k, v in values.items() if k in PLACEHOLDERS and v is not None})
    if not dossier_id:
        return ctx
    row = (known or {}).get(dossier_id) or dossier_rows([dossier_id]).get(dossier_id)
    if row is None:
        return ctx
    d, applicant_name, procedure_name, unit_name = row
    ctx.update(
        code=d.code,
        secret=d.secret,
        procedure=str(procedure_name),
        applicant=str(applicant_name or ""),
        receiving_unit=str(unit_name),
        received_at=format_dt(d.received_at),
        due_at=format_dt(d.due_at),
        returned_at=format_dt(d.returned_at),
        lookup_url=lookup_url(d.code),
    )
    wanted = set(PLACEHOLDERS) if needs is None else set(needs)
    supplement = (
        Supplement.objects.filter(dossier=d).order_by("-requested_at", "-pk").first()
        if wanted & {"items", "items_list"}
        else None
    )
    if supplement is not None:
        items = [
            f"{i.get('name', '')}" + (f" ({i['reason']})" if i.get("reason") else "")
            for i in supplement.items
            if isinstance(i, dict) and i.get("name")
        ]
        if not items and supplement.reason:
            items = [supplement.reason]
        ctx["items"] = "; ".join(items)
        ctx["items_list"] = "\n".join(f"- {i}" for i in items)
    refusal = (
        Refusal.objects.filter(dossier=d).order_by("-at", "-pk").first()
        if "reasons" in wanted
        else None
    )
    if refusal is not None:
        ctx["reasons"] = "; ".join(str(r) for r in refusal.reasons)
    apology = (
        Apology.objects.filter(dossier=d).order_by("-at", "-pk").first()
        if wanted & {"old_due_at", "new_due_at", "apology_reason"}
        else None
    )
    if apology is not None:
        ctx.update(
            old_due_at=format_dt(apology.old_due_at),
            new_due_at=format_dt(apology.new_due_at),
            apology_reason=apology.reason,
        )
    return ctx


def mask_phone(phone: str) -> str:
    """0912345678 → 091****678."""
    digits = phone.strip()
    if len(digits) <= 6:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 6) + digits[-3:]


def mask_email(email: str) -> str:
    """an.nguyen@example.vn → an*******@example.vn."""
    local_part, sep, domain = email.partition("@")
    if not sep:
        return mask_phone(email)
    keep = local_part[:2] if len(local_part) > 3 else local_part[:1]
    return keep + "*" * max(3, len(local_part) - len(keep)) + "@" + domain


def mask(channel: str, to: str) -> str:
    return mask_phone(to) if channel == NotificationChannel.SMS else mask_email(to)
