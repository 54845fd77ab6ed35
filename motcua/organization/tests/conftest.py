from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Demo users and factories hash passwords; the real hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages render {% static %}; with DJANGO_DEBUG=0 the manifest storage would need
    # `collectstatic`, which a page test does not.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def demo(db):
    """The demo organisation and its users (as `manage.py demo` loads them)."""
    from motcua.accounts import demo as accounts_demo
    from motcua.organization import demo as organization_demo

    organization_demo.load()
    accounts_demo.load()
