"""Read-only admin views of payments: money records change only through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.payments.models import (
    FeeAssessment,
    Payment,
    PaymentCallbackLog,
    PaymentRefund,
    Receipt,
)


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FeeAssessment)
class FeeAssessmentAdmin(_ReadOnly):
    list_display = ("dossier", "stage", "total", "status", "assessed_at")
    list_filter = ("stage", "status")


@admin.register(Payment)
class PaymentAdmin(_ReadOnly):
    list_display = ("reference", "channel", "amount", "status", "created_at", "paid_at")
    list_filter = ("channel", "status")
    search_fields = ("reference", "gateway_txn_id")


@admin.register(Receipt)
class ReceiptAdmin(_ReadOnly):
    list_display = ("__str__", "unit", "amount", "issued_at", "cancelled_at")
    list_filter = ("year", "series")


@admin.register(PaymentCallbackLog)
class PaymentCallbackLogAdmin(_ReadOnly):
    list_display = ("received_at", "outcome", "reference", "remote_addr", "detail")
    list_filter = ("outcome",)
    search_fields = ("reference", "nonce")


@admin.register(PaymentRefund)
class PaymentRefundAdmin(_ReadOnly):
    list_display = ("key", "amount", "requested_at", "requested_by", "confirmed_at")
    search_fields = ("key", "gateway_refund_id", "payment__reference")
