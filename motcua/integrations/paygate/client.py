"""The payment gateway interface, HMAC signing and the HTTP client (stdlib only)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

from django.conf import settings

CALLBACK_FIELDS = (
    "merchant",
    "reference",
    "txn_id",
    "amount",
    "currency",
    "status",
    "timestamp",
    "nonce",
)


REFUND_FIELDS = (
    "merchant",
    "refund_id",
    "refund_key",
    "reference",
    "amount",
    "currency",
    "status",
    "refunded_at",
)


def canonical_callback(fields: Mapping[str, Any]) -> str:
    """`key=value` pairs in CALLBACK_FIELDS order joined by `|` (what the signature covers)."""
    return "|".join(f"{k}={fields.get(k, '')}" for k in CALLBACK_FIELDS)


def canonical_refund(fields: Mapping[str, Any]) -> str:
    """`key=value` pairs in REFUND_FIELDS order joined by `|`: what the gateway signs in its
    confirmation of a refund."""
    return "|".join(f"{k}={fields.get(k, '')}" for k in REFUND_FIELDS)


def sign(secret: str, message: str | bytes) -> str:
    data = message.encode() if isinstance(message, str) else message
    return hmac.new(secret.encode(), data, hashlib.sha256).hexdigest()


def signature_ok(secret: str, message: str | bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, message), str(signature or ""))


class PaymentGatewayError(Exception):
    """The gateway refused or could not be reached (`status` None: no answer)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class CreatedPayment:
    txn_id: str
    pay_url: str


@dataclass(frozen=True)
class GatewayStatus:
    reference: str
    txn_id: str
    amount: int
    currency: str
    status: str  # pending | paid | failed
    paid_at: str = ""


@dataclass(frozen=True)
class RefundConfirmation:
    """The gateway's signed word that the money went back (status "refunded")."""

    refund_id: str
    refund_key: str
    reference: str
    amount: int
    currency: str
    status: str
    refunded_at: str


class PaymentGateway(Protocol):
    def create_payment(
        self,
        *,
        reference: str,
        amount: int,
        description: str,
        return_url: str,
        callback_url: str,
        expires_at: dt.datetime,
    ) -> CreatedPayment: ...

    def query(self, *, reference: str) -> GatewayStatus: ...

    def statement(self, *, day: dt.date) -> str:
        """The day's statement as CSV text."""
        ...

    def refund(
        self, *, reference: str, refund_key: str, amount: int, reason: str
    ) -> RefundConfirmation:
        """Give back a paid payment in full. `refund_key` makes it idempotent: the same key
        again returns the same refund, never a second one."""
        ...


class HttpPaymentGateway:
    def __init__(self, base_url: str, merchant: str, secret: str, timeout: float = 10.0) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"Payment gateway URL must be http(s)://host[:port], got {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.merchant = merchant
        self.secret = secret
        self.timeout = timeout

    def _call(self, method: str, path: str, *, body: bytes | None, signed: str | bytes) -> bytes:
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.base_url + path,
            data=body,
            method=method,
            headers={
                "Content-Type": "application/json",
                "X-Paygate-Merchant": self.merchant,
                "X-Paygate-Signature": sign(self.secret, signed),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                data: bytes = response.read()
                return data
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:200].decode("utf-8", "replace")
            raise PaymentGatewayError(
                f"Payment gateway answered {exc.code}: {detail}", status=exc.code
            ) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise PaymentGatewayError(f"Payment gateway unreachable: {exc}") from exc

    @staticmethod
    def _json(raw: bytes) -> dict[str, Any]:
        try:
            value = json.loads(raw or b"{}")
        except ValueError as exc:
            raise PaymentGatewayError(f"Unreadable reply from the payment gateway: {exc}") from exc
        if not isinstance(value, dict):
            raise PaymentGatewayError("Unreadable reply from the payment gateway.")
        return value

    def create_payment(
        self,
        *,
        reference: str,
        amount: int,
        description: str,
        return_url: str,
        callback_url: str,
        expires_at: dt.datetime,
    ) -> CreatedPayment:
        body = json.dumps(
            {
                "reference": reference,
                "amount": amount,
                "currency": "VND",
                "description": description,
                "return_url": return_url,
                "callback_url": callback_url,
                "expires_at": expires_at.isoformat(),
            },
            ensure_ascii=False,
        ).encode()
        reply = self._json(self._call("POST", "/payments", body=body, signed=body))
        if not reply.get("txn_id") or not reply.get("pay_url"):
            raise PaymentGatewayError("Payment gateway reply has no txn_id / pay_url.")
        return CreatedPayment(txn_id=str(reply["txn_id"]), pay_url=str(reply["pay_url"]))

    def query(self, *, reference: str) -> GatewayStatus:
        raw = self._call(
            "GET",
            f"/payments/{quote(reference, safe='')}",
            body=None,
            signed=f"{self.merchant}|{reference}",
        )
        reply = self._json(raw)
        try:
            return GatewayStatus(
                reference=str(reply["reference"]),
                txn_id=str(reply.get("txn_id", "")),
                amount=int(reply["amount"]),
                currency=str(reply["currency"]),
                status=str(reply["status"]),
                paid_at=str(reply.get("paid_at") or ""),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise PaymentGatewayError(f"Incomplete status from the payment gateway: {exc}") from exc

    def statement(self, *, day: dt.date) -> str:
        raw = self._call(
            "GET", f"/statements/{day.isoformat()}.csv", body=None, signed=f"{self.merchant}|{day}"
        )
        return raw.decode("utf-8")

    def refund(
        self, *, reference: str, refund_key: str, amount: int, reason: str
    ) -> RefundConfirmation:
        body = json.dumps(
            {
                "reference": reference,
                "refund_key": refund_key,
                "amount": amount,
                "currency": "VND",
                "reason": reason,
            },
            ensure_ascii=False,
        ).encode()
        reply = self._json(self._call("POST", "/refunds", body=body, signed=body))
        if reply.get("merchant") != self.merchant or not signature_ok(
            self.secret, canonical_refund(reply), str(reply.get("signature", ""))
        ):
            raise PaymentGatewayError("The refund confirmation is not signed by the gateway.")
        try:
            return RefundConfirmation(
                refund_id=str(reply["refund_id"]),
                refund_key=str(reply["refund_key"]),
                reference=str(reply["reference"]),
                amount=int(reply["amount"]),
                currency=str(reply["currency"]),
                status=str(reply["status"]),
                refunded_at=str(reply.get("refunded_at") or ""),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise PaymentGatewayError(f"Incomplete refund reply from the gateway: {exc}") from exc


def get_payment_gateway() -> PaymentGateway:
    """The configured gateway (MOTCUA_PAYGATE_URL, _MERCHANT, _SECRET, _TIMEOUT), read at call
    time so tests can point it elsewhere."""
    return HttpPaymentGateway(
        settings.MOTCUA_PAYGATE_URL,
        settings.MOTCUA_PAYGATE_MERCHANT,
        settings.MOTCUA_PAYGATE_SECRET,
        timeout=float(settings.MOTCUA_PAYGATE_TIMEOUT),
    )
