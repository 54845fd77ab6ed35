from __future__ import annotations

import datetime as dt

import factory

from motcua.organization.models import Unit, UnitKind, UnitLevel

FOUNDED = dt.date(2024, 12, 10)


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    kind = UnitKind.AGENCY
    level = UnitLevel.PROVINCE
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    code = factory.Sequence(lambda n: f"999.{n // 100:02d}.{n % 100:02d}.T01")
    valid_from = dt.date(2000, 1, 1)


class ProvinceFactory(UnitFactory):
    kind = UnitKind.PROVINCE
    name = factory.Sequence(lambda n: f"UBND tỉnh Thử nghiệm {n}")


class CenterFactory(UnitFactory):
    kind = UnitKind.CENTER
    name = factory.Sequence(lambda n: f"Trung tâm Phục vụ hành chính công tỉnh Thử nghiệm {n}")
    parent = factory.SubFactory(ProvinceFactory)
    valid_from = FOUNDED


class BranchFactory(UnitFactory):
    kind = UnitKind.BRANCH
    name = factory.Sequence(lambda n: f"Chi nhánh Số {n}")
    parent = factory.SubFactory(CenterFactory)
    valid_from = FOUNDED


class DepartmentFactory(UnitFactory):
    kind = UnitKind.DEPARTMENT
    name = factory.Sequence(lambda n: f"Phòng Số {n}")
    parent = factory.SubFactory(CenterFactory)
    valid_from = FOUNDED


class SubunitFactory(UnitFactory):
    kind = UnitKind.SUBUNIT
    name = factory.Sequence(lambda n: f"Phòng nghiệp vụ {n}")
    parent = factory.SubFactory(UnitFactory)
