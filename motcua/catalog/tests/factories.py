"""Factories for the catalogue, reusable by other apps' tests.

`ProcedureVersionFactory()` (typed shortcut: `make_version()`) publishes (through `procedure_publish`, so every invariant and the
search columns hold) a provincial procedure of Sở Tư pháp with a 4-step internal process
(receiving 4 h → specialist 16 h → unit head 8 h → returning 4 h = 32 h ≤ 5 working days),
two required documents (one with a form), a fee with an exemption, one case "TH1" with its own
document and e-form fields. Override any part of the JSON format by keyword:

    version = make_version(national_code="1.000001", time_limit={"value": 3, "unit": "working_days"})
    version = ProcedureVersionFactory(name="Đăng ký khai sinh", level="commune", implementing_agency=None)

`procedure_dict(**overrides)` returns the same procedure as a dict of the JSON format.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import factory

from motcua.catalog.models import Field, ProcedureVersion, PublicationDecision
from motcua.organization.models import Unit, UnitKind, UnitLevel

AT = dt.datetime(2024, 12, 10, 9, 0, tzinfo=dt.UTC)

UNITS = {
    "000.00.00.H09": ("UBND tỉnh Bình Dương", UnitKind.PROVINCE, UnitLevel.PROVINCE, None),
    "000.00.10.H09": ("Sở Tư pháp", UnitKind.AGENCY, UnitLevel.PROVINCE, "000.00.00.H09"),
    "000.01.10.H09": (
        "Phòng Hành chính tư pháp",
        UnitKind.SUBUNIT,
        UnitLevel.PROVINCE,
        "000.00.10.H09",
    ),
    "000.00.41.H09": ("Công an tỉnh Bình Dương", UnitKind.AGENCY, UnitLevel.CENTRAL, None),
    "000.00.42.H09": ("Bảo hiểm xã hội tỉnh Bình Dương", UnitKind.AGENCY, UnitLevel.CENTRAL, None),
    "000.00.12.H09": (
        "Sở Tài nguyên và Môi trường",
        UnitKind.AGENCY,
        UnitLevel.PROVINCE,
        "000.00.00.H09",
    ),
}


def unit(code: str) -> Unit:
    """One of the demo units of the team brief (created if missing)."""
    name, kind, level, parent = UNITS[code]
    obj, _ = Unit.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "level": level,
            "parent": unit(parent) if parent else None,
            "valid_from": dt.date(2020, 1, 1),
        },
    )
    return obj


def ensure_units() -> None:
    for code in UNITS:
        unit(code)


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = "HCTP"
    name = "Hành chính tư pháp"


class PublicationDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicationDecision
        django_get_or_create = ("number", "decision_date")

    number = factory.Sequence(lambda n: f"{100 + n}/QĐ-UBND")
    decision_date = dt.date(2024, 12, 1)
    issuer = "Chủ tịch UBND tỉnh Bình Dương"
    effective_date = dt.date(2024, 12, 10)


def procedure_dict(**overrides: Any) -> dict[str, Any]:
    """A complete provincial procedure in the JSON format; keys may be overridden."""
    data: dict[str, Any] = {
        "national_code": "1.000001",
        "local_code": "",
        "name": "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam",
        "field": "HCTP",
        "level": "province",
        "implementing_agency": "000.00.10.H09",
        "deciding_agency": "000.00.10.H09",
        "cooperating_agencies": ["000.00.41.H09"],
        "lead_agency": None,
        "applicant_types": ["individual"],
        "channels": ["counter", "online", "post"],
        "online_level": "full",
        "time_limit": {"value": 5, "unit": "working_days"},
        "after_cutoff_next_day": True,
        "steps": [
            "Bước 1: Nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh.",
            "Bước 2: Sở Tư pháp tra cứu, xác minh và cấp phiếu.",
            "Bước 3: Nhận kết quả.",
        ],
        "conditions": "",
        "result": {"name": "Phiếu lý lịch tư pháp", "paper": True, "electronic": True},
        "legal_basis": [
            {"number": "Luật Lý lịch tư pháp số 28/2009/QH12", "date": "2009-06-17", "title": ""}
        ],
        "forms": [
            {"name": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "filename": "to-khai-lltp.docx"}
        ],
        "cases": [
            {"code": "TH1", "name": "Người nước ngoài đã cư trú tại Việt Nam", "time_limit": None}
        ],
        "documents": [
            {
                "name": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
                "originals": 1,
                "copies": 0,
                "mandatory": True,
                "reusable": False,
                "case": None,
                "form": "to-khai-lltp.docx",
            },
            {
                "name": "Căn cước công dân",
                "originals": 0,
                "copies": 1,
                "mandatory": True,
                "reusable": True,
                "case": None,
                "form": None,
            },
            {
                "name": "Hộ chiếu",
                "originals": 0,
                "copies": 1,
                "mandatory": True,
                "reusable": False,
                "case": "TH1",
                "form": None,
            },
        ],
        "fees": [
            {
                "name": "Phí cung cấp thông tin lý lịch tư pháp",
                "amount": 200000,
                "basis": "per_dossier",
                "case": None,
                "exemptions": [
                    "Trẻ em",
                    {
                        "name": "Người có công với cách mạng",
                        "legal_ground": "Thông tư 244/2016/TT-BTC",
                    },
                ],
            }
        ],
        "eform": [
            {
                "name": "full_name",
                "label": "Họ và tên",
                "type": "text",
                "required": True,
                "choices": [],
                "pattern": "",
            },
            {
                "name": "purpose",
                "label": "Mục đích sử dụng phiếu",
                "type": "select",
                "required": True,
                "choices": ["Xin việc", "Du học"],
                "pattern": "",
            },
        ],
        "process": [
            {
                "role": "receiving",
                "agency": None,
                "unit": None,
                "budget_hours": 4,
                "description": "Tiếp nhận, số hóa hồ sơ",
                "case": None,
            },
            {
                "role": "specialist",
                "agency": "000.00.10.H09",
                "unit": "000.01.10.H09",
                "budget_hours": 16,
                "description": "Thẩm định, tra cứu",
                "case": None,
            },
            {
                "role": "unit_head",
                "agency": "000.00.10.H09",
                "unit": "000.01.10.H09",
                "budget_hours": 8,
                "description": "Xem xét, trình ký",
                "case": None,
            },
            {
                "role": "returning",
                "agency": None,
                "unit": None,
                "budget_hours": 4,
                "description": "Trả kết quả",
                "case": None,
            },
        ],
        "effective_from": "2024-12-10",
        "decision": None,
    }
    data.update(overrides)
    return data


class ProcedureVersionFactory(factory.Factory):
    """Publishes a procedure through the service; keyword arguments override JSON parts."""

    class Meta:
        model = ProcedureVersion

    national_code = factory.Sequence(lambda n: f"1.{n + 1:06d}")

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> ProcedureVersion:
        from motcua.catalog.services import procedure_data_from_dict, procedure_publish

        ensure_units()
        FieldFactory()
        decision = kwargs.pop("decision_obj", None)
        at = kwargs.pop("at", AT)
        by = kwargs.pop("by", None)
        data = procedure_data_from_dict(procedure_dict(**kwargs))
        return procedure_publish(data=data, decision=decision, by=by, at=at)

    @classmethod
    def _build(cls, model_class: type, *args: Any, **kwargs: Any) -> ProcedureVersion:
        raise NotImplementedError("ProcedureVersionFactory only creates (through the service).")


def make_version(**overrides: Any) -> ProcedureVersion:
    """Typed shortcut for ProcedureVersionFactory(**overrides)."""
    return cast(ProcedureVersion, ProcedureVersionFactory(**overrides))


def make_decision(**overrides: Any) -> PublicationDecision:
    """Typed shortcut for PublicationDecisionFactory(**overrides)."""
    return cast(PublicationDecision, PublicationDecisionFactory(**overrides))
