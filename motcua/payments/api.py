"""JSON endpoints of payments: the gateway's callback (no token: the HMAC signature is the
authentication) and a public status read by reference."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema

from motcua.core.clock import now
from motcua.payments import services

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
