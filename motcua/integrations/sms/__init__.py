"""SMS gateway: the `SmsGateway` interface, the JSON-over-HTTP client and `get_sms_gateway()`.

The wire protocol (spoken by `fake.py` and expected of the production gateway adapter):

    POST /messages   Authorization: Bearer <api key>
                     {"to": "0912345678", "text": "...", "key": "<idempotency key>"}
                  →  201 {"id": "...", "to": ..., "text": ..., "key": ..., "at": ...}
                     (200 with the same id when the key was seen before: no second SMS)
    GET  /messages?to=0912345678   → 200 {"messages": [...]}   (fake only: read what was sent)
    DELETE /messages               → 204                       (fake only)

The client never retries: a failure raises `SmsError` and the caller (the outbox) decides.
"""

from motcua.integrations.sms.client import (
    HttpSmsGateway,
    SmsError,
    SmsGateway,
    get_sms_gateway,
)

__all__ = ["HttpSmsGateway", "SmsError", "SmsGateway", "get_sms_gateway"]
