from __future__ import annotations

from dataclasses import dataclass

import pytest

from motcua.accounts.models import Role, User
from motcua.catalog.models import FeeBasis, FeeExemption, FeeItem


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_outbox_kick(settings):
    settings.MOTCUA_OUTBOX_KICK = False


@dataclass(frozen=True)
class Fees:
    filing: FeeItem  # 50.000 đ per dossier
    copy: FeeItem  # 3.000 đ per copy
    exemption: FeeExemption  # of the filing fee
    desk_leader: User


@pytest.fixture
def w(db):
    from motcua.dossiers.tests.factories import world

    return world()


@pytest.fixture
def fees(w) -> Fees:
    from motcua.dossiers.tests.factories import staff

    filing, _ = FeeItem.objects.get_or_create(
        version=w.version,
        name="Lệ phí đăng ký",
        defaults={"amount": 50_000, "basis": FeeBasis.PER_DOSSIER, "order": 1},
    )
    copy, _ = FeeItem.objects.get_or_create(
        version=w.version,
        name="Phí cấp bản sao",
        defaults={"amount": 3_000, "basis": FeeBasis.PER_COPY, "order": 2},
    )
    exemption, _ = FeeExemption.objects.get_or_create(
        fee=filing,
        name="Người thuộc hộ nghèo",
        defaults={"legal_ground": "Điều 5 Thông tư 85/2019/TT-BTC"},
    )
    leader = staff("lanhdaotrungtam", Role.CENTER_LEADER, w.center, full_name="Trần Văn Bình")
    return Fees(filing=filing, copy=copy, exemption=exemption, desk_leader=leader)
