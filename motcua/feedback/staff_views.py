"""Staff feedback pages, mounted at /staff/feedback/: the list of one's units (boxes open /
due soon / overdue / handled), logging an item received by phone, e-mail or at the counter,
and the item's page with one form per step (classify, forward, ask for or record more
information, answer, publish). Each step POSTs to its own address and calls its service;
errors come back beside their field with the service's status (422, 409, 403)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.decorators import staff_required
from motcua.accounts.models import User
from motcua.core.clock import local, now
from motcua.core.errors import DomainError
from motcua.feedback import selectors as sel
from motcua.feedback import services as svc
from motcua.feedback.forms import ACTION_FORMS, StaffFeedbackForm, attach
from motcua.feedback.models import FeedbackItem, FeedbackStatus
from motcua.feedback.workflow import OPEN, may
from motcua.organization.models import Unit

S = FeedbackStatus

# Which step each action form is, and the states it is offered in.
ACTION_STEP = {
    "classify": "classify",
    "forward": "forward",
    "request-info": "request_info",
    "record-info": "supply_info",
    "answer": "answer",
    "publish": "publish",
}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@staff_required
@require_GET
def feedback_list(request: HttpRequest) -> HttpResponse:
    at = now()
    box = request.GET.get("box", "open")
    if box not in sel.BOXES:
        box = "open"
    status = request.GET.get("status", "")
    q = request.GET.get("q", "")[:100]
    qs, soon = sel.staff_list(_user(request), at=at, box=box, status=status, q=q)
    page = Paginator(qs, sel.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "box": box,
        "boxes": sel.BOXES,
        "counts": sel.box_counts(_user(request), at=at),
        "status": status,
        "statuses": S.choices,
        "q": q,
        "page": page,
        "rows": sel.staff_rows(list(page.object_list), at=at, soon=soon),
    }
    return render(request, "feedback/staff_list.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def feedback_new(request: HttpRequest) -> HttpResponse:
    at = now()
    on = local(at).date()
    status = 200
    if request.method == "POST":
        form = StaffFeedbackForm(request.POST, on=on)
        if form.is_valid():
            try:
                item = svc.feedback_submit(
                    data=form.to_input(),
                    channel=form.cleaned_data["channel"],
                    by=_user(request),
                    at=at,
                    received_at=form.received(),
                )
            except DomainError as exc:
                attach(form, exc)
                status = exc.status_code
            else:
                messages.success(request, _("Đã ghi nhận phản ánh %(code)s.") % {"code": item.code})
                return redirect("feedback_staff:detail", code=item.code)
        else:
            status = 422
    else:
        form = StaffFeedbackForm(on=on)
    return render(request, "feedback/staff_new.html", {"form": form}, status=status)


def _get(request: HttpRequest, code: str) -> FeedbackItem:
    try:
        return sel.feedback_get_for_user(code, _user(request), on=local(now()).date())
    except sel.FeedbackNotFound as exc:
        raise Http404(exc.message) from exc


ACTION_TITLES = {
    "classify": "Phân loại",
    "forward": "Chuyển cơ quan có thẩm quyền",
    "request-info": "Đề nghị bổ sung thông tin",
    "record-info": "Ghi nhận thông tin bổ sung",
    "answer": "Trả lời",
    "publish": "Công khai",
}


def _forms(item: FeedbackItem, bound: tuple[str, Any] | None = None) -> list[tuple[str, str, Any]]:
    """(action, title, form) for the steps offered in the item's state (the bound one with
    its errors)."""
    out: list[tuple[str, str, Any]] = []
    initial: dict[str, dict[str, Any]] = {"publish": {"public_content": item.public_content}}
    for name, form_class in ACTION_FORMS.items():
        if not may(ACTION_STEP[name], item.status):
            continue
        if bound is not None and bound[0] == name:
            form = bound[1]
        else:
            form = form_class(initial={"version": item.version, **initial.get(name, {})},
                              prefix=name)  # fmt: skip
        out.append((name, _(ACTION_TITLES[name]), form))
    return out


def _render_detail(
    request: HttpRequest, item: FeedbackItem, *, bound: tuple[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:  # fmt: skip
    at = now()
    can = svc.may_handle(_user(request), item, on=local(at).date())
    context = {
        "item": item,
        "events": sel.events_of(item),
        "can_handle": can,
        "forms": _forms(item, bound) if can else [],
        "overdue": bool(item.status in OPEN and item.due_at and item.due_at < at),
    }
    return render(request, "feedback/staff_detail.html", context, status=status)


@staff_required
@require_GET
def feedback_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _render_detail(request, _get(request, code))


def _call(name: str, item: FeedbackItem, data: dict[str, Any], user: User) -> FeedbackItem:
    at = now()
    common: dict[str, Any] = {"item": item, "by": user, "at": at, "version": data["version"]}
    calls: dict[str, Callable[[], FeedbackItem]] = {
        "classify": lambda: svc.feedback_classify(
            category=data["category"], reason=data.get("reason", ""), **common
        ),
        "forward": lambda: svc.feedback_forward(to=data["to"], note=data.get("note", ""), **common),
        "request-info": lambda: svc.feedback_request_info(request=data["request"], **common),
        "record-info": lambda: svc.feedback_supply_info(
            text=data["text"], as_citizen=False, **common
        ),
        "answer": lambda: svc.feedback_answer(answer=data["answer"], **common),
        "publish": lambda: svc.feedback_publish(public_content=data["public_content"], **common),
    }
    return calls[name]()


DONE_MESSAGES = {
    "classify": "Đã phân loại phản ánh.",
    "forward": "Đã chuyển phản ánh đến cơ quan có thẩm quyền.",
    "request-info": "Đã gửi đề nghị bổ sung thông tin.",
    "record-info": "Đã ghi nhận thông tin bổ sung.",
    "answer": "Đã trả lời phản ánh; người gửi được thông báo.",
    "publish": "Đã công khai kết quả trả lời.",
}


@staff_required
@require_POST
def feedback_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    if action not in ACTION_FORMS:
        raise Http404(_("Không có thao tác này."))
    item = _get(request, code)
    if not svc.may_handle(_user(request), item, on=local(now()).date()):
        raise PermissionDenied(_("Bạn không được xử lý phản ánh này."))
    form = ACTION_FORMS[action](request.POST, prefix=action)
    if not form.is_valid():
        return _render_detail(request, item, bound=(action, form), status=422)
    try:
        _call(action, item, form.cleaned_data, _user(request))
    except DomainError as exc:
        attach(form, exc, {"reason": "reason"})
        item.refresh_from_db()
        return _render_detail(request, item, bound=(action, form), status=exc.status_code)
    messages.success(request, _(DONE_MESSAGES[action]))
    return redirect("feedback_staff:detail", code=item.code)


def feedback_indicator_items(
    request: HttpRequest,
    *,
    agency: Unit | None,
    start: dt.datetime,
    end: dt.datetime,
    year: int,
    quarter: int | None,
) -> HttpResponse:
    """The drill-down of Decision 766's "feedback handled on time" (called by the indices
    page, motcua.evaluation.index_views): the items counted, each on time or not."""
    at = now()
    qs = sel.visible_feedback(_user(request), on=local(at).date())
    if agency is not None:
        qs = qs.filter(unit=agency)
    rows = sel.due_in_period(qs, start, end, as_of=min(end, at)).select_related("unit")
    context = {
        "agency": agency,
        "year": year,
        "quarter": quarter,
        "rows": rows.order_by("handling_due_at", "pk")[:500],
    }
    return render(request, "feedback/indicator_items.html", context)
