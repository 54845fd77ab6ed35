"""What each legal slip prints, as plain typed values (no Django models).

The dossier app builds these from its own records and calls `motcua.slips.render`. Every
datetime must be timezone-aware; slips print it in Asia/Ho_Chi_Minh as "hh:mm, ngày dd/mm/yyyy".
Text is printed as given (escaped); empty optional fields leave their line out or blank.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass


class SlipKind(enum.StrEnum):
    """The slips and books of the one-stop desk (DOMAIN.md §3)."""

    RECEIPT = "receipt"  # Giấy tiếp nhận hồ sơ và hẹn trả kết quả
    SUPPLEMENT = "supplement"  # Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
    REFUSAL = "refusal"  # Phiếu từ chối tiếp nhận giải quyết hồ sơ
    APOLOGY = "apology"  # Phiếu xin lỗi và hẹn lại ngày trả kết quả (2025: ... gia hạn)
    STOP = "stop"  # Thông báo dừng giải quyết hồ sơ (withdrawal; a form only in the 2025 set)
    CONTROL = "control"  # Phiếu kiểm soát quá trình giải quyết hồ sơ
    TRACKING_BOOK = "tracking_book"  # Sổ theo dõi hồ sơ


# Labels of motcua.worktime.models.Timeliness values ("early", "on_time", "late"); a HandOver
# may carry either the value or the label.
TIMELINESS_LABELS = {"early": "Sớm hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}


@dataclass(frozen=True, kw_only=True)
class Party:
    """An applicant (person or organisation) or an authorised representative."""

    name: str
    id_number: str = ""  # 12-digit citizen ID (CCCD) or tax code
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, kw_only=True)
class SlipDocument:
    """One document handed in: its name and how many originals and copies."""

    name: str
    originals: int = 0
    copies: int = 0


@dataclass(frozen=True, kw_only=True)
class MissingItem:
    """One thing the applicant must add or correct, with the reason."""

    name: str
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class HandOver:
    """One row of the control slip: who handed the dossier to whom, when, and whether the
    step that ended with this hand-over finished early, on time or late."""

    from_unit: str
    from_person: str = ""
    to_unit: str
    to_person: str = ""
    at: dt.datetime
    timeliness: str | None = None  # "early"/"on_time"/"late" or its label; None: not judged
    note: str = ""

    @property
    def timeliness_label(self) -> str:
        if self.timeliness is None:
            return ""
        return TIMELINESS_LABELS.get(str(self.timeliness), str(self.timeliness))


@dataclass(frozen=True, kw_only=True)
class ReceiptSlip:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

    dossier_code: str
    office: str  # the receiving unit (Bộ phận Một cửa / Chi nhánh ...)
    office_parent: str = ""  # its governing body, printed above it (tên cơ quan chủ quản)
    place: str = ""  # place name of the date line ("Bình Dương, ngày ...")
    applicant: Party
    representative: Party | None = None
    mandate: str = ""  # the authorisation document of the representative
    procedure: str
    case: str = ""
    documents: Sequence[SlipDocument] = ()
    sets_count: int = 1
    time_limit_text: str  # "05 ngày làm việc"
    received_at: dt.datetime
    due_at: dt.datetime
    result_place: str
    book_number: str = ""  # entry in the tracking book ("Quyển số 01, số thứ tự 0007")
    receiving_officer: str
    lookup_url: str  # encoded in the QR code
    fees_text: str = ""
    secret: str = ""  # look-up secret the citizen types with the code


@dataclass(frozen=True, kw_only=True)
class SupplementSlip:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: every missing item at once."""

    code: str = ""  # empty when the dossier was not received (no code yet)
    office: str
    office_parent: str = ""
    place: str = ""
    applicant: Party
    procedure: str
    items: Sequence[MissingItem]
    officer: str
    at: dt.datetime
    guidance: str = ""  # whom to ask, phone, opening hours


@dataclass(frozen=True, kw_only=True)
class RefusalSlip:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ."""

    code: str = ""
    office: str
    office_parent: str = ""
    place: str = ""
    applicant: Party
    procedure: str
    reasons: Sequence[str]
    officer: str
    at: dt.datetime


@dataclass(frozen=True, kw_only=True)
class ApologySlip:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả, signed by the head of the agency late."""

    code: str
    agency: str
    agency_parent: str = ""
    place: str = ""
    applicant: Party
    procedure: str
    received_at: dt.datetime
    old_due_at: dt.datetime
    new_due_at: dt.datetime
    reason: str
    at: dt.datetime
    signer: str = ""
    signer_title: str = "THỦ TRƯỞNG CƠ QUAN"


@dataclass(frozen=True, kw_only=True)
class StopSlip:
    """Notice to stop processing after the applicant withdrew the dossier."""

    code: str
    office: str
    office_parent: str = ""
    place: str = ""
    applicant: Party
    procedure: str
    received_at: dt.datetime
    requested_at: dt.datetime | None = None  # when the applicant asked to withdraw
    reason: str
    at: dt.datetime
    officer: str


@dataclass(frozen=True, kw_only=True)
class ControlSlip:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ, one row per hand-over."""

    code: str
    office: str = ""  # unit that received the dossier (header)
    office_parent: str = ""
    lead_agency: str
    cooperating_agencies: Sequence[str] = ()
    received_at: dt.datetime
    due_at: dt.datetime
    rows: Sequence[HandOver]


@dataclass(frozen=True, kw_only=True)
class TrackingBookRow:
    """One dossier in the tracking book; its number comes from its position (01, 02, …)."""

    code: str
    procedure: str
    applicant: str
    address: str = ""
    phone: str = ""
    lead_agency: str = ""
    received_at: dt.datetime
    due_at: dt.datetime
    returned_at: dt.datetime | None = None
    collected_how: str = ""  # "Trực tiếp", "Bưu chính", "Trực tuyến", …
    note: str = ""

    @property
    def address_phone(self) -> str:
        return "; ".join(part for part in (self.address, self.phone) if part)


@dataclass(frozen=True, kw_only=True)
class TrackingBook:
    """Sổ theo dõi hồ sơ of one unit, sector and year."""

    unit: str
    unit_parent: str = ""
    sector: str
    year: int
    rows: Sequence[TrackingBookRow]


Slip = ReceiptSlip | SupplementSlip | RefusalSlip | ApologySlip | StopSlip | ControlSlip
