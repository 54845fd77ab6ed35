"""'Hồ sơ của tôi': the account's dossiers only, with status, due date and the next action."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.citizens.models import CitizenAccount
from motcua.citizens.selectors import NEXT_ACTIONS, citizen_dossiers, citizen_owns, my_dossiers
from motcua.citizens.tests.helpers import DOSSIERS, EMAIL, PASSWORD, PHONE
from motcua.dossiers.models import Channel
from motcua.dossiers.services import dossier_submit_online
from motcua.dossiers.tests.factories import (
    T0,
    AwaitingObligationDossierFactory,
    DoneDossierFactory,
    ProcessingDossierFactory,
    ReceivedDossierFactory,
    SupplementRequestedDossierFactory,
    reception,
    world,
)
from motcua.dossiers.workflow import Status

pytestmark = pytest.mark.django_db
OTHER_PHONE = "0987654321"
OTHER_EMAIL = "someone.else@example.vn"


@pytest.fixture(autouse=True)
def _no_outbox_kick(settings):
    settings.MOTCUA_OUTBOX_KICK = False


@pytest.fixture
def w(db):
    return world()


def someone_elses(factory, w, **kwargs):
    return factory.create(world=w, phone=OTHER_PHONE, email=OTHER_EMAIL, **kwargs)


def test_the_account_sees_dossiers_submitted_online_and_those_with_its_verified_phone(w, citizen):
    user = citizen()
    online = dossier_submit_online(
        reception=reception(w, channel=Channel.ONLINE, phone=OTHER_PHONE, email=OTHER_EMAIL),
        by=user,
        at=T0,
    )
    at_counter = ReceivedDossierFactory.create(world=w, phone=PHONE, email=OTHER_EMAIL)
    as_representative = ReceivedDossierFactory.create(
        world=w,
        phone=OTHER_PHONE,
        email=OTHER_EMAIL,
        rep_full_name="Nguyễn Văn An",
        rep_citizen_id="074090001234",
        rep_phone=PHONE,
        mandate="Giấy ủy quyền số 12/2026 ngày 01/03/2026",
    )
    someone_elses(ReceivedDossierFactory, w)

    codes = set(citizen_dossiers(user).values_list("code", flat=True))

    assert codes == {online.code, at_counter.code, as_representative.code}


def test_a_verified_email_matches_but_an_unverified_one_does_not(w, citizen):
    user = citizen(phone="", email=EMAIL)
    mine = ReceivedDossierFactory.create(world=w, phone=OTHER_PHONE, email="An.Nguyen@Example.vn")

    assert list(citizen_dossiers(user)) == [mine]

    CitizenAccount.objects.filter(user=user).update(email_verified_at=None)
    assert list(citizen_dossiers(user)) == []


def test_a_citizen_id_typed_at_registration_is_not_proof_and_matches_nothing(w, citizen):
    user = citizen(phone="0911111111", citizen_id="074090001234")
    ReceivedDossierFactory.create(
        world=w, citizen_id="074090001234", phone=OTHER_PHONE, email=OTHER_EMAIL
    )

    assert list(citizen_dossiers(user)) == []

    # Vouched for by the national eID (OpenID Connect), the same ID matches.
    CitizenAccount.objects.filter(user=user).update(citizen_id_verified_at=T0)
    assert citizen_dossiers(user).count() == 1


def test_another_accounts_online_draft_with_my_phone_is_not_shown(w, citizen, django_user_model):
    user = citizen()
    other = django_user_model.objects.create_user("someone", password=PASSWORD)
    theirs = dossier_submit_online(reception=reception(w, channel=Channel.ONLINE), by=other, at=T0)
    theirs.status = Status.DRAFT
    theirs.save(update_fields=["status"])

    assert list(citizen_dossiers(user)) == []


def test_citizen_owns_answers_for_one_dossier(w, citizen):
    user = citizen()
    mine = ReceivedDossierFactory.create(world=w)
    theirs = someone_elses(ReceivedDossierFactory, w)

    assert citizen_owns(user, mine)
    assert not citizen_owns(user, theirs)


def test_an_anonymous_visitor_owns_nothing(w):
    from django.contrib.auth.models import AnonymousUser

    mine = ReceivedDossierFactory.create(world=w)

    assert not citizen_owns(AnonymousUser(), mine)
    assert citizen_dossiers(AnonymousUser()).count() == 0


def test_each_dossier_row_says_what_the_citizen_must_do_next(w, citizen):
    user = citizen()
    supplement = SupplementRequestedDossierFactory.create(world=w)
    obligation = AwaitingObligationDossierFactory.create(world=w, at=T0 + dt.timedelta(days=1))
    done = DoneDossierFactory.create(world=w, at=T0 + dt.timedelta(days=2))
    processing = ProcessingDossierFactory.create(world=w, at=T0 + dt.timedelta(days=3))

    rows = {r.code: r for r in my_dossiers(user, page=1, at=T0 + dt.timedelta(days=3)).rows}

    labels = {code: str(r.action.label) if r.action else None for code, r in rows.items()}
    assert labels[supplement.code] == "Bổ sung hồ sơ"
    assert labels[obligation.code] == "Nộp lệ phí"
    assert labels[done.code] == "Nhận kết quả"
    assert rows[processing.code].action is None
    assert rows[processing.code].status_text == "Hồ sơ đang được giải quyết."
    assert rows[processing.code].due_at == processing.due_at
    assert rows[done.code].url == f"/tra-cuu/?code={done.code}"


def test_a_running_dossier_past_its_due_date_is_marked_overdue(w, citizen):
    user = citizen()
    d = ProcessingDossierFactory.create(world=w)
    assert d.due_at is not None

    before = my_dossiers(user, page=1, at=d.due_at - dt.timedelta(minutes=1)).rows[0]
    after = my_dossiers(user, page=1, at=d.due_at + dt.timedelta(minutes=1)).rows[0]

    assert not before.overdue
    assert after.overdue


def test_the_next_action_table_is_pinned():
    assert {status: str(a.label) for status, a in NEXT_ACTIONS.items()} == {
        Status.DRAFT: "Hoàn thiện và gửi hồ sơ",
        Status.SUPPLEMENT_REQUESTED: "Bổ sung hồ sơ",
        Status.AWAITING_OBLIGATION: "Nộp lệ phí",
        Status.DONE: "Nhận kết quả",
        Status.RETURNED: "Đánh giá mức độ hài lòng",
    }


def test_the_page_lists_only_the_accounts_dossiers_with_links_to_the_look_up(client, w, citizen):
    citizen()
    mine = SupplementRequestedDossierFactory.create(world=w)
    theirs = someone_elses(ReceivedDossierFactory, w)
    client.post("/tai-khoan/dang-nhap/", {"username": PHONE, "password": PASSWORD})

    response = client.get(DOSSIERS)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Hồ sơ của tôi</h1>" in page
    assert mine.code in page
    assert theirs.code not in page
    assert f'href="/tra-cuu/?code={mine.code}"' in page
    assert "Bổ sung hồ sơ" in page
    assert "Cần bổ sung, hoàn thiện hồ sơ theo phiếu yêu cầu." in page
    assert response["Cache-Control"] == "private, no-store"


def test_the_page_says_so_when_there_is_no_dossier(client, citizen):
    citizen()
    client.post("/tai-khoan/dang-nhap/", {"username": PHONE, "password": PASSWORD})

    response = client.get(DOSSIERS)

    assert "Bạn chưa có hồ sơ nào." in response.content.decode()


def test_the_page_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get(DOSSIERS)

    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/dang-nhap/?next=/tai-khoan/ho-so/"
