from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The password validators still run; only the (deliberately slow) hashing is cheap.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _mail_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST through the test client and run the on-commit callbacks (the SMS / e-mail send)
    as a real request would when its transaction commits."""

    def post(url, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **extra)

    return post


@pytest.fixture
def citizen(db, fake_sms, django_capture_on_commit_callbacks):
    """Make a registered and confirmed account through the services; the code is read back
    from the fake SMS gateway (phone) or the mail outbox (e-mail)."""
    from motcua.citizens.models import CodeChannel
    from motcua.citizens.services import citizen_activate, citizen_register
    from motcua.citizens.tests.helpers import PASSWORD, PHONE, T0, code_in_mail

    def make(*, phone=PHONE, email="", full_name="Nguyễn Văn An", citizen_id="", at=T0):
        with django_capture_on_commit_callbacks(execute=True):
            otp = citizen_register(
                kind="individual",
                full_name=full_name,
                channel=CodeChannel.SMS if phone else CodeChannel.EMAIL,
                phone=phone,
                email=email,
                password=PASSWORD,
                citizen_id=citizen_id,
                ip="10.9.9.9",
                at=at,
            )
        code = fake_sms.last_code(phone) if phone else code_in_mail(email)
        return citizen_activate(user=otp.user, code=code, ip="10.9.9.9", at=at)

    return make
