"""Issue 7: a citizen pays a fee online through the (fake) gateway and sees it paid; an
officer takes a cash payment at the counter and prints the numbered receipt."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from motcua.core.clock import now
from motcua.core.pdf import pdf_text
from motcua.dossiers.services import dossier_receive
from motcua.dossiers.tests.factories import reception, world
from motcua.payments.models import (
    FeeStage,
    Payment,
    PaymentCallbackLog,
    PaymentStatus,
    Receipt,
)
from motcua.payments.services import LineInput, assessment_create

pytestmark = pytest.mark.browser

PASSWORD = "Mat-khau-thu-phi-2026"  # noqa: S105 - test account


@pytest.fixture
def fee_dossier(transactional_db: Any, settings: Any) -> Any:
    from motcua.catalog.models import FeeBasis, FeeItem

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MOTCUA_OUTBOX_KICK = False
    w = world()
    fee = FeeItem.objects.create(
        version=w.version, name="Lệ phí cấp phiếu", amount=100_000, basis=FeeBasis.PER_DOSSIER
    )
    copy = FeeItem.objects.create(
        version=w.version, name="Phí cấp thêm bản", amount=5_000, basis=FeeBasis.PER_COPY
    )
    w.receiver.set_password(PASSWORD)
    w.receiver.save()
    d = dossier_receive(reception=reception(w), by=w.receiver, at=now())
    assessment_create(
        dossier=d,
        stage=FeeStage.RECEPTION,
        lines=[LineInput(fee_item_id=fee.pk), LineInput(fee_item_id=copy.pk, quantity=2)],
        by=w.receiver,
        at=now(),
    )
    return d


def test_a_citizen_pays_online_through_the_gateway_and_sees_the_fee_paid(
    page: Any, fee_dossier: Any, fake_paygate: Any
) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{page.base_url}/thanh-toan/{fee_dossier.code}/?mk={fee_dossier.secret}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(fee_dossier.code)
    expect(page.get_by_role("table")).to_contain_text("110.000 đ")
    page.get_by_role("button", name=re.compile("Thanh toán trực tuyến")).click()

    # The gateway's page: pay.
    expect(page.get_by_role("heading", name="Cổng thanh toán (giả lập)")).to_be_visible()
    expect(page.get_by_text("110.000 đ")).to_be_visible()
    page.get_by_role("button", name="Thanh toán", exact=True).click()

    # Back on our return page: paid (by the signed callback, or the status query).
    expect(page.get_by_role("status")).to_contain_text("Đã thanh toán")
    expect(page.get_by_role("status")).to_contain_text("110.000 đ")
    page.get_by_role("link", name="Xem phí, lệ phí của hồ sơ").click()
    expect(page.get_by_text("Đã thanh toán", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Thanh toán trực tuyến"))).to_have_count(0)

    p = Payment.objects.get(assessment__dossier=fee_dossier)
    assert p.status == PaymentStatus.PAID
    assert p.channel == "online"
    assert Receipt.objects.filter(payment=p).exists()
    # The gateway's signed callback reached the API over HTTP and was accepted.
    assert PaymentCallbackLog.objects.filter(payment=p, outcome="accepted").count() == 1


def test_an_officer_takes_a_cash_payment_and_prints_the_receipt(
    page: Any, fee_dossier: Any
) -> None:
    page.goto(f"{page.base_url}/accounts/login/?next=/staff/payments/dossier/{fee_dossier.code}/")
    page.get_by_label("Tên đăng nhập hoặc e-mail").fill("tiepnhan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(fee_dossier.code)
    page.get_by_label("Tiền mặt tại quầy").check()
    page.get_by_role("button", name="Thu tiền và lập biên lai").click()
    year = now().year
    expect(page.locator(".messages")).to_contain_text(f"BLMC/{year} số 0000001")

    link = page.get_by_role("link", name="In biên lai")
    href = link.get_attribute("href")
    response = page.request.get(page.base_url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    assert "0000001" in text
    assert "110.000 đ" in text
    assert fee_dossier.code in text
