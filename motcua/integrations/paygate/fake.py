"""A fake payment gateway speaking the protocol of `motcua.integrations.paygate` over HTTP.

Besides the protocol (create, status, statement) it serves, for the browser and tests:

    GET  /pay/<txn_id>        the pay page: "Thanh toán" / "Hủy" buttons
    POST /pay/<txn_id>        action=pay|cancel: settles the payment, POSTs the signed callback
                              (unless callbacks are switched off) and redirects the browser to
                              the return URL with ?reference=…
    POST /refunds             the protocol's refund (signed request, signed confirmation)
    GET  /payments            every payment (JSON; fake only)
    DELETE /payments          forget everything
    POST /_control/callbacks  {"enabled": false} stops callbacks (status-query tests)
    POST /_control/statement  {"day": "YYYY-MM-DD", "rows": [...]} extra statement rows
    GET  /                    an HTML list of payments

Run it with `manage.py fakes` (port 8027) or in tests with the `fake_paygate` fixture.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import itertools
import json
import secrets
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from motcua.integrations.fakes import FakeServer, JsonHandler
from motcua.integrations.paygate.client import (
    canonical_callback,
    canonical_refund,
    sign,
    signature_ok,
)

DEFAULT_MERCHANT = "MOTCUA-BD"
DEFAULT_SECRET = "demo-paygate-secret"  # noqa: S105 - the fake's documented demo secret
VN = dt.timezone(dt.timedelta(hours=7))


@dataclass
class FakePayment:
    txn_id: str
    reference: str
    amount: int
    currency: str
    description: str
    return_url: str
    callback_url: str
    status: str = "pending"
    paid_at: str = ""
    callback_status: int | None = None
    refund_id: str = ""
    refund_key: str = ""
    refund_reason: str = ""
    refunded_at: str = ""


class RefundRefused(Exception):
    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error


class PaygateStore:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._ids = itertools.count(1)
        self.by_txn: dict[str, FakePayment] = {}
        self.by_ref: dict[str, FakePayment] = {}
        self.callbacks_enabled = True
        self.extra_rows: dict[str, list[dict[str, Any]]] = {}

    def reset(self) -> None:
        with self.lock:
            self.by_txn.clear()
            self.by_ref.clear()
            self.callbacks_enabled = True
            self.extra_rows.clear()

    def create(self, body: dict[str, Any]) -> tuple[FakePayment, bool]:
        with self.lock:
            known = self.by_ref.get(str(body["reference"]))
            if known is not None:
                return known, False
            p = FakePayment(
                txn_id=f"GW{next(self._ids):08d}",
                reference=str(body["reference"]),
                amount=int(body["amount"]),
                currency=str(body.get("currency", "VND")),
                description=str(body.get("description", "")),
                return_url=str(body.get("return_url", "")),
                callback_url=str(body.get("callback_url", "")),
            )
            self.by_txn[p.txn_id] = p
            self.by_ref[p.reference] = p
            return p, True

    def refund(self, body: dict[str, Any]) -> tuple[FakePayment, bool]:
        """Refund a paid payment in full, once: the same refund_key again returns the same
        refund (created False); anything else is refused."""
        key = str(body["refund_key"])
        amount = int(body["amount"])
        currency = str(body.get("currency", "VND"))
        if not key:
            raise RefundRefused(422, "refund_key required")
        with self.lock:
            p = self.by_ref.get(str(body["reference"]))
            if p is None:
                raise RefundRefused(404, "unknown reference")
            if p.status == "refunded":
                if p.refund_key == key:
                    return p, False
                raise RefundRefused(409, "already refunded")
            if p.status != "paid":
                raise RefundRefused(409, f"payment is {p.status}")
            if amount != p.amount or currency != p.currency:
                raise RefundRefused(422, "amount or currency differs from the payment")
            p.status = "refunded"
            p.refund_id = f"RF{next(self._ids):08d}"
            p.refund_key = key
            p.refund_reason = str(body.get("reason", ""))[:500]
            p.refunded_at = dt.datetime.now(VN).isoformat(timespec="seconds")
            return p, True


def refund_reply(p: FakePayment, *, merchant: str, secret: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "merchant": merchant,
        "refund_id": p.refund_id,
        "refund_key": p.refund_key,
        "reference": p.reference,
        "amount": p.amount,
        "currency": p.currency,
        "status": "refunded",
        "refunded_at": p.refunded_at,
    }
    body["signature"] = sign(secret, canonical_refund(body))
    return body


def callback_body(p: FakePayment, *, merchant: str, secret: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "merchant": merchant,
        "reference": p.reference,
        "txn_id": p.txn_id,
        "amount": p.amount,
        "currency": p.currency,
        "status": p.status,
        "timestamp": str(int(time.time())),
        "nonce": secrets.token_hex(12),
    }
    body["signature"] = sign(secret, canonical_callback(body))
    return body


class PaygateHandler(JsonHandler):
    server: PaygateFakeServer

    def _signed(self, message: str | bytes) -> bool:
        return self.headers.get("X-Paygate-Merchant") == self.server.merchant and signature_ok(
            self.server.secret, message, self.headers.get("X-Paygate-Signature", "")
        )

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        path = self.path_only
        store = self.server.store
        if path == "/":
            self._index()
        elif path == "/payments":
            with store.lock:
                items = [asdict(p) for p in store.by_txn.values()]
            self.send_json(200, {"payments": items})
        elif path.startswith("/payments/"):
            reference = urlsplit(self.path).path.split("/", 2)[2]
            from urllib.parse import unquote

            reference = unquote(reference)
            if not self._signed(f"{self.server.merchant}|{reference}"):
                self.send_json(401, {"error": "bad signature"})
                return
            p = store.by_ref.get(reference)
            if p is None:
                self.send_json(404, {"error": "unknown reference"})
                return
            self.send_json(
                200,
                {
                    "reference": p.reference,
                    "txn_id": p.txn_id,
                    "amount": p.amount,
                    "currency": p.currency,
                    "status": p.status,
                    "paid_at": p.paid_at,
                },
            )
        elif path.startswith("/statements/") and path.endswith(".csv"):
            day = path[len("/statements/") : -len(".csv")]
            if not self._signed(f"{self.server.merchant}|{day}"):
                self.send_json(401, {"error": "bad signature"})
                return
            self._statement(day)
        elif path.startswith("/pay/"):
            p = store.by_txn.get(path[len("/pay/") :])
            if p is None:
                self.send_html(404, "<h1>Không có giao dịch</h1>")
                return
            self._pay_page(p)
        else:
            self.send_json(404, {"error": "not found"})

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        path = self.path_only
        store = self.server.store
        if path == "/payments":
            raw = self.read_body()
            if not self._signed(raw):
                self.send_json(401, {"error": "bad signature"})
                return
            try:
                body = json.loads(raw)
                p, created = store.create(body)
            except (ValueError, KeyError, TypeError):
                self.send_json(400, {"error": "bad request"})
                return
            self.send_json(
                201 if created else 200,
                {"txn_id": p.txn_id, "pay_url": f"{self.server.url}/pay/{p.txn_id}"},
            )
        elif path == "/refunds":
            raw = self.read_body()
            if not self._signed(raw):
                self.send_json(401, {"error": "bad signature"})
                return
            try:
                p, created = store.refund(json.loads(raw))
            except RefundRefused as exc:
                self.send_json(exc.status, {"error": exc.error})
                return
            except (ValueError, KeyError, TypeError):
                self.send_json(400, {"error": "bad request"})
                return
            reply = refund_reply(p, merchant=self.server.merchant, secret=self.server.secret)
            self.send_json(201 if created else 200, reply)
        elif path.startswith("/pay/"):
            found = store.by_txn.get(path[len("/pay/") :])
            if found is None:
                self.send_html(404, "<h1>Không có giao dịch</h1>")
                return
            p = found
            form = {k: v[0] for k, v in parse_qs(self.read_body().decode()).items()}
            with store.lock:
                if p.status == "pending":
                    if form.get("action") == "pay":
                        p.status = "paid"
                        p.paid_at = dt.datetime.now(VN).isoformat(timespec="seconds")
                    else:
                        p.status = "failed"
            if store.callbacks_enabled and p.callback_url:
                self._callback(p)
            self.send_empty(303, {"Location": _with_query(p.return_url, reference=p.reference)})
        elif path == "/_control/callbacks":
            store.callbacks_enabled = bool(self.read_json().get("enabled", True))
            self.send_json(200, {"enabled": store.callbacks_enabled})
        elif path == "/_control/statement":
            body = self.read_json()
            with store.lock:
                store.extra_rows.setdefault(str(body["day"]), []).extend(body.get("rows", []))
            self.send_json(200, {"ok": True})
        else:
            self.send_json(404, {"error": "not found"})

    def do_DELETE(self) -> None:  # noqa: N802 - stdlib name
        if self.path_only == "/payments":
            self.server.store.reset()
            self.send_empty(204)
        else:
            self.send_json(404, {"error": "not found"})

    def _callback(self, p: FakePayment) -> None:
        body = callback_body(p, merchant=self.server.merchant, secret=self.server.secret)
        request = urllib.request.Request(  # noqa: S310 - the merchant's own callback URL
            p.callback_url,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                p.callback_status = response.status
        except urllib.error.HTTPError as exc:
            p.callback_status = exc.code
        except OSError:
            p.callback_status = None

    def _statement(self, day: str) -> None:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["txn_id", "reference", "amount", "currency", "status", "paid_at"])
        with self.server.store.lock:
            payments = list(self.server.store.by_txn.values())
            extra = list(self.server.store.extra_rows.get(day, []))
        for p in payments:
            if p.status in ("paid", "refunded") and p.paid_at[:10] == day:
                writer.writerow([p.txn_id, p.reference, p.amount, p.currency, "paid", p.paid_at])
            if p.status == "refunded" and p.refunded_at[:10] == day:
                writer.writerow(
                    [p.txn_id, p.reference, p.amount, p.currency, "refunded", p.refunded_at]
                )
        for row in extra:
            writer.writerow(
                [
                    row.get("txn_id", ""),
                    row.get("reference", ""),
                    row.get("amount", ""),
                    row.get("currency", "VND"),
                    row.get("status", "paid"),
                    row.get("paid_at", f"{day}T10:00:00+07:00"),
                ]
            )
        data = out.getvalue().encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/csv; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _pay_page(self, p: FakePayment) -> None:
        amount = f"{p.amount:,}".replace(",", ".")
        if p.status != "pending":
            state = {"paid": "Đã thanh toán", "failed": "Đã hủy", "refunded": "Đã hoàn trả"}.get(
                p.status, p.status
            )
            body = f"<p>Giao dịch {html.escape(p.txn_id)}: {state}.</p>"
        else:
            body = f"""<form method="post" action="/pay/{html.escape(p.txn_id)}">
  <button type="submit" name="action" value="pay">Thanh toán</button>
  <button type="submit" name="action" value="cancel">Hủy</button>
