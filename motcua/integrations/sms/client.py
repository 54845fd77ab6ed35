"""The SMS gateway interface and its HTTP client (stdlib only)."""

from __future__ import annotations

import http.client
import json
import threading
from typing import Protocol
from urllib.parse import urlsplit

from django.conf import settings


class SmsError(Exception):
    """The gateway refused or could not be reached. `status` is the HTTP status (None when
    there was no answer: refused connection, time-out, unreadable reply)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status

    @property
    def retryable(self) -> bool:
        """Worth trying again later: no answer, 429 or a 5xx."""
        return self.status is None or self.status == 429 or self.status >= 500


class SmsGateway(Protocol):
    def send(self, *, to: str, text: str, idempotency_key: str) -> str:
        """Send `text` to the phone number `to`; return the gateway's message id.

        Sending twice with the same `idempotency_key` sends one SMS and returns the same id."""
        ...


class HttpSmsGateway:
    """Speaks the JSON protocol described in `motcua.integrations.sms`. No retries here,
    except that a kept-alive connection the gateway has closed meanwhile is opened again
    once (the idempotency key makes that second send harmless).

    Each thread keeps one connection per gateway open between messages (HTTP/1.1
    keep-alive): the outbox worker sends hundreds of SMS a minute at the counter's rate."""

    def __init__(self, base_url: str, api_key: str, timeout: float = 5.0) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"SMS gateway URL must be http(s)://host[:port], got {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self._key = (parts.scheme, parts.netloc, timeout)
        self._path = parts.path.rstrip("/") + "/messages"

    def _connection(self, *, fresh: bool) -> http.client.HTTPConnection:
        pool: dict[tuple[str, str, float], http.client.HTTPConnection]
        pool = _kept.__dict__.setdefault("pool", {})
        conn = pool.pop(self._key, None)
        if conn is not None and fresh:
            conn.close()
            conn = None
        if conn is None:
            scheme, netloc, timeout = self._key
            cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
            conn = cls(netloc, timeout=timeout)
        pool[self._key] = conn
        return conn

    def _post(self, body: bytes, idempotency_key: str) -> tuple[int, bytes]:
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {self.api_key}",
            "Idempotency-Key": idempotency_key,
        }
        for fresh in (False, True):
            conn = self._connection(fresh=fresh)
            reused = conn.sock is not None
            try:
                conn.request("POST", self._path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                conn.close()
                if reused and not fresh:
                    continue  # the gateway closed the idle connection: open a new one
                raise
            except (OSError, http.client.HTTPException):
                conn.close()
                raise
            if response.will_close:
                conn.close()
            return response.status, data
        raise AssertionError("unreachable")  # pragma: no cover

    def send(self, *, to: str, text: str, idempotency_key: str) -> str:
        body = json.dumps({"to": to, "text": text, "key": idempotency_key}).encode()
        try:
            status, data = self._post(body, idempotency_key)
        except (OSError, http.client.HTTPException) as exc:
            raise SmsError(f"SMS gateway unreachable at {self.base_url}: {exc}") from exc
        if not 200 <= status < 300:
            detail = data[:200].decode("utf-8", "replace")
            raise SmsError(f"SMS gateway answered {status}: {detail}", status=status)
        try:
            reply = json.loads(data or b"{}")
        except ValueError as exc:  # JSON
            raise SmsError(f"SMS gateway sent an unreadable reply: {exc}") from exc
        message_id = reply.get("id") if isinstance(reply, dict) else None
        if not message_id:
            raise SmsError("SMS gateway reply has no message id.")
        return str(message_id)


# Per thread: the open connection to each gateway (see HttpSmsGateway).
_kept = threading.local()


def get_sms_gateway() -> SmsGateway:
    """The configured gateway (settings MOTCUA_SMS_URL, MOTCUA_SMS_API_KEY,
    MOTCUA_SMS_TIMEOUT), read at call time so tests can point it elsewhere."""
    return HttpSmsGateway(
        settings.MOTCUA_SMS_URL,
        settings.MOTCUA_SMS_API_KEY,
        timeout=float(settings.MOTCUA_SMS_TIMEOUT),
    )
