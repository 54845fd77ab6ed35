"""The SMS gateway interface and its HTTP client (stdlib only)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
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
    """Speaks the JSON protocol described in `motcua.integrations.sms`. No retries here."""

    def __init__(self, base_url: str, api_key: str, timeout: float = 5.0) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"SMS gateway URL must be http(s)://host[:port], got {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def send(self, *, to: str, text: str, idempotency_key: str) -> str:
        body = json.dumps({"to": to, "text": text, "key": idempotency_key}).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            f"{self.base_url}/messages",
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.api_key}",
                "Idempotency-Key": idempotency_key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                reply = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:200].decode("utf-8", "replace")
            raise SmsError(f"SMS gateway answered {exc.code}: {detail}", status=exc.code) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"SMS gateway unreachable at {self.base_url}: {exc}") from exc
        except ValueError as exc:  # JSON
            raise SmsError(f"SMS gateway sent an unreadable reply: {exc}") from exc
        message_id = reply.get("id") if isinstance(reply, dict) else None
        if not message_id:
            raise SmsError("SMS gateway reply has no message id.")
        return str(message_id)


def get_sms_gateway() -> SmsGateway:
    """The configured gateway (settings MOTCUA_SMS_URL, MOTCUA_SMS_API_KEY,
    MOTCUA_SMS_TIMEOUT), read at call time so tests can point it elsewhere."""
    return HttpSmsGateway(
        settings.MOTCUA_SMS_URL,
        settings.MOTCUA_SMS_API_KEY,
        timeout=float(settings.MOTCUA_SMS_TIMEOUT),
    )
