"""Sample slip contents for tests and for trying the templates by hand."""

from __future__ import annotations

import datetime as dt

from motcua.core.clock import VN_TZ
from motcua.slips.contents import (
    ApologySlip,
    ControlSlip,
    HandOver,
    MissingItem,
    Party,
    ReceiptSlip,
    RefusalSlip,
    SlipDocument,
    StopSlip,
    SupplementSlip,
    TrackingBook,
    TrackingBookRow,
)

CODE = "000.13.01.H09-241210-0007"
OFFICE = "Chi nhánh Trung tâm Phục vụ hành chính công tỉnh tại thành phố Dĩ An"
OFFICE_PARENT = "Trung tâm Phục vụ hành chính công tỉnh Bình Dương"
PROCEDURE = "Đăng ký khai sinh có yếu tố nước ngoài"
LOOKUP_URL = "http://127.0.0.1:8000/tra-cuu/000.13.01.H09-241210-0007?s=K7Q2-M9XD"


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """An aware datetime given in Vietnam wall time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


APPLICANT = Party(
    name="Nguyễn Thị Hồng Đào",
    id_number="074190001234",
    address="Số 12 đường Nguyễn Trãi, phường Dĩ An, thành phố Dĩ An, tỉnh Bình Dương",
    phone="0912 345 678",
    email="hongdao@example.vn",
)
REPRESENTATIVE = Party(name="Trần Văn Lực", id_number="074088005678", phone="0987 654 321")


def receipt(**changes: object) -> ReceiptSlip:
    values: dict[str, object] = {
        "dossier_code": CODE,
        "office": OFFICE,
        "office_parent": OFFICE_PARENT,
        "place": "Dĩ An",
        "applicant": APPLICANT,
        "representative": REPRESENTATIVE,
        "mandate": "Giấy ủy quyền số 15/2024/UQ ngày 05/12/2024",
        "procedure": PROCEDURE,
        "case": "Trẻ sinh ra tại Việt Nam",
        "documents": (
            SlipDocument(name="Tờ khai đăng ký khai sinh", originals=1, copies=0),
            SlipDocument(name="Giấy chứng sinh", originals=1, copies=0),
            SlipDocument(name="Văn bản thỏa thuận chọn quốc tịch cho con", originals=1, copies=1),
        ),
        "sets_count": 1,
        "time_limit_text": "05 ngày làm việc",
        "received_at": vn(2024, 12, 10, 14, 5),
        "due_at": vn(2024, 12, 17, 14, 5),
        "result_place": "Quầy số 3, Chi nhánh Dĩ An",
        "book_number": "Quyển số 01, số thứ tự 0007",
        "receiving_officer": "Lê Thị Ánh Tuyết",
        "lookup_url": LOOKUP_URL,
        "fees_text": "Lệ phí 50.000 đồng",
        "secret": "K7Q2-M9XD",
    }
    values.update(changes)
    return ReceiptSlip(**values)  # type: ignore[arg-type]


def supplement() -> SupplementSlip:
    return SupplementSlip(
        code="",
        office=OFFICE,
        office_parent=OFFICE_PARENT,
        place="Dĩ An",
        applicant=APPLICANT,
        procedure=PROCEDURE,
        items=(
            MissingItem(name="Giấy chứng sinh", reason="Chưa nộp bản chính"),
            MissingItem(
                name="Văn bản thỏa thuận chọn quốc tịch cho con",
                reason="Thiếu chữ ký của người cha",
            ),
            MissingItem(name="Bản dịch hộ chiếu của người mẹ", reason="Chưa được chứng thực"),
        ),
        officer="Lê Thị Ánh Tuyết",
        at=vn(2024, 12, 10, 9, 40),
        guidance="Liên hệ quầy số 3, điện thoại 0274 3822 123, giờ làm việc 07:30–17:00.",
    )


def refusal() -> RefusalSlip:
    return RefusalSlip(
        office=OFFICE,
        office_parent=OFFICE_PARENT,
        applicant=APPLICANT,
        procedure=PROCEDURE,
        reasons=(
            "Thủ tục không thuộc thẩm quyền giải quyết của tỉnh Bình Dương",
            "Trẻ đã được đăng ký khai sinh tại Ủy ban nhân dân phường Đông Hòa",
        ),
        officer="Lê Thị Ánh Tuyết",
        at=vn(2024, 12, 10, 10, 15),
    )


def apology() -> ApologySlip:
    return ApologySlip(
        code=CODE,
        agency="Sở Tư pháp",
        agency_parent="UBND tỉnh Bình Dương",
        place="Bình Dương",
        applicant=APPLICANT,
        procedure=PROCEDURE,
        received_at=vn(2024, 12, 10, 14, 5),
        old_due_at=vn(2024, 12, 17, 14, 5),
        new_due_at=vn(2024, 12, 20, 16, 0),
        reason="Cần xác minh thông tin quốc tịch với Cơ quan đại diện ở nước ngoài",
        at=vn(2024, 12, 16, 8, 30),
        signer="Phạm Quốc Hưng",
        signer_title="GIÁM ĐỐC",
    )


def stop() -> StopSlip:
    return StopSlip(
        code=CODE,
        office=OFFICE,
        office_parent=OFFICE_PARENT,
        place="Dĩ An",
        applicant=APPLICANT,
        procedure=PROCEDURE,
        received_at=vn(2024, 12, 10, 14, 5),
        requested_at=vn(2024, 12, 12, 8, 0),
        reason="Người nộp hồ sơ xin rút hồ sơ để bổ sung giấy tờ ở nước ngoài",
        at=vn(2024, 12, 12, 9, 30),
        officer="Lê Thị Ánh Tuyết",
    )


def control() -> ControlSlip:
    return ControlSlip(
        code=CODE,
        office=OFFICE,
        office_parent=OFFICE_PARENT,
        lead_agency="Sở Tư pháp",
        cooperating_agencies=("Công an tỉnh Bình Dương", "Sở Ngoại vụ"),
        received_at=vn(2024, 12, 10, 14, 5),
        due_at=vn(2024, 12, 17, 14, 5),
        rows=(
            HandOver(
                from_unit="Chi nhánh Dĩ An",
                from_person="Lê Thị Ánh Tuyết",
                to_unit="Phòng Hành chính tư pháp",
                to_person="Võ Minh Khôi",
                at=vn(2024, 12, 11, 8, 0),
                timeliness="on_time",
            ),
            HandOver(
                from_unit="Phòng Hành chính tư pháp",
                from_person="Võ Minh Khôi",
                to_unit="Lãnh đạo Sở Tư pháp",
                to_person="Phạm Quốc Hưng",
                at=vn(2024, 12, 16, 15, 30),
                timeliness="late",
                note="Chờ ý kiến Công an tỉnh",
            ),
            HandOver(
                from_unit="Lãnh đạo Sở Tư pháp",
                from_person="Phạm Quốc Hưng",
                to_unit="Chi nhánh Dĩ An",
                to_person="Lê Thị Ánh Tuyết",
                at=vn(2024, 12, 17, 9, 0),
                timeliness="Sớm hạn",
            ),
        ),
    )


def tracking_book(rows: int = 3) -> TrackingBook:
    names = ["Nguyễn Thị Hồng Đào", "Trần Văn Lực", "Đặng Thuỳ Dương", "Hồ Ngọc Ánh"]
    return TrackingBook(
        unit=OFFICE,
        unit_parent=OFFICE_PARENT,
        sector="Hộ tịch",
        year=2024,
        rows=tuple(
            TrackingBookRow(
                code=f"000.13.01.H09-241202-{i + 1:04d}",
                procedure=PROCEDURE,
                applicant=names[i % len(names)],
                address="Phường Dĩ An, thành phố Dĩ An",
                phone=f"0912 000 {i:03d}",
                lead_agency="Sở Tư pháp",
                received_at=vn(2024, 12, 2, 8, 15) + dt.timedelta(hours=5 * i),
                due_at=vn(2024, 12, 9, 8, 15) + dt.timedelta(hours=5 * i),
                returned_at=(
                    vn(2024, 12, 6, 10, 0) + dt.timedelta(hours=5 * i) if i % 2 == 0 else None
                ),
                collected_how="Trực tiếp" if i % 2 == 0 else "",
            )
            for i in range(rows)
        ),
    )
