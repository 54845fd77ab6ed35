"""Vietnamese text handling: NFC normalisation at the boundary and folding for search.

Folding removes tone marks and vowel diacritics and maps đ/Đ to d, then lower-cases,
so that "Đăng ký khai sinh", "dang ky khai sinh" and "ĐĂNG KÝ" all match.
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
_DD = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    """Unicode NFC, the one form stored everywhere (input may come decomposed)."""
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC, trimmed, inner whitespace collapsed: the form user input is stored in."""
    return _WS.sub(" ", nfc(text)).strip()


def fold(text: str) -> str:
    """Search key: lower case, no diacritics, đ→d, collapsed whitespace."""
    decomposed = unicodedata.normalize("NFD", text.translate(_DD))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WS.sub(" ", stripped.lower()).strip()


def search_terms(query: str) -> list[str]:
    """The folded words of a search query, without punctuation."""
    return [word for word in re.split(r"[^0-9a-z.]+", fold(query)) if word]
