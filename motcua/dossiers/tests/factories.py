"""Factories for dossiers, named after the state they leave the dossier in. Each one goes
through the real services (so every invariant, event and outbox row holds):

    d = ReceivedDossierFactory.create()                     # at the desk, received at T0
    d = ProcessingDossierFactory.create(at=some_datetime)   # with the specialist of Sở Tư pháp
    d = DoneDossierFactory.create()                         # result attached, at the desk

(`.create()` is typed as returning a Dossier; calling the class works too.)

`world()` builds (idempotently) the cast: the desk (Phòng Tiếp nhận of the Center), Sở Tư pháp
with its Phòng Hành chính tư pháp, Công an tỉnh, and one user per role, plus the catalogue's
standard procedure (5 working days; receiving 4 h → specialist 16 h → unit head 8 h →
returning 4 h). Other apps' tests (the staff pages) may reuse all of this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import factory

from motcua.accounts.models import Membership, Role, User
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.tests.factories import make_version, unit
from motcua.core.clock import VN_TZ
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.services import (
    ApplicantInput,
    DocumentInput,
    MissingItem,
    ReceptionInput,
    dossier_attach_result,
    dossier_receive,
    dossier_refuse_at_desk,
    dossier_request_obligation,
    dossier_request_supplement,
    dossier_request_withdrawal,
    dossier_return,
    dossier_stop,
    dossier_submit_online,
    step_claim,
    step_transfer,
)
from motcua.organization.models import Unit, UnitKind, UnitLevel

# Monday 02/03/2026 09:00 in Vietnam: an ordinary working week after Tết.
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
HOUR = dt.timedelta(hours=1)
PROCEDURE = "1.000001"


def vn(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def _unit(
    code: str, name: str, kind: str, parent: Unit | None, level: str = UnitLevel.PROVINCE
) -> Unit:
    obj, _ = Unit.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "level": level,
            "parent": parent,
            "valid_from": dt.date(2020, 1, 1),
        },
    )
    return obj


def staff(username: str, role: str, *units: Unit, full_name: str = "") -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name or username, "email": f"{username}@example.vn"},
    )
    for u in units:
        Membership.objects.get_or_create(
            user=user, unit=u, role=role, valid_from=dt.date(2020, 1, 1)
        )
    return user


@dataclass(frozen=True)
class World:
    province: Unit
    center: Unit
    desk: Unit
    branch: Unit
    agency: Unit
    subunit: Unit
    police: Unit
    police_unit: Unit
    receiver: User
    branch_receiver: User
    specialist: User
    specialist2: User
    head: User
    leader: User
    police_specialist: User
    outsider: User
    version: ProcedureVersion


def procedure(national_code: str = PROCEDURE, **overrides: Any) -> ProcedureVersion:
    """The catalogue's standard procedure (created once per code)."""
    if Procedure.objects.filter(national_code=national_code).exists():
        return ProcedureVersion.objects.filter(procedure__national_code=national_code).latest(
            "version_no"
        )
    return make_version(national_code=national_code, **overrides)


def world() -> World:
    province = unit("000.00.00.H09")
    center = _unit(
        "000.00.01.H09",
        "Trung tâm Phục vụ hành chính công tỉnh Bình Dương",
        UnitKind.CENTER,
        province,
    )
    desk = _unit(
        "000.02.01.H09",
        "Phòng Tiếp nhận, số hóa hồ sơ, giải quyết TTHC",
        UnitKind.DEPARTMENT,
        center,
    )
    branch = _unit("000.11.01.H09", "Chi nhánh Thủ Dầu Một", UnitKind.BRANCH, center)
    agency = unit("000.00.10.H09")
    subunit = unit("000.01.10.H09")
    police = unit("000.00.41.H09")
    police_unit = _unit(
        "000.01.41.H09",
        "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
        UnitKind.SUBUNIT,
        police,
        UnitLevel.CENTRAL,
    )
    other = _unit("000.00.13.H09", "Sở Xây dựng", UnitKind.AGENCY, province)
    return World(
        province=province,
        center=center,
        desk=desk,
        branch=branch,
        agency=agency,
        subunit=subunit,
        police=police,
        police_unit=police_unit,
        receiver=staff("tiepnhan", Role.RECEIVING_OFFICER, desk, full_name="Lê Thị Hồng Nhung"),
        branch_receiver=staff("tiepnhan_tdm", Role.RECEIVING_OFFICER, branch),
        specialist=staff("chuyenvien", Role.SPECIALIST, subunit, full_name="Ngô Thị Thanh Hương"),
        specialist2=staff("chuyenvien2", Role.SPECIALIST, subunit),
        head=staff("truongphong", Role.UNIT_HEAD, subunit, full_name="Hồ Văn Dũng"),
        leader=staff("lanhdaoso", Role.AGENCY_LEADER, agency),
        police_specialist=staff("chuyenvien_ca", Role.SPECIALIST, police_unit),
        outsider=staff("xaydung", Role.SPECIALIST, other),
        version=procedure(),
    )


APPLICANT = ApplicantInput(
    full_name="Nguyễn Văn An",
    citizen_id="074090001234",
    date_of_birth=dt.date(1990, 5, 17),
    address="12 Đường 30/4, Phường Phú Cường, Thủ Dầu Một, Bình Dương",
    phone="0912345678",
    email="an.nguyen@example.vn",
)


def complete_documents(version: ProcedureVersion, case_code: str = "") -> list[DocumentInput]:
    case = next((c for c in version.cases.all() if c.code == case_code), None)
    return [
        DocumentInput(required_document_id=d.pk) for d in version.documents_for(case) if d.mandatory
    ]


