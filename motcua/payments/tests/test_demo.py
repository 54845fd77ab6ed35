"""The payments demo loads through the services, once."""

from __future__ import annotations

import pytest

from motcua.payments.models import AssessmentStatus, FeeAssessment, Receipt


@pytest.fixture
def demo_base(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MOTCUA_OUTBOX_KICK = False
    from motcua.accounts import demo as accounts_demo
    from motcua.catalog import demo as catalog_demo
    from motcua.dossiers import demo as dossiers_demo
    from motcua.organization import demo as organization_demo

    organization_demo.load()
    accounts_demo.load()
    catalog_demo.load()
    dossiers_demo.load()


def test_the_demo_has_a_fee_paid_in_cash_and_a_second_run_adds_nothing(demo_base):
    from motcua.payments import demo

    demo.load()
    assert FeeAssessment.objects.filter(status=AssessmentStatus.SETTLED).count() == 1
    assert Receipt.objects.get().number == 1
    count = FeeAssessment.objects.count()
    demo.load()
    assert FeeAssessment.objects.count() == count
