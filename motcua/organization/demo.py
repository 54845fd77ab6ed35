"""Demo organisation: Bình Dương before the 2025 reorganisation, with the merger example.

The unit codes below are a contract other apps' demo data refer to (see the team brief):
they follow the shape of Decision 20/2020/QĐ-TTg but are demo values. Idempotent: units by
code, posts by (unit, holder, post, start), counters by (site, number), the delegation by
(unit, delegator, delegate, start) — a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from motcua.accounts.demo import person
from motcua.organization.models import (
    Counter,
    Delegation,
    Position,
    PositionKind,
    Unit,
    UnitKind,
    UnitLevel,
)
from motcua.organization.services import (
    counter_create,
    counter_update,
    delegation_create,
    position_appoint,
)

K = UnitKind
L = UnitLevel
P = PositionKind

CENTER_FROM = dt.date(2024, 12, 10)  # QĐ 58/2024/QĐ-UBND in force
MERGER_LAST_DAY = dt.date(2025, 6, 30)  # no district level from 2025-07-01
MERGER_FIRST_DAY = dt.date(2025, 7, 1)

PROVINCE = "000.00.00.H09"
CENTER = "000.00.01.H09"


@dataclass(frozen=True)
class U:
    code: str
    name: str
    kind: str
    level: str
    parent: str | None
    valid_from: dt.date
    short_name: str = ""
    valid_to: dt.date | None = None
    successor: str | None = None


_AGENCY_FROM = dt.date(2008, 4, 1)
_SUB_FROM = dt.date(2015, 1, 1)
_COMMUNE_FROM = dt.date(2000, 1, 1)

_BRANCHES = (
    ("000.11.01.H09", "Thủ Dầu Một"),
    ("000.12.01.H09", "Thuận An"),
    ("000.13.01.H09", "Dĩ An"),
    ("000.14.01.H09", "Bến Cát"),
    ("000.15.01.H09", "Tân Uyên"),
    ("000.16.01.H09", "Dầu Tiếng"),
    ("000.17.01.H09", "Phú Giáo"),
    ("000.18.01.H09", "Bàu Bàng"),
    ("000.19.01.H09", "Bắc Tân Uyên"),
)

_AGENCIES = (
    ("000.00.10.H09", "Sở Tư pháp", "STP"),
    ("000.00.11.H09", "Sở Kế hoạch và Đầu tư", "SKHĐT"),
    ("000.00.12.H09", "Sở Tài nguyên và Môi trường", "STNMT"),
    ("000.00.13.H09", "Sở Xây dựng", "SXD"),
    ("000.00.14.H09", "Sở Giao thông vận tải", "SGTVT"),
    ("000.00.15.H09", "Sở Y tế", "SYT"),
    ("000.00.16.H09", "Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("000.00.17.H09", "Sở Lao động - Thương binh và Xã hội", "SLĐTBXH"),
    ("000.00.18.H09", "Sở Công Thương", "SCT"),
    ("000.00.19.H09", "Sở Nông nghiệp và Phát triển nông thôn", "SNNPTNT"),
    ("000.00.20.H09", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("000.00.21.H09", "Sở Thông tin và Truyền thông", "STTTT"),
    ("000.00.22.H09", "Sở Tài chính", "STC"),
    ("000.00.23.H09", "Sở Nội vụ", "SNV"),
    ("000.00.24.H09", "Sở Khoa học và Công nghệ", "SKHCN"),
)

UNITS: tuple[U, ...] = (
    U(
        PROVINCE,
        "UBND tỉnh Bình Dương",
        K.PROVINCE,
        L.PROVINCE,
        None,
        dt.date(1997, 1, 1),
        "UBND tỉnh",
    ),
    U(
        CENTER,
        "Trung tâm Phục vụ hành chính công tỉnh Bình Dương",
        K.CENTER,
        L.PROVINCE,
        PROVINCE,
        CENTER_FROM,
        "TTPVHCC",
    ),
    U(
        "000.01.01.H09",
        "Phòng Kiểm soát TTHC",
        K.DEPARTMENT,
        L.PROVINCE,
        CENTER,
        CENTER_FROM,
        "Phòng KSTTHC",
    ),
    U(
        "000.02.01.H09",
        "Phòng Tiếp nhận, số hóa hồ sơ, giải quyết TTHC",
        K.DEPARTMENT,
        L.PROVINCE,
        CENTER,
        CENTER_FROM,
        "Phòng Tiếp nhận",
    ),
    U(
        "000.03.01.H09",
        "Phòng Quản lý hệ thống và Phát triển ứng dụng",
        K.DEPARTMENT,
        L.PROVINCE,
        CENTER,
        CENTER_FROM,
        "Phòng QLHT",
    ),
    U("000.04.01.H09", "Văn phòng", K.DEPARTMENT, L.PROVINCE, CENTER, CENTER_FROM, "Văn phòng"),
    *(
        U(code, f"Chi nhánh {name}", K.BRANCH, L.PROVINCE, CENTER, CENTER_FROM, f"CN {name}")
        for code, name in _BRANCHES
    ),
    *(
        U(code, name, K.AGENCY, L.PROVINCE, PROVINCE, _AGENCY_FROM, short)
        for code, name, short in _AGENCIES
    ),
    U(
        "000.00.40.H09",
        "Cục Thuế tỉnh Bình Dương",
        K.AGENCY,
        L.CENTRAL,
        None,
        _AGENCY_FROM,
        "Cục Thuế",
    ),
    U(
        "000.00.41.H09",
        "Công an tỉnh Bình Dương",
        K.AGENCY,
        L.CENTRAL,
        None,
        _AGENCY_FROM,
        "Công an tỉnh",
    ),
    U(
        "000.00.42.H09",
        "Bảo hiểm xã hội tỉnh Bình Dương",
        K.AGENCY,
        L.CENTRAL,
        None,
        _AGENCY_FROM,
        "BHXH tỉnh",
    ),
    U(
        "000.01.10.H09",
        "Phòng Hành chính tư pháp",
        K.SUBUNIT,
        L.PROVINCE,
        "000.00.10.H09",
        _SUB_FROM,
        "Phòng HCTP",
    ),
    U(
        "000.01.11.H09",
        "Phòng Đăng ký kinh doanh",
        K.SUBUNIT,
        L.PROVINCE,
        "000.00.11.H09",
        _SUB_FROM,
        "Phòng ĐKKD",
    ),
    U(
        "000.01.12.H09",
        "Văn phòng Đăng ký đất đai",
        K.SUBUNIT,
        L.PROVINCE,
        "000.00.12.H09",
        _SUB_FROM,
        "VP ĐKĐĐ",
    ),
    U(
        "000.02.12.H09",
        "Chi cục Quản lý đất đai",
        K.SUBUNIT,
        L.PROVINCE,
        "000.00.12.H09",
        _SUB_FROM,
        "CC QLĐĐ",
    ),
    U(
        "000.01.13.H09",
        "Phòng Quản lý hoạt động xây dựng",
        K.SUBUNIT,
        L.PROVINCE,
        "000.00.13.H09",
        _SUB_FROM,
        "Phòng QLHĐXD",
    ),
    U(
        "000.01.14.H09",
        "Phòng Quản lý vận tải, phương tiện và người lái",
        K.SUBUNIT,
        L.PROVINCE,
        "000.00.14.H09",
        _SUB_FROM,
        "Phòng QLVT-PT-NL",
    ),
    U(
        "000.01.15.H09",
        "Phòng Nghiệp vụ Dược",
        K.SUBUNIT,
        L.PROVINCE,
        "000.00.15.H09",
        _SUB_FROM,
        "Phòng NVD",
    ),
    U(
        "000.01.17.H09",
        "Phòng Việc làm - An toàn lao động",
        K.SUBUNIT,
        L.PROVINCE,
        "000.00.17.H09",
        _SUB_FROM,
        "Phòng VL-ATLĐ",
    ),
    U(
        "000.01.41.H09",
        "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
        K.SUBUNIT,
        L.CENTRAL,
        "000.00.41.H09",
        _SUB_FROM,
        "Phòng PC06",
    ),
    U(
        "000.00.30.H09",
        "UBND thành phố Thủ Dầu Một",
        K.AGENCY,
        L.DISTRICT,
        PROVINCE,
        dt.date(2012, 5, 2),
        "UBND TP Thủ Dầu Một",
        valid_to=MERGER_LAST_DAY,
    ),
    U(
        "000.00.31.H09",
        "UBND thành phố Thuận An",
        K.AGENCY,
        L.DISTRICT,
        PROVINCE,
        dt.date(2020, 2, 1),
        "UBND TP Thuận An",
        valid_to=MERGER_LAST_DAY,
    ),
    U(
        "000.00.32.H09",
        "UBND thành phố Dĩ An",
        K.AGENCY,
        L.DISTRICT,
        PROVINCE,
        dt.date(2020, 2, 1),
        "UBND TP Dĩ An",
        valid_to=MERGER_LAST_DAY,
    ),
    # The merger example: two wards of Thủ Dầu Một become Phường Thủ Dầu Một on 2025-07-01.
    U(
        "000.01.00.H29",
        "Phường Thủ Dầu Một",
        K.COMMUNE,
        L.COMMUNE,
        PROVINCE,
        MERGER_FIRST_DAY,
        "P. Thủ Dầu Một",
    ),
    U(
        "000.01.30.H09",
        "Phường Phú Cường",
        K.COMMUNE,
        L.COMMUNE,
        "000.00.30.H09",
        _COMMUNE_FROM,
        "P. Phú Cường",
        valid_to=MERGER_LAST_DAY,
        successor="000.01.00.H29",
    ),
    U(
        "000.02.30.H09",
        "Phường Hiệp Thành",
        K.COMMUNE,
        L.COMMUNE,
        "000.00.30.H09",
        _COMMUNE_FROM,
        "P. Hiệp Thành",
        valid_to=MERGER_LAST_DAY,
        successor="000.01.00.H29",
    ),
    U(
        "000.01.31.H09",
        "Phường Lái Thiêu",
        K.COMMUNE,
        L.COMMUNE,
        "000.00.31.H09",
        _COMMUNE_FROM,
        "P. Lái Thiêu",
    ),
    U(
        "000.01.32.H09",
        "Phường Dĩ An",
        K.COMMUNE,
        L.COMMUNE,
        "000.00.32.H09",
        _COMMUNE_FROM,
        "P. Dĩ An",
    ),
    U(
        "000.01.36.H09",
        "Xã An Bình",
        K.COMMUNE,
        L.COMMUNE,
        PROVINCE,
        _COMMUNE_FROM,
        "X. An Bình",
        valid_to=MERGER_LAST_DAY,
    ),
)


# --- Posts ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Post:
    unit: str
    kind: str
    username: str
    full_name: str = ""  # empty for demo logins (their name is in accounts.demo)
    start: dt.date = CENTER_FROM
    end: dt.date | None = None


_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
_MIDDLE = ("Văn", "Thị", "Minh", "Quốc", "Thanh", "Hữu", "Ngọc", "Đức", "Thị Kim", "Công")
_GIVEN = (
    "Hải", "Lan", "Phúc", "Tuấn", "Hạnh", "Long", "Trang", "Khoa", "Nhân", "Thảo",
    "Bình", "Yến", "Hiếu", "Vy", "Thắng", "Loan", "Toàn", "Uyên", "Kiên", "Hoa",
    "Đạt", "Nga", "Sang", "Tú", "Quyên", "Lộc", "My",
)  # fmt: skip


def _name(i: int) -> str:
    """A made-up, deterministic Vietnamese name (demo people are fictional)."""
    return (
        f"{_FAMILY[i % len(_FAMILY)]} {_MIDDLE[(i // 3) % len(_MIDDLE)]} {_GIVEN[i % len(_GIVEN)]}"
    )


def _branch_posts() -> list[Post]:
    posts: list[Post] = []
    n = 0
    for i, (code, _branch) in enumerate(_BRANCHES):
        slug = code.split(".")[1]  # 11 … 19
        posts.append(Post(code, P.DIRECTOR, f"gd.cn{slug}", _name(n)))
        n += 1
        for d in range(1 if i % 2 else 2):  # two Deputies at every other branch, one elsewhere
            posts.append(Post(code, P.DEPUTY_DIRECTOR, f"pgd{d + 1}.cn{slug}", _name(n)))
            n += 1
    return posts


POSTS: tuple[Post, ...] = (
    # The Center: a Director and three Deputy Directors (the maximum).
    Post(CENTER, P.DIRECTOR, "lanhdao"),
    Post(CENTER, P.DEPUTY_DIRECTOR, "pgd1.tt", "Trần Thị Thu Hà"),
    Post(CENTER, P.DEPUTY_DIRECTOR, "pgd2.tt", "Lê Văn Hùng"),
    Post(CENTER, P.DEPUTY_DIRECTOR, "pgd3.tt", "Phạm Minh Châu"),
    # Heads of the four departments, and staff who log in.
    Post("000.01.01.H09", P.HEAD, "tp.ks", "Võ Thị Ngọc Lan"),
    Post("000.02.01.H09", P.HEAD, "tp.tn", "Huỳnh Văn Phước"),
    Post("000.03.01.H09", P.HEAD, "tp.qlht", "Đặng Quốc Bảo"),
    Post("000.04.01.H09", P.HEAD, "cvp", "Bùi Thị Mai"),
    Post("000.02.01.H09", P.DEPUTY_HEAD, "ptp.tn", "Lâm Thị Mỹ Duyên"),
    Post("000.01.01.H09", P.SPECIALIST, "kiemsoat"),
    Post("000.02.01.H09", P.OFFICER, "tiepnhan"),
    Post("000.11.01.H09", P.OFFICER, "tiepnhan_tdm"),
    *_branch_posts(),
    # Agencies.
    Post(PROVINCE, P.CHAIR, "ct.tinh", "Trịnh Văn Nam", dt.date(2021, 6, 1)),
    Post("000.00.10.H09", P.DIRECTOR, "lanhdaoso", start=dt.date(2022, 3, 1)),
    Post("000.00.10.H09", P.DEPUTY_DIRECTOR, "pgd.stp", "Kiều Văn Lực", dt.date(2022, 3, 1)),
    Post("000.01.10.H09", P.HEAD, "truongphong", start=dt.date(2023, 1, 1)),
    Post("000.01.10.H09", P.SPECIALIST, "chuyenvien", start=dt.date(2023, 1, 1)),
    Post("000.01.10.H09", P.SPECIALIST, "chuyenvien2", start=dt.date(2023, 1, 1)),
    Post("000.00.41.H09", P.DIRECTOR, "lanhdao_ca", start=dt.date(2022, 8, 1)),
    Post("000.01.41.H09", P.HEAD, "truongphong_ca", start=dt.date(2023, 1, 1)),
    Post("000.01.41.H09", P.SPECIALIST, "chuyenvien_ca", start=dt.date(2023, 1, 1)),
    Post("000.01.41.H09", P.SPECIALIST, "chuyenvien_ca2", start=dt.date(2023, 1, 1)),
    Post("000.00.11.H09", P.DIRECTOR, "gd.skhdt", "Quách Thị Hồng Vân", dt.date(2021, 1, 1)),
    Post("000.00.12.H09", P.DIRECTOR, "gd.stnmt", "Tôn Thất Bảo", dt.date(2020, 7, 1)),
    Post("000.00.13.H09", P.DIRECTOR, "gd.sxd", "Hà Minh Triết", dt.date(2022, 1, 1)),
    Post("000.00.40.H09", P.DIRECTOR, "ct.cucthue", "Lưu Văn Định", dt.date(2021, 4, 1)),
    Post("000.00.30.H09", P.CHAIR, "ct.tdm", "Cao Văn Khải", dt.date(2021, 7, 1), MERGER_LAST_DAY),
    Post("000.01.00.H29", P.CHAIR, "ct.ptdm", "Phùng Thị Ánh", MERGER_FIRST_DAY),
)


# --- Counters -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Desk:
    site: str
    number: int
    name: str
    agencies: tuple[str, ...]


COUNTERS: tuple[Desk, ...] = (
    Desk(CENTER, 1, "Tư pháp - Hộ tịch", ("000.00.10.H09", "000.01.10.H09")),
    Desk(CENTER, 2, "Đầu tư - Đăng ký kinh doanh", ("000.00.11.H09", "000.01.11.H09")),
    Desk(CENTER, 3, "Đất đai - Môi trường", ("000.00.12.H09", "000.01.12.H09", "000.02.12.H09")),
    Desk(
        CENTER,
        4,
        "Xây dựng - Giao thông",
        ("000.00.13.H09", "000.01.13.H09", "000.00.14.H09", "000.01.14.H09"),
    ),
    Desk(CENTER, 5, "Y tế - Giáo dục", ("000.00.15.H09", "000.01.15.H09", "000.00.16.H09")),
    Desk(CENTER, 6, "Lao động - Nội vụ", ("000.00.17.H09", "000.01.17.H09", "000.00.23.H09")),
    Desk(CENTER, 7, "Công Thương - Nông nghiệp", ("000.00.18.H09", "000.00.19.H09")),
    Desk(
        CENTER,
        8,
        "Văn hóa - Thông tin - Khoa học",
        ("000.00.20.H09", "000.00.21.H09", "000.00.24.H09"),
    ),
    Desk(CENTER, 9, "Tài chính - Thuế", ("000.00.22.H09", "000.00.40.H09")),
    Desk(
        CENTER, 10, "Công an - Bảo hiểm xã hội", ("000.00.41.H09", "000.01.41.H09", "000.00.42.H09")
    ),
    Desk("000.11.01.H09", 1, "Đất đai", ("000.01.12.H09", "000.02.12.H09")),
    Desk(
        "000.11.01.H09",
        2,
        "Hộ tịch - Chứng thực",
        ("000.00.30.H09", "000.01.30.H09", "000.02.30.H09"),
    ),
    Desk("000.11.01.H09", 3, "Cấp xã", ("000.01.00.H29",)),
    Desk("000.12.01.H09", 1, "Đất đai", ("000.01.12.H09",)),
    Desk("000.12.01.H09", 2, "Hộ tịch - Chứng thực", ("000.00.31.H09", "000.01.31.H09")),
    Desk("000.13.01.H09", 1, "Đất đai", ("000.01.12.H09",)),
    Desk("000.13.01.H09", 2, "Hộ tịch - Chứng thực", ("000.00.32.H09", "000.01.32.H09")),
    *(
        Desk(code, 1, "Đất đai - Tư pháp", ("000.01.12.H09", "000.00.10.H09"))
        for code, _ in _BRANCHES[3:]
    ),
    Desk("000.17.01.H09", 2, "Cấp xã", ("000.01.36.H09",)),
)


@dataclass(frozen=True)
class Entrust:
    unit: str
    delegator: str
    delegate: str
    scope: str
    start: dt.date
    end: dt.date
    is_acting: bool
    document_ref: str


DELEGATIONS: tuple[Entrust, ...] = (
    # The Director away on mission: the first Deputy runs the Center.
    Entrust(
        CENTER,
        "lanhdao",
        "pgd1.tt",
        "Điều hành hoạt động của Trung tâm trong thời gian Giám đốc đi công tác",
        dt.date(2025, 3, 3),
        dt.date(2025, 3, 14),
        True,
        "Giấy ủy quyền số 12/GUQ-TTPVHCC",
    ),
)


# --- Loader ---------------------------------------------------------------------------------
def _load_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for spec in UNITS:  # parents come before children in UNITS
        values = {
            "name": spec.name,
            "short_name": spec.short_name,
            "kind": spec.kind,
            "level": spec.level,
            "parent": units[spec.parent] if spec.parent else None,
            "valid_from": spec.valid_from,
            "valid_to": spec.valid_to,
            "sort_order": len(units),
        }
        unit = Unit.objects.filter(code=spec.code).first()
        if unit is None:
            unit = Unit.objects.create(code=spec.code, **values)
        else:
            changed = [k for k, v in values.items() if getattr(unit, k) != v]
            for k in changed:
                setattr(unit, k, values[k])
            if changed:
                unit.save(update_fields=changed)
        units[spec.code] = unit
    for spec in UNITS:
        if spec.successor and units[spec.code].successor_id != units[spec.successor].pk:
            units[spec.code].successor = units[spec.successor]
            units[spec.code].save(update_fields=["successor"])
    return units


def _load_posts(units: dict[str, Unit]) -> None:
    for post in POSTS:
        holder = person(post.username, post.full_name)
        unit = units[post.unit]
        exists = Position.objects.filter(
            unit=unit, holder=holder, kind=post.kind, start_date=post.start
        ).exists()
        if not exists:
            position_appoint(
                unit=unit,
                holder=holder,
                kind=post.kind,
                start_date=post.start,
                end_date=post.end,
                by=None,
            )


def _load_counters(units: dict[str, Unit]) -> None:
    for desk in COUNTERS:
        site = units[desk.site]
        agencies = [units[code] for code in desk.agencies]
        counter = Counter.objects.filter(site=site, number=desk.number).first()
        if counter is None:
            counter_create(
                site=site, number=desk.number, name=desk.name, agencies=agencies, by=None
            )
            continue
        counter_update(
            counter=counter, name=desk.name, agencies=agencies, is_active=counter.is_active, by=None
        )


def _load_delegations(units: dict[str, Unit]) -> None:
    for spec in DELEGATIONS:
        unit = units[spec.unit]
        delegator = person(spec.delegator)
        delegate = person(spec.delegate)
        if Delegation.objects.filter(
            unit=unit, delegator=delegator, delegate=delegate, start_date=spec.start
        ).exists():
            continue
        delegation_create(
            unit=unit,
            delegator=delegator,
            delegate=delegate,
            scope=spec.scope,
            start_date=spec.start,
            end_date=spec.end,
            is_acting=spec.is_acting,
            document_ref=spec.document_ref,
            by=None,
        )


def load() -> None:
    with transaction.atomic():
        units = _load_units()
        _load_posts(units)
        _load_counters(units)
        _load_delegations(units)
