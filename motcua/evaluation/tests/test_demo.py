"""The demo loader rates the returned demo dossiers once, through the service."""

from __future__ import annotations

import pytest

from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.factories import DoneDossierFactory, ReturnedDossierFactory
from motcua.evaluation import demo
from motcua.evaluation.models import Rating

pytestmark = pytest.mark.django_db


def test_the_demo_rates_each_returned_dossier_once(w):
    returned = ReturnedDossierFactory.create(world=w)
    DoneDossierFactory.create(world=w)

    demo.load()
    demo.load()

    rating = Rating.objects.get()
    assert rating.dossier == returned
    assert rating.answers.filter(satisfied=False).count() == 1
    assert DossierEvent.objects.filter(action="dossier.rated").count() == 1