def reception(
    w: World | None = None,
    *,
    channel: str = Channel.COUNTER,
    receiving_unit: Unit | None = None,
    applicant: ApplicantInput = APPLICANT,
    documents: Sequence[DocumentInput] | None = None,
    procedure_code: str = PROCEDURE,
    case_code: str = "",
    **applicant_overrides: Any,
) -> ReceptionInput:
    w = w or world()
    version = procedure(procedure_code) if procedure_code != PROCEDURE else w.version
    return ReceptionInput(
        procedure_code=procedure_code,
        case_code=case_code,
        receiving_unit=receiving_unit or w.desk,
        channel=channel,
        applicant=replace(applicant, **applicant_overrides) if applicant_overrides else applicant,
        documents=complete_documents(version, case_code) if documents is None else documents,
    )


class _ServiceFactory(factory.Factory[Dossier]):
    """Base: `at` is when the story starts; `world` the cast (built when not given)."""

    class Meta:
        model = Dossier
        abstract = True

    at = T0

    @classmethod
    def _build(cls, model_class: type, *args: Any, **kwargs: Any) -> Dossier:
        raise NotImplementedError("Dossier factories go through the services: use create().")

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Dossier:
        w = kwargs.pop("world", None) or world()
        return cls.story(w, **kwargs)

    @classmethod
    def story(cls, w: World, *, at: dt.datetime, **kwargs: Any) -> Dossier:
        raise NotImplementedError


class ReceivedDossierFactory(_ServiceFactory):
    """Received at the counter of the Center's desk; the receiving step is open."""

    @classmethod
    def story(cls, w: World, *, at: dt.datetime, **kwargs: Any) -> Dossier:
        return dossier_receive(reception=reception(w, **kwargs), by=w.receiver, at=at)


class SubmittedDossierFactory(_ServiceFactory):
    """Submitted online, waiting for the desk's check."""

    @classmethod
    def story(cls, w: World, *, at: dt.datetime, **kwargs: Any) -> Dossier:
        return dossier_submit_online(
            reception=reception(w, channel=Channel.ONLINE, **kwargs), by=None, at=at
        )


class NotReceivedDossierFactory(_ServiceFactory):
    @classmethod
    def story(cls, w: World, *, at: dt.datetime, **kwargs: Any) -> Dossier:
        return dossier_refuse_at_desk(
            reception=reception(w, **kwargs),
            reasons=["Không thuộc thẩm quyền tiếp nhận"],
            by=w.receiver,
            at=at,
        )


class ProcessingDossierFactory(_ServiceFactory):
    """Received at `at`, handed to Phòng Hành chính tư pháp an hour later and claimed
    by the specialist."""

    @classmethod
    def story(cls, w: World, *, at: dt.datetime, claimed: bool = True, **kwargs: Any) -> Dossier:
        d = ReceivedDossierFactory.story(w, at=at, **kwargs)
        d = step_transfer(dossier=d, by=w.receiver, at=at + HOUR)
        if claimed:
            d = step_claim(dossier=d, by=w.specialist, at=at + 2 * HOUR)
        return d


class SupplementRequestedDossierFactory(_ServiceFactory):
    @classmethod
    def story(cls, w: World, *, at: dt.datetime, **kwargs: Any) -> Dossier:
        d = ProcessingDossierFactory.story(w, at=at, **kwargs)
        return dossier_request_supplement(
            dossier=d,
            items=[MissingItem(name="Bản sao giấy khai sinh", reason="Thiếu")],
            by=w.specialist,
            at=at + 3 * HOUR,
        )


class AwaitingObligationDossierFactory(_ServiceFactory):
    @classmethod
    def story(cls, w: World, *, at: dt.datetime, **kwargs: Any) -> Dossier:
        d = ProcessingDossierFactory.story(w, at=at, **kwargs)
        return dossier_request_obligation(
            dossier=d,
            reason="Nộp lệ phí trước bạ",
            amount=500000,
            by=w.specialist,
            at=at + 3 * HOUR,
        )


class WithdrawalRequestedDossierFactory(_ServiceFactory):
    @classmethod
    def story(cls, w: World, *, at: dt.datetime, **kwargs: Any) -> Dossier:
        d = ProcessingDossierFactory.story(w, at=at, **kwargs)
        return dossier_request_withdrawal(
            dossier=d, reason="Không còn nhu cầu", by=w.receiver, at=at + 3 * HOUR
        )


class StoppedDossierFactory(_ServiceFactory):
    @classmethod
    def story(cls, w: World, *, at: dt.datetime, **kwargs: Any) -> Dossier:
        d = WithdrawalRequestedDossierFactory.story(w, at=at, **kwargs)
        return dossier_stop(dossier=d, by=w.receiver, at=at + 4 * HOUR)


class DoneDossierFactory(_ServiceFactory):
    """Processed (specialist → unit head) and the result attached: waiting at the desk."""

    @classmethod
    def story(cls, w: World, *, at: dt.datetime, **kwargs: Any) -> Dossier:
        d = ProcessingDossierFactory.story(w, at=at, **kwargs)
        d = step_transfer(dossier=d, by=w.specialist, at=at + 4 * HOUR)
        return dossier_attach_result(
            dossier=d, number="123/PLLTP", signed_by="Hồ Văn Dũng", by=w.head, at=at + 6 * HOUR
        )


class ReturnedDossierFactory(_ServiceFactory):
    @classmethod
    def story(cls, w: World, *, at: dt.datetime, **kwargs: Any) -> Dossier:
        d = DoneDossierFactory.story(w, at=at, **kwargs)
        return dossier_return(
            dossier=d,
            how="counter",
            collector_id=APPLICANT.citizen_id,
            by=w.receiver,
            at=at + 8 * HOUR,
        )
