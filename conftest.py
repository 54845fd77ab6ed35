"""Shared pytest fixtures: browser (Playwright on Debian's Chromium) and API clients."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from typing import Any

import pytest

# Fixtures of the fake outside systems (fake_sms, ...).
pytest_plugins = [
    "motcua.integrations.sms.testing",
    "motcua.integrations.oidc.testing",
    "motcua.integrations.paygate.testing",
]

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by
# the test itself (arranging data) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    """Tests render pages without running collectstatic: use the plain static storage
    (production uses the hashed, compressed manifest storage)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/system-deps.sh")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


# Reference data that data migrations seed. A live-server (transactional) test flushes every
# table when it ends, so the next one would start without it: each browser test seeds it again
# (the seed functions are idempotent update_or_create loops).
REFERENCE_DATA_SEEDS = [
    ("motcua.worktime.migrations.0002_announced_2025_2026", "seed"),
    ("motcua.documents.migrations.0002_document_types", "forward"),
    ("motcua.documents.migrations.0003_document_type_result_of", "forward"),
    ("motcua.evaluation.migrations.0002_seed_criteria", "seed"),
    ("motcua.evaluation.migrations.0004_seed_index_indicators", "seed"),
    ("motcua.evaluation.migrations.0005_feedback_indicator", "seed"),
    ("motcua.notifications.migrations.0002_seed_templates", "seed"),
    ("motcua.feedback.migrations.0002_seed_rules_and_templates", "seed"),
]


def reseed_reference_data() -> None:
    from django.apps import apps

    for module, function in REFERENCE_DATA_SEEDS:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    reseed_reference_data()
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True
    )
    context.set_default_timeout(15_000)
    # Assertions wait as long as actions: on a busy 2-core CI machine an htmx round trip
    # can take longer than Playwright's default 5 s.
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    pg = context.new_page()
    pg.base_url = live_server.url  # type: ignore[attr-defined]
    yield pg
    context.close()