</form>"""
        self.send_html(
            200,
            f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng thanh toán (giả lập)</title></head><body>
<main><h1>Cổng thanh toán (giả lập)</h1>
<dl><dt>Mã giao dịch</dt><dd>{html.escape(p.txn_id)}</dd>
<dt>Nội dung</dt><dd>{html.escape(p.description)}</dd>
<dt>Số tiền</dt><dd>{amount} đ</dd></dl>
{body}</main></body></html>""",
        )

    def _index(self) -> None:
        with self.server.store.lock:
            rows = "".join(
                f"<tr><td>{html.escape(p.txn_id)}</td><td>{html.escape(p.reference)}</td>"
                f"<td>{p.amount}</td><td>{html.escape(p.status)}</td></tr>"
                for p in self.server.store.by_txn.values()
            )
        self.send_html(
            200,
            '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            "<title>Cổng thanh toán giả</title></head><body><h1>Cổng thanh toán giả</h1>"
            "<table><tr><th>Mã</th><th>Tham chiếu</th><th>Số tiền</th><th>Trạng thái</th></tr>"
            f"{rows}</table></body></html>",
        )


def _with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = parts.query + ("&" if parts.query else "") + urlencode(params)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


class PaygateFakeServer(FakeServer):
    def __init__(
        self,
        host: str,
        port: int,
        *,
        merchant: str = DEFAULT_MERCHANT,
        secret: str = DEFAULT_SECRET,
    ) -> None:
        super().__init__((host, port), PaygateHandler)
        self.merchant = merchant
        self.secret = secret
        self.store = PaygateStore()


def make_server(host: str, port: int) -> PaygateFakeServer:
    return PaygateFakeServer(host, port)
