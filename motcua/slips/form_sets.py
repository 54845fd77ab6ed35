"""Which legal form each slip is, per rule set: the number printed at the top ("Mẫu số 01"),
the title, and the line citing the circular that issued it.

The rule set is chosen by the dossier app from the date the dossier was received (DOMAIN.md
§3): "2018" = Circular 01/2018/TT-VPCP (six forms, under Decree 61/2018), "2025" = Circular
03/2025/TT-VPCP (seven forms, under Decree 118/2025).

The stop-processing notice (withdrawal) is a form only in the 2025 set. Decree 61/2018 lets
the applicant withdraw too, but Circular 01/2018 gives no form for the notice, so for a 2018
dossier it is printed with the same title and neither form number nor circular line
(`number is None`): an ordinary notice of the office, not a claimed official form.

The 2025 apology title follows the name Appendix I of Circular 03/2025 gives the form
("Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"); check it against the printed form
before relying on the exact heading — it is data here, not code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from motcua.slips.contents import SlipKind

RuleSet = Literal["2018", "2025"]


@dataclass(frozen=True)
class FormSpec:
    number: str | None  # "01" … printed as "Mẫu số 01"; None: not a numbered form in this set
    title: str  # printed in capitals
    reference: str  # "Ban hành kèm theo …"; empty when `number` is None

    @property
    def number_label(self) -> str:
        return f"Mẫu số {self.number}" if self.number else ""


_REF_2018 = "Ban hành kèm theo Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ"
_REF_2025 = "Ban hành kèm theo Thông tư số 03/2025/TT-VPCP ngày 15/09/2025 của Văn phòng Chính phủ"

_RECEIPT = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
_SUPPLEMENT = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
_REFUSAL = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
_STOP = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"
_CONTROL = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
_BOOK = "SỔ THEO DÕI HỒ SƠ"

FORM_SETS: dict[str, dict[SlipKind, FormSpec]] = {
    "2018": {
        SlipKind.RECEIPT: FormSpec("01", _RECEIPT, _REF_2018),
        SlipKind.SUPPLEMENT: FormSpec("02", _SUPPLEMENT, _REF_2018),
        SlipKind.REFUSAL: FormSpec("03", _REFUSAL, _REF_2018),
        SlipKind.APOLOGY: FormSpec("04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", _REF_2018),
        SlipKind.STOP: FormSpec(None, _STOP, ""),
        SlipKind.CONTROL: FormSpec("05", _CONTROL, _REF_2018),
        SlipKind.TRACKING_BOOK: FormSpec("06", _BOOK, _REF_2018),
    },
    "2025": {
        SlipKind.RECEIPT: FormSpec("01", _RECEIPT, _REF_2025),
        SlipKind.SUPPLEMENT: FormSpec("02", _SUPPLEMENT, _REF_2025),
        SlipKind.REFUSAL: FormSpec("03", _REFUSAL, _REF_2025),
        SlipKind.APOLOGY: FormSpec(
            "04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", _REF_2025
        ),
        SlipKind.STOP: FormSpec("05", _STOP, _REF_2025),
        SlipKind.CONTROL: FormSpec("06", _CONTROL, _REF_2025),
        SlipKind.TRACKING_BOOK: FormSpec("07", _BOOK, _REF_2025),
    },
}


def form_spec(kind: SlipKind, rule_set: str) -> FormSpec:
    """The form of `kind` in `rule_set`; ValueError for an unknown rule set."""
    try:
        forms = FORM_SETS[rule_set]
    except KeyError:
        known = ", ".join(sorted(FORM_SETS))
        raise ValueError(f"Unknown rule set {rule_set!r}; known: {known}.") from None
    return forms[SlipKind(kind)]
