from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Validators still run; only the (deliberately slow) hashing is cheap.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _quiet_side_effects(settings, tmp_path):
    # Outbox rows are asserted as queued; delivery is tested by the dossier core.
    settings.MOTCUA_OUTBOX_KICK = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def w(db):
    from motcua.dossiers.tests.factories import world

    return world()


@pytest.fixture
def citizen(db, fake_sms, django_capture_on_commit_callbacks):
    """A confirmed portal account made through the citizens services (the one-time code is
    read back from the fake SMS gateway)."""
    from motcua.portal.tests.helpers import make_citizen

    def make(**kwargs):
        return make_citizen(fake_sms, django_capture_on_commit_callbacks, **kwargs)

    return make


@pytest.fixture
def an(citizen):
    """Nguyễn Văn An, phone 0912345678."""
    return citizen()


@pytest.fixture
def an_client(client, an):
    client.force_login(an)
    return client
