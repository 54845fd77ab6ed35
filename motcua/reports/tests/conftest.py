from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_outbox_kick(settings):
    settings.MOTCUA_OUTBOX_KICK = False


@pytest.fixture
def w(db):
    from motcua.dossiers.tests.factories import world

    return world()
