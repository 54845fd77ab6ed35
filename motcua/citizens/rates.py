"""Rate limits as data. Each counts `RateEvent` rows of one scope and key in a sliding window.

Login failures per account are the accounts app's lock-out (MOTCUA_LOGIN_MAX_FAILURES in
MOTCUA_LOGIN_LOCKOUT_MINUTES), keyed by the account's username whether the person typed
the phone number, the e-mail address or the username.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    window: dt.timedelta


# A one-time code is valid this long.
CODE_TTL = dt.timedelta(minutes=5)
# A new code for the same phone / e-mail address at most this often ("Gửi lại mã").
RESEND_INTERVAL = dt.timedelta(seconds=60)

# Code requests (registration, "resend", password reset) per phone / e-mail address and per IP.
CODE_REQUESTS_PER_ADDRESS = Limit("code_request_address", 5, dt.timedelta(hours=1))
CODE_REQUESTS_PER_IP = Limit("code_request_ip", 20, dt.timedelta(hours=1))
# Wrong codes typed from one IP, whatever the account (each code also locks after 5).
CODE_FAILURES_PER_IP = Limit("code_failure_ip", 20, dt.timedelta(minutes=15))
# Failed logins from one IP, whatever the account.
LOGIN_FAILURES_PER_IP = Limit("login_failure_ip", 30, dt.timedelta(minutes=15))

# Events older than this are deleted when a new one is counted for the same key.
KEEP_EVENTS = dt.timedelta(days=1)
