"""Arrangements for the feedback tests."""

from __future__ import annotations

import datetime as dt

from motcua.feedback.models import FeedbackChannel, FeedbackItem
from motcua.feedback.services import FeedbackInput, feedback_submit

DATA = FeedbackInput(
    sender_name="Nguyễn Văn An",
    sender_phone="0912345678",
    sender_email="an.nguyen@example.vn",
    title="Chờ lâu tại quầy",
    content="Tôi phải chờ hơn hai giờ tại quầy, số CCCD 074090001234, gọi 0912 345 678.",
)


def submitted(w, *, at: dt.datetime, unit=None, **overrides) -> FeedbackItem:
    fields = {**DATA.__dict__, "unit_id": (unit or w.agency).pk, **overrides}
    return feedback_submit(
        data=FeedbackInput(**fields), channel=FeedbackChannel.PORTAL, by=None, at=at, ip="10.0.0.1"
    )
