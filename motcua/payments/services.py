"""Every write on fees and payments: assessment (with exemptions), counter payments with
numbered receipts, receipt cancellation, online payments through the gateway, the gateway's
callbacks, settlement by status query, expiry.

Each function is one transaction that locks what it changes, checks the payment state table
(models.ALLOWED_TRANSITIONS), returns early when already done, and writes a `payment.*`
DossierEvent in the same transaction. The gateway is never called inside a transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import user_has_role
from motcua.catalog.models import FeeBasis, FeeExemption, FeeItem
from motcua.core.clock import local
from motcua.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from motcua.core.money import format_vnd
from motcua.core.text import clean
from motcua.dossiers.audit import ACTIONS
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import dossier_obligation_paid
from motcua.dossiers.workflow import FINAL, Status
from motcua.integrations.paygate import (
    GatewayStatus,
    PaymentGatewayError,
    canonical_callback,
    get_payment_gateway,
    signature_ok,
)
from motcua.payments.models import (
    ALLOWED_TRANSITIONS,
    AssessmentLine,
    AssessmentStatus,
    CallbackNonce,
    CallbackOutcome,
    FeeAssessment,
    FeeStage,
    Payment,
    PaymentCallbackLog,
    PaymentChannel,
    PaymentRefund,
    PaymentStatus,
    Receipt,
    ReceiptCounter,
)

log = logging.getLogger(__name__)

# Receipts of every channel share one series per unit and year (numbers never skip).
RECEIPT_SERIES = "BLMC"
MAX_QUANTITY = 100_000
MAX_AMOUNT = 10**13
DESK_ROLES = (Role.RECEIVING_OFFICER, Role.POSTAL_OFFICER)
LEADER_ROLES = (Role.CENTER_LEADER, Role.UNIT_HEAD, Role.AGENCY_LEADER)
ASSESSOR_ROLES = (*DESK_ROLES, *LEADER_ROLES, Role.SPECIALIST)
# Who may ask the gateway to give an online payment back (in the dossier's receiving unit).
REFUND_ROLES = (*LEADER_ROLES, Role.FINANCE_OFFICER)
# Who may open the reconciliation and figures pages (they cover every unit).
FINANCE_ROLES = (Role.FINANCE_OFFICER, Role.CENTER_LEADER, Role.SYSTEM_ADMIN)


class WrongPaymentState(Conflict):
    """The payment's state does not allow this change (409)."""


class PaymentRefused(Conflict):
    """A payment cannot be taken now (nothing due, already paid, …) (409)."""


class GatewayUnavailable(Conflict):
    """The payment gateway could not be reached; nothing was charged (409)."""


class RefundRefused(Conflict):
    """This payment cannot be refunded through the gateway (not paid, not online, already
    refunded, or the gateway said no) (409)."""


# --- Helpers ---------------------------------------------------------------------------------


def _holds(user: User, roles: Sequence[str], d: Dossier, *, at: dt.datetime) -> bool:
    if user.is_superuser:
        return True
    day = local(at).date()
    return any(user_has_role(user, r, unit=d.receiving_unit, on=day) for r in roles)


def may_view_finance(user: User, *, on: dt.date) -> bool:
    """The reconciliation and figures pages: finance officers and the Center's leadership."""
    return user.is_superuser or any(user_has_role(user, r, on=on) for r in FINANCE_ROLES)


def may_refund(user: User, d: Dossier, *, at: dt.datetime) -> bool:
    return _holds(user, REFUND_ROLES, d, at=at)


def _may_assess(user: User, d: Dossier, *, at: dt.datetime) -> bool:
    """The desk and leaders of the receiving unit, and the staff handling the dossier (who
    see it through its steps: a specialist assesses a financial obligation)."""
    if _holds(user, (*DESK_ROLES, *LEADER_ROLES), d, at=at):
        return True
    from motcua.dossiers.selectors import visible_dossiers

    day = local(at).date()
    return (
        any(user_has_role(user, r, on=day) for r in ASSESSOR_ROLES)
        and visible_dossiers(user, on=day).filter(pk=d.pk).exists()
    )


