"""Reads for portal accounts: the account of a user, rate-limit state, and the citizen's
own dossiers ("Hồ sơ của tôi").

Which dossiers are the account's: a dossier has no link to a portal account except
`submitted_by` (set by online submission). Dossiers received at a counter or by post carry
only the applicant snapshot, so they are matched on the contacts the account *proved* it
owns:
- the phone number confirmed by a one-time code (applicant's or representative's phone),
- the e-mail address confirmed by a one-time code (applicant's e-mail),
- the citizen ID only when the national eID vouched for it (OpenID Connect); an ID typed
  at registration is not proof and never matches.
Drafts are shown only to the account that created them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.citizens.identifiers import phone_or_none
from motcua.citizens.models import CitizenAccount, RateEvent
from motcua.citizens.rates import Limit
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import CLOCK_RUNNING, Status, citizen_text

PAGE_SIZE = 20


# --- Accounts -----------------------------------------------------------------------------


def account_of(user: User | AnonymousUser) -> CitizenAccount | None:
    if not user.is_authenticated:
        return None
    return CitizenAccount.objects.filter(user_id=user.pk).first()


def account_by_phone(phone: str) -> CitizenAccount | None:
    return CitizenAccount.objects.select_related("user").filter(phone=phone).first()


def active_account_user(*, channel_is_phone: bool, address: str) -> User | None:
    """The active, activated portal account named by a phone number or an e-mail address."""
    qs = User.objects.filter(is_active=True, citizen_account__activated_at__isnull=False)
    if channel_is_phone:
        qs = qs.filter(citizen_account__phone=address)
    else:
        qs = qs.filter(email__iexact=address)
    return qs.order_by("pk").first()


def login_username(identifier: str) -> str:
    """What the login form authenticates with: a phone number that names a portal account
    becomes the account's username (so the lock-out counts one account whatever was typed);
    anything else is left as typed (username or e-mail)."""
    phone = phone_or_none(identifier)
    if phone is not None:
        account = account_by_phone(phone)
        if account is not None:
            return account.user.username
    return (identifier or "").strip()


# --- Rate limits --------------------------------------------------------------------------


def rate_retry_after(limit: Limit, key: str, *, at: dt.datetime) -> int | None:
    """Seconds until `key` may act again under `limit`, or None when it may act now."""
    recent = list(
        RateEvent.objects.filter(scope=limit.scope, key=key, at__gt=at - limit.window)
        .order_by("-at")
        .values_list("at", flat=True)[: limit.count]
    )
    if len(recent) < limit.count:
        return None
    frees_at = recent[-1] + limit.window
    return max(1, math.ceil((frees_at - at).total_seconds()))


def last_event_at(scope: str, key: str) -> dt.datetime | None:
    return (
        RateEvent.objects.filter(scope=scope, key=key)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )


# --- "Hồ sơ của tôi" ------------------------------------------------------------------------


@dataclass(frozen=True)
class NextAction:
    """What the citizen is expected to do next on a dossier in this status."""

    label: str | Promise
    hint: str | Promise


NEXT_ACTIONS: Mapping[str, NextAction] = {
    Status.DRAFT: NextAction(_("Hoàn thiện và gửi hồ sơ"), _("Hồ sơ chưa được gửi đi.")),
    Status.SUPPLEMENT_REQUESTED: NextAction(
        _("Bổ sung hồ sơ"), _("Bổ sung các giấy tờ theo phiếu yêu cầu bổ sung, hoàn thiện.")
    ),
    Status.AWAITING_OBLIGATION: NextAction(
        _("Nộp lệ phí"), _("Thực hiện nghĩa vụ tài chính (phí, lệ phí, thuế) theo thông báo.")
    ),
    Status.DONE: NextAction(_("Nhận kết quả"), _("Kết quả đã sẵn sàng.")),
    Status.RETURNED: NextAction(
        _("Đánh giá mức độ hài lòng"), _("Cho biết ý kiến của bạn về việc giải quyết hồ sơ.")
    ),
}


def next_action(status: str) -> NextAction | None:
    """None: nothing is expected from the citizen (the administration is working on it,
    or the dossier is closed)."""
    return NEXT_ACTIONS.get(status)


def citizen_dossiers(user: User | AnonymousUser) -> QuerySet[Dossier]:
    """Every dossier of the portal account (see the module docstring for the matching)."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    own = Q(submitted_by_id=user.pk)
    matched = Q(pk__in=[])
    account = account_of(user)
    if account is not None:
        if account.phone and account.phone_verified_at:
            matched |= Q(applicant__phone=account.phone) | Q(applicant__rep_phone=account.phone)
        if user.email and account.email_verified_at:
            matched |= Q(applicant__email__iexact=user.email)
        citizen_id = getattr(user, "citizen_id", "")
        if citizen_id and account.citizen_id_verified_at:
            matched |= Q(applicant__citizen_id=citizen_id) | Q(applicant__rep_citizen_id=citizen_id)
    # applicant is one-to-one: the join adds no duplicate rows.
    return Dossier.objects.filter(own | (matched & ~Q(status=Status.DRAFT)))


def citizen_owns(user: User | AnonymousUser, dossier: Dossier) -> bool:
    """True when the dossier is one of the account's (the look-up page then needs no secret)."""
    return citizen_dossiers(user).filter(pk=dossier.pk).exists()


@dataclass(frozen=True)
class MyDossierRow:
    code: str
    procedure: str
    status: str
    status_text: str | Promise
    received_at: dt.datetime | None
    submitted_at: dt.datetime | None
    due_at: dt.datetime | None
    overdue: bool
    action: NextAction | None
    url: str


def lookup_url(code: str) -> str:
    return reverse("dossier_lookup") + "?" + urlencode({"code": code})


@dataclass(frozen=True)
class MyDossiersPage:
    rows: list[MyDossierRow]
    number: int
    num_pages: int
    count: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def my_dossiers(user: User | AnonymousUser, *, page: int, at: dt.datetime) -> MyDossiersPage:
    """One page of the account's dossiers, newest first, as rows for "Hồ sơ của tôi"."""
    qs = (
        citizen_dossiers(user)
        .select_related("procedure_version")
        .only(
            "code",
            "status",
            "submitted_at",
            "received_at",
            "due_at",
            "created_at",
            "procedure_version__name",
        )
        .order_by("-created_at", "-pk")
    )
    current = Paginator(qs, PAGE_SIZE).get_page(page)
    rows = [
        MyDossierRow(
            code=d.code,
            procedure=d.procedure_version.name,
            status=d.status,
            status_text=citizen_text(d.status),
            received_at=d.received_at,
            submitted_at=d.submitted_at,
            due_at=d.due_at,
            overdue=bool(d.due_at and d.status in CLOCK_RUNNING and d.due_at < at),
            action=next_action(d.status),
            url=lookup_url(d.code),
        )
        for d in current.object_list
    ]
    return MyDossiersPage(
        rows=rows,
        number=current.number,
        num_pages=current.paginator.num_pages,
        count=current.paginator.count,
    )
