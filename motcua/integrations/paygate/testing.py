"""pytest plugin (registered in the root conftest.py): the `fake_paygate` fixture.

    def test_something(fake_paygate):
        ...                                  # code under test calls get_payment_gateway()
        fake_paygate.pay(txn_id)             # what the citizen's "Thanh toán" button does
        fake_paygate.callbacks(False)        # the gateway stops calling back

One fake server per test session on a free port; each test starts with it empty, and the
MOTCUA_PAYGATE_* settings point at it (live_server threads included).
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from motcua.integrations.paygate.fake import DEFAULT_MERCHANT, DEFAULT_SECRET, PaygateFakeServer


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class FakePaygate:
    def __init__(self, server: PaygateFakeServer) -> None:
        self.server = server
        self.url = server.url
        self.merchant = server.merchant
        self.secret = server.secret

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 - our own http://127.0.0.1 server
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            raw = response.read()
        return json.loads(raw) if raw else None

    def payments(self) -> list[dict[str, Any]]:
        return list(self._call("GET", "/payments")["payments"])

    def clear(self) -> None:
        self._call("DELETE", "/payments")

    def callbacks(self, enabled: bool) -> None:
        self._call("POST", "/_control/callbacks", {"enabled": enabled})

    def add_statement_rows(self, day: str, rows: list[dict[str, Any]]) -> None:
        self._call("POST", "/_control/statement", {"day": day, "rows": rows})

    def _press(self, txn_id: str, action: str) -> str:
        """Press a button of the pay page; returns the redirect location (not followed)."""
        opener = urllib.request.build_opener(_NoRedirect)
        request = urllib.request.Request(  # noqa: S310 - our own server
            f"{self.url}/pay/{txn_id}",
            data=urllib.parse.urlencode({"action": action}).encode(),
            method="POST",
        )
        try:
            opener.open(request, timeout=10)
        except urllib.error.HTTPError as exc:
            if exc.code == 303:
                return str(exc.headers["Location"])
            raise
        raise AssertionError("the pay page did not redirect")

    def pay(self, txn_id: str) -> str:
        return self._press(txn_id, "pay")

    def cancel(self, txn_id: str) -> str:
        return self._press(txn_id, "cancel")


@pytest.fixture(scope="session")
def _fake_paygate_server() -> Iterator[PaygateFakeServer]:
    server = PaygateFakeServer(
        "127.0.0.1", 0, merchant=DEFAULT_MERCHANT, secret=DEFAULT_SECRET
    ).start()
    yield server
    server.stop()


@pytest.fixture
def fake_paygate(_fake_paygate_server: PaygateFakeServer, settings: Any) -> FakePaygate:
    gateway = FakePaygate(_fake_paygate_server)
    gateway.clear()
    settings.MOTCUA_PAYGATE_URL = gateway.url
    settings.MOTCUA_PAYGATE_MERCHANT = gateway.merchant
    settings.MOTCUA_PAYGATE_SECRET = gateway.secret
    return gateway
