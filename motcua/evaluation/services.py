"""Writes for ratings: one function, `rating_submit`, used by the citizen's page, the counter
tablet and (later) the API alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction

from motcua.accounts.models import User
from motcua.core.clock import format_dt
from motcua.core.errors import Conflict, InvalidInput, NotAllowed
from motcua.core.text import nfc
from motcua.dossiers.audit import ACTIONS
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.workflow import Status
from motcua.evaluation.models import Rating, RatingAnswer, RatingChannel
from motcua.evaluation.selectors import (
    RATABLE_STATUSES,
    can_change,
    criteria_on_form,
    tablet_may_rate,
)

COMMENT_MAX_LENGTH = 2000


class RatingNotOpen(Conflict):
    """The dossier has no result yet: there is nothing to rate (409)."""


class RatingLocked(Conflict):
    """The change window after the first submission has passed (409)."""


class MissingAnswer(InvalidInput):
    """A criterion was left unanswered (422, naming it)."""


class TabletNotAllowed(NotAllowed):
    """The counter tablet may not rate this dossier (403)."""


def _clean_comment(comment: str) -> str:
    text = nfc(comment or "").replace("\x00", "").strip()
    if len(text) > COMMENT_MAX_LENGTH:
        raise InvalidInput(
            f"Ý kiến khác dài quá {COMMENT_MAX_LENGTH} ký tự (đang có {len(text)}).",
            field="comment",
        )
    return text


def rating_submit(
    *,
    dossier: Dossier,
    answers: Mapping[str, bool],
    comment: str,
    channel: str,
    by: User | None,
    at: dt.datetime,
) -> Rating:
    """Record the citizen's rating of `dossier`, or change it.

    `answers` maps each criterion's code to satisfied (True) or not (False); every criterion
    that applies must be answered. Allowed once the dossier has its result (done) or was
    returned; one rating per dossier, changeable until 7 days after its first submission.
    On the counter tablet (`by` is the officer) only the officer's recent returns. Writes a
    `dossier.rated` / `dossier.rating.changed` event in the same transaction; submitting
    the same answers again changes nothing.
    """
    if channel not in RatingChannel.values:
        raise InvalidInput("Kênh đánh giá không hợp lệ.", field="channel")
    text = _clean_comment(comment)
    with transaction.atomic():
        # The dossier's row is the lock that keeps two first submissions apart.
        d = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
        if d.status not in RATABLE_STATUSES:
            raise RatingNotOpen(
                "Chỉ đánh giá được hồ sơ đã có kết quả hoặc đã trả kết quả "
                f"(hồ sơ {d.code} đang ở trạng thái “{Status(d.status).label}”).",
                field="dossier",
                status=d.status,
            )
        if channel == RatingChannel.COUNTER_TABLET and not tablet_may_rate(by, d, at=at):
            raise TabletNotAllowed(
                "Máy tính bảng tại quầy chỉ đánh giá hồ sơ của đơn vị bạn đã có kết quả "
                "hoặc vừa trả kết quả trong vòng 1 giờ.",
                field="dossier",
            )
        rating = Rating.objects.filter(dossier=d).first()
        if rating is not None and not can_change(rating, at=at):
            raise RatingLocked("Đã quá 7 ngày, không thể sửa đánh giá", field="dossier")
        chosen = _checked_answers(d, rating, answers, at=at)

        if rating is None:
            rating = Rating.objects.create(
                dossier=d, channel=channel, rated_at=at, updated_at=at, comment=text, by=by
            )
            action = "dossier.rated"
        else:
            before = dict(rating.answers.values_list("criterion_id", "satisfied"))
            if before == dict(chosen) and rating.comment == text:
                return rating  # the same rating again (a double click): nothing changes
            rating.answers.all().delete()
            rating.comment = text
            rating.updated_at = at
            rating.save(update_fields=["comment", "updated_at"])
            action = "dossier.rating.changed"
        RatingAnswer.objects.bulk_create(
            [RatingAnswer(rating=rating, criterion_id=c, satisfied=v) for c, v in chosen]
        )
        _event(d, rating, action, chosen, channel=channel, by=by, at=at)
    return rating


def _checked_answers(
    d: Dossier, rating: Rating | None, answers: Mapping[str, bool], *, at: dt.datetime
) -> list[tuple[int, bool]]:
    """(criterion id, satisfied) for every criterion of the form, in its order; an unknown
    code or a missing answer is refused, naming the criterion."""
    criteria = criteria_on_form(d, rating, at=at)
    by_code = {c.code: c for c in criteria}
    unknown = sorted(set(answers) - set(by_code))
    if unknown:
        raise InvalidInput(
            f"Tiêu chí “{unknown[0]}” không có trong phiếu đánh giá hồ sơ này.",
            field=f"answers.{unknown[0]}",
        )
    missing = [c for c in criteria if answers.get(c.code) is None]
    if missing:
        first = missing[0]
        raise MissingAnswer(
            f"Chưa chọn Hài lòng hoặc Không hài lòng cho tiêu chí “{first.question}”.",
            field=f"answers.{first.code}",
            missing=[c.code for c in missing],
        )
    return [(c.pk, bool(answers[c.code])) for c in criteria]


def _event(
    d: Dossier,
    rating: Rating,
    action: str,
    chosen: list[tuple[int, bool]],
    *,
    channel: str,
    by: User | None,
    at: dt.datetime,
) -> None:
    """The dossier's audit event (motcua.dossiers.audit registers the code)."""
    assert action in ACTIONS, action  # noqa: S101
    satisfied = sum(1 for _, v in chosen if v)
    where = RatingChannel(channel).label
    if action == "dossier.rated":
        staff_text = f"Công dân đánh giá: hài lòng {satisfied}/{len(chosen)} tiêu chí ({where})."
        citizen_text = "Đã ghi nhận đánh giá mức độ hài lòng."
    else:
        staff_text = (
            f"Công dân sửa đánh giá: hài lòng {satisfied}/{len(chosen)} tiêu chí ({where}); "
            f"đánh giá lần đầu lúc {format_dt(rating.rated_at)}."
        )
        citizen_text = "Đã ghi nhận việc sửa đánh giá mức độ hài lòng."
    DossierEvent.objects.create(
        dossier=d,
        action=action,
        actor=by,
        at=at,
        status_after=d.status,
        data={
            "rating": rating.pk,
            "channel": channel,
            "satisfied": satisfied,
            "criteria": len(chosen),
        },
        citizen_text=citizen_text,
        staff_text=staff_text,
    )
