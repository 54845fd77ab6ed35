"""Demo catalogue: real procedures of a province (Bình Dương), loaded through the importer.

The facts live in ``data/demo_catalog.json`` (format "motcua.catalog/1", built by
``data/build_demo_catalog.py``; sources and what is illustrative are in ``data/README.md``).
The downloadable forms are small .docx files generated here at load time (a Vietnamese title,
the procedure's fields with blanks to fill, a signature block), never committed binaries; the
importer stores them in the default storage with the procedure's forms.

Idempotent: a second load finds every version unchanged and writes nothing new. When the data
file changed, the demo versions are corrected in place (import with ``replace=True``).
Requires the demo units (``motcua.organization.demo.load``) to exist.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any

from motcua.catalog.importexport import import_dict
from motcua.core import clock

DATA_FILE = Path(__file__).resolve().parent / "data" / "demo_catalog.json"

_NOTICE = (
    "Mẫu minh họa do hệ thống tạo cho dữ liệu trình diễn; khi nộp hồ sơ thật, sử dụng mẫu "
    "ban hành kèm văn bản quy phạm pháp luật nêu tại mục căn cứ pháp lý của thủ tục."
)
_GENERIC_FIELDS = [
    "Họ, chữ đệm, tên người yêu cầu",
    "Ngày, tháng, năm sinh",
    "Số định danh cá nhân / CCCD",
    "Nơi cư trú",
    "Số điện thoại",
]


def catalog_data() -> dict[str, Any]:
    """The demo catalogue as decoded JSON."""
    data: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return data


def _recipient(procedure: dict[str, Any]) -> str:
    if procedure["level"] == "commune":
        return "Ủy ban nhân dân xã/phường/thị trấn ...................."
    names = {
        "000.00.10.H09": "Sở Tư pháp tỉnh Bình Dương",
        "000.00.11.H09": "Sở Kế hoạch và Đầu tư tỉnh Bình Dương (Phòng Đăng ký kinh doanh)",
        "000.00.12.H09": "Văn phòng Đăng ký đất đai tỉnh Bình Dương",
        "000.00.13.H09": "Sở Xây dựng tỉnh Bình Dương",
        "000.00.14.H09": "Sở Giao thông vận tải tỉnh Bình Dương",
        "000.00.15.H09": "Sở Y tế tỉnh Bình Dương",
        "000.00.16.H09": "Sở Giáo dục và Đào tạo tỉnh Bình Dương",
        "000.00.17.H09": "Sở Lao động - Thương binh và Xã hội tỉnh Bình Dương",
        "000.00.18.H09": "Sở Công Thương tỉnh Bình Dương",
        "000.00.20.H09": "Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Dương",
        "000.00.41.H09": "Cơ quan đăng ký cư trú (Công an xã/phường/thị trấn ....................)",
        "000.00.42.H09": "Bảo hiểm xã hội tỉnh Bình Dương",
    }
    return names.get(procedure.get("implementing_agency") or "", "....................")


def form_document(*, title: str, procedure: dict[str, Any]) -> bytes:
    """A small .docx for one form: national motto, title, addressee, fields, signature."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    def centered(text: str, *, bold: bool = False, size: int = 13) -> None:
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)

    centered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    centered("Độc lập - Tự do - Hạnh phúc", bold=True)
    centered("")
    centered(title.upper(), bold=True, size=14)
    centered(f"(Thủ tục: {procedure['name']})", size=12)
    doc.add_paragraph(f"Kính gửi: {_recipient(procedure)}")

    labels = [f["label"] for f in procedure.get("eform") or []] or _GENERIC_FIELDS
    for label in labels:
        doc.add_paragraph(f"{label}: " + "." * max(20, 70 - len(label)))
    doc.add_paragraph(
        "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước "
        "pháp luật về cam đoan của mình."
    )
    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.add_run("........, ngày ...... tháng ...... năm ........\n")
    sign.add_run("NGƯỜI YÊU CẦU\n").bold = True
    sign.add_run("(Ký, ghi rõ họ, chữ đệm, tên)")
    note = doc.add_paragraph()
    note_run = note.add_run(_NOTICE)
    note_run.italic = True
    note_run.font.size = Pt(10)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_forms(data: dict[str, Any], directory: Path) -> list[Path]:
    """Generate every form file named in the catalogue into `directory` (once per filename)."""
    written: list[Path] = []
    for procedure in data["procedures"]:
        for form in procedure.get("forms") or []:
            path = directory / form["filename"]
            if path.exists():
                continue
            path.write_bytes(form_document(title=form["name"], procedure=procedure))
            written.append(path)
    return written


def load() -> None:
    """Load the demo catalogue (fields, decisions, procedures with forms). Idempotent."""
    data = catalog_data()
    with tempfile.TemporaryDirectory(prefix="motcua-demo-forms-") as tmp:
        forms_dir = Path(tmp)
        write_forms(data, forms_dir)
        import_dict(data, by=None, at=clock.now(), replace=True, forms_dir=forms_dir)
