import shutil
import struct
import zlib

import pytest
from django.test import override_settings

from motcua.core import pdf as pdf_module
from motcua.core.pdf import (
    PdfToolMissing,
    local_url_fetcher,
    pdf_fonts,
    pdf_page_sizes,
    pdf_text,
    render_html_pdf,
    render_pdf,
)
from motcua.core.qr import qr_matrix, qr_png, qr_svg

A5 = (419.53, 595.28)

PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@page { size: A5; margin: 12mm }
body { font-family: "Noto Serif", serif; }
.sans { font-family: "Noto Sans", sans-serif; }
</style></head><body>
<h1>{{ title }}</h1><p>Người nộp: {{ name }}</p><p class="sans">{{ note }}</p>
</body></html>"""

LOCMEM_TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [("django.template.loaders.locmem.Loader", {"test/page.html": PAGE})]
        },
    }
]


def render_page(**context: str) -> bytes:
    values = {"title": "Tiêu đề", "name": "", "note": ""}
    values.update(context)
    with override_settings(TEMPLATES=LOCMEM_TEMPLATES):
        return render_pdf("test/page.html", values)


def test_a_rendered_template_reads_back_with_every_vietnamese_diacritic():
    data = render_page(
        title="HẸN TRẢ KẾT QUẢ",
        name="Nguyễn Thị Hồng Đào",
        note="Lý Thị Ỷ Lan, Vũ Ngọc Ẫn, Phạm Thị Ửng, Đỗ Đức Dưỡng",
    )

    text = pdf_text(data)

    assert data.startswith(b"%PDF-")
    assert "HẸN TRẢ KẾT QUẢ" in text
    assert "Người nộp: Nguyễn Thị Hồng Đào" in text
    assert "Lý Thị Ỷ Lan, Vũ Ngọc Ẫn, Phạm Thị Ửng, Đỗ Đức Dưỡng" in text


def test_decomposed_input_is_printed_and_extracted_as_precomposed_text():
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Ho\u0302\u0300ng Đa\u0300o"

    text = pdf_text(render_page(name=decomposed))

    assert "Nguyễn Thị Hồng Đào" in text


def test_css_font_families_resolve_to_the_installed_noto_fonts_and_are_embedded():
    fonts = pdf_fonts(render_page(name="Đào", note="chữ không chân"))

    assert any(name.startswith("Noto-Serif") or name.startswith("NotoSerif") for name in fonts)
    assert any(name.startswith("Noto-Sans") or name.startswith("NotoSans") for name in fonts)


def test_page_size_comes_from_the_css_page_rule():
    sizes = pdf_page_sizes(render_page())

    assert len(sizes) == 1
    assert sizes[0] == pytest.approx(A5, abs=0.1)


def test_text_without_layout_keeps_drawing_order():
    data = render_html_pdf(
        '<html><body style="font-family: Noto Serif"><p>một</p><p>hai</p></body></html>'
    )

    assert pdf_text(data, layout=False).split() == ["một", "hai"]


def test_the_url_fetcher_refuses_network_addresses_but_reads_data_uris():
    fetcher = local_url_fetcher()

    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("http://127.0.0.1:9/logo.png")
    assert fetcher.fetch("data:text/plain,xin%20ch%C3%A0o").read() == "xin chào".encode()


def test_a_missing_poppler_tool_fails_with_a_message_saying_how_to_install_it(monkeypatch):
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)

    with pytest.raises(PdfToolMissing, match="scripts/system-deps.sh"):
        pdf_text(b"%PDF-1.7")


def test_reading_something_that_is_not_a_pdf_raises():
    assert shutil.which("pdftotext"), "pdftotext missing: run scripts/system-deps.sh"

    with pytest.raises(ValueError, match="pdftotext"):
        pdf_text(b"not a pdf")


def test_qr_svg_is_an_inline_svg_of_the_requested_size_and_depends_on_the_data():
    first = qr_svg("http://127.0.0.1:8000/tra-cuu/A", size_mm=24, title="Tra cứu")
    second = qr_svg("http://127.0.0.1:8000/tra-cuu/B", size_mm=24, title="Tra cứu")

    assert first.startswith('<svg width="24mm" height="24mm" ')
    assert "<title>Tra cứu</title>" in first
    assert first != second


def test_qr_matrix_has_finder_patterns_in_three_corners():
    matrix = qr_matrix("http://127.0.0.1:8000/tra-cuu/000.13.01.H09-241210-0007")
    size = len(matrix)

    assert size >= 21 and (size - 21) % 4 == 0
    for top, left in ((0, 0), (0, size - 7), (size - 7, 0)):
        ring = [matrix[top][left + i] for i in range(7)] + [
            matrix[top + 6][left + i] for i in range(7)
        ]
        assert all(ring)
        assert matrix[top + 3][left + 3]  # the finder's centre
        assert not matrix[top + 1][left + 1]  # its white ring


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_qr_png_is_a_png_scaled_by_modules():
    url = "http://127.0.0.1:8000/tra-cuu/A"
    modules = len(qr_matrix(url))

    data = qr_png(url, scale=5, border=4)

    assert png_size(data) == ((modules + 8) * 5, (modules + 8) * 5)
    assert zlib.crc32(data) != zlib.crc32(qr_png(url + "B", scale=5, border=4))


def test_qr_of_empty_data_is_refused():
    with pytest.raises(ValueError, match="non-empty"):
        qr_svg("")
