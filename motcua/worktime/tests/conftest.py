import pytest


@pytest.fixture
def plain_static_files(settings):
    """With DJANGO_DEBUG=0 the manifest storage needs `collectstatic`; page tests do not."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
