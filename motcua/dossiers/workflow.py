"""The dossier's workflow as data: statuses (with the citizen-facing text and the national
portal's status code beside each), the actions, and the one ALLOWED_TRANSITIONS table.

"Overdue" is not a status: it is `due_at < now` on an unfinished dossier.

`None` as a source means "no dossier yet" (a reception or an online submission creates it).
Each transition lists the statuses it may lead to; services set exactly one of them, and
`tests/test_workflow.py` pins the table. docs/workflow.md explains it for people.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Nháp (chưa gửi)")
    SUBMITTED = "submitted", _("Mới đăng ký, chờ tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    NOT_RECEIVED = "not_received", _("Không tiếp nhận")
    PROCESSING = "processing", _("Đang giải quyết")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung")
    AWAITING_OBLIGATION = "awaiting_obligation", _("Chờ thực hiện nghĩa vụ tài chính")
    WITHDRAWAL_REQUESTED = "withdrawal_requested", _("Công dân đề nghị rút hồ sơ")
    STOPPED = "stopped", _("Dừng giải quyết")
    DONE = "done", _("Có kết quả, chờ trả")
    RETURNED = "returned", _("Đã trả kết quả")


@dataclass(frozen=True)
class StatusInfo:
    """What a status means outside the staff workspace."""

    portal_code: int | None  # Cổng DVCQG status code (DOMAIN.md §5); None: never synced
    citizen_text: str | Promise


STATUS_INFO: dict[str, StatusInfo] = {
    Status.DRAFT: StatusInfo(None, _("Hồ sơ đang soạn, chưa gửi.")),
    Status.SUBMITTED: StatusInfo(1, _("Đã gửi, đang chờ cán bộ một cửa kiểm tra và tiếp nhận.")),
    Status.RECEIVED: StatusInfo(2, _("Hồ sơ đã được tiếp nhận.")),
    Status.NOT_RECEIVED: StatusInfo(
        3, _("Hồ sơ không được tiếp nhận; lý do ghi trong phiếu từ chối.")
    ),
    Status.PROCESSING: StatusInfo(4, _("Hồ sơ đang được giải quyết.")),
    Status.SUPPLEMENT_REQUESTED: StatusInfo(
        5, _("Cần bổ sung, hoàn thiện hồ sơ theo phiếu yêu cầu.")
    ),
    Status.AWAITING_OBLIGATION: StatusInfo(
        6, _("Chờ công dân, tổ chức thực hiện nghĩa vụ tài chính.")
    ),
    Status.WITHDRAWAL_REQUESTED: StatusInfo(7, _("Đã nhận đề nghị rút hồ sơ.")),
    Status.STOPPED: StatusInfo(8, _("Đã dừng giải quyết hồ sơ theo đề nghị.")),
    Status.DONE: StatusInfo(9, _("Đã có kết quả, mời nhận kết quả.")),
    Status.RETURNED: StatusInfo(10, _("Đã trả kết quả.")),
}

# Statuses where the dossier is being handled and its clock runs (alerts look at these).
CLOCK_RUNNING = frozenset({Status.RECEIVED, Status.PROCESSING, Status.WITHDRAWAL_REQUESTED})
# Statuses waiting for the citizen (the inbox's "waiting" box).
WAITING_FOR_CITIZEN = frozenset(
    {Status.SUPPLEMENT_REQUESTED, Status.AWAITING_OBLIGATION, Status.WITHDRAWAL_REQUESTED}
)
# Finished: no further work.
FINAL = frozenset({Status.NOT_RECEIVED, Status.STOPPED, Status.RETURNED})


class Action(models.TextChoices):
    """Every transition, by its stable name (the API path is the name with '-')."""

    SUBMIT = "submit", _("Nộp trực tuyến")
    RECEIVE = "receive", _("Tiếp nhận tại quầy / qua bưu chính")
    ACCEPT = "accept", _("Tiếp nhận hồ sơ trực tuyến")
    REQUEST_SUPPLEMENT_AT_DESK = "request_supplement_at_desk", _("Hướng dẫn bổ sung tại một cửa")
    REFUSE_AT_DESK = "refuse_at_desk", _("Từ chối tiếp nhận")
    SOLVE_SAME_DAY = "solve_same_day", _("Giải quyết và trả ngay trong ngày")
    CLAIM = "claim", _("Nhận xử lý")
    ASSIGN = "assign", _("Phân công xử lý")
    TRANSFER = "transfer", _("Chuyển bước tiếp theo")
    SEND_BACK = "send_back", _("Trả lại bước trước")
    FORWARD = "forward", _("Chuyển liên thông")
    CONSULT = "consult", _("Xin ý kiến")
    CONSULT_ANSWER = "consult_answer", _("Trả lời xin ý kiến")
    FIELD_CHECK = "field_check", _("Ghi nhận kiểm tra thực địa")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung hồ sơ")
    RECEIVE_SUPPLEMENT = "receive_supplement", _("Nhận hồ sơ bổ sung")
    REQUEST_OBLIGATION = "request_obligation", _("Yêu cầu thực hiện nghĩa vụ tài chính")
    OBLIGATION_PAID = "obligation_paid", _("Đã thực hiện nghĩa vụ tài chính")
    REFUSE = "refuse", _("Từ chối giải quyết (sau thẩm định)")
    APOLOGIZE = "apologize", _("Xin lỗi, hẹn lại ngày trả")
    REQUEST_WITHDRAWAL = "request_withdrawal", _("Công dân đề nghị rút hồ sơ")
    STOP = "stop", _("Dừng giải quyết")
    ATTACH_RESULT = "attach_result", _("Có kết quả")
    RETURN = "return", _("Trả kết quả")


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str | None]
    targets: tuple[str, ...]


def _t(sources: Iterable[str | None], *targets: str) -> Transition:
    return Transition(frozenset(sources), tuple(targets))


S = Status
_IN_HAND: set[str | None] = {S.RECEIVED, S.PROCESSING}
_OPEN: set[str | None] = {S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.AWAITING_OBLIGATION}

ALLOWED_TRANSITIONS: dict[str, Transition] = {
    # Reception: exactly one outcome for a dossier the desk checks.
    Action.SUBMIT: _t({None, S.DRAFT}, S.SUBMITTED),
    Action.RECEIVE: _t({None}, S.RECEIVED),
    Action.ACCEPT: _t({S.SUBMITTED}, S.RECEIVED),
    # Before reception (received_at empty) only: the slip lists every missing item at once.
    Action.REQUEST_SUPPLEMENT_AT_DESK: _t({None, S.SUBMITTED}, S.SUPPLEMENT_REQUESTED),
    Action.REFUSE_AT_DESK: _t({None, S.SUBMITTED, S.SUPPLEMENT_REQUESTED}, S.NOT_RECEIVED),
    Action.SOLVE_SAME_DAY: _t({None}, S.RETURNED),
    # Processing: hand-overs keep the dossier in hand; the first one out of the desk
    # makes it "processing".
    Action.CLAIM: _t(_IN_HAND | {S.DONE}, S.RECEIVED, S.PROCESSING, S.DONE),
    Action.ASSIGN: _t(_IN_HAND | {S.DONE}, S.RECEIVED, S.PROCESSING, S.DONE),
    Action.TRANSFER: _t(_IN_HAND, S.PROCESSING),
    Action.SEND_BACK: _t({S.PROCESSING}, S.PROCESSING),
    Action.FORWARD: _t(_IN_HAND, S.PROCESSING),
    Action.CONSULT: _t({S.PROCESSING}, S.PROCESSING),
    Action.CONSULT_ANSWER: _t(_OPEN, *sorted(str(s) for s in _OPEN)),
    Action.FIELD_CHECK: _t({S.PROCESSING}, S.PROCESSING),
    Action.REQUEST_SUPPLEMENT: _t({S.PROCESSING}, S.SUPPLEMENT_REQUESTED),
    # After a desk request (not yet received) the completed dossier goes back to the desk's
    # check (submitted); during processing it resumes processing with a new time limit.
    Action.RECEIVE_SUPPLEMENT: _t({S.SUPPLEMENT_REQUESTED}, S.SUBMITTED, S.PROCESSING),
    Action.REQUEST_OBLIGATION: _t({S.PROCESSING}, S.AWAITING_OBLIGATION),
    Action.OBLIGATION_PAID: _t({S.AWAITING_OBLIGATION}, S.PROCESSING),
    Action.REFUSE: _t({S.PROCESSING}, S.DONE),
    Action.APOLOGIZE: _t(_IN_HAND, S.RECEIVED, S.PROCESSING),
    # Withdrawal only while no result exists (received but not done).
    Action.REQUEST_WITHDRAWAL: _t(_OPEN, S.WITHDRAWAL_REQUESTED),
    Action.STOP: _t({S.WITHDRAWAL_REQUESTED}, S.STOPPED),
    Action.ATTACH_RESULT: _t({S.PROCESSING}, S.DONE),
    Action.RETURN: _t({S.DONE}, S.RETURNED),
}


def allowed_actions(status: str | None) -> list[str]:
    """The actions possible from `status` (for 409 bodies and the dossier page's buttons)."""
    return [action for action, t in ALLOWED_TRANSITIONS.items() if status in t.sources]


def citizen_text(status: str) -> str:
    return str(STATUS_INFO[status].citizen_text)


def portal_code(status: str) -> int | None:
    return STATUS_INFO[status].portal_code
