"""Payment gateway: the `PaymentGateway` interface, its JSON-over-HTTP client, the HMAC
signing shared with the gateway, and `get_payment_gateway()`.

The wire protocol (spoken by `fake.py`, expected of the production gateway's adapter). Every
request we send carries `X-Paygate-Merchant` and `X-Paygate-Signature` (hex HMAC-SHA256 with
the shared secret over the raw body, or over `<merchant>|<reference>` / `<merchant>|<day>`
for GETs):

    POST /payments   {"reference", "amount", "currency": "VND", "description",
                      "return_url", "callback_url", "expires_at"}
                  →  201 {"txn_id", "pay_url"}   (200 with the same txn_id for a known reference)
    GET  /payments/<reference>  → 200 {"reference", "txn_id", "amount", "currency",
                                       "status": "pending|paid|failed", "paid_at"}
    GET  /statements/<YYYY-MM-DD>.csv → the day's statement (Vietnam time):
         txn_id,reference,amount,currency,status,paid_at
         (a payment paid that day as "paid", even if refunded later; a refund made that
         day as a second row "refunded", paid_at being the refund's time)
    POST /refunds    {"reference", "refund_key", "amount", "currency": "VND", "reason"}
                  →  201 {"merchant", "refund_id", "refund_key", "reference", "amount",
                          "currency", "status": "refunded", "refunded_at", "signature"}
                     200 with the same refund for a known refund_key (idempotent);
                     404 unknown reference; 409 not paid, or refunded under another key;
                     422 amount or currency not those of the payment.
                     signature = HMAC-SHA256(secret, canonical_refund(reply)).

The browser goes to `pay_url` (the gateway's page), and is sent back to `return_url` with
`?reference=…`. The gateway POSTs to `callback_url` a JSON body
{"merchant", "reference", "txn_id", "amount", "currency", "status", "timestamp", "nonce",
 "signature"} where signature = HMAC-SHA256(secret, canonical_callback(body)).
"""

from motcua.integrations.paygate.client import (
    CALLBACK_FIELDS,
    CreatedPayment,
    GatewayStatus,
    HttpPaymentGateway,
    PaymentGateway,
    PaymentGatewayError,
    RefundConfirmation,
    canonical_callback,
    canonical_refund,
    get_payment_gateway,
    sign,
    signature_ok,
)

__all__ = [
    "CALLBACK_FIELDS",
    "CreatedPayment",
    "GatewayStatus",
    "HttpPaymentGateway",
    "PaymentGateway",
    "PaymentGatewayError",
    "RefundConfirmation",
    "canonical_callback",
    "canonical_refund",
    "get_payment_gateway",
    "sign",
    "signature_ok",
]
