"""pytest plugin (registered in the root conftest.py): the `fake_sms` fixture.

    def test_something(fake_sms):
        ...                                   # code under test sends through get_sms_gateway()
        assert fake_sms.last_code("0912345678") == "123456"
        fake_sms.fail_next(2)                 # the next two sends get 503

One fake server runs per test session on a free port; each test starts with it empty, and
settings.MOTCUA_SMS_URL / MOTCUA_SMS_API_KEY point at it (live_server threads included).
Everything the fixture reads goes over HTTP, as a real client would.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from motcua.integrations.sms.fake import DEFAULT_API_KEY, SmsFakeServer

_CODE = re.compile(r"\b(\d{6})\b")


class FakeSmsGateway:
    """Test-side handle on the running fake gateway."""

    def __init__(self, server: SmsFakeServer) -> None:
        self.server = server
        self.url = server.url
        self.api_key = server.api_key

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 - our own http://127.0.0.1 server
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            raw = response.read()
        return json.loads(raw) if raw else None

    def messages(self, to: str | None = None) -> list[dict[str, Any]]:
        query = "" if to is None else "?" + urllib.parse.urlencode({"to": to})
        return list(self._call("GET", "/messages" + query)["messages"])

    def last_text(self, to: str) -> str:
        sent = self.messages(to)
        if not sent:
            raise AssertionError(f"No SMS was sent to {to}.")
        return str(sent[-1]["text"])

    def last_code(self, to: str) -> str:
        """The 6-digit code in the last SMS sent to `to`."""
        text = self.last_text(to)
        match = _CODE.search(text)
        if match is None:
            raise AssertionError(f"No 6-digit code in the last SMS to {to}: {text!r}")
        return match.group(1)

    def clear(self) -> None:
        self._call("DELETE", "/messages")

    def fail_next(self, count: int, status: int = 503) -> None:
        self._call("POST", "/_control/fail", {"count": count, "status": status})

    @property
    def attempts(self) -> int:
        """POST /messages calls received since the last clear (failed ones included)."""
        return self.server.store.attempts


@pytest.fixture(scope="session")
def _fake_sms_server() -> Iterator[SmsFakeServer]:
    server = SmsFakeServer("127.0.0.1", 0, api_key=DEFAULT_API_KEY).start()
    yield server
    server.stop()


@pytest.fixture
def fake_sms(_fake_sms_server: SmsFakeServer, settings: Any) -> FakeSmsGateway:
    gateway = FakeSmsGateway(_fake_sms_server)
    gateway.clear()
    settings.MOTCUA_SMS_URL = gateway.url
    settings.MOTCUA_SMS_API_KEY = gateway.api_key
    return gateway
