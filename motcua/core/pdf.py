"""HTML → PDF with WeasyPrint, and reading a PDF's text back (tests, checks).

Fonts: templates name the families "Noto Serif" / "Noto Sans" in CSS; fontconfig finds them in
Debian's fonts-noto-core (/usr/share/fonts/truetype/noto/). Nothing is ever downloaded: the URL
fetcher below only allows `data:` URIs and local `file:` URLs, so a template (or text typed by a
user, which Django escapes anyway) can never make the server fetch a network address.

Text is normalised to Unicode NFC before layout, so Vietnamese typed with combining marks
(decomposed input from some keyboards) is shaped and extracted the same as precomposed text.
"""

from __future__ import annotations

import html
import logging
import re
import shutil
import subprocess
import unicodedata
from typing import Any, NamedTuple

from django.template.loader import render_to_string

# WeasyPrint logs every layout step at INFO ("Step 5 - Creating layout"); keep warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class PdfToolMissing(RuntimeError):
    """A poppler command-line tool is not installed."""


def local_url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that reads `data:` and `file:` URLs only: any other URL raises
    ValueError, which WeasyPrint logs as a warning before leaving the resource out."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data", "file"}, allow_redirects=False)


def render_html_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render an HTML string (already a full document) to PDF bytes."""
    from weasyprint import HTML

    document = HTML(
        string=unicodedata.normalize("NFC", html),
        base_url=base_url,
        url_fetcher=local_url_fetcher(),
    )
    data: bytes = document.write_pdf()
    return data


def render_pdf(
    template_name: str, context: dict[str, Any], *, base_url: str | None = None
) -> bytes:
    """Render a Django template to PDF bytes with WeasyPrint.

    `base_url` resolves relative URLs in the template (e.g. a `file://` static directory);
    templates of this project inline their CSS and images, so it is usually not needed.
    """
    html = render_to_string(template_name, context)
    return render_html_pdf(html, base_url=base_url)


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise PdfToolMissing(
            f"'{tool}' (poppler-utils) is not installed; run scripts/system-deps.sh "
            "or apt-get install poppler-utils."
        )
    return path


def _run_poppler(tool: str, args: list[str], data: bytes) -> str:
    completed = subprocess.run(  # noqa: S603 -- fixed argument list, absolute path, no shell
        [_poppler(tool), *args],
        input=data,
        capture_output=True,
        check=False,
        timeout=60,
    )
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        raise ValueError(f"{tool} could not read the PDF: {message}")
    return unicodedata.normalize("NFC", completed.stdout.decode("utf-8"))


def pdf_text(data: bytes, *, layout: bool = True) -> str:
    """The PDF's text, NFC-normalised, pages separated by form feeds. With `layout` (default)
    the physical layout is kept (`pdftotext -layout`: columns side by side); without it the
    text comes in drawing order, so a table cell's wrapped lines stay together."""
    args = ["-layout"] if layout else []
    return _run_poppler("pdftotext", [*args, "-enc", "UTF-8", "-", "-"], data)


class PdfWord(NamedTuple):
    """A word and its box in points, origin at the top left of its page (1-based)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def pdf_words(data: bytes) -> list[PdfWord]:
    """Every word with its position (`pdftotext -bbox`), in reading order per page; lets
    tests check what is printed where (a table row, the caption under a QR code)."""
    output = _run_poppler("pdftotext", ["-bbox", "-enc", "UTF-8", "-", "-"], data)
    words = []
    for number, page in enumerate(output.split("<page ")[1:], start=1):
        for x0, y0, x1, y1, text in _WORD.findall(page):
            words.append(
                PdfWord(number, float(x0), float(y0), float(x1), float(y1), html.unescape(text))
            )
    return words


def pdf_page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Width and height of every page in PostScript points (`pdfinfo`)."""
    output = _run_poppler("pdfinfo", ["-f", "1", "-l", "100000", "-"], data)
    sizes = []
    for line in output.splitlines():
        # "Page    1 size: 419.528 x 595.276 pts (A5)"
        head, sep, rest = line.partition(" size:")
        if sep and head.startswith("Page"):
            width, _x, height = rest.split()[:3]
            sizes.append((float(width), float(height)))
    return sizes


def pdf_fonts(data: bytes) -> list[str]:
    """Names of the fonts used in the PDF (`pdffonts`), subset prefixes removed."""
    output = _run_poppler("pdffonts", ["-"], data)
    names = []
    for line in output.splitlines()[2:]:
        if line.strip():
            name = line.split()[0]
            names.append(name.split("+", 1)[-1])
    return names
