"""Pages of fees and payments.

Staff (/staff/payments/): a dossier's fees (assess with exemptions, take cash or card, print
or cancel the receipt), reconciliation against the gateway's statement, figures.
Citizen (/thanh-toan/): a dossier's fees with "Thanh toán trực tuyến", and the page the
gateway sends the browser back to.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.decorators import staff_required
from motcua.accounts.models import User
from motcua.core.clock import local, now, today
from motcua.core.errors import DomainError
from motcua.core.pdf import render_pdf
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.models import Dossier
from motcua.integrations.paygate import PaymentGatewayError, get_payment_gateway
from motcua.organization.models import Unit
from motcua.payments import selectors, services
from motcua.payments.models import (
    FeeAssessment,
    FeeStage,
    Payment,
    PaymentChannel,
    PaymentRefund,
    PaymentStatus,
    Receipt,
)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


# --- Staff: a dossier's fees ---------------------------------------------------------------------


def _staff_dossier(request: HttpRequest, code: str, purpose: str) -> Dossier:
    try:
        return dossier_selectors.dossier_get_for_user(
            code, _user(request), at=now(), purpose=purpose
        )
    except DomainError as exc:
        raise Http404(exc.message) from exc


def _dossier_context(d: Dossier, user: User, **extra: Any) -> dict[str, Any]:
    return {
        "dossier": d,
        "may_refund": services.may_refund(user, d, at=now()),
        "assessments": list(selectors.dossier_assessments(d.pk)),
        "fee_items": [(f, list(f.exemptions.all())) for f in d.procedure_version.fees_for(d.case)],
        "stages": FeeStage.choices,
        "channels": [
            (PaymentChannel.CASH, PaymentChannel.CASH.label),
            (PaymentChannel.CARD, PaymentChannel.CARD.label),
        ],
        **extra,
    }


@staff_required
@require_GET
def dossier_fees(request: HttpRequest, code: str) -> HttpResponse:
    d = _staff_dossier(request, code, "payments")
    return render(request, "payments/dossier.html", _dossier_context(d, _user(request)))


@staff_required
@require_POST
def assess(request: HttpRequest, code: str) -> HttpResponse:
    d = _staff_dossier(request, code, "payments.assess")
    lines = []
    for f in d.procedure_version.fees_for(d.case):
        if not request.POST.get(f"include_{f.pk}"):
            continue
        lines.append(
            services.LineInput(
                fee_item_id=f.pk,
                quantity=_int(request.POST.get(f"quantity_{f.pk}"), 0) or 0,
                exemption_id=_int(request.POST.get(f"exemption_{f.pk}")),
                exemption_reason=request.POST.get(f"reason_{f.pk}", ""),
            )
        )
    extra_name = request.POST.get("extra_name", "").strip()
    if extra_name:
        lines.append(
            services.LineInput(
                fee_item_id=None,
                name=extra_name,
                unit_amount=_int(request.POST.get("extra_amount"), 0) or 0,
            )
        )
    try:
        services.assessment_create(
            dossier=d,
            stage=request.POST.get("stage", ""),
            lines=lines,
            note=request.POST.get("note", ""),
            by=_user(request),
            at=now(),
        )
    except DomainError as exc:
        context = _dossier_context(d, _user(request), error=exc, posted=request.POST)
        return render(request, "payments/dossier.html", context, status=exc.status_code)
    messages.success(request, "Đã xác định phí, lệ phí.")
    return redirect("payments_staff:dossier", code=d.code)


@staff_required
@require_POST
def collect(request: HttpRequest, pk: int) -> HttpResponse:
    a = FeeAssessment.objects.select_related("dossier").filter(pk=pk).first()
    if a is None:
        raise Http404
    d = _staff_dossier(request, a.dossier.code, "payments.collect")
    try:
        p = services.payment_record_at_counter(
            assessment=a,
            channel=request.POST.get("channel", ""),
            payer_name=request.POST.get("payer_name", ""),
            by=_user(request),
            at=now(),
        )
    except DomainError as exc:
        context = _dossier_context(d, _user(request), error=exc)
        return render(request, "payments/dossier.html", context, status=exc.status_code)
    receipt = Receipt.objects.get(payment=p)
    messages.success(request, f"Đã thu tiền, lập biên lai {receipt.display_number}.")
    return redirect("payments_staff:dossier", code=d.code)


@staff_required
@require_GET
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    r = (
        Receipt.objects.select_related(
            "payment__assessment__dossier__applicant", "unit", "issued_by"
        )
        .filter(pk=pk)
        .first()
    )
    if r is None:
        raise Http404
    d = _staff_dossier(request, r.payment.assessment.dossier.code, "payments.receipt")
    pdf = render_pdf(
        "payments/receipt_pdf.html",
        {
            "receipt": r,
            "dossier": d,
            "assessment": r.payment.assessment,
            "lines": list(r.payment.assessment.lines.all()),
            "payment": r.payment,
            "refund": PaymentRefund.objects.filter(payment=r.payment).first(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{r.year}-{r.number:07d}.pdf"'
    return response


@staff_required
@require_POST
def receipt_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    r = Receipt.objects.select_related("payment__assessment__dossier").filter(pk=pk).first()
    if r is None:
        raise Http404
    d = _staff_dossier(request, r.payment.assessment.dossier.code, "payments.cancel")
    try:
        services.receipt_cancel(
            receipt=r, reason=request.POST.get("reason", ""), by=_user(request), at=now()
        )
    except DomainError as exc:
        context = _dossier_context(d, _user(request), error=exc)
        return render(request, "payments/dossier.html", context, status=exc.status_code)
    messages.success(request, f"Đã hủy biên lai {r.display_number}.")
    return redirect("payments_staff:dossier", code=d.code)


@staff_required
@require_POST
def refund(request: HttpRequest, pk: int) -> HttpResponse:
    p = Payment.objects.select_related("assessment__dossier").filter(pk=pk).first()
    if p is None:
        raise Http404
    d = _staff_dossier(request, p.assessment.dossier.code, "payments.refund")
    try:
        services.payment_refund(
            payment=p, reason=request.POST.get("reason", ""), by=_user(request), at=now()
        )
    except DomainError as exc:
        context = _dossier_context(
            d, _user(request), error=exc, refund_error_for=p.pk, posted=request.POST
        )
        return render(request, "payments/dossier.html", context, status=exc.status_code)
    messages.success(request, f"Cổng thanh toán đã hoàn trả khoản {p.reference}.")
    return redirect("payments_staff:dossier", code=d.code)


# --- Staff: reconciliation and figures ------------------------------------------------------------


def _finance(request: HttpRequest) -> None:
    if not services.may_view_finance(_user(request), on=today()):
        raise PermissionDenied("Trang này dành cho cán bộ tài chính và lãnh đạo Trung tâm.")


def _date(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)) if value else default
    except ValueError:
        return default


@staff_required
@require_GET
def reconciliation(request: HttpRequest) -> HttpResponse:
    _finance(request)
    day = _date(request.GET.get("day"), today() - dt.timedelta(days=1))
    result = None
    error = ""
    if request.GET.get("day"):
        try:
            statement = get_payment_gateway().statement(day=day)
            result = selectors.reconcile(day=day, statement_csv=statement)
        except PaymentGatewayError:
            error = "Không lấy được sao kê từ cổng thanh toán; thử lại sau."
        except selectors.StatementError as exc:
            error = f"Sao kê không đọc được: {exc}"
    return render(
        request,
        "payments/reconciliation.html",
        {"day": day, "result": result, "error": error},
    )


@staff_required
@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    _finance(request)
    end = _date(request.GET.get("end"), today())
    start = _date(request.GET.get("start"), end.replace(day=1))
    unit = None
    unit_pk = _int(request.GET.get("unit"))
    if unit_pk:
        unit = Unit.objects.filter(pk=unit_pk).first()
    result = selectors.figures(unit=unit, start=start, end=end)
    units = Unit.objects.filter(kind__in=["center", "branch", "department"]).order_by("code")
    return render(request, "payments/figures.html", {"f": result, "units": units, "unit": unit})


# --- Citizen pages --------------------------------------------------------------------------------

_SESSION_KEY = "payments_access"


def _citizen_dossier(request: HttpRequest, code: str) -> Dossier:
    """The dossier if the visitor may pay for it: its own citizen, or whoever gave its code
    and look-up secret (remembered in the session)."""
    d = Dossier.objects.select_related("applicant", "procedure_version").filter(code=code).first()
    if d is None:
        raise Http404
    user = request.user
    allowed = request.session.get(_SESSION_KEY, [])
    if user.is_authenticated and d.submitted_by_id == user.pk:
        return d
    if code in allowed:
        return d
    secret = request.GET.get("mk", "") or request.POST.get("mk", "")
    if secret and secret.strip().upper() == d.secret:
        request.session[_SESSION_KEY] = [*allowed, code][-20:]
        return d
    raise Http404


@require_http_methods(["GET"])
def citizen_fees(request: HttpRequest, code: str) -> HttpResponse:
    d = _citizen_dossier(request, code)
    response = render(
        request,
        "payments/citizen.html",
        {"dossier": d, "assessments": list(selectors.dossier_assessments(d.pk))},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def citizen_pay(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    d = _citizen_dossier(request, code)
    a = FeeAssessment.objects.filter(pk=pk, dossier=d).first()
    if a is None:
        raise Http404
    try:
        _p, pay_url = services.payment_start_online(
            assessment=a,
            by=_user(request) if request.user.is_authenticated else None,
            at=now(),
            return_url=request.build_absolute_uri(reverse("payments:return")),
            callback_url=request.build_absolute_uri("/api/v1/payments/callback"),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("payments:dossier", code=d.code)
    return redirect(pay_url)


@require_GET
def citizen_return(request: HttpRequest) -> HttpResponse:
    """Where the gateway sends the browser back. A payment still pending is settled by a
    status query to the gateway (the callback may not have arrived yet)."""
    reference = request.GET.get("reference", "")[:40]
    p = Payment.objects.select_related("assessment__dossier").filter(reference=reference).first()
    if p is None:
        raise Http404
    if p.status in (PaymentStatus.CREATED, PaymentStatus.PENDING):
        with contextlib.suppress(DomainError):
            services.payment_settle(payment=p, at=now())
        p.refresh_from_db()
    d = p.assessment.dossier
    response = render(
        request,
        "payments/return.html",
        {"payment": p, "dossier": d, "paid_at": local(p.paid_at) if p.paid_at else None},
    )
    response["Cache-Control"] = "private, no-store"
    return response
