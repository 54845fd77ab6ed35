"""The API's JSON: UTF-8 text, RFC 3339 times, and ninja's encoder for what orjson lacks."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.utils.translation import gettext_lazy

from motcua.api import JSONRenderer
from motcua.core.clock import VN_TZ
from motcua.dossiers.workflow import Status


def test_times_text_and_the_types_orjson_lacks_come_out_as_before() -> None:
    data = {
        "text": "Hồ sơ đã được tiếp nhận",
        "due_at": dt.datetime(2026, 3, 9, 2, 0, tzinfo=dt.UTC),
        "received_at": dt.datetime(2026, 3, 2, 2, 15, 48, 921381, tzinfo=dt.UTC),
        "local": dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ),
        "day": dt.date(2026, 3, 2),
        "fee": Decimal("50000.00"),
        "label": gettext_lazy("Tiếp nhận"),
        "status": Status.RECEIVED,
        3: "a number as a key",
    }

    out = JSONRenderer().render(None, data, response_status=200)  # type: ignore[arg-type]

    assert "Hồ sơ đã được tiếp nhận".encode() in out  # not \\u escapes
    assert json.loads(out) == {
        "text": "Hồ sơ đã được tiếp nhận",
        "due_at": "2026-03-09T02:00:00Z",
        "received_at": "2026-03-02T02:15:48.921381Z",
        "local": "2026-03-02T09:00:00+07:00",
        "day": "2026-03-02",
        "fee": "50000.00",
        "label": "Tiếp nhận",
        "status": "received",
        "3": "a number as a key",
    }


def test_anything_neither_knows_is_an_error_not_a_silent_string() -> None:
    with pytest.raises(TypeError):
        JSONRenderer().render(None, {"x": object()}, response_status=200)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_an_error_answer_is_utf8_json(client: Client) -> None:
    response = client.get("/api/v1/procedures", {"page": "0"})

    assert response.status_code == 422
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Giá trị quá nhỏ".encode() in response.content
    assert response.json()["errors"][0]["field"] == "page"
