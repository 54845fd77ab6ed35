"""Fake outside systems for tests and the demo: small stdlib HTTP servers.

`FAKES` is the registry `manage.py fakes` starts (one process, one thread per server).
Each entry names a factory `make_server(host, port) -> FakeServer`. Payment, post and
DVCQG fakes are added here as they arrive.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class FakeSpec:
    name: str
    default_port: int
    factory: str  # "module.path:function" returning a FakeServer
    description: str

    def make(self, host: str, port: int) -> FakeServer:
        module_name, _, attr = self.factory.partition(":")
        factory: Callable[[str, int], FakeServer] = getattr(
            importlib.import_module(module_name), attr
        )
        return factory(host, port)


FAKES: tuple[FakeSpec, ...] = (
    FakeSpec(
        "sms",
        8025,
        "motcua.integrations.sms.fake:make_server",
        "Cổng SMS giả: POST /messages, GET /messages?to=…, DELETE /messages, trang xem tại /",
    ),
    FakeSpec(
        "oidc",
        8026,
        "motcua.integrations.oidc.fake:make_server",
        "OpenID Connect giả (tự đồng ý; client motcua-demo / demo-oidc-secret)",
    ),
    FakeSpec(
        "paygate",
        8027,
        "motcua.integrations.paygate.fake:make_server",
        "Cổng thanh toán giả: POST /payments, trang /pay/<mã>, callback ký HMAC, "
        "GET /payments/<tham chiếu>, GET /statements/<ngày>.csv, POST /refunds "
        "(MOTCUA-BD / demo-paygate-secret)",
    ),
    FakeSpec(
        "s3",
        8028,
        "motcua.integrations.s3fake.fake:make_server",
        "Lưu trữ đối tượng S3 giả (trong bộ nhớ, path-style): MOTCUA_STORAGE=s3, "
        "MOTCUA_S3_ENDPOINT_URL=http://127.0.0.1:8028",
    ),
)


class FakeServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that knows its URL and can run in a background thread."""

    daemon_threads = True
    allow_reuse_address = True

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        """Serve in a daemon thread (tests); returns self."""
        thread = threading.Thread(target=self.serve_forever, name=f"fake@{self.url}", daemon=True)
        thread.start()
        self._thread = thread
        return self

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Connections being served (a kept-alive one outlives `shutdown`): closed by `stop`,
        # as a real server's restart would close them.
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def stop(self) -> None:
        self.shutdown()
        with self._open_lock:
            still_open = list(self._open)
        for conn in still_open:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self.server_close()


class JsonHandler(BaseHTTPRequestHandler):
    """Helpers shared by the fakes' request handlers."""

    server_version = "MotCuaFake/1"
    # Headers and body leave in two writes; on a kept-alive connection Nagle's algorithm
    # would hold the body until the client's delayed ACK (40 ms a response).
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    @property
    def path_only(self) -> str:
        return urlsplit(self.path).path.rstrip("/") or "/"

    @property
    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def read_json(self) -> Any:
        return json.loads(self.read_body() or b"{}")

    def send_json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def send_html(self, status: int, html: str) -> None:
        data = html.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_empty(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
