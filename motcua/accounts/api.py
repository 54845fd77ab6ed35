"""/api/v1/me: who the bearer of a token is, and their roles in units today."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.http import HttpRequest
from ninja import Router, Schema

from motcua.accounts.auth import BearerToken
from motcua.accounts.models import User
from motcua.accounts.selectors import user_roles
from motcua.core.clock import today

router = Router(tags=["tài khoản"], auth=BearerToken())


class RoleOut(Schema):
    role: str
    role_label: str
    unit_code: str | None
    unit_name: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class MeOut(Schema):
    username: str
    name: str
    email: str
    is_system: bool
    roles: list[RoleOut]


@router.get(
    "",
    response=MeOut,
    summary="Tài khoản đang dùng mã truy cập",
    description="Tên đăng nhập, họ tên và các vai trò (theo đơn vị) của người giữ mã, tính đến hôm nay.",
)
def me(request: HttpRequest) -> MeOut:
    user = cast(User, request.user)  # BearerToken only lets an active User through
    roles = [
        RoleOut(
            role=r.role.value,
            role_label=r.label,
            unit_code=r.unit.code if r.unit else None,
            unit_name=r.unit.name if r.unit else None,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
        )
        for r in user_roles(user, on=today())
    ]
    return MeOut(
        username=user.username,
        name=user.display_name,
        email=user.email,
        is_system=user.is_system,
        roles=roles,
    )
