"""manage.py generate_dossiers --count N [--seed S] [--years Y] [--until YYYY-MM-DD]

Synthetic but realistic history for load tests and reports: dossiers received over the last
Y years at the Center's desks (counter 60 %, online 35 %, post 5 %), procedures of the
catalogue in force with an implementing agency (skewed: a few procedures take most
dossiers), due dates from the time limit (working days × 7/5 calendar days), results early,
on time or late (about 8 % late), open dossiers near `until` (some overdue), 1 % stopped,
2 % refused at the desk; supplements (8 %), apologies (a third of the late ones, moving the
due date 3 days), ratings (40 % of results), fees paid online (12 %); one applicant each and
the DossierUnit visibility rows (desk and lead agency).

PostgreSQL: rows are streamed with COPY in chunks of 50,000 (ids allocated up front, the
sequences moved after), about 1,000,000 dossiers in a few minutes. SQLite: bulk_create
(small N). Loads the demo organisation, accounts and catalogue when the catalogue is empty.
The daily figures are not touched: run `manage.py figures_rebuild` afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction

from motcua.core.clock import VN_TZ, now

CHUNK = 50_000
SURNAMES = [("Nguyễn", "nguyen"), ("Trần", "tran"), ("Lê", "le"), ("Phạm", "pham"),
            ("Hoàng", "hoang"), ("Võ", "vo"), ("Đặng", "dang"), ("Bùi", "bui")]  # fmt: skip
GIVENS = [("An", "an"), ("Bình", "binh"), ("Chi", "chi"), ("Dũng", "dung"), ("Hà", "ha"),
          ("Lan", "lan"), ("Mai", "mai"), ("Nam", "nam"), ("Tâm", "tam")]  # fmt: skip


def _ensure_catalogue() -> None:
    from motcua.catalog.models import ProcedureVersion

    if not ProcedureVersion.objects.filter(implementing_agency__isnull=False).exists():
        from motcua.accounts import demo as accounts_demo
        from motcua.catalog import demo as catalog_demo
        from motcua.organization import demo as organization_demo

        organization_demo.load()
        accounts_demo.load()
        catalog_demo.load()


def _next_ids(model: type[models.Model], count: int) -> int:
    """First id of a block of `count` ids reserved for explicit inserts."""
    top = model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0
    return int(top) + 1


def _fix_sequence(model: type[models.Model]) -> None:
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - our table
            f"(SELECT coalesce(max(id), 1) FROM {table}))"
        )


def _write(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=500)  # type: ignore[attr-defined]
        return
    fields = list(model._meta.concrete_fields)
    cols = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    raw = connection.connection
    assert raw is not None  # noqa: S101 - connection opened by the caller's queries
    with (
        raw.cursor() as cur,
        cur.copy(f"COPY {model._meta.db_table} ({cols}) FROM STDIN") as cp,
    ):
        for o in objs:
            row = []
            for f in fields:
                v = getattr(o, f.attname)
                if isinstance(f, models.JSONField):
                    v = json.dumps(v)
                row.append(v)
            cp.write_row(row)


def _working_moment(rng: random.Random, start: dt.datetime, span_days: float) -> dt.datetime:
    day = (start + dt.timedelta(days=rng.random() * span_days)).astimezone(VN_TZ).date()
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    minutes = 7 * 60 + 30 + rng.randrange(0, 9 * 60)
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=VN_TZ)


class Command(BaseCommand):
    help = "Sinh lịch sử hồ sơ giả lập (COPY trên PostgreSQL, bulk_create trên SQLite)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--years", type=float, default=2.0)
        parser.add_argument("--until", type=dt.date.fromisoformat, default=None)

    def handle(
        self, *args: Any, count: int, seed: int, years: float, until: dt.date | None, **o: Any
    ) -> None:
        if count < 1:
            raise CommandError("--count phải lớn hơn 0.")
        started = time.perf_counter()
        _ensure_catalogue()
        end = dt.datetime.combine(until, dt.time(17, 0), tzinfo=VN_TZ) if until else now()
        made = generate(count=count, seed=seed, years=years, end=end)
        self.stdout.write(f"Đã sinh {made} hồ sơ trong {time.perf_counter() - started:.1f} giây.")


def generate(*, count: int, seed: int, years: float, end: dt.datetime) -> int:
    from motcua.accounts.models import User
    from motcua.catalog.models import ProcedureVersion
    from motcua.dossiers.models import Apology, Applicant, Dossier, DossierUnit, Supplement
    from motcua.evaluation.models import Rating, RatingChannel
    from motcua.organization.models import Unit, UnitKind
    from motcua.payments.models import (
        AssessmentStatus,
        FeeAssessment,
        FeeStage,
        Payment,
        PaymentChannel,
        PaymentStatus,
    )

    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    _id_cursor.clear()
    versions = list(
        ProcedureVersion.objects.filter(implementing_agency__isnull=False)
        .order_by("implementing_agency__code", "procedure__national_code", "pk")
        .values_list("pk", "implementing_agency_id", "time_limit_value", "time_limit_unit")
    )
    if not versions:
        raise CommandError("Danh mục chưa có thủ tục nào có cơ quan thực hiện.")
    weights = [1 / (k + 1) ** 0.8 for k in range(len(versions))]
    desks = list(
        Unit.objects.filter(
            kind__in=[UnitKind.BRANCH, UnitKind.DEPARTMENT], parent__kind=UnitKind.CENTER
        )
        .order_by("code")
        .values_list("pk", "code")
    ) or list(Unit.objects.order_by("code").values_list("pk", "code")[:1])
    staff = User.objects.filter(is_active=True).order_by("pk").first()
    if staff is None:
        raise CommandError("Chưa có tài khoản cán bộ nào (chạy manage.py demo).")
    start = end - dt.timedelta(days=365 * years)
    span_days = (end - start).total_seconds() / 86400

    first = {m: _next_ids(m, count) for m in (Dossier, FeeAssessment)}
    did, fid, pay_ref = first[Dossier], first[FeeAssessment], f"G{seed}-{first[Dossier]}"
    made = 0
    with transaction.atomic():
        while made < count:
            n = min(CHUNK, count - made)
            dossiers: list[Dossier] = []
            applicants: list[Applicant] = []
            units: list[DossierUnit] = []
            supplements: list[Supplement] = []
            apologies: list[Apology] = []
            ratings: list[Rating] = []
            fees: list[FeeAssessment] = []
            payments: list[Payment] = []
            for _ in range(n):
                vid, agency, limit, limit_unit = rng.choices(versions, weights)[0]
                desk_id, desk_code = desks[
                    min(len(desks) - 1, int(rng.random() ** 1.6 * len(desks)))
                ]
                received = _working_moment(rng, start, span_days)
                while received > end:  # a weekend pushed it past the end: a week earlier
                    received -= dt.timedelta(days=7)
                x = rng.random()
                channel = "online" if x < 0.35 else ("post" if x < 0.40 else "counter")
                days = limit if limit_unit == "working_days" and limit else 1
                span = dt.timedelta(days=days * 1.4)
                due = received + span
                d = Dossier(
                    id=did,
                    code=f"{desk_code}-{received:%y%m%d}-G{did:07d}",
                    secret=f"{rng.getrandbits(32):08X}",
                    channel=channel,
                    rule_set="2025" if received.date() >= dt.date(2025, 7, 1) else "2018",
                    procedure_version_id=vid,
                    receiving_unit_id=desk_id,
                    lead_agency_id=agency,
                    time_limit_value=days,
                    time_limit_unit="working_days",
                    submitted_at=received - dt.timedelta(hours=2) if channel == "online" else None,
                    received_at=received,
                    received_by_id=staff.pk,
                    clock_start_at=received,
                    original_due_at=due,
                    due_at=due,
                    created_at=received,
                    updated_at=received,
                    timeliness="",
                    result_kind="",
                    current_step_role="",
                    version=3,
                )
                fate = rng.random()
                finished = received + span * (0.25 + rng.random() * 0.85)
                if fate < 0.02:
                    d.status, d.received_at, d.received_by_id = "not_received", None, None
                    d.due_at = d.original_due_at = d.clock_start_at = None
                elif fate < 0.03:
                    d.status = "stopped"
                    d.updated_at = min(end, received + span * 0.5)
                elif finished <= end:
                    if finished > due and rng.random() < 0.33:
                        new_due = due + dt.timedelta(days=3)
                        apologies.append(
                            Apology(
                                dossier_id=did,
                                at=due - dt.timedelta(days=1),
                                by_id=staff.pk,
                                agency_id=agency,
                                reason="Hồ sơ cần xác minh thêm",
                                old_due_at=due,
                                new_due_at=new_due,
                                signer="",
                            )
                        )
                        d.due_at, d.extended_due_at, d.apology_count = new_due, new_due, 1
                    d.finished_at = finished
                    d.result_kind = "granted"
                    assert d.due_at is not None  # noqa: S101
                    if finished > d.due_at:
                        d.timeliness = "late"
                    elif finished.astimezone(VN_TZ).date() < d.due_at.astimezone(VN_TZ).date():
                        d.timeliness = "early"
                    else:
                        d.timeliness = "on_time"
                    returned = finished + dt.timedelta(days=1)
                    if returned <= end:
                        d.status, d.returned_at, d.returned_by_id = "returned", returned, staff.pk
                        d.returned_how = "counter"
                    else:
                        d.status = "done"
                    d.updated_at = min(end, returned)
                    if rng.random() < 0.4:
                        rated = finished + dt.timedelta(hours=1)
                        ratings.append(
                            Rating(
                                dossier_id=did,
                                channel=RatingChannel.PORTAL,
                                rated_at=rated,
                                updated_at=rated,
                            )
                        )
                else:
                    d.status = "processing" if rng.random() < 0.85 else "supplement_requested"
                    d.current_step_role = "specialist"
                    d.current_step_unit_id = agency
                if d.received_at is not None and rng.random() < 0.08:
                    asked = min(end, received + span * 0.3)
                    supplements.append(
                        Supplement(
                            dossier_id=did,
                            requested_at=asked,
                            requested_by_id=staff.pk,
                            items=[{"name": "Bản sao giấy tờ", "reason": "Thiếu"}],
                            received_at=None
                            if d.status == "supplement_requested"
                            else asked + dt.timedelta(days=2),
                        )
                    )
                if d.received_at is not None and rng.random() < 0.12:
                    paid = received + dt.timedelta(hours=1)
                    amount = rng.choice([20_000, 50_000, 100_000, 200_000])
                    fees.append(
                        FeeAssessment(
                            id=fid,
                            dossier_id=did,
                            stage=FeeStage.RECEPTION,
                            status=AssessmentStatus.SETTLED,
                            total=amount,
                            assessed_at=received,
                            assessed_by_id=staff.pk,
                        )
                    )
                    payments.append(
                        Payment(
                            assessment_id=fid,
                            channel=PaymentChannel.ONLINE,
                            status=PaymentStatus.PAID,
                            amount=amount,
                            reference=f"{pay_ref}-{fid}",
                            created_at=received,
                            paid_at=paid,
                            closed_at=paid,
                            updated_at=paid,
                        )
                    )
                    fid += 1
                s, g = rng.choice(SURNAMES), rng.choice(GIVENS)
                applicants.append(
                    Applicant(
                        dossier_id=did,
                        kind="individual",
                        full_name=f"{s[0]} Văn {g[0]}",
                        name_folded=f"{s[1]} van {g[1]}",
                        phone=f"09{did % 100_000_000:08d}",
                        citizen_id=f"0740{did % 100_000_000:08d}",
                    )
                )
                units.append(DossierUnit(dossier_id=did, unit_id=desk_id))
                if agency and agency != desk_id:
                    units.append(DossierUnit(dossier_id=did, unit_id=agency))
                dossiers.append(d)
                did += 1
            for model, objs in (
                (Dossier, dossiers), (Applicant, applicants), (DossierUnit, units),
                (Supplement, supplements), (Apology, apologies), (Rating, ratings),
                (FeeAssessment, fees), (Payment, payments),
            ):  # fmt: skip
                _write(model, _with_ids(model, objs))
            made += n
        for model in (
            Dossier,
            Applicant,
            DossierUnit,
            Supplement,
            Apology,
            Rating,
            FeeAssessment,
            Payment,
        ):
            _fix_sequence(model)
    return made


_id_cursor: dict[type[models.Model], int] = {}


def _with_ids(model: type[models.Model], objs: Iterable[models.Model]) -> list[models.Model]:
    """COPY lists every column, the id too: give rows without one the next free ids."""
    out = list(objs)
    if connection.vendor != "postgresql" or not out or out[0].pk is not None:
        return out
    nxt = _id_cursor.get(model) or _next_ids(model, len(out))
    for o in out:
        o.pk = nxt
        nxt += 1
    _id_cursor[model] = nxt
    return out
