"""Reads for ratings: the criteria that apply to a dossier, its rating, who may rate it at a
counter tablet, and the staff's list with per-criterion satisfaction shares.

Staff see the ratings of the dossiers they may see (motcua.dossiers.selectors.
visible_dossiers, itself scoped by motcua.accounts.selectors.units_visible_to).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import memberships_on
from motcua.core.clock import VN_TZ, local
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.selectors import DossierNotFound, visible_dossiers
from motcua.dossiers.workflow import Status
from motcua.evaluation.models import Rating, RatingAnswer, RatingCriterion
from motcua.organization.selectors import unit_descendant_ids

RATING_CHANGE_WINDOW = dt.timedelta(days=7)
# A dossier handed back at the counter may be rated on the counter's tablet for this long.
TABLET_WINDOW = dt.timedelta(hours=1)
RATABLE_STATUSES = (Status.DONE, Status.RETURNED)
TABLET_ROLES = (Role.RECEIVING_OFFICER,)
LIST_LIMIT = 200  # rows shown on the staff list (the shares count every rating)


# --- Criteria and one dossier's rating -------------------------------------------------------


def criteria_for(dossier: Dossier, *, on: dt.date) -> list[RatingCriterion]:
    """The criteria in force on `on` that apply to `dossier` (the online-service criterion
    only for dossiers submitted online), in the form's order."""
    qs = RatingCriterion.objects.filter(valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    if dossier.channel != Channel.ONLINE:
        qs = qs.filter(online_only=False)
    return list(qs.order_by("order", "code"))


def rating_of(dossier: Dossier) -> Rating | None:
    """The dossier's rating with its answers (criteria loaded), or None."""
    return (
        Rating.objects.filter(dossier_id=dossier.pk)
        .prefetch_related(
            Prefetch("answers", queryset=RatingAnswer.objects.select_related("criterion"))
        )
        .first()
    )


def criteria_on_form(
    dossier: Dossier, rating: Rating | None, *, at: dt.datetime
) -> list[RatingCriterion]:
    """The questions of the form: those of the first submission's day when the dossier was
    already rated (a change answers the same questions), else those in force at `at`."""
    return criteria_for(dossier, on=local(rating.rated_at if rating else at).date())


def change_deadline(rating: Rating) -> dt.datetime:
    return rating.rated_at + RATING_CHANGE_WINDOW


def can_change(rating: Rating, *, at: dt.datetime) -> bool:
    return at <= change_deadline(rating)


def is_ratable(dossier: Dossier) -> bool:
    return dossier.status in RATABLE_STATUSES


# --- The counter tablet ----------------------------------------------------------------------


def tablet_unit_ids(user: User, *, on: dt.date) -> set[int]:
    """The units whose counters `user` works as a receiving officer on `on` (and the units
    below them)."""
    units = set(
        memberships_on(user, on=on).filter(role__in=TABLET_ROLES).values_list("unit_id", flat=True)
    )
    return unit_descendant_ids(units) if units else set()


def _tablet_filter(unit_ids: set[int], *, at: dt.datetime) -> Q:
    returned_lately = Q(status=Status.RETURNED, returned_at__gte=at - TABLET_WINDOW) & Q(
        returned_at__lte=at
    )
    return Q(receiving_unit_id__in=unit_ids) & (returned_lately | Q(status=Status.DONE))


def tablet_may_rate(user: User | None, dossier: Dossier, *, at: dt.datetime) -> bool:
    """A counter tablet (the session of a receiving officer) may rate only the dossiers of
    the officer's units returned within TABLET_WINDOW, or done and waiting to be collected."""
    if user is None or not user.is_active:
        return False
    unit_ids = tablet_unit_ids(user, on=local(at).date())
    if not unit_ids:
        return False
    return Dossier.objects.filter(_tablet_filter(unit_ids, at=at), pk=dossier.pk).exists()


def tablet_dossier(user: User, code: str, *, at: dt.datetime) -> Dossier:
    """The dossier with `code` if the officer's tablet may rate it now; otherwise the same
    DossierNotFound whatever the reason (existence is not revealed)."""
    code = code.replace("\x00", "").strip()[:60]
    unit_ids = tablet_unit_ids(user, on=local(at).date())
    dossier = (
        Dossier.objects.select_related("procedure_version", "receiving_unit")
        .filter(_tablet_filter(unit_ids, at=at), code=code)
        .first()
        if unit_ids and code
        else None
    )
    if dossier is None:
        raise DossierNotFound(
            f"Không có hồ sơ {code} vừa trả kết quả tại đơn vị của bạn "
            "(chỉ đánh giá tại quầy hồ sơ đã có kết quả hoặc vừa trả trong vòng 1 giờ).",
            field="code",
        )
    return dossier


def tablet_candidates(user: User, *, at: dt.datetime, limit: int = 20) -> list[Dossier]:
    """Dossiers the officer returned or may return now at their units, latest first:
    those returned within TABLET_WINDOW, then those done and waiting."""
    unit_ids = tablet_unit_ids(user, on=local(at).date())
    if not unit_ids:
        return []
    qs = Dossier.objects.filter(_tablet_filter(unit_ids, at=at)).select_related("procedure_version")
    returned = list(qs.filter(status=Status.RETURNED).order_by("-returned_at", "-pk")[:limit])
    done = list(qs.filter(status=Status.DONE).order_by("-finished_at", "-pk")[:limit])
    return (returned + done)[:limit]


# --- Staff: ratings of the dossiers one may see ----------------------------------------------


@dataclass(frozen=True)
class Period:
    """Local dates, both inclusive."""

    start: dt.date
    end: dt.date

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(0, 0), tzinfo=VN_TZ)

    @property
    def end_before(self) -> dt.datetime:
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(0, 0), tzinfo=VN_TZ)


def visible_ratings(user: User, period: Period, *, on: dt.date) -> QuerySet[Rating]:
    """Ratings first submitted in `period` of the dossiers `user` may see."""
    return Rating.objects.filter(
        dossier__in=visible_dossiers(user, on=on),
        rated_at__gte=period.start_at,
        rated_at__lt=period.end_before,
    )


def rating_rows(ratings: QuerySet[Rating]) -> QuerySet[Rating]:
    """The list's rows, newest first, each with `satisfied_count` and `answer_count`."""
    return (
        ratings.select_related("dossier__procedure_version", "dossier__receiving_unit")
        .annotate(
            satisfied_count=Count("answers", filter=Q(answers__satisfied=True)),
            answer_count=Count("answers"),
        )
        .order_by("-rated_at", "-pk")
    )


@dataclass(frozen=True)
class CriterionShare:
    code: str
    question: str
    satisfied: int
    answered: int

    @property
    def percent(self) -> Decimal | None:
        """Share of satisfied answers, in percent with one decimal (None: no answers)."""
        if not self.answered:
            return None
        return (Decimal(100 * self.satisfied) / Decimal(self.answered)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def criterion_shares(ratings: QuerySet[Rating]) -> list[CriterionShare]:
    """Per criterion: how many answers said satisfied, out of how many (one query)."""
    rows = (
        RatingAnswer.objects.filter(rating__in=ratings.values("pk"))
        .values("criterion__code", "criterion__question", "criterion__order")
        .annotate(answered=Count("pk"), satisfied=Count("pk", filter=Q(satisfied=True)))
        .order_by("criterion__order", "criterion__code")
    )
    return [
        CriterionShare(
            code=r["criterion__code"],
            question=r["criterion__question"],
            satisfied=r["satisfied"],
            answered=r["answered"],
        )
        for r in rows
    ]
