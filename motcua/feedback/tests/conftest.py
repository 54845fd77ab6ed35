from __future__ import annotations

import importlib

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MOTCUA_OUTBOX_KICK = False


@pytest.fixture
def w(db):
    from motcua.dossiers.tests.factories import world
    from motcua.feedback.models import FeedbackRule

    if not FeedbackRule.objects.exists():  # a flushed database: the data migration's rows
        importlib.import_module("motcua.feedback.migrations.0002_seed_rules_and_templates").seed(
            apps, None
        )
    return world()


@pytest.fixture
def control(w):
    from motcua.accounts.models import Role
    from motcua.dossiers.tests.factories import staff

    return staff("kiemsoat", Role.CONTROL_OFFICER, w.center, full_name="Trương Thị Kim Oanh")
