"""QR codes with segno: inline SVG for HTML pages and PDFs (vector, sharp in print), PNG for
places that need a raster image (e-mail, spreadsheets)."""

from __future__ import annotations

import io

import segno

# Error correction M (15 %) survives a smudged print or a folded slip while keeping look-up
# URLs of ~100 characters at a small version (readable when printed about 25 mm wide).
_ERROR = "m"


def _make(data: str) -> segno.QRCode:
    if not data:
        raise ValueError("A QR code needs non-empty data.")
    return segno.make(data, error=_ERROR, micro=False, boost_error=False)


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR modules (True = dark), without the quiet zone; used by tests to check a
    printed code against what it should encode."""
    return [[bool(cell) for cell in row] for row in _make(data).matrix]


def qr_svg(data: str, *, size_mm: float = 26, title: str = "") -> str:
    """An inline `<svg>` element encoding `data`, `size_mm` wide including a 2-module quiet
    zone. `title` becomes the SVG's accessible name."""
    code = _make(data)
    svg: str = code.svg_inline(
        scale=1,
        border=2,
        dark="#000",
        light="#fff",
        title=title or None,
        omitsize=True,
    )
    # omitsize drops width/height (the viewBox stays); set the printed size explicitly.
    return svg.replace("<svg ", f'<svg width="{size_mm}mm" height="{size_mm}mm" ', 1)


def qr_png(data: str, *, scale: int = 8, border: int = 4) -> bytes:
    """PNG bytes encoding `data`; `scale` pixels per module, `border` modules of quiet zone."""
    buffer = io.BytesIO()
    _make(data).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()