def _event(
    d: Dossier,
    action: str,
    *,
    by: User | None,
    at: dt.datetime,
    staff_text: str,
    citizen_text: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    assert action in ACTIONS, action  # noqa: S101 - every code is registered in dossiers/audit.py
    DossierEvent.objects.create(
        dossier=d,
        action=action,
        actor=by,
        at=at,
        status_after=d.status,
        data=data or {},
        citizen_text=citizen_text[:500],
        staff_text=staff_text[:1000],
    )


def _move(p: Payment, status: str, *, at: dt.datetime) -> None:
    if status not in ALLOWED_TRANSITIONS[p.status]:
        raise WrongPaymentState(
            f"Không thể chuyển khoản thanh toán {p.reference} từ “{PaymentStatus(p.status).label}” "
            f"sang “{PaymentStatus(status).label}”.",
            field="status",
            status=p.status,
        )
    p.status = status
    p.updated_at = at
    if status == PaymentStatus.PAID:
        p.paid_at = at
    if status in (PaymentStatus.FAILED, PaymentStatus.EXPIRED, PaymentStatus.REFUNDED):
        p.closed_at = at


def next_receipt_number(*, unit_id: int, year: int, series: str = RECEIPT_SERIES) -> int:
    """The next receipt number for (unit, year, series); call inside the transaction that
    issues the receipt. The counter row is locked (select_for_update) until commit, so
    concurrent receipts queue on it; a rolled-back receipt gives its number back: no gaps,
    no reuse."""
    qs = ReceiptCounter.objects.select_for_update().filter(
        unit_id=unit_id, year=year, series=series
    )
    counter = qs.first()
    if counter is None:
        try:
            with transaction.atomic():
                ReceiptCounter.objects.create(
                    unit_id=unit_id, year=year, series=series, last_number=1
                )
            return 1
        except IntegrityError:
            counter = qs.get()
    ReceiptCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    return int(ReceiptCounter.objects.values_list("last_number", flat=True).get(pk=counter.pk))


def _issue_receipt(p: Payment, d: Dossier, *, by: User | None, at: dt.datetime) -> Receipt:
    year = local(at).year
    number = next_receipt_number(unit_id=d.receiving_unit_id, year=year)
    receipt = Receipt.objects.create(
        payment=p,
        unit_id=d.receiving_unit_id,
        year=year,
        series=RECEIPT_SERIES,
        number=number,
        amount=p.amount,
        issued_at=at,
        issued_by=by,
    )
    _event(
        d,
        "payment.receipt.issued",
        by=by,
        at=at,
        staff_text=f"Lập biên lai {receipt.display_number}: {format_vnd(p.amount)}.",
        data={"receipt": receipt.display_number, "payment": p.reference, "amount": p.amount},
    )
    return receipt


def _paid_total(a: FeeAssessment) -> int:
    return int(a.payments.filter(status=PaymentStatus.PAID).aggregate(s=Sum("amount"))["s"] or 0)


def _settle_if_covered(
    a: FeeAssessment, d: Dossier, *, by: User | None, at: dt.datetime, reference: str
) -> None:
    if a.status == AssessmentStatus.DUE and _paid_total(a) >= a.total:
        a.status = AssessmentStatus.SETTLED
        a.settled_at = at
        a.save(update_fields=["status", "settled_at"])
        _event(
            d,
            "payment.assessment.settled",
            by=by,
            at=at,
            staff_text=f"Đã nộp đủ phí, lệ phí ({format_vnd(a.total)}).",
            citizen_text=f"Đã nộp đủ phí, lệ phí: {format_vnd(a.total)}.",
            data={"assessment": a.pk, "stage": a.stage, "total": a.total},
        )
        _resume_obligation(a, d, at=at, reference=reference)


def _resume_obligation(a: FeeAssessment, d: Dossier, *, at: dt.datetime, reference: str) -> None:
    """A financial obligation's fee, now paid or exempted, restarts the paused clock: the
    dossier service of the manual "obligation paid" runs in this same transaction (so the
    fee is never settled while the clock stays paused, nor the reverse)."""
    if a.stage != FeeStage.OBLIGATION or a.status != AssessmentStatus.SETTLED:
        return
    status = (
        Dossier.objects.select_for_update(of=("self",))
        .filter(pk=d.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status != Status.AWAITING_OBLIGATION:
        return  # assessed before the obligation was asked, or already recorded by hand
    dossier_obligation_paid(dossier=d, by=None, at=at, reference=reference)


def _new_reference(d: Dossier) -> str:
    return f"MC{d.pk}-{secrets.token_hex(5).upper()}"


# --- Assessment ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineInput:
    """One line of an assessment: a catalogue fee item × quantity, optionally exempted (the
    exemption must be one of the item's, and the officer's reason is required). An
    obligation may also carry free lines (fee_item_id None, with name and unit_amount)."""

    fee_item_id: int | None
    quantity: int = 1
    exemption_id: int | None = None
    exemption_reason: str = ""
    name: str = ""
    unit_amount: int = 0


def assessment_create(
    *,
    dossier: Dossier,
    stage: str,
    lines: Sequence[LineInput],
    by: User,
    at: dt.datetime,
    note: str = "",
) -> FeeAssessment:
    """Assess what the dossier owes at `stage` from its procedure's (and case's) fee items.
    All lines exempted (or a zero total) settles the assessment at once."""
    if stage not in FeeStage.values:
        raise InvalidInput("Thời điểm nộp phí không hợp lệ.", field="stage")
    if not lines:
        raise InvalidInput("Chưa chọn khoản phí, lệ phí nào.", field="lines")
    with transaction.atomic():
        d = Dossier.objects.select_for_update().select_related("receiving_unit").get(pk=dossier.pk)
        if d.status in FINAL or d.status == Status.DRAFT:
            raise PaymentRefused(
                f"Hồ sơ đang ở trạng thái “{Status(d.status).label}”, không xác định phí được.",
                field="dossier",
            )
        if not _may_assess(by, d, at=at):
            raise NotAllowed("Bạn không được xác định phí, lệ phí cho hồ sơ này.", field="by")
        if (
            FeeAssessment.objects.filter(dossier=d, stage=stage)
            .exclude(status=AssessmentStatus.CANCELLED)
            .exists()
        ):
            raise PaymentRefused(
                "Hồ sơ đã được xác định phí cho thời điểm này; hủy lần xác định cũ trước.",
                field="stage",
            )
        allowed = {f.pk: f for f in d.procedure_version.fees_for(d.case)}
        built: list[AssessmentLine] = []
        for i, line in enumerate(lines):
            field = f"lines.{i}"
            if not 1 <= line.quantity <= MAX_QUANTITY:
                raise InvalidInput("Số lượng phải từ 1.", field=f"{field}.quantity")
            item: FeeItem | None = None
            if line.fee_item_id is not None:
                item = allowed.get(line.fee_item_id)
                if item is None:
                    raise InvalidInput(
                        "Khoản phí không thuộc thủ tục (trường hợp) của hồ sơ.",
                        field=f"{field}.fee_item",
                    )
                name, basis, unit_amount = item.name, item.basis, item.amount
                if basis == FeeBasis.PER_DOSSIER and line.quantity != 1:
                    raise InvalidInput(
                        "Phí tính theo hồ sơ chỉ có số lượng 1.", field=f"{field}.quantity"
                    )
            else:
                if stage != FeeStage.OBLIGATION:
                    raise InvalidInput("Chưa chọn khoản phí.", field=f"{field}.fee_item")
                name, basis, unit_amount = clean(line.name), "per_item", line.unit_amount
                if not name:
                    raise InvalidInput("Chưa ghi tên khoản phải nộp.", field=f"{field}.name")
                if not 0 < unit_amount <= MAX_AMOUNT:
                    raise InvalidInput("Số tiền không hợp lệ.", field=f"{field}.unit_amount")
            amount = unit_amount * line.quantity
            exemption: FeeExemption | None = None
            reason = clean(line.exemption_reason)
            if line.exemption_id is not None:
                if item is None:
                    raise InvalidInput(
                        "Khoản này không có đối tượng miễn.", field=f"{field}.exemption"
                    )
                exemption = item.exemptions.filter(pk=line.exemption_id).first()
                if exemption is None:
                    raise InvalidInput(
                        "Đối tượng miễn không thuộc khoản phí này.", field=f"{field}.exemption"
                    )
                if not reason:
                    raise InvalidInput(
                        "Phải ghi lý do miễn (giấy tờ chứng minh đối tượng được miễn).",
                        field=f"{field}.exemption_reason",
                    )
                amount = 0
            built.append(
                AssessmentLine(
                    fee_item=item,
                    name=name,
                    basis=basis,
                    unit_amount=unit_amount,
                    quantity=line.quantity,
                    amount=amount,
                    exemption=exemption,
                    exemption_name=exemption.name if exemption else "",
                    exemption_ground=exemption.legal_ground if exemption else "",
                    exemption_reason=reason if exemption else "",
                )
            )
        total = sum(b.amount for b in built)
        a = FeeAssessment.objects.create(
            dossier=d,
            stage=stage,
            total=total,
            note=clean(note)[:500],
            assessed_at=at,
            assessed_by=by,
            status=AssessmentStatus.DUE if total > 0 else AssessmentStatus.SETTLED,
            settled_at=None if total > 0 else at,
        )
        for b in built:
            b.assessment = a
        AssessmentLine.objects.bulk_create(built)
        exempted = [b for b in built if b.exemption_name]
        _event(
            d,
            "payment.assessed",
            by=by,
            at=at,
            staff_text=f"Xác định phí, lệ phí ({FeeStage(stage).label}): {format_vnd(total)}"
            + (f"; miễn {len(exempted)} khoản" if exempted else "")
            + ".",
            citizen_text=f"Phí, lệ phí phải nộp: {format_vnd(total)}.",
            data={
                "assessment": a.pk,
                "stage": stage,
                "total": total,
                "lines": [
                    {"name": b.name, "quantity": b.quantity, "amount": b.amount} for b in built
                ],
            },
        )
        for b in exempted:
            _event(
                d,
                "payment.exempted",
                by=by,
                at=at,
                staff_text=f"Miễn “{b.name}”: {b.exemption_name} ({b.exemption_ground}); "
                f"lý do: {b.exemption_reason}",
                data={
                    "assessment": a.pk,
                    "fee": b.name,
                    "exemption": b.exemption_name,
                    "legal_ground": b.exemption_ground,
                    "reason": b.exemption_reason,
                },
            )
        if a.status == AssessmentStatus.SETTLED:
            _resume_obligation(a, d, at=at, reference="miễn phí, lệ phí")
    return a


def assessment_cancel(*, assessment: FeeAssessment, reason: str, by: User, at: dt.datetime) -> None:
    """Cancel an assessment nothing was paid on (a mistake); a new one may then be made."""
    text = clean(reason)
    if not text:
        raise InvalidInput("Phải ghi lý do hủy.", field="reason")
    with transaction.atomic():
        a = FeeAssessment.objects.select_for_update().get(pk=assessment.pk)
        d = Dossier.objects.select_related("receiving_unit").get(pk=a.dossier_id)
        if not _may_assess(by, d, at=at):
            raise NotAllowed("Bạn không được hủy xác định phí của hồ sơ này.", field="by")
        if a.status == AssessmentStatus.CANCELLED:
            return
        if a.payments.filter(status__in=[PaymentStatus.PAID, PaymentStatus.PENDING]).exists():
            raise PaymentRefused(
                "Đã có khoản thanh toán cho lần xác định này; không hủy được.", field="assessment"
            )
        a.status = AssessmentStatus.CANCELLED
        a.save(update_fields=["status"])
        _event(
            d,
            "payment.assessment.cancelled",
            by=by,
            at=at,
            staff_text=f"Hủy xác định phí, lệ phí: {text}",
            data={"assessment": a.pk, "reason": text},
        )


# --- At the counter ----------------------------------------------------------------------------


def _lock_due(assessment: FeeAssessment) -> tuple[FeeAssessment, Dossier]:
    a = FeeAssessment.objects.select_for_update().get(pk=assessment.pk)
    d = Dossier.objects.select_related("receiving_unit").get(pk=a.dossier_id)
    if a.status != AssessmentStatus.DUE:
        raise PaymentRefused(
            "Không còn khoản phải nộp (đã nộp, được miễn hoặc đã hủy).", field="assessment"
        )
    if a.payments.filter(status=PaymentStatus.PAID).exists():
        raise PaymentRefused("Khoản phí này đã được thanh toán.", field="assessment")
    return a, d


def payment_record_at_counter(
    *,
    assessment: FeeAssessment,
    channel: str,
    by: User,
    at: dt.datetime,
    payer_name: str = "",
) -> Payment:
    """Cash or card taken by the officer: the payment is paid at once and a numbered receipt
    is issued in the same transaction."""
    if channel not in (PaymentChannel.CASH, PaymentChannel.CARD):
        raise InvalidInput("Hình thức thu tại quầy là tiền mặt hoặc thẻ.", field="channel")
    with transaction.atomic():
        a, d = _lock_due(assessment)
        if not _holds(by, (*DESK_ROLES, *LEADER_ROLES), d, at=at):
            raise NotAllowed(f"Chỉ cán bộ một cửa của {d.receiving_unit} được thu phí.", field="by")
        if a.payments.filter(status=PaymentStatus.PENDING).exists():
            raise PaymentRefused(
                "Đang có giao dịch trực tuyến chờ cổng thanh toán xác nhận; "
                "kiểm tra trạng thái trước khi thu tại quầy.",
                field="assessment",
            )
        payer = clean(payer_name) or getattr(getattr(d, "applicant", None), "full_name", "")
        p = Payment.objects.create(
            assessment=a,
            channel=channel,
            amount=a.total,
            reference=_new_reference(d),
            payer_name=payer[:200],
            created_at=at,
            created_by=by,
            updated_at=at,
        )
        _move(p, PaymentStatus.PAID, at=at)
        p.save()
        _event(
            d,
            "payment.confirmed",
            by=by,
            at=at,
            staff_text=f"Thu {format_vnd(p.amount)} ({PaymentChannel(channel).label}).",
            citizen_text=f"Đã nộp phí, lệ phí {format_vnd(p.amount)} tại quầy.",
            data={"payment": p.reference, "channel": channel, "amount": p.amount},
        )
        receipt = _issue_receipt(p, d, by=by, at=at)
        _settle_if_covered(a, d, by=by, at=at, reference=f"biên lai {receipt.display_number}")
    return p


def receipt_cancel(*, receipt: Receipt, reason: str, by: User, at: dt.datetime) -> Receipt:
    """A leader cancels a receipt with a reason; the number stays used (never reissued), the
    payment becomes refunded and the fee is due again."""
    text = clean(reason)
    if not text:
        raise InvalidInput("Phải ghi lý do hủy biên lai.", field="reason")
    with transaction.atomic():
        r = Receipt.objects.select_for_update().get(pk=receipt.pk)
        p = Payment.objects.select_for_update().get(pk=r.payment_id)
        a = FeeAssessment.objects.select_for_update().get(pk=p.assessment_id)
        d = Dossier.objects.select_related("receiving_unit").get(pk=a.dossier_id)
        if not _holds(by, LEADER_ROLES, d, at=at):
            raise NotAllowed("Chỉ lãnh đạo được hủy biên lai.", field="by")
        if r.cancelled_at is not None:
            return r
        if p.channel == PaymentChannel.ONLINE:
            raise RefundRefused(
                "Biên lai của khoản thanh toán trực tuyến không hủy tại đây: tiền chỉ được "
                "trả lại qua cổng thanh toán (“Hoàn trả qua cổng thanh toán”).",
                field="receipt",
            )
        r.cancelled_at = at
        r.cancelled_by = by
        r.cancel_reason = text
        r.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        _move(p, PaymentStatus.REFUNDED, at=at)
        p.save()
        if a.status == AssessmentStatus.SETTLED and _paid_total(a) < a.total:
            a.status = AssessmentStatus.DUE
            a.settled_at = None
            a.save(update_fields=["status", "settled_at"])
        _event(
            d,
            "payment.receipt.cancelled",
            by=by,
            at=at,
            staff_text=f"Hủy biên lai {r.display_number}: {text}",
            data={"receipt": r.display_number, "payment": p.reference, "reason": text},
        )
        _event(
            d,
            "payment.refunded",
            by=by,
            at=at,
            staff_text=f"Khoản thanh toán {p.reference} ({format_vnd(p.amount)}) đã hoàn trả.",
            data={"payment": p.reference, "amount": p.amount},
        )
    return r


# --- Refunds through the gateway ---------------------------------------------------------------


def _check_refundable(p: Payment) -> None:
    if p.channel != PaymentChannel.ONLINE:
        raise RefundRefused(
            "Khoản thu tại quầy không hoàn trả qua cổng thanh toán; lãnh đạo hủy biên lai "
            "(có lý do) và trả tiền tại quầy.",
            field="payment",
            status=p.status,
        )
    if p.status == PaymentStatus.REFUNDED:
        raise RefundRefused(
            f"Khoản thanh toán {p.reference} đã được hoàn trả; không hoàn trả lần nữa.",
            field="payment",
            status=p.status,
        )
    if p.status != PaymentStatus.PAID:
        raise RefundRefused(
            f"Khoản thanh toán {p.reference} đang ở trạng thái "
            f"“{PaymentStatus(p.status).label}”: chưa thu tiền nên không có gì để hoàn trả.",
            field="payment",
            status=p.status,
        )


def payment_refund(*, payment: Payment, reason: str, by: User, at: dt.datetime) -> Payment:
    """A leader or finance officer of the receiving unit gives a paid online payment back
    through the gateway, in full, with a reason.

    1. (transaction) lock, check who and the state, record the request (`PaymentRefund`,
       whose `key` the gateway uses to refund once however often it is asked) and its event;
    2. ask the gateway, outside any transaction; a failure leaves the payment paid (409), and
       asking again later sends the same key;
    3. (transaction) on the gateway's signed confirmation only: paid → refunded, the fee is due
       again (unless other payments still cover it), `payment.refunded` event.
    """
    text = clean(reason)
    if not text:
        raise InvalidInput("Phải ghi lý do hoàn trả.", field="reason")
    if len(text) > 1000:
        raise InvalidInput("Lý do hoàn trả dài quá 1.000 ký tự.", field="reason")
    with transaction.atomic():
        p = Payment.objects.select_for_update().get(pk=payment.pk)
        d = Dossier.objects.select_related("receiving_unit").get(
            pk=FeeAssessment.objects.values_list("dossier_id", flat=True).get(pk=p.assessment_id)
        )
        if not may_refund(by, d, at=at):
            raise NotAllowed(
                "Chỉ lãnh đạo hoặc cán bộ tài chính của đơn vị thu được hoàn trả.", field="by"
            )
        _check_refundable(p)
        refund = PaymentRefund.objects.filter(payment=p).first()
        if refund is None:
            refund = PaymentRefund.objects.create(
                payment=p,
                key=f"{p.reference}-HT",
                amount=p.amount,
                reason=text,
                requested_at=at,
                requested_by=by,
            )
            _event(
                d,
                "payment.refund.requested",
                by=by,
                at=at,
                staff_text=f"Đề nghị cổng thanh toán hoàn trả {p.reference} "
                f"({format_vnd(p.amount)}): {text}",
                data={"payment": p.reference, "amount": p.amount, "reason": text},
            )
        key, sent_reason = refund.key, refund.reason
    try:
        confirmation = get_payment_gateway().refund(
            reference=p.reference, refund_key=key, amount=p.amount, reason=sent_reason
        )
    except PaymentGatewayError as exc:
        log.warning("payment gateway: refund %s failed: %s", p.reference, exc)
        if exc.status in (404, 409, 422):
            raise RefundRefused(
                "Cổng thanh toán từ chối hoàn trả khoản này (mã lỗi "
                f"{exc.status}); khoản thanh toán vẫn là “Đã thanh toán”. Đối chiếu với "
                "sao kê của cổng.",
                field="payment",
                gateway_status=exc.status,
            ) from exc
        raise GatewayUnavailable(
            "Cổng thanh toán chưa xác nhận hoàn trả; khoản thanh toán vẫn là “Đã thanh toán”. "
            "Vui lòng thử lại sau: thử lại không làm hoàn trả hai lần.",
            field="payment",
        ) from exc
    if (
        confirmation.status != "refunded"
        or confirmation.refund_key != key
        or confirmation.reference != p.reference
        or confirmation.amount != p.amount
        or confirmation.currency != p.currency
        or not confirmation.refund_id
    ):
        log.warning("payment gateway: refund %s confirmed as %r", p.reference, confirmation)
        raise GatewayUnavailable(
            "Xác nhận hoàn trả của cổng thanh toán không khớp khoản thanh toán; chưa ghi nhận "
            "hoàn trả.",
            field="payment",
        )
    with transaction.atomic():
        p = Payment.objects.select_for_update().get(pk=p.pk)
        if p.status == PaymentStatus.REFUNDED:
            return p  # a concurrent request recorded the same confirmation
        refund = PaymentRefund.objects.select_for_update().get(payment=p)
        a = FeeAssessment.objects.select_for_update().get(pk=p.assessment_id)
        d = Dossier.objects.select_related("receiving_unit").get(pk=a.dossier_id)
        _move(p, PaymentStatus.REFUNDED, at=at)
        p.save()
        refund.gateway_refund_id = confirmation.refund_id[:64]
        refund.confirmed_at = at
        refund.save(update_fields=["gateway_refund_id", "confirmed_at"])
        if a.status == AssessmentStatus.SETTLED and _paid_total(a) < a.total:
            a.status = AssessmentStatus.DUE
            a.settled_at = None
            a.save(update_fields=["status", "settled_at"])
        _event(
            d,
            "payment.refunded",
            by=by,
            at=at,
            staff_text=f"Cổng thanh toán đã hoàn trả {p.reference} ({format_vnd(p.amount)}), "
            f"mã hoàn trả {confirmation.refund_id}: {refund.reason}",
            citizen_text=f"Đã hoàn trả {format_vnd(p.amount)} qua cổng thanh toán: {refund.reason}",
            data={
                "payment": p.reference,
                "amount": p.amount,
                "refund_id": confirmation.refund_id,
                "reason": refund.reason,
            },
        )
    return p


# --- Online -------------------------------------------------------------------------------------


def payment_start_online(
    *,
    assessment: FeeAssessment,
    by: User | None,
    at: dt.datetime,
    return_url: str,
    callback_url: str,
) -> tuple[Payment, str]:
    """Create the payment, register it with the gateway (outside the transaction) and return
    it with the gateway's pay URL. A pending payment of the same assessment is reused."""
    with transaction.atomic():
        a, d = _lock_due(assessment)
        pending = a.payments.filter(
            status=PaymentStatus.PENDING, expires_at__gt=at, channel=PaymentChannel.ONLINE
        ).first()
        if pending is None:
            p = Payment.objects.create(
                assessment=a,
                channel=PaymentChannel.ONLINE,
                amount=a.total,
                reference=_new_reference(d),
                payer_name=getattr(getattr(d, "applicant", None), "full_name", "")[:200],
                created_at=at,
                created_by=by if by is not None and by.is_authenticated else None,
                expires_at=at + dt.timedelta(minutes=settings.MOTCUA_PAYGATE_EXPIRY_MINUTES),
                updated_at=at,
            )
            _event(
                d,
                "payment.created",
                by=p.created_by,
                at=at,
                staff_text=f"Tạo giao dịch trực tuyến {p.reference}: {format_vnd(p.amount)}.",
                data={"payment": p.reference, "amount": p.amount},
            )
        else:
            p = pending
        code = d.code
    assert p.expires_at is not None  # noqa: S101
    try:
        created = get_payment_gateway().create_payment(
            reference=p.reference,
            amount=p.amount,
            description=f"Phí, lệ phí hồ sơ {code}",
            return_url=return_url,
            callback_url=callback_url,
            expires_at=p.expires_at,
        )
    except PaymentGatewayError as exc:
        log.warning("payment gateway: create %s failed: %s", p.reference, exc)
        raise GatewayUnavailable(
            "Cổng thanh toán tạm thời không trả lời; chưa có khoản tiền nào bị trừ. "
            "Vui lòng thử lại sau.",
            field="payment",
        ) from exc
    with transaction.atomic():
        p = Payment.objects.select_for_update().get(pk=p.pk)
        if p.status == PaymentStatus.CREATED:
            _move(p, PaymentStatus.PENDING, at=at)
            p.gateway_txn_id = created.txn_id[:64]
            p.save()
            d = Dossier.objects.get(pk=p.assessment.dossier_id)
            _event(
                d,
                "payment.pending",
                by=p.created_by,
                at=at,
                staff_text=f"Chuyển sang cổng thanh toán, mã giao dịch {created.txn_id}.",
                data={"payment": p.reference, "txn_id": created.txn_id},
            )
    return p, created.pay_url


def _apply_gateway_result(
    p: Payment, *, status: str, txn_id: str, at: dt.datetime, source: str
) -> str:
    """Apply the gateway's word on a locked payment; returns a CallbackOutcome value."""
    d = Dossier.objects.select_related("receiving_unit").get(pk=p.assessment.dossier_id)
    if status == "paid":
        if p.status == PaymentStatus.PAID:
            return CallbackOutcome.DUPLICATE
        if p.status not in (PaymentStatus.CREATED, PaymentStatus.PENDING):
            return CallbackOutcome.LATE
        a = FeeAssessment.objects.select_for_update().get(pk=p.assessment_id)
        _move(p, PaymentStatus.PAID, at=at)
        p.gateway_txn_id = p.gateway_txn_id or txn_id[:64]
        p.save()
        _event(
            d,
            "payment.confirmed",
            by=None,
            at=at,
            staff_text=f"Cổng thanh toán xác nhận {p.reference}: {format_vnd(p.amount)} ({source}).",
            citizen_text=f"Đã thanh toán trực tuyến {format_vnd(p.amount)}.",
            data={"payment": p.reference, "txn_id": txn_id, "amount": p.amount, "source": source},
        )
        receipt = _issue_receipt(p, d, by=None, at=at)
        _settle_if_covered(
            a,
            d,
            by=None,
            at=at,
            reference=f"thanh toán trực tuyến {p.reference}, biên lai {receipt.display_number}",
        )
        return CallbackOutcome.ACCEPTED
    if status == "failed":
        if p.status == PaymentStatus.FAILED:
            return CallbackOutcome.DUPLICATE
        if p.status not in (PaymentStatus.CREATED, PaymentStatus.PENDING):
            return CallbackOutcome.LATE
        _move(p, PaymentStatus.FAILED, at=at)
        p.save()
        _event(
            d,
            "payment.failed",
            by=None,
            at=at,
            staff_text=f"Giao dịch {p.reference} không thành công ({source}).",
            citizen_text="Thanh toán trực tuyến không thành công.",
            data={"payment": p.reference, "source": source},
        )
        return CallbackOutcome.ACCEPTED
    return CallbackOutcome.DUPLICATE  # "pending": nothing new


@dataclass(frozen=True)
class CallbackResult:
    outcome: str
    http_status: int
    detail: str


_HTTP = {
    CallbackOutcome.ACCEPTED: 200,
    CallbackOutcome.DUPLICATE: 200,
    CallbackOutcome.FORGED: 403,
    CallbackOutcome.REPLAYED: 409,
    CallbackOutcome.LATE: 409,
    CallbackOutcome.MISMATCH: 409,
    CallbackOutcome.UNKNOWN: 404,
    CallbackOutcome.MALFORMED: 400,
}


def payment_callback(
    *, body: Mapping[str, Any], at: dt.datetime, remote_addr: str = ""
) -> CallbackResult:
    """Handle one notification from the gateway. Checks, in order: the fields, the HMAC
    signature (and merchant), the timestamp window and the nonce (replays), the payment,
    the amount and currency, then the state (a repeat changes nothing; a callback for an
    expired or closed payment is late). Every call is logged with its outcome."""
    reference = str(body.get("reference", ""))[:64]
    nonce = str(body.get("nonce", ""))[:64]
    safe_body = {k: str(v)[:200] for k, v in body.items() if k != "signature"}

    def done(outcome: str, detail: str, payment: Payment | None = None) -> CallbackResult:
        PaymentCallbackLog.objects.create(
            received_at=at,
            outcome=outcome,
            reference=reference,
            payment=payment,
            nonce=nonce,
            detail=detail[:500],
            body=safe_body,
            remote_addr=remote_addr[:64],
        )
        if outcome not in (CallbackOutcome.ACCEPTED, CallbackOutcome.DUPLICATE):
            log.warning("payment callback refused (%s) for %r: %s", outcome, reference, detail)
        return CallbackResult(outcome, _HTTP[CallbackOutcome(outcome)], detail)

    with transaction.atomic():
        missing = [k for k in ("reference", "amount", "currency", "status", "timestamp", "nonce")]
        missing = [k for k in missing if not str(body.get(k, "")).strip()]
        if missing or not body.get("signature"):
            return done(
                CallbackOutcome.MALFORMED, f"thiếu trường: {', '.join(missing) or 'signature'}"
            )
        if body.get("merchant") != settings.MOTCUA_PAYGATE_MERCHANT or not signature_ok(
            settings.MOTCUA_PAYGATE_SECRET, canonical_callback(body), str(body["signature"])
        ):
            return done(CallbackOutcome.FORGED, "chữ ký hoặc mã đơn vị không đúng")
        try:
            sent_at = dt.datetime.fromtimestamp(int(str(body["timestamp"])), tz=dt.UTC)
            amount = int(str(body["amount"]))
        except (ValueError, OverflowError, OSError):
            return done(CallbackOutcome.MALFORMED, "timestamp hoặc amount không phải số nguyên")
        window = dt.timedelta(seconds=settings.MOTCUA_PAYGATE_CALLBACK_WINDOW)
        if abs(at - sent_at) > window:
            return done(
                CallbackOutcome.REPLAYED, f"thời điểm gửi {sent_at.isoformat()} ngoài cửa sổ"
            )
        try:
            with transaction.atomic():
                CallbackNonce.objects.create(nonce=nonce, seen_at=at)
        except IntegrityError:
            return done(CallbackOutcome.REPLAYED, "nonce đã được dùng")
        p = (
            Payment.objects.select_for_update()
            .select_related("assessment")
            .filter(reference=reference)
            .first()
        )
        if p is None:
            return done(CallbackOutcome.UNKNOWN, "không có giao dịch với mã này")
        if amount != p.amount or body["currency"] != p.currency:
            return done(
                CallbackOutcome.MISMATCH,
                f"số tiền/loại tiền {amount} {body['currency']} khác {p.amount} {p.currency}",
                p,
            )
        status = str(body["status"])
        if status not in ("paid", "failed", "pending"):
            return done(CallbackOutcome.MALFORMED, f"trạng thái lạ: {status}", p)
        txn_id = str(body.get("txn_id", ""))[:64]
        if p.gateway_txn_id and txn_id and txn_id != p.gateway_txn_id:
            return done(CallbackOutcome.MISMATCH, "mã giao dịch của cổng khác", p)
        outcome = _apply_gateway_result(
            p, status=status, txn_id=str(body.get("txn_id", "")), at=at, source="callback"
        )
        return done(outcome, f"trạng thái cổng: {status}; của Một Cửa: {p.status}", p)


def payment_settle(*, payment: Payment, at: dt.datetime) -> str:
    """Ask the gateway for a pending payment's status and apply it (payments_settle)."""
    try:
        status: GatewayStatus = get_payment_gateway().query(reference=payment.reference)
    except PaymentGatewayError as exc:
        if exc.status == 404:
            return "unknown"
        raise GatewayUnavailable("Cổng thanh toán không trả lời.", field="payment") from exc
    with transaction.atomic():
        p = Payment.objects.select_for_update().select_related("assessment").get(pk=payment.pk)
        if status.amount != p.amount or status.currency != p.currency:
            log.warning(
                "payment %s: gateway reports %s %s", p.reference, status.amount, status.currency
            )
            return CallbackOutcome.MISMATCH
        if status.status == "pending":
            return "pending"
        return _apply_gateway_result(
            p, status=status.status, txn_id=status.txn_id, at=at, source="tra cứu trạng thái"
        )


def payments_settle_pending(*, at: dt.datetime) -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in Payment.objects.filter(status=PaymentStatus.PENDING).order_by("pk"):
        try:
            outcome = payment_settle(payment=p, at=at)
        except GatewayUnavailable:
            outcome = "unreachable"
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def payments_expire(*, at: dt.datetime) -> int:
    """Pending (or never sent) online payments past their expiry become expired; the fee
    stays due. A callback arriving afterwards is refused as late."""
    count = 0
    ids = list(
        Payment.objects.filter(
            status__in=[PaymentStatus.CREATED, PaymentStatus.PENDING], expires_at__lte=at
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            p = Payment.objects.select_for_update().select_related("assessment").get(pk=pk)
            if p.status not in (PaymentStatus.CREATED, PaymentStatus.PENDING):
                continue
            _move(p, PaymentStatus.EXPIRED, at=at)
            p.save()
            d = Dossier.objects.get(pk=p.assessment.dossier_id)
            _event(
                d,
                "payment.expired",
                by=None,
                at=at,
                staff_text=f"Giao dịch {p.reference} hết hạn mà cổng chưa xác nhận.",
                citizen_text="Giao dịch thanh toán trực tuyến đã hết hạn; vui lòng thanh toán lại.",
                data={"payment": p.reference},
            )
            count += 1
    return count


def get_payment(reference: str) -> Payment:
    p = Payment.objects.select_related("assessment__dossier").filter(reference=reference).first()
    if p is None:
        raise NotFound("Không có giao dịch thanh toán này.", field="reference")
    return p
