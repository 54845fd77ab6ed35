"""The demo set loads through the services, once."""

from __future__ import annotations

import pytest

from motcua.dossiers.models import Dossier


@pytest.fixture
def demo_base(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from motcua.accounts import demo as accounts_demo
    from motcua.catalog import demo as catalog_demo
    from motcua.organization import demo as organization_demo

    organization_demo.load()
    accounts_demo.load()
    catalog_demo.load()


def test_the_demo_creates_dossiers_in_many_states_and_a_second_run_adds_nothing(demo_base):
    from motcua.dossiers import demo

    demo.load()
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {
        "received",
        "processing",
        "supplement_requested",
        "done",
        "returned",
        "submitted",
        "not_received",
        "stopped",
    } <= statuses
    count = Dossier.objects.count()
    assert count >= 11
    demo.load()
    assert Dossier.objects.count() == count
