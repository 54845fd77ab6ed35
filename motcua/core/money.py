"""Money is an integer number of Vietnamese đồng (VND); no fractions, no floats."""

from __future__ import annotations


def format_vnd(amount: int) -> str:
    """1234567 → '1.234.567 đ' (Vietnamese grouping with dots)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " đ"
