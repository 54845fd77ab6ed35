"""Staff page /staff/notifications/: the delivery log and the dead-letter list."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.decorators import staff_required
from motcua.accounts.models import User
from motcua.core.clock import VN_TZ, local, now
from motcua.core.errors import DomainError, NotAllowed, NotFound
from motcua.dossiers.models import OutboxMessage
from motcua.notifications import selectors as sel
from motcua.notifications.forms import DeliveryFilterForm
from motcua.notifications.services import outbox_retry


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=VN_TZ)


@staff_required
@require_http_methods(["GET"])
def delivery_list(request: HttpRequest) -> HttpResponse:
    at = now()
    on = local(at).date()
    user = _user(request)
    form = DeliveryFilterForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "rows": [], "list_limit": sel.LIST_LIMIT}
    status = 200
    filters = sel.DeliveryFilters()
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            filters = sel.DeliveryFilters(
                channel=data["channel"],
                status=data["status"],
                code=data["code"],
                start=_day_start(data["start"]) if data["start"] else None,
                end=_day_start(data["end"] + dt.timedelta(days=1)) if data["end"] else None,
            )
        else:
            status = 422
    if status == 200:
        context["rows"] = sel.delivery_rows(user, filters, on=on)
    dead = sel.dead_letters(user, on=on)
    context["dead"] = [{"message": m, "code": sel.dossier_code(m)} for m in dead]
    context["can_retry"] = sel.can_retry(user, on=on)
    return render(request, "notifications/list.html", context, status=status)


@staff_required
@require_POST
def retry(request: HttpRequest, message_id: int) -> HttpResponse:
    at = now()
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None:
        raise Http404(_("Không tìm thấy thông điệp."))
    try:
        outbox_retry(message=message, by=_user(request), at=at)
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã đưa thông điệp %(id)s trở lại hàng đợi gửi.") % {"id": message_id}
        )
    return redirect("notifications:list")
