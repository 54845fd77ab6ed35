"""The staff workspace home: greeting, roles with units, posts, shortcuts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import is_staff_member, user_roles
from motcua.core.clock import today
from motcua.organization.models import Delegation
from motcua.organization.selectors import positions_held_on

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Shortcut:
    label: StrOrPromise
    url_name: str
    roles: frozenset[str] | None = None  # None: every staff member
    description: StrOrPromise = ""


# Apps add their entry points here as they land; a URL name that does not resolve (yet) is
# left out rather than shown broken.
_DESK = frozenset({Role.RECEIVING_OFFICER, Role.POSTAL_OFFICER})
_LEADERS = frozenset({Role.CENTER_LEADER, Role.AGENCY_LEADER, Role.UNIT_HEAD})
_CONTROL = frozenset({Role.CONTROL_OFFICER, Role.SYSTEM_ADMIN})
# The payments pages open to these (motcua.payments.services.FINANCE_ROLES).
_FINANCE = frozenset({Role.FINANCE_OFFICER, Role.CENTER_LEADER, Role.SYSTEM_ADMIN})

SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut(
        _("Tiếp nhận hồ sơ"),
        "dossiers:receive",
        _DESK,
        _("Kiểm tra thành phần, số hóa, cấp giấy tiếp nhận"),
    ),
    Shortcut(
        _("Hồ sơ của tôi"),
        "dossiers:inbox",
        description=_("Cần xử lý, sắp đến hạn, quá hạn"),
    ),
    Shortcut(
        _("Sổ theo dõi hồ sơ"),
        "dossiers:book",
        _DESK | _LEADERS,
        _("Theo dõi, in sổ theo mẫu"),
    ),
    Shortcut(
        _("Mời đánh giá tại quầy"),
        "evaluation_staff:tablet_pick",
        frozenset({Role.RECEIVING_OFFICER}),
        _("Công dân đánh giá mức độ hài lòng trên máy tính bảng"),
    ),
    Shortcut(
        _("Đánh giá của công dân"),
        "evaluation_staff:list",
        description=_("Tỷ lệ hài lòng theo tiêu chí"),
    ),
    Shortcut(
        _("Đối soát thanh toán trực tuyến"),
        "payments_staff:reconciliation",
        _FINANCE,
        _("So khớp với sao kê hằng ngày của cổng thanh toán"),
    ),
    Shortcut(
        _("Số liệu thu phí, lệ phí"),
        "payments_staff:figures",
        _FINANCE,
        _("Theo kênh thu và tỷ lệ thanh toán trực tuyến"),
    ),
    Shortcut(
        _("Danh mục thủ tục hành chính"),
        "catalog:list",
        description=_("Tra cứu thủ tục, thành phần hồ sơ, phí, thời hạn"),
    ),
    Shortcut(
        _("Nhập danh mục TTHC"),
        "catalog:import",
        _CONTROL,
        _("Nhập từ tệp JSON hoặc Excel theo quyết định công bố"),
    ),
    Shortcut(
        _("Sơ đồ tổ chức"),
        "organization:chart",
        description=_("Đơn vị, lãnh đạo, quầy và ủy quyền theo ngày"),
    ),
    Shortcut(
        _("Lịch làm việc"),
        "worktime:calendar",
        description=_("Ngày nghỉ, ngày làm bù, giờ làm việc"),
    ),
    Shortcut(
        _("Quản trị danh mục"),
        "admin:index",
        frozenset({Role.SYSTEM_ADMIN, Role.CONTROL_OFFICER}),
        _("Đơn vị, chức vụ, quầy, tài khoản, mã truy cập API"),
    ),
    Shortcut(
        _("Đổi mật khẩu"),
        "accounts:password_change",
        description=_("Mật khẩu tối thiểu 10 ký tự"),
    ),
)


def _shortcuts(held: set[str], user: User) -> list[dict[str, StrOrPromise]]:
    result = []
    for shortcut in SHORTCUTS:
        if shortcut.roles is not None and not (shortcut.roles & held or user.is_superuser):
            continue
        try:
            url = reverse(shortcut.url_name)
        except NoReverseMatch:
            continue
        result.append({"label": shortcut.label, "url": url, "description": shortcut.description})
    result.append(
        {
            "label": _("Tài liệu API"),
            "url": "/api/v1/docs",
            "description": _("Giao diện lập trình, xác thực bằng mã truy cập"),
        }
    )
    return result


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    day = today()
    user = request.user
    if not isinstance(user, User) or not is_staff_member(user, on=day):
        # A citizen's account belongs on the portal.
        messages.info(request, _("Trang làm việc chỉ dành cho cán bộ."))
        return redirect("portal:home")
    roles = user_roles(user, on=day)
    held = {r.role.value for r in roles}
    acting = (
        Delegation.objects.filter(
            delegate=user, start_date__lte=day, end_date__gte=day, revoked_at__isnull=True
        )
        .select_related("unit", "delegator")
        .order_by("start_date")
    )
    return render(
        request,
        "core/staff_home.html",
        {
            "today": day,
            "roles": roles,
            "positions": positions_held_on(day).filter(holder=user).order_by("unit__sort_order"),
            "delegations": list(acting),
            "shortcuts": _shortcuts(held, user),
        },
    )
