"""Catalogue API (work in progress)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["danh mục TTHC"])
