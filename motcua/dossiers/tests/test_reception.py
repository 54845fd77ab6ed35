"""Reception at the desk: receive, ask to supplement, refuse, online submission and
acceptance, same-day solving."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput
from motcua.dossiers.models import (
    Dossier,
    DossierEvent,
    DossierStep,
    OutboxMessage,
    Refusal,
    Supplement,
)
from motcua.dossiers.services import (
    CannotAct,
    MissingDocuments,
    MissingItem,
    WrongState,
    dossier_accept_online,
    dossier_receive,
    dossier_receive_supplement,
    dossier_refuse_at_desk,
    dossier_request_supplement_at_desk,
    dossier_solve_same_day,
)
from motcua.dossiers.tests.factories import (
    T0,
    NotReceivedDossierFactory,
    SubmittedDossierFactory,
    procedure,
    reception,
    vn,
)
from motcua.dossiers.workflow import Status


def _events(d: Dossier) -> list[str]:
    return list(
        DossierEvent.objects.filter(dossier=d).order_by("pk").values_list("action", flat=True)
    )


def test_receiving_a_complete_dossier_gives_a_code_a_due_date_and_the_process_as_steps(w):
    d = dossier_receive(reception=reception(w), by=w.receiver, at=T0)

    assert d.code == "000.02.01.H09-260302-0001"
    assert d.status == Status.RECEIVED
    assert len(d.secret) == 8
    assert d.received_at == T0 and d.received_by == w.receiver
    assert d.rule_set == "2025"
    # Monday 09:00 + 5 working days = next Monday 09:00.
    assert d.original_due_at == d.due_at == vn(2026, 3, 9, 9, 0)
    steps = list(DossierStep.objects.filter(dossier=d).order_by("order"))
    assert [(s.order, s.role, s.unit.code) for s in steps] == [
        (1, "receiving", "000.02.01.H09"),
        (2, "specialist", "000.01.10.H09"),
        (3, "unit_head", "000.01.10.H09"),
        (4, "returning", "000.02.01.H09"),
    ]
    assert steps[0].started_at == T0 and steps[0].assignee == w.receiver
    assert all(s.started_at is None for s in steps[1:])
    assert [s.planned_due_at for s in steps] == [
        vn(2026, 3, 2, 14, 30),
        vn(2026, 3, 4, 14, 30),
        vn(2026, 3, 5, 14, 30),
        vn(2026, 3, 6, 9, 0),
    ]
    assert (d.current_step_unit, d.current_step_role, d.current_assignee) == (
        w.desk,
        "receiving",
        w.receiver,
    )
    assert d.applicant.full_name == "Nguyễn Văn An" and d.applicant.name_folded == "nguyen van an"
    assert d.documents.count() == 2
    assert _events(d) == ["dossier.received"]
    topics = sorted(OutboxMessage.objects.values_list("topic", flat=True))
    assert topics == ["dvcqg.sync", "notify.citizen"]
    sync = OutboxMessage.objects.get(topic="dvcqg.sync").payload
    assert (sync["portal_status"], sync["channel"], sync["received_at"]) == (2, 1, "20260302090000")


def test_codes_count_per_desk_and_day_from_0001(w):
    first = dossier_receive(reception=reception(w), by=w.receiver, at=T0)
    second = dossier_receive(reception=reception(w), by=w.receiver, at=T0 + dt.timedelta(hours=1))
    branch = dossier_receive(
        reception=reception(w, receiving_unit=w.branch), by=w.branch_receiver, at=T0
    )
    next_day = dossier_receive(reception=reception(w), by=w.receiver, at=T0 + dt.timedelta(days=1))
    assert [first.code, second.code, branch.code, next_day.code] == [
        "000.02.01.H09-260302-0001",
        "000.02.01.H09-260302-0002",
        "000.11.01.H09-260302-0001",
        "000.02.01.H09-260303-0001",
    ]


def test_missing_mandatory_documents_block_reception_naming_each_one(w):
    with pytest.raises(MissingDocuments) as err:
        dossier_receive(reception=reception(w, documents=[]), by=w.receiver, at=T0)
    assert "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in err.value.message
    assert "Căn cước công dân" in err.value.message
    assert err.value.details["missing"] == [
        "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
        "Căn cước công dân",
    ]
    assert not Dossier.objects.exists()


def test_a_case_adds_its_own_mandatory_documents(w):
    incomplete = reception(w, case_code="TH1", documents=reception(w).documents)
    with pytest.raises(MissingDocuments, match="Hộ chiếu"):
        dossier_receive(reception=incomplete, by=w.receiver, at=T0)
    d = dossier_receive(reception=reception(w, case_code="TH1"), by=w.receiver, at=T0)
    assert d.case is not None and d.case.code == "TH1"


def test_an_abolished_procedure_is_not_received(w):
    Procedure.objects.filter(national_code="1.000001").update(abolished_from=dt.date(2026, 1, 1))
    with pytest.raises(InvalidInput, match="bãi bỏ") as err:
        dossier_receive(reception=reception(w), by=w.receiver, at=T0)
    assert err.value.field == "procedure_code"


def test_bad_applicant_data_is_refused_with_the_field_named(w):
    with pytest.raises(InvalidInput) as err:
        dossier_receive(reception=reception(w, citizen_id="12345"), by=w.receiver, at=T0)
    assert err.value.field == "applicant.citizen_id"
    with pytest.raises(InvalidInput) as err:
        dossier_receive(
            reception=reception(w, rep_full_name="Trần Văn Bình", rep_citizen_id="074091000001"),
            by=w.receiver,
            at=T0,
        )
    assert err.value.field == "applicant.mandate"


def test_a_representative_with_a_mandate_is_recorded(w):
    d = dossier_receive(
        reception=reception(
            w,
            rep_full_name="Trần Văn Bình",
            rep_citizen_id="074091000001",
            mandate="Giấy ủy quyền số 12/2026, chứng thực ngày 01/03/2026",
        ),
        by=w.receiver,
        at=T0,
    )
    assert d.applicant.rep_full_name == "Trần Văn Bình"
    assert d.applicant.mandate.startswith("Giấy ủy quyền số 12")


def test_an_organization_applies_with_its_tax_code(w):
    procedure("1.000777", applicant_types=["organization"])
    d = dossier_receive(
        reception=reception(
            w,
            procedure_code="1.000777",
            kind="organization",
            full_name="Công ty TNHH Minh Phát",
            citizen_id="",
            date_of_birth=None,
            tax_code="3701234567001",
            legal_representative="Phạm Minh Phát",
        ),
        by=w.receiver,
        at=T0,
    )
    assert d.applicant.tax_code == "3701234567-001"
    with pytest.raises(InvalidInput) as err:
        dossier_receive(reception=reception(w, procedure_code="1.000777"), by=w.receiver, at=T0)
    assert err.value.field == "applicant.kind"


def test_only_an_officer_of_the_desk_receives_there(w):
    with pytest.raises(CannotAct):
        dossier_receive(reception=reception(w), by=w.specialist, at=T0)
    with pytest.raises(CannotAct):
        dossier_receive(reception=reception(w), by=w.branch_receiver, at=T0)


def test_supplement_at_the_counter_records_the_dossier_and_lists_every_item_once(w):
    d = dossier_request_supplement_at_desk(
        reception=reception(w, documents=[]),
        items=[
            MissingItem(name="Tờ khai", reason="Chưa ký"),
            MissingItem(name="Căn cước công dân"),
        ],
        by=w.receiver,
        at=T0,
    )
    assert d.status == Status.SUPPLEMENT_REQUESTED
    assert d.received_at is None and d.due_at is None
    assert d.code.endswith("-0001")
    s = Supplement.objects.get(dossier=d)
    assert s.at_desk and [i["name"] for i in s.items] == ["Tờ khai", "Căn cước công dân"]
    assert _events(d) == ["dossier.supplement.requested_at_desk"]
    # The completed dossier comes back to the desk's check, then is received.
    docs = reception(w).documents
    d = dossier_receive_supplement(
        dossier=d, documents=docs, by=w.receiver, at=T0 + dt.timedelta(days=2)
    )
    assert d.status == Status.SUBMITTED
    d = dossier_accept_online(dossier=d, by=w.receiver, at=T0 + dt.timedelta(days=2))
    assert d.status == Status.RECEIVED and d.received_at == T0 + dt.timedelta(days=2)
    assert _events(d)[-2:] == ["dossier.supplement.received", "dossier.accepted"]


def test_a_supplement_request_needs_at_least_one_item(w):
    with pytest.raises(InvalidInput) as err:
        dossier_request_supplement_at_desk(
            reception=reception(w), items=[MissingItem(name="  ")], by=w.receiver, at=T0
        )
    assert err.value.field == "items"


def test_refusal_at_the_counter_keeps_the_reasons_for_the_slip(w):
    d = NotReceivedDossierFactory.create(world=w)
    assert d.status == Status.NOT_RECEIVED
    assert Refusal.objects.get(dossier=d).reasons == ["Không thuộc thẩm quyền tiếp nhận"]
    assert d.current_step_id is None
    assert _events(d) == ["dossier.refused_at_desk"]
    with pytest.raises(InvalidInput):
        dossier_refuse_at_desk(reception=reception(w), reasons=[" "], by=w.receiver, at=T0)


def test_an_online_submission_waits_for_the_desk_with_its_permanent_code(w):
    d = SubmittedDossierFactory.create(world=w)
    assert d.status == Status.SUBMITTED and d.channel == "online"
    assert d.code == "000.02.01.H09-260302-0001"
    assert d.received_at is None and d.due_at is None
    assert (d.current_step_unit, d.current_step_role) == (w.desk, "receiving")
    assert _events(d) == ["dossier.submitted"]

    later = T0 + dt.timedelta(days=1)
    d = dossier_accept_online(dossier=d, by=w.receiver, at=later, version=d.version)
    assert d.status == Status.RECEIVED
    assert d.received_at == later and d.due_at == vn(2026, 3, 10, 9, 0)
    assert d.code == "000.02.01.H09-260302-0001"
    assert _events(d) == ["dossier.submitted", "dossier.accepted"]


def test_an_incomplete_online_dossier_cannot_be_accepted(w):
    d = SubmittedDossierFactory.create(world=w, documents=[])
    with pytest.raises(MissingDocuments):
        dossier_accept_online(dossier=d, by=w.receiver, at=T0)
    d = dossier_request_supplement_at_desk(
        dossier=d, items=[MissingItem(name="Căn cước công dân")], by=w.receiver, at=T0
    )
    assert d.status == Status.SUPPLEMENT_REQUESTED


def test_accepting_twice_is_a_conflict_listing_the_allowed_actions(w):
    d = SubmittedDossierFactory.create(world=w)
    d = dossier_accept_online(dossier=d, by=w.receiver, at=T0)
    with pytest.raises(WrongState) as err:
        dossier_accept_online(dossier=d, by=w.receiver, at=T0)
    assert err.value.status_code == 409
    assert "transfer" in err.value.allowed_actions
    assert "accept" not in err.value.allowed_actions


def test_a_same_day_procedure_is_solved_and_returned_at_the_counter(w):
    procedure("1.000555", time_limit={"value": 0, "unit": "same_day"}, process=[])
    d = dossier_solve_same_day(
        reception=reception(w, procedure_code="1.000555"),
        result_number="05/CT",
        by=w.receiver,
        at=vn(2026, 3, 2, 10, 0),
    )
    assert d.status == Status.RETURNED
    assert d.received_at == d.finished_at == d.returned_at == vn(2026, 3, 2, 10, 0)
    assert d.due_at == vn(2026, 3, 2, 17, 0)
    assert d.result_kind == "granted" and d.timeliness == "on_time"
    assert d.collector_name == "Nguyễn Văn An"
    assert _events(d) == ["dossier.solved_same_day"]


def test_a_procedure_with_a_time_limit_in_days_is_not_solved_same_day(w):
    with pytest.raises(InvalidInput, match="trong ngày"):
        dossier_solve_same_day(reception=reception(w), by=w.receiver, at=T0)


def test_a_new_process_of_the_version_applies_to_the_next_reception(w):
    from decimal import Decimal

    from motcua.catalog.importexport.records import StepData
    from motcua.catalog.services import process_set

    first = dossier_receive(reception=reception(w), by=w.receiver, at=T0)
    assert first.steps.count() == 4
    process_set(
        version=w.version,
        steps=[
            StepData(role="receiving", budget_hours=Decimal(2)),
            StepData(
                role="specialist",
                budget_hours=Decimal(8),
                agency="000.00.10.H09",
                unit="000.01.10.H09",
            ),
            StepData(
                role="unit_head",
                budget_hours=Decimal(4),
                agency="000.00.10.H09",
                unit="000.01.10.H09",
            ),
            StepData(role="agency_leader", budget_hours=Decimal(4), agency="000.00.10.H09"),
            StepData(role="returning", budget_hours=Decimal(2)),
        ],
        by=None,
        at=T0,
    )
    second = dossier_receive(reception=reception(w), by=w.receiver, at=T0)
    assert list(second.steps.order_by("order").values_list("role", flat=True)) == [
        "receiving",
        "specialist",
        "unit_head",
        "agency_leader",
        "returning",
    ]


def test_an_abolition_written_behind_the_orms_back_is_still_seen(w):
    dossier_receive(reception=reception(w), by=w.receiver, at=T0)
    Procedure.objects.filter(national_code="1.000001").update(abolished_from=dt.date(2026, 3, 2))
    with pytest.raises(InvalidInput, match="bãi bỏ"):
        dossier_receive(reception=reception(w), by=w.receiver, at=T0)


def test_under_the_code_counter_lock_a_reception_writes_only_its_own_row_and_outbox_rows(w):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dossier_receive(reception=reception(w), by=w.receiver, at=T0)  # the day's counter exists
    with CaptureQueriesContext(connection) as ctx:
        d = dossier_receive(reception=reception(w), by=w.receiver, at=T0)
    sqls = [q["sql"] for q in ctx.captured_queries]
    (lock,) = [i for i, sql in enumerate(sqls) if "dossiers_codecounter" in sql]
    assert sqls[lock].startswith("UPDATE") and "RETURNING" in sqls[lock]
    held = [sql for sql in sqls[lock + 1 :] if not sql.startswith(("COMMIT", "RELEASE SAVEPOINT"))]
    # One narrow UPDATE of the new dossier's row (its code, and its current step: the row was
    # inserted with every other field final), then one INSERT of the two outbox rows whose
    # payloads carry the code.
    assert held[0].startswith('UPDATE "dossiers_dossier" SET "code" = ')
    assert '"current_step_id" = ' in held[0] and '"status"' not in held[0]
    assert held[0].endswith(f'WHERE "id" = {d.pk}')
    assert len(held) == 2
    assert held[1].startswith('INSERT INTO "dossiers_outboxmessage"')
    assert d.code.endswith("-0002")
    Dossier.objects.get(code=d.code)
    assert DossierEvent.objects.filter(dossier=d, action="dossier.received").count() == 1
    assert [m.payload["code"] for m in OutboxMessage.objects.order_by("pk")][-2:] == [d.code] * 2
