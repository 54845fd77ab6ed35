"""Reads of payments: a dossier's fees, reconciliation against the gateway's statement, and
the figures per unit and period."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum

from motcua.core.clock import VN_TZ
from motcua.organization.models import Unit
from motcua.organization.selectors import unit_descendant_ids
from motcua.payments.models import (
    AssessmentStatus,
    FeeAssessment,
    Payment,
    PaymentChannel,
    PaymentStatus,
)


def dossier_assessments(dossier_id: int) -> QuerySet[FeeAssessment]:
    return (
        FeeAssessment.objects.filter(dossier_id=dossier_id)
        .prefetch_related("lines", "payments__receipt", "payments__refund")
        .order_by("assessed_at", "pk")
    )


def fees_due(dossier_id: int) -> QuerySet[FeeAssessment]:
    return dossier_assessments(dossier_id).filter(status=AssessmentStatus.DUE)


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(0, 0), tzinfo=VN_TZ)
    return start, start + dt.timedelta(days=1)


# --- Reconciliation ------------------------------------------------------------------------------


class StatementError(ValueError):
    """The statement CSV cannot be read (names the line)."""


@dataclass(frozen=True)
class StatementRow:
    txn_id: str
    reference: str
    amount: int
    currency: str
    status: str
    paid_at: str


@dataclass(frozen=True)
class ReconLine:
    reference: str
    ours: Payment | None
    theirs: StatementRow | None
    note: str = ""


@dataclass
class Reconciliation:
    day: dt.date
    matched: list[ReconLine] = field(default_factory=list)
    missing_ours: list[ReconLine] = field(default_factory=list)  # in their statement only
    missing_theirs: list[ReconLine] = field(default_factory=list)  # in our books only
    mismatched: list[ReconLine] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing_ours or self.missing_theirs or self.mismatched)


def parse_statement(text: str) -> list[StatementRow]:
    reader = csv.DictReader(io.StringIO(text))
    wanted = {"txn_id", "reference", "amount", "currency", "status", "paid_at"}
    if reader.fieldnames is None or not wanted <= set(reader.fieldnames):
        raise StatementError(f"Sao kê thiếu cột: {', '.join(sorted(wanted))}.")
    rows = []
    for i, raw in enumerate(reader, start=2):
        try:
            amount = int(str(raw["amount"]).strip())
        except ValueError as exc:
            raise StatementError(f"Dòng {i}: số tiền không phải số nguyên.") from exc
        rows.append(
            StatementRow(
                txn_id=str(raw["txn_id"]).strip(),
                reference=str(raw["reference"]).strip(),
                amount=amount,
                currency=str(raw["currency"]).strip(),
                status=str(raw["status"]).strip(),
                paid_at=str(raw["paid_at"]).strip(),
            )
        )
    return rows


def reconcile(*, day: dt.date, statement_csv: str) -> Reconciliation:
    """Compare the gateway's statement of `day` with our online payments paid that day
    (Vietnam time): matched, missing on our side (they took money we did not book as paid),
    missing on theirs (we booked money they do not list), amount or currency mismatches."""
    rows = [r for r in parse_statement(statement_csv) if r.status == "paid"]
    start, end = _day_bounds(day)
    ours = {
        p.reference: p
        for p in Payment.objects.filter(
            channel=PaymentChannel.ONLINE,
            status__in=[PaymentStatus.PAID, PaymentStatus.REFUNDED],
            paid_at__gte=start,
            paid_at__lt=end,
        ).select_related("assessment__dossier")
    }
    result = Reconciliation(day=day)
    seen: set[str] = set()
    for row in rows:
        p = ours.get(row.reference)
        if p is None:
            other = (
                Payment.objects.filter(reference=row.reference)
                .select_related("assessment__dossier")
                .first()
            )
            note = (
                f"Một Cửa ghi trạng thái “{PaymentStatus(other.status).label}”"
                if other is not None
                else "Không có giao dịch này ở Một Cửa"
            )
            result.missing_ours.append(ReconLine(row.reference, other, row, note))
            continue
        seen.add(row.reference)
        if p.amount != row.amount or p.currency != row.currency:
            result.mismatched.append(
                ReconLine(
                    row.reference,
                    p,
                    row,
                    f"Một Cửa {p.amount} {p.currency}, cổng {row.amount} {row.currency}",
                )
            )
        else:
            result.matched.append(ReconLine(row.reference, p, row))
    for ref, p in sorted(ours.items()):
        if ref not in seen:
            result.missing_theirs.append(ReconLine(ref, p, None, "Không có trong sao kê của cổng"))
    return result


# --- Figures -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelFigure:
    channel: str
    label: str
    count: int
    amount: int


@dataclass(frozen=True)
class Figures:
    unit: Unit | None
    start: dt.date
    end: dt.date
    by_channel: list[ChannelFigure]
    total_amount: int
    fee_dossiers: int
    paid_online_dossiers: int

    @property
    def online_share(self) -> float | None:
        """Share (0–100, one decimal) of fee-bearing dossiers paid online."""
        if not self.fee_dossiers:
            return None
        return round(100 * self.paid_online_dossiers / self.fee_dossiers, 1)


def figures(*, unit: Unit | None, start: dt.date, end: dt.date) -> Figures:
    """Fees collected per channel in [start, end] (Vietnam days; refunded receipts left out),
    and of the dossiers that settled a fee in the period, how many paid online (the national
    index's "online payment" group)."""
    lo, _ = _day_bounds(start)
    _, hi = _day_bounds(end)
    paid = Payment.objects.filter(status=PaymentStatus.PAID, paid_at__gte=lo, paid_at__lt=hi)
    if unit is not None:
        unit_ids = unit_descendant_ids([unit.pk])
        paid = paid.filter(assessment__dossier__receiving_unit_id__in=unit_ids)
    rows: dict[str, tuple[int, int]] = {
        str(r["channel"]): (int(r["n"] or 0), int(r["s"] or 0))
        for r in paid.values("channel").annotate(n=Count("pk"), s=Sum("amount"))
    }
    by_channel = [
        ChannelFigure(
            c.value,
            str(c.label),
            rows.get(c.value, (0, 0))[0],
            rows.get(c.value, (0, 0))[1],
        )
        for c in PaymentChannel
    ]
    dossiers = paid.values("assessment__dossier_id").annotate(
        online=Count("pk", filter=Q(channel=PaymentChannel.ONLINE))
    )
    fee_dossiers = dossiers.count()
    online = dossiers.filter(online__gt=0).count()
    return Figures(
        unit=unit,
        start=start,
        end=end,
        by_channel=by_channel,
        total_amount=sum(c.amount for c in by_channel),
        fee_dossiers=fee_dossiers,
        paid_online_dossiers=online,
    )
