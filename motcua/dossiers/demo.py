"""Demo dossiers in every state, dated relative to today so the inboxes have something to do,
something due soon and something overdue. Loaded after the organisation, users and catalogue
demos (it does nothing when they are missing).

Idempotent: the set is created once — a second run (even on another day) finds the demo
applicants (e-mail @demo.motcua.example) and changes nothing. Every dossier goes through the
real services, with times in the past, so its events, steps and slips are those of real work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from motcua.accounts.models import User
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.core.clock import VN_TZ, today
from motcua.dossiers import services as s
from motcua.dossiers.models import Applicant, Dossier
from motcua.organization.models import Unit
from motcua.worktime.services import is_working_day

DEMO_EMAIL = "@demo.motcua.example"
DESK = "000.02.01.H09"  # Phòng Tiếp nhận, số hóa hồ sơ, giải quyết TTHC (Trung tâm)
BRANCH_TDM = "000.11.01.H09"
CONG_AN = "000.00.41.H09"
PHONG_PC06 = "000.01.41.H09"
LLTP = "2.001417"  # Cấp Phiếu lý lịch tư pháp: Sở Tư pháp with Công an tỉnh (liên thông)
SAME_DAY = "BD.GDDT.01"

PEOPLE = [
    ("Nguyễn Văn Bình", "074085001231", dt.date(1985, 4, 2), "0908123451"),
    ("Trần Thị Mai", "074190002342", dt.date(1990, 9, 14), "0918234562"),
    ("Lê Hoàng Nam", "074092003453", dt.date(1992, 1, 30), "0938345673"),
    ("Phạm Thị Thu Hà", "074188004564", dt.date(1988, 7, 7), "0978456784"),
    ("Huỳnh Minh Tuấn", "074079005675", dt.date(1979, 12, 1), "0988567895"),
    ("Võ Thị Ngọc Lan", "074195006786", dt.date(1995, 3, 21), "0909678906"),
    ("Đặng Quốc Huy", "074201007897", dt.date(2001, 11, 11), "0919789017"),
    ("Bùi Thị Hồng", "074183008908", dt.date(1983, 5, 5), "0939890128"),
    ("Ngô Văn Phúc", "074070009019", dt.date(1970, 8, 19), "0979901239"),
    ("Dương Thị Kim Chi", "074198010120", dt.date(1998, 2, 28), "0989012340"),
    ("Hồ Thanh Sơn", "074087011231", dt.date(1987, 10, 10), "0903123456"),
]


def _workdays_back(n: int) -> dt.date:
    """The n-th working day before today."""
    day = today()
    while n > 0:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def _at(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=VN_TZ)


def _applicant(i: int) -> s.ApplicantInput:
    name, cid, dob, phone = PEOPLE[i % len(PEOPLE)]
    return s.ApplicantInput(
        full_name=name,
        citizen_id=cid,
        date_of_birth=dob,
        phone=phone,
        email=f"congdan{i}{DEMO_EMAIL}",
        address=f"{10 + i} Đại lộ Bình Dương, Phường Phú Cường, Thủ Dầu Một, Bình Dương",
    )


def _reception(
    version: ProcedureVersion, desk: Unit, i: int, *, channel: str = "counter"
) -> s.ReceptionInput:
    return s.ReceptionInput(
        procedure_code=version.procedure.national_code,
        receiving_unit=desk,
        channel=channel,
        applicant=_applicant(i),
        documents=[
            s.DocumentInput(required_document_id=d.pk)
            for d in version.documents_for(None)
            if d.mandatory
        ],
    )


def load() -> None:
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    needed = ("tiepnhan", "tiepnhan_tdm", "chuyenvien", "truongphong", "lanhdaoso", "chuyenvien_ca")
    units = {
        u.code: u for u in Unit.objects.filter(code__in=[DESK, BRANCH_TDM, CONG_AN, PHONG_PC06])
    }
    if (
        not all(n in users for n in needed)
        or len(units) < 4
        or not Procedure.objects.filter(national_code=LLTP).exists()
    ):
        return  # the organisation, users or catalogue demo is not loaded
    if Applicant.objects.filter(email__endswith=DEMO_EMAIL).exists():
        return  # already loaded
    lltp = ProcedureVersion.objects.filter(procedure__national_code=LLTP).latest("effective_from")
    desk, branch = units[DESK], units[BRANCH_TDM]
    tn, tn_tdm = users["tiepnhan"], users["tiepnhan_tdm"]
    cv, tp, ld, cv_ca = (
        users["chuyenvien"],
        users["truongphong"],
        users["lanhdaoso"],
        users["chuyenvien_ca"],
    )

    def received(i: int, days_back: int, *, unit: Unit = desk, by: User = tn) -> Dossier:
        return s.dossier_receive(
            reception=_reception(lltp, unit, i), by=by, at=_at(_workdays_back(days_back), 8, 30 + i)
        )

    def to_agency(d: Dossier, day: dt.date) -> Dossier:
        d = s.step_transfer(dossier=d, by=tn, at=_at(day, 10), note="Đã số hóa hồ sơ")
        return s.step_claim(dossier=d, by=cv, at=_at(day, 14))

    def through_police(d: Dossier, day: dt.date) -> Dossier:
        d = s.step_transfer(dossier=d, by=cv, at=_at(day, 9), note="Đề nghị Công an tra cứu")
        return s.step_claim(dossier=d, by=cv_ca, at=_at(day, 10))

    stories: list[Callable[[], object]] = []

    # 1. At the branch desk, received yesterday: to do for the desk.
    stories.append(lambda: received(1, 1, unit=branch, by=tn_tdm))

    # 2. With the specialist of Sở Tư pháp.
    def specialist() -> None:
        d = received(2, 3)
        to_agency(d, _workdays_back(2))

    stories.append(specialist)

    # 3. Forwarded inside the inter-agency process: at Công an tỉnh.
    def police() -> None:
        d = received(3, 6)
        d = to_agency(d, _workdays_back(5))
        through_police(d, _workdays_back(4))

    stories.append(police)

    # 4. Overdue: received 11 working days ago (limit 10), waiting for the unit head.
    def overdue() -> None:
        d = received(4, 11)
        d = to_agency(d, _workdays_back(10))
        d = through_police(d, _workdays_back(8))
        s.step_transfer(dossier=d, by=cv_ca, at=_at(_workdays_back(5), 15), note="Không có án tích")

    stories.append(overdue)

    # 5. Supplement requested by the specialist (clock stopped).
    def supplement() -> None:
        d = received(5, 3)
        d = to_agency(d, _workdays_back(2))
        s.dossier_request_supplement(
            dossier=d,
            items=[
                s.MissingItem(name="Bản sao giấy khai sinh", reason="Để xác minh họ tên cha mẹ")
            ],
            by=cv,
            at=_at(_workdays_back(1), 9),
        )

    stories.append(supplement)

    # 6. Done: the result waits at the desk.
    def done() -> None:
        d = received(6, 9)
        d = to_agency(d, _workdays_back(8))
        d = through_police(d, _workdays_back(7))
        d = s.step_transfer(dossier=d, by=cv_ca, at=_at(_workdays_back(5), 9))
        d = s.step_transfer(dossier=d, by=tp, at=_at(_workdays_back(4), 9))
        s.dossier_attach_result(
            dossier=d,
            number="1.203/LLTP",
            signed_by="Dương Thị Bích Ngọc",
            by=ld,
            at=_at(_workdays_back(2), 10),
        )

    stories.append(done)

    # 7. Returned to the applicant.
    def returned() -> None:
        d = received(7, 14)
        d = to_agency(d, _workdays_back(13))
        d = through_police(d, _workdays_back(12))
        d = s.step_transfer(dossier=d, by=cv_ca, at=_at(_workdays_back(10), 9))
        d = s.step_transfer(dossier=d, by=tp, at=_at(_workdays_back(9), 9))
        d = s.dossier_attach_result(
            dossier=d, number="1.150/LLTP", by=ld, at=_at(_workdays_back(7), 10)
        )
        s.dossier_return(
            dossier=d,
            how="counter",
            collector_id=PEOPLE[7][1],
            by=tn,
            at=_at(_workdays_back(6), 9),
        )

    stories.append(returned)

    # 8. Apology with a new date (the police check takes longer).
    def apology() -> None:
        d = received(8, 8)
        d = to_agency(d, _workdays_back(7))
        d = through_police(d, _workdays_back(6))
        assert d.due_at is not None  # noqa: S101
        s.dossier_apologize(
            dossier=d,
            reason="Chờ kết quả xác minh của cơ quan Công an",
            new_due_at=d.due_at + dt.timedelta(days=7),
            signer="Dương Thị Bích Ngọc",
            by=ld,
            at=_at(_workdays_back(4), 16),
        )

    stories.append(apology)

    # 9. Submitted online, waiting for the desk's check.
    stories.append(
        lambda: s.dossier_submit_online(
            reception=_reception(lltp, desk, 9, channel="online"),
            by=users.get("congdan"),
            at=_at(_workdays_back(1), 20),
        )
    )

    # 10. Refused at the counter.
    stories.append(
        lambda: s.dossier_refuse_at_desk(
            reception=_reception(lltp, desk, 10),
            reasons=[
                "Người yêu cầu không cư trú tại tỉnh và không thuộc trường hợp được cấp tại đây"
            ],
            by=tn,
            at=_at(_workdays_back(2), 9),
        )
    )

    # 11. Withdrawn at the applicant's request: stop-processing notice.
    def stopped() -> None:
        d = received(11, 4)
        d = to_agency(d, _workdays_back(3))
        d = s.dossier_request_withdrawal(
            dossier=d, reason="Không còn nhu cầu", by=tn, at=_at(_workdays_back(2), 9)
        )
        s.dossier_stop(dossier=d, by=tn, at=_at(_workdays_back(2), 10))

    stories.append(stopped)

    # 12. A same-day procedure solved at the counter.
    same_day = (
        ProcedureVersion.objects.filter(procedure__national_code=SAME_DAY)
        .order_by("-effective_from")
        .first()
    )
    if same_day is not None:
        stories.append(
            lambda: s.dossier_solve_same_day(
                reception=_reception(same_day, desk, 12),
                result_number="15/GDĐT",
                by=tn,
                at=_at(_workdays_back(1), 10),
            )
        )

    for story in stories:
        story()
