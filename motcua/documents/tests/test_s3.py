from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from motcua.documents.filestore import file_read, file_store
from motcua.documents.tests.helpers import pdf_pages
from motcua.integrations.s3fake.fake import S3FakeServer, make_server


@pytest.fixture
def fake_s3() -> Iterator[S3FakeServer]:
    server = make_server().start()
    yield server
    server.stop()


@pytest.mark.django_db
def test_files_are_stored_once_in_s3_compatible_storage_and_read_back(
    fake_s3: S3FakeServer, settings: Any
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "motcua-test",
                "endpoint_url": fake_s3.url,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "querystring_auth": False,
                "file_overwrite": True,
                "addressing_style": "path",
            },
        },
    }
    data = pdf_pages(2)
    at = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    stored = file_store(data=data, name="scan.pdf", at=at, field="file")
    again = file_store(data=data, name="other.pdf", at=at, field="file")
    assert again.pk == stored.pk
    keys = [k for (bucket, k) in fake_s3.objects if bucket == "motcua-test"]
    assert keys == [stored.blob.name]
    assert fake_s3.objects[("motcua-test", str(stored.blob.name))][0] == data
    assert file_read(stored) == data
