"""The applicant who submitted online sends the asked supplement from the portal themselves."""

from __future__ import annotations

import pytest

from motcua.accounts.models import User
from motcua.dossiers.models import Channel
from motcua.dossiers.services import (
    CannotAct,
    MissingItem,
    dossier_receive_supplement,
    dossier_request_supplement_at_desk,
    dossier_submit_online,
)
from motcua.dossiers.tests.factories import HOUR, T0, reception
from motcua.dossiers.workflow import Status


def _asked_online(w, citizen):
    d = dossier_submit_online(reception=reception(w, channel=Channel.ONLINE), by=citizen, at=T0)
    return dossier_request_supplement_at_desk(
        dossier=d,
        items=[MissingItem(name="Bản sao giấy khai sinh", reason="Ảnh mờ")],
        by=w.receiver,
        at=T0 + HOUR,
    )


def test_the_citizen_who_submitted_online_sends_the_supplement_back_to_the_desk(w):
    citizen = User.objects.create_user("cd_online", password="x" * 12)
    d = _asked_online(w, citizen)

    d = dossier_receive_supplement(dossier=d, by=citizen, at=T0 + 2 * HOUR)

    assert d.status == Status.SUBMITTED
    event = d.events.get(action="dossier.supplement.received")
    assert event.actor_id == citizen.pk


def test_another_citizen_may_not_send_a_supplement_for_someone_elses_dossier(w):
    owner = User.objects.create_user("cd_owner", password="x" * 12)
    stranger = User.objects.create_user("cd_stranger", password="x" * 12)
    d = _asked_online(w, owner)

    with pytest.raises(CannotAct):
        dossier_receive_supplement(dossier=d, by=stranger, at=T0 + 2 * HOUR)

    d.refresh_from_db()
    assert d.status == Status.SUPPLEMENT_REQUESTED
