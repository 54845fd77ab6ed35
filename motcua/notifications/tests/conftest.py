from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Messages are queued by the services and delivered explicitly by each test.
    settings.MOTCUA_OUTBOX_KICK = False


@pytest.fixture
def w(db):
    from motcua.dossiers.tests.factories import world

    return world()
