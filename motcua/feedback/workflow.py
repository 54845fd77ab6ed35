"""The states of a feedback item and the one table of allowed transitions (a test pins it).

    received ──classify──► rejected            (not accepted: refused, ≤ 2 working days)
             ──classify──► processing          (conduct of officials / rules within competence)
             ──classify──► to_forward ──forward──► forwarded   (outside competence, ≤ 5)
    received, processing ──request_info──► info_requested ──supply_info──► received / processing
    processing ──answer──► answered ──publish──► published     (answer ≤ 15, publish ≤ 2 after)

"Overdue" is not a state: it is `due_at < now` on an open item.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from motcua.feedback.models import FeedbackStatus

S = FeedbackStatus

# action: (states it may start from, states it may lead to)
ALLOWED_TRANSITIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "classify": (frozenset({S.RECEIVED}), frozenset({S.REJECTED, S.PROCESSING, S.TO_FORWARD})),
    "forward": (frozenset({S.TO_FORWARD}), frozenset({S.FORWARDED})),
    "request_info": (frozenset({S.RECEIVED, S.PROCESSING}), frozenset({S.INFO_REQUESTED})),
    "supply_info": (frozenset({S.INFO_REQUESTED}), frozenset({S.RECEIVED, S.PROCESSING})),
    "answer": (frozenset({S.PROCESSING}), frozenset({S.ANSWERED})),
    "publish": (frozenset({S.ANSWERED}), frozenset({S.PUBLISHED})),
}

# Open: something is still awaited from the staff (or, for info_requested, the citizen).
OPEN: frozenset[str] = frozenset(
    {S.RECEIVED, S.INFO_REQUESTED, S.PROCESSING, S.TO_FORWARD, S.ANSWERED}
)
# Handled: the citizen has the concluding answer (refusal, forwarding or answer).
HANDLED: frozenset[str] = frozenset({S.REJECTED, S.FORWARDED, S.ANSWERED, S.PUBLISHED})
FINAL: frozenset[str] = frozenset({S.REJECTED, S.FORWARDED, S.PUBLISHED})

# What the citizen reads on the look-up page for each state.
CITIZEN_TEXT: dict[str, Any] = {
    S.RECEIVED: _("Đã tiếp nhận, đang xem xét phân loại."),
    S.INFO_REQUESTED: _("Cơ quan đề nghị bạn bổ sung thông tin (xem nội dung bên dưới)."),
    S.PROCESSING: _("Đang xem xét, xử lý."),
    S.TO_FORWARD: _("Không thuộc thẩm quyền; đang chuyển cơ quan có thẩm quyền."),
    S.REJECTED: _("Không đủ điều kiện tiếp nhận (xem lý do bên dưới)."),
    S.FORWARDED: _("Đã chuyển cơ quan có thẩm quyền xử lý."),
    S.ANSWERED: _("Đã có văn bản trả lời."),
    S.PUBLISHED: _("Đã có văn bản trả lời và được công khai."),
}

# The audit trail's action codes (namespaced, stable: never rename, add) and their labels.
ACTIONS: dict[str, Any] = {
    "feedback.received": _("Tiếp nhận phản ánh, kiến nghị"),
    "feedback.classified": _("Phân loại phản ánh, kiến nghị"),
    "feedback.rejected": _("Không tiếp nhận phản ánh, kiến nghị"),
    "feedback.forwarded": _("Chuyển cơ quan có thẩm quyền"),
    "feedback.info.requested": _("Đề nghị bổ sung thông tin"),
    "feedback.info.supplied": _("Nhận thông tin bổ sung"),
    "feedback.answered": _("Trả lời phản ánh, kiến nghị"),
    "feedback.published": _("Công khai kết quả trả lời"),
}


def may(action: str, status: str) -> bool:
    """Whether `action` may start from `status`."""
    starts, _ends = ALLOWED_TRANSITIONS[action]
    return status in starts


def citizen_text(status: str) -> Any:
    return CITIZEN_TEXT.get(status, "")
