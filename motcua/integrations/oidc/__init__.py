"""OpenID Connect login (the national eID in production): client configuration and the
authorization-code flow with PKCE (client.py), and a fake provider for tests and the demo
(fake.py). Disabled unless MOTCUA_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET are all set."""

from __future__ import annotations

from django.conf import settings


def enabled() -> bool:
    return bool(
        getattr(settings, "MOTCUA_OIDC_ISSUER", "")
        and getattr(settings, "MOTCUA_OIDC_CLIENT_ID", "")
        and getattr(settings, "MOTCUA_OIDC_CLIENT_SECRET", "")
    )
