"""The HTTP SMS client against the fake gateway, over real HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from motcua.integrations.sms import HttpSmsGateway, SmsError, get_sms_gateway
from motcua.integrations.sms.fake import SmsFakeServer


def test_a_message_sent_through_the_configured_gateway_is_listed_by_the_fake(fake_sms):
    message_id = get_sms_gateway().send(
        to="0912345678", text="Ma xac nhan: 123456", idempotency_key="k-1"
    )

    sent = fake_sms.messages("0912345678")
    assert [m["id"] for m in sent] == [message_id]
    assert sent[0]["text"] == "Ma xac nhan: 123456"
    assert fake_sms.last_code("0912345678") == "123456"
    assert fake_sms.messages("0999999999") == []


def test_sending_twice_with_the_same_key_sends_one_sms_with_one_id(fake_sms):
    gateway = get_sms_gateway()

    first = gateway.send(to="0912345678", text="A", idempotency_key="same")
    second = gateway.send(to="0912345678", text="A", idempotency_key="same")

    assert first == second
    assert len(fake_sms.messages()) == 1


def test_a_5xx_raises_sms_error_with_the_status_and_the_client_does_not_retry(fake_sms):
    fake_sms.fail_next(1, status=503)
    gateway = get_sms_gateway()

    with pytest.raises(SmsError) as caught:
        gateway.send(to="0912345678", text="A", idempotency_key="k-503")

    assert caught.value.status == 503
    assert caught.value.retryable
    assert fake_sms.attempts == 1  # one call, no retry inside the client
    assert fake_sms.messages() == []
    # The next call (the outbox's retry) goes through.
    gateway.send(to="0912345678", text="A", idempotency_key="k-503")
    assert len(fake_sms.messages()) == 1


def test_a_wrong_api_key_is_refused_with_401_which_is_not_retryable(fake_sms, settings):
    settings.MOTCUA_SMS_API_KEY = "wrong"

    with pytest.raises(SmsError) as caught:
        get_sms_gateway().send(to="0912345678", text="A", idempotency_key="k")

    assert caught.value.status == 401
    assert not caught.value.retryable
    assert fake_sms.messages() == []


def test_an_unreachable_gateway_raises_sms_error_without_a_status():
    server = SmsFakeServer("127.0.0.1", 0)
    url = server.url
    server.server_close()  # bound once, now nobody listens there

    with pytest.raises(SmsError) as caught:
        HttpSmsGateway(url, "demo-sms-key", timeout=2).send(
            to="0912345678", text="A", idempotency_key="k"
        )

    assert caught.value.status is None
    assert caught.value.retryable


def test_the_fake_refuses_a_message_without_a_recipient(fake_sms):
    request = urllib.request.Request(  # noqa: S310 - the fake on 127.0.0.1
        fake_sms.url + "/messages",
        data=json.dumps({"text": "A", "key": "k"}).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {fake_sms.api_key}"},
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)  # noqa: S310
    assert caught.value.code == 422


def test_the_fake_lists_messages_on_an_html_page_for_the_demo(fake_sms):
    get_sms_gateway().send(to="0912345678", text="Ma xac nhan: 654321", idempotency_key="k")

    with urllib.request.urlopen(fake_sms.url + "/", timeout=5) as response:  # noqa: S310
        page = response.read().decode()

    assert "0912345678" in page
    assert "654321" in page


def test_the_client_refuses_a_url_that_is_not_http():
    with pytest.raises(ValueError, match="http"):
        HttpSmsGateway("file:///etc/passwd", "k")


def test_one_kept_alive_connection_carries_the_messages_and_a_restarted_gateway_is_reached():
    server = SmsFakeServer("127.0.0.1", 0).start()
    host, port = server.server_address[:2]
    gateway = HttpSmsGateway(server.url, "demo-sms-key", timeout=5)
    try:
        gateway.send(to="0912345678", text="A", idempotency_key="k-1")
        first = gateway._connection(fresh=False).sock
        gateway.send(to="0912345678", text="B", idempotency_key="k-2")
        assert first is not None
        assert gateway._connection(fresh=False).sock is first  # the same socket: no reconnect
        assert [m.text for m in server.store.list()] == ["A", "B"]
    finally:
        server.stop()

    # The gateway restarts on the same port: the kept connection is dead; the next message
    # goes through on a new one.
    again = SmsFakeServer(str(host), int(port)).start()
    try:
        gateway.send(to="0912345678", text="C", idempotency_key="k-3")
        assert [m.text for m in again.store.list()] == ["C"]
    finally:
        again.stop()
