"""Demo users: one login per role (password `MotCua@2024`), with their memberships.

`DEMO_LOGINS` is the one list: `manage.py demo` creates it, `manage.py demo_logins` prints
it, the README points at it. Idempotent: update_or_create by username; the password is set
only when it does not already match, so a second run changes nothing.

The organisation demo (loaded first) needs some of these people as post holders; it calls
`person()` which creates the account without a password, and `load()` here completes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from motcua.accounts.models import Role, User
from motcua.accounts.services import citizen_role_grant, membership_grant, roles_sync
from motcua.organization.models import Unit

DEMO_PASSWORD = "MotCua@2024"
DEMO_EMAIL_DOMAIN = "motcua.example"
STAFF_FROM = dt.date(2024, 12, 10)  # the Center's first day (QĐ 58/2024/QĐ-UBND)

CENTER = "000.00.01.H09"
DEPT_CONTROL = "000.01.01.H09"
DEPT_RECEPTION = "000.02.01.H09"
BRANCH_TDM = "000.11.01.H09"
SO_TU_PHAP = "000.00.10.H09"
PHONG_HCTP = "000.01.10.H09"
CONG_AN = "000.00.41.H09"
PHONG_PC06 = "000.01.41.H09"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: Role
    unit_codes: tuple[str, ...]  # empty for the citizen
    note: str = ""
    superuser: bool = False
    citizen_id: str = ""
    phone: str = ""

    @property
    def email(self) -> str:
        return f"{self.username}@{DEMO_EMAIL_DOMAIN}"


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "admin", "Đỗ Minh Quân", Role.SYSTEM_ADMIN, (CENTER,), "Quản trị toàn hệ thống", True
    ),
    DemoLogin("lanhdao", "Nguyễn Thanh Sơn", Role.CENTER_LEADER, (CENTER,), "Giám đốc Trung tâm"),
    DemoLogin("kiemsoat", "Trương Thị Kim Oanh", Role.CONTROL_OFFICER, (DEPT_CONTROL,)),
    DemoLogin(
        "tiepnhan",
        "Lê Thị Hồng Nhung",
        Role.RECEIVING_OFFICER,
        (DEPT_RECEPTION, BRANCH_TDM),
        "Tiếp nhận tại Trung tâm và Chi nhánh Thủ Dầu Một",
    ),
    DemoLogin("tiepnhan_tdm", "Phan Văn Tài", Role.RECEIVING_OFFICER, (BRANCH_TDM,)),
    DemoLogin("chuyenvien", "Ngô Thị Thanh Hương", Role.SPECIALIST, (PHONG_HCTP,)),
    DemoLogin("chuyenvien2", "Vũ Thị Lan Anh", Role.SPECIALIST, (PHONG_HCTP,)),
    DemoLogin("truongphong", "Hồ Văn Dũng", Role.UNIT_HEAD, (PHONG_HCTP,), "Trưởng phòng"),
    DemoLogin("lanhdaoso", "Dương Thị Bích Ngọc", Role.AGENCY_LEADER, (SO_TU_PHAP,), "Giám đốc Sở"),
    DemoLogin("chuyenvien_ca", "Lý Minh Khang", Role.SPECIALIST, (PHONG_PC06,)),
    DemoLogin("chuyenvien_ca2", "Đinh Công Hậu", Role.SPECIALIST, (PHONG_PC06,)),
    DemoLogin("truongphong_ca", "Mai Xuân Trường", Role.UNIT_HEAD, (PHONG_PC06,), "Trưởng phòng"),
    DemoLogin(
        "lanhdao_ca", "Tạ Quang Vinh", Role.AGENCY_LEADER, (CONG_AN,), "Giám đốc Công an tỉnh"
    ),
    DemoLogin(
        "buudien", "Châu Thị Diễm", Role.POSTAL_OFFICER, (CENTER,), "Bưu điện tỉnh, tại Trung tâm"
    ),
    DemoLogin(
        "ketoan",
        "Hoàng Thị Thu Trang",
        Role.FINANCE_OFFICER,
        (CENTER,),
        "Kế toán Trung tâm: đối soát, số liệu thu, hoàn trả",
    ),
    DemoLogin(
        "congdan",
        "Nguyễn Văn An",
        Role.CITIZEN,
        (),
        "Công dân, dùng cổng dịch vụ công",
        citizen_id="074090001234",
        phone="0912345678",
    ),
)

_BY_USERNAME = {login.username: login for login in DEMO_LOGINS}


def person(username: str, full_name: str = "") -> User:
    """The demo account `username`, created without a usable password when missing.

    Demo logins take their name from `DEMO_LOGINS`; other post holders (people who appear
    on the chart but do not log in) pass `full_name` when first created."""
    login = _BY_USERNAME.get(username)
    name = login.full_name if login else full_name
    user = User.objects.filter(username=username).first()
    if user is not None and not name:
        return user
    if not name:
        raise ValueError(f"Demo person {username!r} needs a full name.")
    if user is None:
        user = User(username=username, full_name=name, email=f"{username}@{DEMO_EMAIL_DOMAIN}")
        user.set_unusable_password()
        user.save()
    elif user.full_name != name:
        user.full_name = name
        user.save(update_fields=["full_name"])
    return user


def _ensure(login: DemoLogin) -> User:
    user = person(login.username)
    wanted = {
        "email": login.email,
        "is_superuser": login.superuser,
        "is_active": True,
        "citizen_id": login.citizen_id,
        "phone": login.phone,
    }
    if login.superuser:
        wanted["is_staff"] = True
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, wanted[name])
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        changed.append("password")
    if changed:
        user.save(update_fields=changed)
    return user


def load() -> None:
    roles_sync()
    with transaction.atomic():
        units = {u.code: u for u in Unit.objects.filter(code__in=_unit_codes())}
        for login in DEMO_LOGINS:
            user = _ensure(login)
            if login.role == Role.CITIZEN:
                citizen_role_grant(user=user)
                continue
            for code in login.unit_codes:
                membership_grant(
                    user=user, unit=units[code], role=login.role, valid_from=STAFF_FROM, by=None
                )


def _unit_codes() -> set[str]:
    return {code for login in DEMO_LOGINS for code in login.unit_codes}


def login_table() -> list[tuple[str, str, str, str, str]]:
    """Rows (username, password, role, units, note) for `manage.py demo_logins`."""
    names = dict(Unit.objects.filter(code__in=_unit_codes()).values_list("code", "name"))
    return [
        (
            login.username,
            DEMO_PASSWORD,
            str(login.role.label),
            "; ".join(names.get(code, code) for code in login.unit_codes) or "—",
            login.note,
        )
        for login in DEMO_LOGINS
    ]
