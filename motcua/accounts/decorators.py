"""View guards for the staff workspace."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from motcua.accounts.selectors import is_staff_member
from motcua.core.clock import today

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Logged in and holding a staff role today (or superuser); citizens get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(request.user, on=today()):
            raise PermissionDenied("Trang này chỉ dành cho cán bộ.")
        return view(request, *args, **kwargs)

    return wrapper
