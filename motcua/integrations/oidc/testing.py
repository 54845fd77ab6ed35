"""pytest plugin (registered in the root conftest.py): the `fake_oidc` fixture.

    def test_login(client, fake_oidc):
        fake_oidc.set_user({"sub": "x-1", "name": "…", "citizen_id": "…"})
        ...

One fake provider runs per test session on a free port; each test gets the demo user back
and settings.MOTCUA_OIDC_ISSUER / CLIENT_ID / CLIENT_SECRET pointing at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from motcua.integrations.oidc import client
from motcua.integrations.oidc.fake import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_USER,
    OidcFakeServer,
)


@pytest.fixture(scope="session")
def _fake_oidc_server() -> Iterator[OidcFakeServer]:
    server = OidcFakeServer("127.0.0.1", 0).start()
    yield server
    server.stop()


@pytest.fixture
def fake_oidc(_fake_oidc_server: OidcFakeServer, settings: Any) -> OidcFakeServer:
    _fake_oidc_server.set_user(DEMO_USER)
    settings.MOTCUA_OIDC_ISSUER = _fake_oidc_server.issuer
    settings.MOTCUA_OIDC_CLIENT_ID = DEMO_CLIENT_ID
    settings.MOTCUA_OIDC_CLIENT_SECRET = DEMO_CLIENT_SECRET
    client._discovery_cache.clear()
    return _fake_oidc_server
