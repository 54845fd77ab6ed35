"""What a person types to name their account: a Vietnamese phone number or an e-mail address."""

from __future__ import annotations

import re
from dataclasses import dataclass

from motcua.citizens.models import CodeChannel
from motcua.core.errors import InvalidInput
from motcua.dossiers.validators import mask_email, mask_phone, normalize_email, normalize_phone

_PHONE_LIKE = re.compile(r"^\+?[\d\s.\-()]{6,20}$")


@dataclass(frozen=True)
class Identifier:
    channel: str  # CodeChannel: where a one-time code for this identifier goes
    address: str  # 0xxxxxxxxx, or the e-mail address in lower case

    @property
    def is_phone(self) -> bool:
        return self.channel == CodeChannel.SMS


def phone_or_none(value: str) -> str | None:
    """The normalised phone number when `value` is one, else None (never raises)."""
    raw = (value or "").strip()
    if not _PHONE_LIKE.match(raw):
        return None
    try:
        return normalize_phone(raw) or None
    except InvalidInput:
        return None


def parse_identifier(value: str, *, field: str = "identifier") -> Identifier:
    """A phone number (SMS) or an e-mail address (e-mail); InvalidInput naming `field`."""
    raw = (value or "").strip()
    if not raw:
        raise InvalidInput("Chưa nhập số điện thoại hoặc e-mail.", field=field)
    if "@" in raw:
        return Identifier(CodeChannel.EMAIL, normalize_email(raw, field=field).lower())
    if _PHONE_LIKE.match(raw):
        return Identifier(CodeChannel.SMS, normalize_phone(raw, field=field))
    raise InvalidInput(
        "Nhập số điện thoại (ví dụ 0912345678) hoặc địa chỉ e-mail.",
        field=field,
    )


def mask_address(identifier: Identifier) -> str:
    """ "0912345678" → "091*****78", "an.nguyen@gmail.com" → "a***@gmail.com"."""
    if identifier.is_phone:
        return mask_phone(identifier.address)
    return mask_email(identifier.address)
