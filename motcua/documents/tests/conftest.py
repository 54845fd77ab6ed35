from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings: Any, tmp_path: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MOTCUA_OUTBOX_KICK = False
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "store")},
        },
    }


@pytest.fixture
def w(db: Any) -> Any:
    from motcua.documents import pki
    from motcua.dossiers.tests.factories import world

    cast = world()
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for unit in (cast.desk, cast.agency, cast.subunit, cast.branch):
        pki.unit_issue(code=unit.code, name=unit.name, at=at)
    return cast
