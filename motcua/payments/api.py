"""JSON endpoints of payments: the gateway's callback (no token: the HMAC signature is the
authentication), and the refund of an online payment through the gateway (bearer token of a
leader or finance officer)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema
from pydantic import Field

from motcua.accounts.auth import BearerToken
from motcua.accounts.models import User
from motcua.core.clock import now
from motcua.dossiers.selectors import dossier_get_for_user
from motcua.payments import services
from motcua.payments.models import PaymentRefund

router = Router(tags=["thanh toán"])


class CallbackReply(Schema):
    outcome: str
    detail: str


@router.post(
    "/callback",
    response={
        200: CallbackReply,
        400: CallbackReply,
        403: CallbackReply,
        404: CallbackReply,
        409: CallbackReply,
    },
    summary="Thông báo kết quả từ cổng thanh toán (ký HMAC-SHA256)",
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": {"type": "object"}}},
            "required": True,
        }
    },
)
def callback(request: HttpRequest) -> HttpResponse:
    """Verifies signature, timestamp window, nonce, amount and currency; idempotent. Every
    call is logged (PaymentCallbackLog) with its outcome."""
    at = now()
    try:
        body: Any = json.loads(request.body or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        body = {"_unreadable": True}
    result = services.payment_callback(
        body=body, at=at, remote_addr=str(request.META.get("REMOTE_ADDR", ""))
    )
    return JsonResponse(
        {"outcome": result.outcome, "detail": result.detail}, status=result.http_status
    )


class RefundIn(Schema):
    reason: str = Field(max_length=1000, description="Lý do hoàn trả (bắt buộc)")


class PaymentOut(Schema):
    reference: str
    dossier: str
    channel: str
    status: str
    amount: int
    refund_id: str
    refunded_at: str | None


@router.post(
    "/{reference}/refund",
    auth=BearerToken(),
    response={200: PaymentOut},
    summary="Hoàn trả khoản thanh toán trực tuyến qua cổng thanh toán",
)
def refund(request: HttpRequest, reference: str, payload: RefundIn) -> PaymentOut:
    """Leaders and finance officers of the receiving unit. The payment becomes refunded only
    on the gateway's signed confirmation; a retry never refunds twice (409 once refunded; 409
    when the gateway cannot be reached, the payment staying paid)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - BearerToken authenticated a User
    at = now()
    p = services.get_payment(reference[:40])
    d = dossier_get_for_user(p.assessment.dossier.code, user, at=at, purpose="api.payments.refund")
    p = services.payment_refund(payment=p, reason=payload.reason, by=user, at=at)
    r = PaymentRefund.objects.filter(payment=p).first()
    return PaymentOut(
        reference=p.reference,
        dossier=d.code,
        channel=p.channel,
        status=p.status,
        amount=p.amount,
        refund_id=r.gateway_refund_id if r else "",
        refunded_at=r.confirmed_at.isoformat() if r and r.confirmed_at else None,
    )
