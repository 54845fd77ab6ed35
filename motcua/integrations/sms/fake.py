"""A fake SMS gateway speaking the protocol of `motcua.integrations.sms` over HTTP.

Messages are kept in memory. Besides the protocol it offers, for tests and the demo:

    GET    /messages?to=<phone>     what was sent (all when `to` is absent), oldest first
    DELETE /messages                forget everything (and any pending failures)
    POST   /_control/fail {"count": N, "status": 503}
                                    the next N POST /messages answer `status` (retry tests)
    GET    /                        an HTML page listing the last messages (the demo reads
                                    one-time codes there)

Run it with `manage.py fakes` (port 8025) or start it in a test with the `fake_sms` fixture.
"""

from __future__ import annotations

import datetime as dt
import hmac
import html
import itertools
import json
import threading
from dataclasses import asdict, dataclass
from typing import Any

from motcua.integrations.fakes import FakeServer, JsonHandler

DEFAULT_API_KEY = "demo-sms-key"  # noqa: S105 - the fake's documented demo key


@dataclass(frozen=True)
class FakeSms:
    id: str
    to: str
    text: str
    key: str
    at: str


class SmsStore:
    """The fake's memory: messages, idempotency keys, injected failures (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.messages: list[FakeSms] = []
        self.by_key: dict[str, FakeSms] = {}
        self.fail_count = 0
        self.fail_status = 503
        self.attempts = 0

    def add(self, *, to: str, text: str, key: str) -> tuple[FakeSms, bool]:
        """Store a message; (message, created). A known key returns the first message."""
        with self._lock:
            if key in self.by_key:
                return self.by_key[key], False
            sms = FakeSms(
                id=f"sms-{next(self._ids):06d}",
                to=to,
                text=text,
                key=key,
                at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            )
            self.messages.append(sms)
            self.by_key[key] = sms
            return sms, True

    def take_failure(self) -> int | None:
        """The status to fail this call with, or None (counts every POST /messages)."""
        with self._lock:
            self.attempts += 1
            if self.fail_count > 0:
                self.fail_count -= 1
                return self.fail_status
            return None

    def fail_next(self, count: int, status: int = 503) -> None:
        with self._lock:
            self.fail_count = max(0, count)
            self.fail_status = status

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
            self.by_key.clear()
            self.fail_count = 0
            self.attempts = 0

    def list(self, to: str | None = None) -> list[FakeSms]:
        with self._lock:
            return [m for m in self.messages if to is None or m.to == to]


class SmsFakeServer(FakeServer):
    def __init__(self, host: str, port: int, *, api_key: str = DEFAULT_API_KEY) -> None:
        self.api_key = api_key
        self.store = SmsStore()
        super().__init__((host, port), _Handler)


class _Handler(JsonHandler):
    server: SmsFakeServer
    protocol_version = "HTTP/1.1"  # keep-alive, as the client keeps its connection

    def _authorized(self) -> bool:
        given = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), self.server.api_key.encode())

    def do_GET(self) -> None:
        store = self.server.store
        if self.path_only == "/messages":
            to = self.query.get("to")
            self.send_json(200, {"messages": [asdict(m) for m in store.list(to)]})
        elif self.path_only == "/":
            self.send_html(200, _page(store.list()[-50:]))
        else:
            self.send_json(404, {"error": "not found"})

    def do_DELETE(self) -> None:
        if self.path_only == "/messages":
            self.server.store.clear()
            self.send_empty(204)
        else:
            self.send_json(404, {"error": "not found"})

    def do_POST(self) -> None:
        store = self.server.store
        # The whole body is read before any answer: the connection is kept alive (HTTP/1.1),
        # and an unread body would be taken for the next request.
        raw = self.read_body()
        if self.path_only == "/_control/fail":
            body = self._json_or_none(raw)
            if not isinstance(body, dict):
                return self.send_json(400, {"error": "JSON object expected"})
            store.fail_next(int(body.get("count", 1)), int(body.get("status", 503)))
            return self.send_json(200, {"fail_next": store.fail_count})
        if self.path_only != "/messages":
            return self.send_json(404, {"error": "not found"})
        if not self._authorized():
            return self.send_json(401, {"error": "invalid API key"})
        status = store.take_failure()
        if status is not None:
            return self.send_json(status, {"error": "injected failure"})
        body = self._json_or_none(raw)
        if not isinstance(body, dict):
            return self.send_json(400, {"error": "JSON object expected"})
        to, text = str(body.get("to") or ""), str(body.get("text") or "")
        key = str(body.get("key") or self.headers.get("Idempotency-Key") or "")
        if not to or not text or not key:
            return self.send_json(422, {"error": "to, text and key are required"})
        sms, created = store.add(to=to, text=text, key=key)
        self.send_json(201 if created else 200, asdict(sms))

    @staticmethod
    def _json_or_none(raw: bytes) -> Any:
        try:
            return json.loads(raw or b"{}")
        except ValueError:
            return None


def _page(messages: list[FakeSms]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(m.at)}</td><td>{html.escape(m.to)}</td>"
        f"<td>{html.escape(m.text)}</td></tr>"
        for m in reversed(messages)
    )
    body = rows or '<tr><td colspan="3">Chưa có tin nhắn nào.</td></tr>'
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Cổng SMS giả — Một Cửa</title></head><body>"
        "<h1>Cổng SMS giả</h1><p>Tin nhắn mới nhất ở trên cùng. Tải lại trang để xem tin mới.</p>"
        "<table><thead><tr><th>Lúc (UTC)</th><th>Đến số</th><th>Nội dung</th></tr></thead>"
        f"<tbody>{body}</tbody></table></body></html>"
    )


def make_server(host: str, port: int) -> SmsFakeServer:
    return SmsFakeServer(host, port)
